"""The role table of the mentoring, onboarding, shadowing, calendar and notification API.

Every operation × every role, with the expected answer. The owner is the mentee, the new
starter and the observer; the peer is their mentor, buddy and host; the manager manages both;
the admin runs programmes; the outsider has nothing to do with any of it. 401 without valid
credentials, 404 for what the caller may not see, 403 for what they see but may not change
(tests/role_table.py); tests/test_route_coverage.py fails on an operation without a row.
"""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from conftest import Org
from peerlearn.mentoring.tests.subjects import mentoring_subject
from peerlearn.notifications.tests.subjects import notification_subject
from peerlearn.onboarding.tests.subjects import onboarding_subject
from peerlearn.people.tests.factories import make_person
from peerlearn.shadowing.tests.subjects import shadowing_subject
from tests.role_table import ApiRow, ApiTable, provides

pytestmark = pytest.mark.django_db

EVERYONE = (401, 401, 200, 200, 200, 200, 200)
EVERYONE_CREATES = (401, 401, 201, 201, 201, 201, 201)
PAIR_READS_OVERVIEW_TOO = (401, 401, 200, 200, 404, 200, 200)
PAIR_ONLY_READ = (401, 401, 200, 200, 404, 404, 404)
PAIR_WRITES = (401, 401, 200, 200, 404, 403, 403)
PAIR_CREATES = (401, 401, 201, 201, 404, 403, 403)
ASKED_ANSWERS = (401, 401, 403, 200, 404, 403, 403)  # the peer was asked
ASKER_ONLY = (401, 401, 200, 403, 404, 403, 403)
ADMIN_ONLY = (401, 401, 403, 403, 403, 403, 200)
ADMIN_CREATES = (401, 401, 403, 403, 403, 403, 201)
MANAGER_ONLY = (401, 401, 403, 403, 403, 200, 403)
AUTHOR_ONLY_DELETE = (401, 401, 204, 404, 404, 404, 404)
OWN_NOTIFICATION = (401, 401, 200, 404, 404, 404, 404)
MANAGERS_CHANGE = (401, 401, 403, 403, 404, 200, 200)
BUDDY_MANAGER_ADMIN_ADD = (401, 401, 403, 201, 404, 201, 201)
MANAGERS_START = (401, 401, 403, 403, 403, 201, 201)
HOST_OWNER = (401, 401, 200, 403, 404, 403, 403)  # the owner hosts the booked session
FEED = {"GET": EVERYONE, "POST": EVERYONE_CREATES, "DELETE": (401, 401, 204, 204, 204, 204, 204)}

NEXT_MONTH = (timezone.now() + dt.timedelta(days=40)).replace(microsecond=0).isoformat()

ROWS: dict[tuple[str, str], tuple[dict[str, Any] | None, tuple[int, ...]]] = {
    # notifications: only ever your own
    ("GET", "/notifications"): (None, EVERYONE),
    ("GET", "/notifications/unread-count"): (None, EVERYONE),
    ("POST", "/notifications/{notification_id}/read"): (None, OWN_NOTIFICATION),
    ("POST", "/notifications/read-all"): (None, EVERYONE),
    # mentoring
    ("GET", "/mentorships"): (None, EVERYONE),
    ("POST", "/mentorships"): ({"person_id": "{newcomer_id}"}, EVERYONE_CREATES),
    ("GET", "/mentorships/{mentorship_id}"): (None, PAIR_READS_OVERVIEW_TOO),
    ("POST", "/mentorships/{requested_id}/accept"): ({}, ASKED_ANSWERS),
    ("POST", "/mentorships/{requested_id}/decline"): ({}, ASKED_ANSWERS),
    ("POST", "/mentorships/{requested_id}/withdraw"): (None, ASKER_ONLY),
    ("PUT", "/mentorships/{mentorship_id}/agreement"): (
        {"cadence": "weekly", "channel": "chat", "duration_months": 3},
        PAIR_WRITES,
    ),
    ("POST", "/mentorships/{mentorship_id}/close"): (None, PAIR_WRITES),
    ("POST", "/mentorships/{closed_id}/feedback"): ({"helpfulness": 5}, PAIR_CREATES),
    ("GET", "/mentorships/{mentorship_id}/goals"): (None, PAIR_ONLY_READ),
    ("POST", "/mentorships/{mentorship_id}/goals"): (
        {"title": "Index tuning", "skill": "sql", "target_level": 3},
        PAIR_CREATES,
    ),
    ("PATCH", "/mentorships/{mentorship_id}/goals/{link_id}"): (
        {"status": "achieved"},
        PAIR_WRITES,
    ),
    ("GET", "/mentorships/{mentorship_id}/check-ins"): (None, PAIR_READS_OVERVIEW_TOO),
    ("POST", "/mentorships/{mentorship_id}/check-ins"): (
        {"starts_at": NEXT_MONTH, "duration_minutes": 45},
        PAIR_CREATES,
    ),
    ("GET", "/check-ins/{check_in_id}"): (None, PAIR_READS_OVERVIEW_TOO),
    ("PATCH", "/check-ins/{check_in_id}"): ({"agenda": "New agenda"}, PAIR_WRITES),
    ("POST", "/check-ins/{check_in_id}/cancel"): (None, PAIR_WRITES),
    ("POST", "/check-ins/{held_id}/record"): ({"progress_rating": 4}, PAIR_WRITES),
    ("GET", "/check-ins/{check_in_id}/invite.ics"): (None, PAIR_ONLY_READ),
    ("GET", "/check-ins/{check_in_id}/notes"): (None, PAIR_ONLY_READ),
    ("POST", "/check-ins/{check_in_id}/notes"): (
        {"visibility": "private", "body": "Mine"},
        PAIR_CREATES,
    ),
    ("DELETE", "/notes/{note_id}"): (None, AUTHOR_ONLY_DELETE),
    ("GET", "/mentoring/programme"): (None, ADMIN_ONLY),
    ("GET", "/mentoring/programme/pairs"): (None, ADMIN_ONLY),
    ("GET", "/mentoring/team"): (None, MANAGER_ONLY),
    ("GET", "/mentoring/team/pairs"): (None, MANAGER_ONLY),
    # onboarding: the owner is the new starter, the peer their buddy
    ("GET", "/onboardings"): (None, EVERYONE),
    ("POST", "/onboardings"): ({"person_id": "{newcomer_id}"}, MANAGERS_START),
    ("GET", "/onboardings/{onboarding_id}"): (None, PAIR_READS_OVERVIEW_TOO),
    ("PUT", "/onboardings/{onboarding_id}/buddy"): ({"buddy_id": "{spare_id}"}, MANAGERS_CHANGE),
    ("GET", "/onboardings/{onboarding_id}/items"): (None, PAIR_READS_OVERVIEW_TOO),
    ("POST", "/onboardings/{onboarding_id}/items"): (
        {"category": "people", "title": "Meet support", "due_date": "{due_date}"},
        BUDDY_MANAGER_ADMIN_ADD,
    ),
    ("PATCH", "/onboardings/{onboarding_id}/items/{item_id}"): ({"done": True}, PAIR_WRITES),
    ("GET", "/onboardings/{onboarding_id}/milestones"): (None, PAIR_READS_OVERVIEW_TOO),
    ("POST", "/onboardings/{onboarding_id}/milestones/{day1_id}/record"): ({}, PAIR_WRITES),
    ("PATCH", "/onboardings/{onboarding_id}/milestones/{day90_id}"): (
        {"starts_at": NEXT_MONTH},
        PAIR_WRITES,
    ),
    ("GET", "/onboarding-plans"): (None, ADMIN_ONLY),
    ("POST", "/onboarding-plans"): ({"name": "Sales"}, ADMIN_CREATES),
    ("GET", "/onboarding-plans/{template_id}/items"): (None, ADMIN_ONLY),
    ("POST", "/onboarding-plans/{template_id}/items"): (
        {"category": "tools", "title": "CRM access"},
        ADMIN_CREATES,
    ),
    ("DELETE", "/onboarding-plans/{template_id}/items/{template_item_id}"): (
        None,
        (401, 401, 403, 403, 403, 403, 204),
    ),
    ("GET", "/buddy-pool/me"): (None, EVERYONE),
    ("PUT", "/buddy-pool/me"): ({"is_available": True, "max_new_starters": 2}, EVERYONE),
    # shadowing: the owner observes the peer
    ("GET", "/shadowing"): (None, EVERYONE),
    ("POST", "/shadowing"): (
        {"host_id": "{newcomer_id}", "what_to_observe": "Deploys", "why": "Curious"},
        EVERYONE_CREATES,
    ),
    ("GET", "/shadowing/{shadow_requested_id}"): (None, PAIR_READS_OVERVIEW_TOO),
    ("POST", "/shadowing/{shadow_requested_id}/accept"): ({"starts_at": NEXT_MONTH}, ASKED_ANSWERS),
    ("POST", "/shadowing/{shadow_requested_id}/decline"): ({}, ASKED_ANSWERS),
    ("POST", "/shadowing/{shadow_requested_id}/withdraw"): (None, ASKER_ONLY),
    ("POST", "/shadowing/{shadow_booked_id}/cancel"): (None, PAIR_WRITES),
    ("POST", "/shadowing/{shadow_booked_id}/reschedule"): ({"starts_at": NEXT_MONTH}, HOST_OWNER),
    ("POST", "/shadowing/{shadow_booked_id}/complete"): (None, PAIR_WRITES),
    ("GET", "/shadowing/{shadow_booked_id}/plan"): (None, PAIR_ONLY_READ),
    ("POST", "/shadowing/{shadow_booked_id}/plan"): ({"text": "Standup"}, PAIR_CREATES),
    ("PATCH", "/shadowing/{shadow_booked_id}/plan/{plan_item_id}"): (
        {"observed": True},
        PAIR_WRITES,
    ),
    ("GET", "/shadowing/{shadow_done_id}/debriefs"): (None, PAIR_ONLY_READ),
    ("POST", "/shadowing/{shadow_done_id}/debriefs"): ({"learned": "A lot"}, PAIR_CREATES),
    ("GET", "/shadowing/{shadow_booked_id}/invite.ics"): (None, PAIR_ONLY_READ),
    ("GET", "/shadowing-hosting/me"): (None, EVERYONE),
    ("PUT", "/shadowing-hosting/me"): ({"monthly_capacity": 3}, EVERYONE),
    # the private calendar feed
    ("GET", "/calendar-feed"): (None, FEED["GET"]),
    ("POST", "/calendar-feed"): (None, FEED["POST"]),
    ("DELETE", "/calendar-feed"): (None, FEED["DELETE"]),
}


@provides("newcomer_id")
def newcomer(org: Org) -> dict[str, str]:
    return {"newcomer_id": str(make_person("Nia Newcomer", manager=org.manager).id)}


TABLE = ApiTable(
    rows={key: ApiRow(body, statuses) for key, (body, statuses) in ROWS.items()},
    builders=[
        mentoring_subject,
        onboarding_subject,
        shadowing_subject,
        notification_subject,
        newcomer,
    ],
)


@pytest.mark.parametrize(("operation", "role"), TABLE.cases())
def test_role_table(org: Org, operation: tuple[str, str], role: str) -> None:
    TABLE.check(org, operation, role)
