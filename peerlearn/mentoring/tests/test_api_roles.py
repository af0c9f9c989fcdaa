"""The role table of the mentoring, onboarding, shadowing, calendar and notification API.

Every operation × every role, with the expected answer. The owner is the mentee, the new
starter and the observer; the peer is their mentor, buddy and host; the manager manages both;
the admin runs programmes; the outsider has nothing to do with any of it. 401 without valid
credentials, 404 for what the caller may not see, 403 for what they see but may not change.
A test fails when an operation of these routers has no row.
"""

import datetime as dt
import json
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from config.api import api
from conftest import Org
from peerlearn.mentoring import services as mentoring
from peerlearn.mentoring.tests.factories import held_check_in, make_mentorship, schedule
from peerlearn.notifications.services import notification_create
from peerlearn.onboarding import services as onboarding
from peerlearn.people.services import person_deactivate
from peerlearn.people.tests.api_helpers import API, bearer
from peerlearn.people.tests.factories import make_person
from peerlearn.shadowing import services as shadowing

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "left", "owner", "peer", "outsider", "manager", "admin")
OWN_ROUTERS = (
    "peerlearn_mentoring_api",
    "peerlearn_onboarding_api",
    "peerlearn_shadowing_api",
    "peerlearn_calendars_api",
    "peerlearn_notifications_api",
)

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

TABLE: dict[tuple[str, str], tuple[dict[str, Any] | None, tuple[int, ...]]] = {
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

# Placeholders that name one state of the same kind of object.
SAME_PARAMETER = {
    "{requested_id}": "{mentorship_id}",
    "{closed_id}": "{mentorship_id}",
    "{held_id}": "{check_in_id}",
    "{day1_id}": "{milestone_id}",
    "{day90_id}": "{milestone_id}",
    "{template_item_id}": "{item_id}",
    "{shadow_requested_id}": "{request_id}",
    "{shadow_booked_id}": "{request_id}",
    "{shadow_done_id}": "{request_id}",
    "{plan_item_id}": "{item_id}",
}


def own_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (method.upper(), path.removeprefix(API))
        for path, item in schema["paths"].items()
        for method, spec in item.items()
        if spec.get("operationId", "").startswith(OWN_ROUTERS)
    }


def normalised(path: str) -> str:
    for placeholder, name in SAME_PARAMETER.items():
        path = path.replace(placeholder, name)
    return path


def test_every_operation_has_a_row() -> None:
    assert own_operations() == {(method, normalised(path)) for method, path in TABLE}


def build_mentoring(org: Org) -> dict[str, str]:
    closed = make_mentorship(mentor=org.peer, mentee=org.owner)
    mentoring.mentorship_close(mentorship=closed, by=org.peer)
    pair = make_mentorship(mentor=org.peer, mentee=org.owner)
    link = mentoring.mentorship_goal_add(
        mentorship=pair, added_by=org.owner, title="Joins", skill=org.sql, target_level=2
    )
    check_in = schedule(pair, hours=72, agenda="Agenda")
    note = mentoring.check_in_note_add(
        check_in=check_in, author=org.owner, visibility="private", body="Mine only"
    )
    held = held_check_in(pair)
    # The owner offers to mentor the peer: the owner asked, the peer answers.
    requested = mentoring.mentorship_request(
        mentor=org.owner, mentee=org.peer, requested_by=org.owner
    )
    return {
        "mentorship_id": str(pair.id),
        "requested_id": str(requested.id),
        "closed_id": str(closed.id),
        "link_id": str(link.id),
        "check_in_id": str(check_in.id),
        "held_id": str(held.id),
        "note_id": str(note.id),
    }


def build_onboarding(org: Org) -> dict[str, str]:
    plan = onboarding.onboarding_template_create(name="Everyone")
    template_item = onboarding.onboarding_template_item_add(
        template=plan, category="tools", title="Laptop", due_day=1
    )
    onboarding.buddy_volunteer_set(person=org.peer, is_available=True)
    with time_machine.travel(timezone.now() - dt.timedelta(days=3)):
        welcome = onboarding.onboarding_start_for(
            person=org.owner, start_date=timezone.localdate(), buddy=org.peer
        )
    return {
        "spare_id": str(make_person("Sam Spare").id),
        "onboarding_id": str(welcome.id),
        "item_id": str(welcome.items.get().id),
        "day1_id": str(welcome.milestones.get(day=1).id),
        "day90_id": str(welcome.milestones.get(day=90).id),
        "due_date": (welcome.start_date + dt.timedelta(days=10)).isoformat(),
        "template_id": str(plan.id),
        "template_item_id": str(template_item.id),
    }


def build_shadowing(org: Org) -> dict[str, str]:
    done = shadowing.shadowing_request(
        observer=org.owner, host=org.peer, what_to_observe="Ops", why="Learn"
    )
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        shadowing.shadowing_accept(
            request=done, by=org.peer, starts_at=timezone.now() + dt.timedelta(hours=2)
        )
    shadowing.shadowing_complete(request=done, by=org.owner)
    asked = shadowing.shadowing_request(
        observer=org.owner, host=org.peer, what_to_observe="Planning", why="Learn"
    )
    # The other way round: the peer observes the owner, who hosts.
    booked = shadowing.shadowing_request(
        observer=org.peer, host=org.owner, what_to_observe="Calls", why="Learn"
    )
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        shadowing.shadowing_accept(
            request=booked, by=org.owner, starts_at=timezone.now() + dt.timedelta(days=1)
        )
    plan_item = shadowing.observation_item_add(request=booked, by=org.owner, text="Standup")
    return {
        "shadow_requested_id": str(asked.id),
        "shadow_booked_id": str(booked.id),
        "shadow_done_id": str(done.id),
        "plan_item_id": str(plan_item.id),
    }


def build_people(org: Org) -> dict[str, str]:
    return {"newcomer_id": str(make_person("Nia Newcomer", manager=org.manager).id)}


def build_notification(org: Org) -> dict[str, str]:
    notification = notification_create(recipient=org.owner, kind="test", message="Hi")
    return {"notification_id": str(notification.id)}


BUILDERS = {
    build_mentoring: {
        "mentorship_id", "requested_id", "closed_id", "link_id", "check_in_id", "held_id",
        "note_id",
    },
    build_onboarding: {
        "spare_id", "onboarding_id", "item_id", "day1_id", "day90_id", "due_date",
        "template_id", "template_item_id",
    },
    build_shadowing: {"shadow_requested_id", "shadow_booked_id", "shadow_done_id", "plan_item_id"},
    build_people: {"newcomer_id"},
    build_notification: {"notification_id"},
}  # fmt: skip
PLACEHOLDER = re.compile(r"{(\w+)}")


def subject_for(org: Org, path: str, body: Any) -> dict[str, str]:
    """Only the objects a row names are made (a full subject for every row would be slow)."""
    wanted = set(PLACEHOLDER.findall(path + json.dumps(body)))
    made: dict[str, str] = {}
    for build, keys in BUILDERS.items():
        if wanted & keys:
            made.update(build(org))
    assert wanted <= set(made), wanted - set(made)
    return made


def test_every_builder_makes_what_it_promises(org: Org) -> None:
    for build, keys in BUILDERS.items():
        assert set(build(org)) == keys


def credentials(org: Org, role: str) -> dict[str, Any]:
    if role == "anonymous":
        return {}
    if role == "left":
        person = make_person("Lou Leaver")
        headers = bearer(person)
        person_deactivate(person=person)
        return headers
    return bearer(getattr(org, role))


def filled(value: Any, subject: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**subject) if "{" in value else value
    if isinstance(value, dict):
        return {key: filled(item, subject) for key, item in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), list(TABLE), ids=lambda v: str(v))
def test_role_table(org: Org, method: str, path: str, role: str) -> None:
    body, statuses = TABLE[(method, path)]
    expected = statuses[ROLES.index(role)]
    subject = subject_for(org, path, body)
    response = Client().generic(
        method,
        API + path.format(**subject),
        json.dumps(filled(body, subject)) if body is not None else "",
        content_type="application/json",
        **credentials(org, role),
    )
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
