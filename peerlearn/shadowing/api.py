"""Role shadowing under /api/v1/: requests, booking within the host's capacity, plans, debriefs.

404 for what the caller may not see; 403 for what they see but may not change; 422 for a
change the rules refuse (a past slot, a fully booked month, a declined request).
"""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from peerlearn.calendars.ical import ics_calendar
from peerlearn.core.api import (
    ERROR_RESPONSES,
    ICALENDAR_RESPONSE,
    Pagination,
    api_actor,
    api_employee,
    forbid_unless,
)
from peerlearn.core.permissions import Actor, require
from peerlearn.people.models import Person, Skill
from peerlearn.people.selectors import skill_resolve
from peerlearn.shadowing import permissions, selectors, services
from peerlearn.shadowing.calendar_events import session_event
from peerlearn.shadowing.models import Debrief, ObservationItem, ShadowingRequest
from peerlearn.shadowing.permissions import ShadowingAccess

router = Router(tags=["shadowing"])


class PersonRef(Schema):
    id: uuid.UUID
    full_name: str


class ShadowingOut(Schema):
    """For an overview (a manager, a programme admin) the content fields are null."""

    id: uuid.UUID
    access: str
    observer: PersonRef
    host: PersonRef
    status: str
    created_at: dt.datetime
    starts_at: dt.datetime | None
    duration_minutes: int
    completed_at: dt.datetime | None
    sequence: int
    what_to_observe: str | None = None
    why: str | None = None
    location: str | None = None
    host_message: str | None = None


class ShadowingIn(Schema):
    host_id: uuid.UUID
    what_to_observe: str = Field(..., min_length=1, max_length=2000)
    why: str = Field(..., min_length=1, max_length=2000)
    skills: list[str] = Field(default_factory=list, description="Skill ids, slugs or names.")


class AcceptIn(Schema):
    starts_at: dt.datetime = Field(..., description="ISO 8601 with a time zone offset.")
    duration_minutes: int = Field(120, ge=30, le=480)
    location: str = Field("", max_length=200)
    message: str = Field("", max_length=2000)


class DeclineIn(Schema):
    message: str = Field("", max_length=2000)


class RescheduleIn(Schema):
    starts_at: dt.datetime
    duration_minutes: int = Field(120, ge=30, le=480)


class PlanItemOut(Schema):
    id: uuid.UUID
    text: str
    observed: bool


class PlanItemIn(Schema):
    text: str = Field(..., min_length=1, max_length=300)


class PlanItemPatchIn(Schema):
    observed: bool


class DebriefOut(Schema):
    id: uuid.UUID
    author: PersonRef
    learned: str
    try_next: str
    created_at: dt.datetime


class DebriefIn(Schema):
    learned: str = Field(..., min_length=1, max_length=4000)
    try_next: str = Field("", max_length=4000)


class HostSettingsOut(Schema):
    monthly_capacity: int
    what_you_can_observe: str
    booked_this_month: int


class HostSettingsIn(Schema):
    monthly_capacity: int = Field(..., ge=0, le=20)
    what_you_can_observe: str = Field("", max_length=2000)


def _ref(person: Person) -> dict[str, Any]:
    return {"id": person.id, "full_name": person.full_name}


def shadowing_out(request: ShadowingRequest, access: ShadowingAccess) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": request.id,
        "access": "participant" if access == ShadowingAccess.PARTICIPANT else "overview",
        "observer": _ref(request.observer),
        "host": _ref(request.host),
        "status": request.status,
        "created_at": request.created_at,
        "starts_at": request.starts_at,
        "duration_minutes": request.duration_minutes,
        "completed_at": request.completed_at,
        "sequence": request.sequence,
    }
    if access == ShadowingAccess.PARTICIPANT:
        body.update(
            what_to_observe=request.what_to_observe,
            why=request.why,
            location=request.location,
            host_message=request.host_message,
        )
    return body


class ParticipantPages(Pagination):
    def present(self, items: list[Any], request: HttpRequest) -> list[dict[str, Any]]:
        return [shadowing_out(s, ShadowingAccess.PARTICIPANT) for s in items]


def _shadowing(actor: Actor, request_id: uuid.UUID) -> tuple[ShadowingRequest, ShadowingAccess]:
    found = selectors.shadowing_for(actor=actor, request_id=request_id)
    require(found is not None)
    assert found is not None
    return found


def _as_participant(
    request: HttpRequest, request_id: uuid.UUID
) -> tuple[Actor, Person, ShadowingRequest]:
    actor = api_actor(request)
    shadowing, access = _shadowing(actor, request_id)
    forbid_unless(access == ShadowingAccess.PARTICIPANT, "Only the observer and the host do this.")
    assert actor.person is not None
    return actor, actor.person, shadowing


def _readable(request: HttpRequest, request_id: uuid.UUID) -> tuple[Person, ShadowingRequest]:
    """The plan, debriefs and invite are the pair's: anyone else reads them as missing."""
    actor = api_actor(request)
    shadowing, access = _shadowing(actor, request_id)
    require(access == ShadowingAccess.PARTICIPANT)
    assert actor.person is not None
    return actor.person, shadowing


def _skill(reference: str) -> Skill:
    skill: Skill | None
    try:
        skill = Skill.objects.filter(pk=uuid.UUID(reference)).first()
    except ValueError:
        skill = skill_resolve(name=reference)
    if skill is None:
        raise ValidationError({"skills": f"There is no skill “{reference.strip()}”."})
    return skill


@router.get("/shadowing", response={200: list[ShadowingOut], **ERROR_RESPONSES})
@paginate(ParticipantPages)
def list_my_shadowing(request: HttpRequest, status: str = "") -> QuerySet[ShadowingRequest]:
    """Your shadowing, as observer or host."""
    _, person = api_employee(request)
    return selectors.shadowing_of(person=person, status=status)


@router.post("/shadowing", response={201: ShadowingOut, **ERROR_RESPONSES})
def ask_to_shadow(request: HttpRequest, payload: ShadowingIn) -> Status[Any]:
    _, person = api_employee(request)
    host = Person.objects.filter(pk=payload.host_id, is_active=True).first()
    if host is None:
        raise ValidationError({"host_id": "There is no active colleague with this id."})
    shadowing = services.shadowing_request(
        observer=person,
        host=host,
        what_to_observe=payload.what_to_observe,
        why=payload.why,
        skills=[_skill(ref) for ref in payload.skills],
    )
    return Status(201, shadowing_out(shadowing, ShadowingAccess.PARTICIPANT))


@router.get("/shadowing/{request_id}", response={200: ShadowingOut, **ERROR_RESPONSES})
def get_shadowing(request: HttpRequest, request_id: uuid.UUID) -> dict[str, Any]:
    return shadowing_out(*_shadowing(api_actor(request), request_id))


@router.post("/shadowing/{request_id}/accept", response={200: ShadowingOut, **ERROR_RESPONSES})
def accept(request: HttpRequest, request_id: uuid.UUID, payload: AcceptIn) -> dict[str, Any]:
    actor, person, shadowing = _as_participant(request, request_id)
    forbid_unless(permissions.is_host(actor, shadowing), "Only the host accepts.")
    services.shadowing_accept(
        request=shadowing,
        by=person,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        location=payload.location,
        message=payload.message,
    )
    return shadowing_out(shadowing, ShadowingAccess.PARTICIPANT)


@router.post("/shadowing/{request_id}/decline", response={200: ShadowingOut, **ERROR_RESPONSES})
def decline(request: HttpRequest, request_id: uuid.UUID, payload: DeclineIn) -> dict[str, Any]:
    actor, person, shadowing = _as_participant(request, request_id)
    forbid_unless(permissions.is_host(actor, shadowing), "Only the host declines.")
    services.shadowing_decline(request=shadowing, by=person, message=payload.message)
    return shadowing_out(shadowing, ShadowingAccess.PARTICIPANT)


@router.post("/shadowing/{request_id}/withdraw", response={200: ShadowingOut, **ERROR_RESPONSES})
def withdraw(request: HttpRequest, request_id: uuid.UUID) -> dict[str, Any]:
    actor, person, shadowing = _as_participant(request, request_id)
    forbid_unless(permissions.is_observer(actor, shadowing), "Only the observer withdraws.")
    services.shadowing_withdraw(request=shadowing, by=person)
    return shadowing_out(shadowing, ShadowingAccess.PARTICIPANT)


@router.post("/shadowing/{request_id}/cancel", response={200: ShadowingOut, **ERROR_RESPONSES})
def cancel(request: HttpRequest, request_id: uuid.UUID) -> dict[str, Any]:
    _, person, shadowing = _as_participant(request, request_id)
    services.shadowing_cancel(request=shadowing, by=person)
    return shadowing_out(shadowing, ShadowingAccess.PARTICIPANT)


@router.post("/shadowing/{request_id}/reschedule", response={200: ShadowingOut, **ERROR_RESPONSES})
def reschedule(
    request: HttpRequest, request_id: uuid.UUID, payload: RescheduleIn
) -> dict[str, Any]:
    actor, person, shadowing = _as_participant(request, request_id)
    forbid_unless(permissions.is_host(actor, shadowing), "Only the host moves the session.")
    services.shadowing_reschedule(
        request=shadowing,
        by=person,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
    )
    return shadowing_out(shadowing, ShadowingAccess.PARTICIPANT)


@router.post("/shadowing/{request_id}/complete", response={200: ShadowingOut, **ERROR_RESPONSES})
def complete(request: HttpRequest, request_id: uuid.UUID) -> dict[str, Any]:
    _, person, shadowing = _as_participant(request, request_id)
    services.shadowing_complete(request=shadowing, by=person)
    return shadowing_out(shadowing, ShadowingAccess.PARTICIPANT)


@router.get("/shadowing/{request_id}/plan", response={200: list[PlanItemOut], **ERROR_RESPONSES})
@paginate(Pagination)
def list_plan(request: HttpRequest, request_id: uuid.UUID) -> QuerySet[ObservationItem]:
    _, shadowing = _readable(request, request_id)
    return selectors.plan_of(request=shadowing)


@router.post("/shadowing/{request_id}/plan", response={201: PlanItemOut, **ERROR_RESPONSES})
def add_plan_item(request: HttpRequest, request_id: uuid.UUID, payload: PlanItemIn) -> Status[Any]:
    _, person, shadowing = _as_participant(request, request_id)
    return Status(
        201, services.observation_item_add(request=shadowing, by=person, text=payload.text)
    )


@router.patch(
    "/shadowing/{request_id}/plan/{item_id}", response={200: PlanItemOut, **ERROR_RESPONSES}
)
def tick_plan_item(
    request: HttpRequest, request_id: uuid.UUID, item_id: uuid.UUID, payload: PlanItemPatchIn
) -> ObservationItem:
    _, _, shadowing = _as_participant(request, request_id)
    item = selectors.plan_item_for(request=shadowing, item_id=item_id)
    require(item is not None)
    assert item is not None
    return services.observation_item_set(item=item, observed=payload.observed)


def _debrief_out(debrief: Debrief) -> dict[str, Any]:
    return {
        "id": debrief.id,
        "author": _ref(debrief.author),
        "learned": debrief.learned,
        "try_next": debrief.try_next,
        "created_at": debrief.created_at,
    }


@router.get("/shadowing/{request_id}/debriefs", response={200: list[DebriefOut], **ERROR_RESPONSES})
def list_debriefs(request: HttpRequest, request_id: uuid.UUID) -> list[dict[str, Any]]:
    """At most two: the observer's and the host's."""
    _, shadowing = _readable(request, request_id)
    return [_debrief_out(d) for d in selectors.debriefs_of(request=shadowing)]


@router.post("/shadowing/{request_id}/debriefs", response={201: DebriefOut, **ERROR_RESPONSES})
def write_debrief(request: HttpRequest, request_id: uuid.UUID, payload: DebriefIn) -> Status[Any]:
    _, person, shadowing = _as_participant(request, request_id)
    debrief = services.debrief_write(
        request=shadowing, author=person, learned=payload.learned, try_next=payload.try_next
    )
    return Status(201, _debrief_out(debrief))


@router.get(
    "/shadowing/{request_id}/invite.ics",
    response={200: None, **ERROR_RESPONSES},
    openapi_extra=ICALENDAR_RESPONSE,
)
def invite(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    person, shadowing = _readable(request, request_id)
    require(shadowing.starts_at is not None)
    body = ics_calendar([session_event(shadowing)], name="Shadowing", time_zone=person.time_zone)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@router.get("/shadowing-hosting/me", response={200: HostSettingsOut, **ERROR_RESPONSES})
def my_hosting(request: HttpRequest) -> dict[str, Any]:
    _, person = api_employee(request)
    capacity, observe = selectors.host_settings_of(person=person)
    return {
        "monthly_capacity": capacity,
        "what_you_can_observe": observe,
        "booked_this_month": selectors.booked_this_month(person=person),
    }


@router.put("/shadowing-hosting/me", response={200: HostSettingsOut, **ERROR_RESPONSES})
def set_hosting(request: HttpRequest, payload: HostSettingsIn) -> dict[str, Any]:
    _, person = api_employee(request)
    services.shadowing_host_set(
        person=person,
        monthly_capacity=payload.monthly_capacity,
        what_you_can_observe=payload.what_you_can_observe,
    )
    return my_hosting(request)
