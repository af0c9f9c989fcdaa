"""The role table of the people, accounts and activities API: every operation × every role,
with the expected answer.

The subject is always the owner (their profile, skills, goals, tokens, private activity).
Conventions (tests/role_table.py): 401 without valid credentials; 404 for what the caller may
not see (it answers exactly like a missing object); 403 for what they see but may not change.
tests/test_route_coverage.py fails on an operation without a row.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Org
from peerlearn.accounts.services import token_create
from peerlearn.activities.models import ActivityFormat, ParticipantRole
from peerlearn.activities.services import Participant, activity_record
from peerlearn.people.services import (
    endorsement_create,
    goal_create,
    person_deactivate,
    person_skill_set,
)
from peerlearn.people.tests.factories import make_person
from tests.role_table import ApiRow, ApiTable, provides

pytestmark = pytest.mark.django_db

# Expected status per role, in the order of ROLES. "left" is someone deactivated, calling
# with a token they made before they left.
EVERYONE_READS = (401, 401, 200, 200, 200, 200, 200)
ADMINS_ONLY_CREATE = (401, 401, 403, 403, 403, 403, 201)
ADMINS_ONLY_CHANGE = (401, 401, 403, 403, 403, 403, 200)
OWNER_AND_ADMIN = (401, 401, 200, 403, 403, 403, 200)
PROGRESS_READ = (401, 401, 200, 404, 404, 200, 200)
PROGRESS_WRITE = (401, 401, 200, 404, 404, 403, 403)

# (method, path with placeholders, body) -> statuses for ROLES
ROWS: dict[tuple[str, str], tuple[dict[str, Any] | None, tuple[int, ...]]] = {
    ("GET", "/people"): (None, EVERYONE_READS),
    ("POST", "/people"): ({"email": "new@example.com", "full_name": "New"}, ADMINS_ONLY_CREATE),
    ("GET", "/people/me"): (None, EVERYONE_READS),
    ("GET", "/people/{person_id}"): (None, EVERYONE_READS),
    ("PATCH", "/people/{person_id}"): ({"bio": "Changed"}, OWNER_AND_ADMIN),
    ("POST", "/people/{person_id}/deactivate"): (None, ADMINS_ONLY_CHANGE),
    # The subject of reactivation has left: invisible to employees, so 404 rather than 403.
    ("POST", "/people/{left_id}/reactivate"): (None, (401, 401, 404, 404, 404, 404, 200)),
    ("GET", "/people/{person_id}/skills"): (None, EVERYONE_READS),
    ("PUT", "/people/{person_id}/skills/{skill}"): ({"level": 4}, OWNER_AND_ADMIN),
    ("DELETE", "/people/{person_id}/skills/{skill}"): (None, (401, 401, 204, 403, 403, 403, 204)),
    ("POST", "/people/{person_id}/skills/{skill}/endorsements"): (
        {"note": "Great"},
        (401, 401, 403, 422, 201, 201, 201),  # the peer has endorsed already
    ),
    ("DELETE", "/people/{person_id}/skills/{skill}/endorsements"): (
        None,
        (401, 401, 404, 204, 404, 404, 404),  # only the peer's endorsement exists
    ),
    ("GET", "/people/{person_id}/goals"): (None, PROGRESS_READ),
    ("POST", "/people/{person_id}/goals"): (
        {"title": "Another goal"},
        (401, 401, 201, 404, 404, 403, 403),
    ),
    ("GET", "/goals/{goal_id}"): (None, PROGRESS_READ),
    ("PATCH", "/goals/{goal_id}"): ({"status": "achieved"}, PROGRESS_WRITE),
    ("DELETE", "/goals/{goal_id}"): (None, (401, 401, 204, 404, 404, 403, 403)),
    ("GET", "/skills"): (None, EVERYONE_READS),
    ("POST", "/skills"): ({"name": "Rust"}, ADMINS_ONLY_CREATE),
    ("GET", "/skills/{skill}"): (None, EVERYONE_READS),
    ("GET", "/skills/{skill}/teachers"): (None, EVERYONE_READS),
    ("GET", "/skills/{skill}/learners"): (None, EVERYONE_READS),
    ("POST", "/skills/{skill}/aliases"): ({"name": "Snake"}, ADMINS_ONLY_CREATE),
    ("GET", "/teams"): (None, EVERYONE_READS),
    ("GET", "/teams/{team}"): (None, EVERYONE_READS),
    ("GET", "/teams/{team}/members"): (None, EVERYONE_READS),
    ("GET", "/tokens"): (None, EVERYONE_READS),
    ("POST", "/tokens"): ({"name": "Script"}, (401, 401, 201, 201, 201, 201, 201)),
    ("DELETE", "/tokens/{token_id}"): (None, (401, 401, 204, 404, 404, 404, 404)),
    ("GET", "/activities"): (None, EVERYONE_READS),
    # A private activity of the owner: the manager and admin see that it happened.
    ("GET", "/activities/{activity_id}"): (None, PROGRESS_READ),
}


@provides("person_id", "left_id", "skill", "goal_id", "team", "token_id", "activity_id")
def owner_things(org: Org) -> dict[str, str]:
    """The owner's things, which every row of the table is about."""
    edge = person_skill_set(person=org.owner, skill=org.python, level=3, can_teach=True)
    endorsement_create(endorser=org.peer, person_skill=edge)
    goal = goal_create(person=org.owner, title="Learn SQL")
    token = token_create(user=org.owner.user, name="Owner's script").token
    activity = activity_record(
        format=ActivityFormat.MENTORING,
        action="checkin.held",
        title="Private check-in",
        participants=[Participant(person=org.owner, role=ParticipantRole.MENTEE)],
    )
    left = make_person("Lee Left")
    person_deactivate(person=left)
    return {
        "person_id": str(org.owner.id),
        "left_id": str(left.id),
        "skill": "python",
        "goal_id": str(goal.id),
        "team": "platform",
        "token_id": str(token.id),
        "activity_id": str(activity.id),
    }


TABLE = ApiTable(
    rows={key: ApiRow(body, statuses) for key, (body, statuses) in ROWS.items()},
    builders=[owner_things],
)


@pytest.mark.parametrize(("operation", "role"), TABLE.cases())
def test_role_table(org: Org, operation: tuple[str, str], role: str) -> None:
    TABLE.check(org, operation, role)
