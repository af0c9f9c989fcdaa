"""Onboarding under /api/v1/: onboardings, checklists, milestones, plans and the buddy pool.

404 for what the caller may not see; 403 for what they see but may not change; 422 for a
change the rules refuse, naming the field.
"""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from peerlearn.core.api import ERROR_RESPONSES, Pagination, api_actor, forbid_unless
from peerlearn.core.permissions import Actor, require
from peerlearn.onboarding import permissions, selectors, services
from peerlearn.onboarding.models import (
    ChecklistCategory,
    ChecklistItem,
    Milestone,
    Onboarding,
    OnboardingTemplate,
    TemplateItem,
)
from peerlearn.onboarding.permissions import OnboardingRole
from peerlearn.people.models import JobFamily, Person, Team

router = Router(tags=["onboarding"])
NO_CONTENT: dict[int, Any] = {204: None, **ERROR_RESPONSES}


class PersonRef(Schema):
    id: uuid.UUID
    full_name: str


class OnboardingOut(Schema):
    id: uuid.UUID
    new_starter: PersonRef
    buddy: PersonRef | None
    buddy_reason: str
    template_id: uuid.UUID | None
    start_date: dt.date
    status: str
    items_done: int
    items_total: int


class OnboardingIn(Schema):
    person_id: uuid.UUID
    start_date: dt.date | None = None
    template_id: uuid.UUID | None = None
    buddy_id: uuid.UUID | None = Field(None, description="Leave out to choose from the pool.")


class BuddyIn(Schema):
    buddy_id: uuid.UUID


class ItemOut(Schema):
    id: uuid.UUID
    category: str
    title: str
    description: str
    link_url: str
    due_date: dt.date
    done_at: dt.datetime | None


class ItemIn(Schema):
    category: ChecklistCategory
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=2000)
    link_url: str = Field("", max_length=500)
    due_date: dt.date


class ItemPatchIn(Schema):
    done: bool


class MilestoneOut(Schema):
    """`confidence` and `comment` are the new starter's own answer: null for everyone else."""

    id: uuid.UUID
    day: int
    starts_at: dt.datetime
    duration_minutes: int
    status: str
    held_at: dt.datetime | None
    sequence: int
    confidence: int | None = None
    comment: str | None = None


class MilestoneRecordIn(Schema):
    confidence: int | None = Field(None, ge=1, le=5, description="New starter only.")
    comment: str = Field("", max_length=2000)


class MilestonePatchIn(Schema):
    starts_at: dt.datetime


class TemplateOut(Schema):
    id: uuid.UUID
    name: str
    job_family_id: uuid.UUID | None
    team_id: uuid.UUID | None
    description: str
    is_active: bool


class TemplateIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    job_family_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    description: str = Field("", max_length=2000)


class TemplateItemOut(Schema):
    id: uuid.UUID
    category: str
    title: str
    description: str
    link_url: str
    due_day: int


class TemplateItemIn(Schema):
    category: ChecklistCategory
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=2000)
    link_url: str = Field("", max_length=500)
    due_day: int = Field(7, ge=1, le=180)


class VolunteerOut(Schema):
    is_available: bool
    max_new_starters: int
    note: str


class VolunteerIn(Schema):
    is_available: bool
    max_new_starters: int = Field(1, ge=1, le=5)
    note: str = Field("", max_length=280)


def _person_ref(person: Person | None) -> dict[str, Any] | None:
    return None if person is None else {"id": person.id, "full_name": person.full_name}


def onboarding_out(onboarding: Onboarding) -> dict[str, Any]:
    return {
        "id": onboarding.id,
        "new_starter": _person_ref(onboarding.new_starter),
        "buddy": _person_ref(onboarding.buddy),
        "buddy_reason": onboarding.buddy_reason,
        "template_id": onboarding.template_id,
        "start_date": onboarding.start_date,
        "status": onboarding.status,
        "items_done": getattr(onboarding, "items_done", 0),
        "items_total": getattr(onboarding, "items_total", 0),
    }


def milestone_out(milestone: Milestone, role: OnboardingRole) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": milestone.id,
        "day": milestone.day,
        "starts_at": milestone.starts_at,
        "duration_minutes": milestone.duration_minutes,
        "status": milestone.status,
        "held_at": milestone.held_at,
        "sequence": milestone.sequence,
    }
    if role == OnboardingRole.NEW_STARTER:
        body.update(confidence=milestone.confidence, comment=milestone.comment)
    return body


class OnboardingPages(Pagination):
    def present(self, items: list[Any], request: HttpRequest) -> list[dict[str, Any]]:
        return [onboarding_out(o) for o in items]


def _onboarding(actor: Actor, onboarding_id: uuid.UUID) -> tuple[Onboarding, OnboardingRole]:
    found = selectors.onboarding_for(actor=actor, onboarding_id=onboarding_id)
    require(found is not None)
    assert found is not None
    return found


def _reload(actor: Actor, onboarding: Onboarding) -> dict[str, Any]:
    onboarding, _ = _onboarding(actor, onboarding.id)
    return onboarding_out(onboarding)


def _active_person(person_id: uuid.UUID, field: str) -> Person:
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        raise ValidationError({field: "There is no active colleague with this id."})
    return person


@router.get("/onboardings", response={200: list[OnboardingOut], **ERROR_RESPONSES})
@paginate(OnboardingPages)
def list_onboardings(request: HttpRequest, status: str = "") -> QuerySet[Onboarding]:
    """Onboardings you may see: yours, those you buddy, your reports' (or all, for admins)."""
    actor = api_actor(request)
    rows = selectors.onboardings_visible_to(actor=actor)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("status", "-start_date", "id")


@router.post("/onboardings", response={201: OnboardingOut, **ERROR_RESPONSES})
def start_onboarding(request: HttpRequest, payload: OnboardingIn) -> Status[Any]:
    """Managers (for their reports) and programme admins start onboarding for a new starter."""
    actor = api_actor(request)
    forbid_unless(
        actor.is_programme_admin or actor.is_manager, "Only managers and admins start onboarding."
    )
    person = _active_person(payload.person_id, "person_id")
    forbid_unless(
        permissions.can_start_onboarding_for(actor, person),
        "You can start onboarding only for people in your reporting line.",
    )
    template = None
    if payload.template_id is not None:
        template = OnboardingTemplate.objects.filter(pk=payload.template_id).first()
        if template is None:
            raise ValidationError({"template_id": "There is no onboarding plan with this id."})
    buddy = _active_person(payload.buddy_id, "buddy_id") if payload.buddy_id else None
    onboarding = services.onboarding_start_for(
        person=person,
        start_date=payload.start_date,
        template=template,
        buddy=buddy,
        created_by=actor.person,
    )
    return Status(201, _reload(actor, onboarding))


@router.get("/onboardings/{onboarding_id}", response={200: OnboardingOut, **ERROR_RESPONSES})
def get_onboarding(request: HttpRequest, onboarding_id: uuid.UUID) -> dict[str, Any]:
    onboarding, _ = _onboarding(api_actor(request), onboarding_id)
    return onboarding_out(onboarding)


@router.put("/onboardings/{onboarding_id}/buddy", response={200: OnboardingOut, **ERROR_RESPONSES})
def set_buddy(request: HttpRequest, onboarding_id: uuid.UUID, payload: BuddyIn) -> dict[str, Any]:
    actor = api_actor(request)
    onboarding, _ = _onboarding(actor, onboarding_id)
    forbid_unless(
        permissions.can_manage_onboarding(actor, onboarding),
        "Only the new starter's managers and programme admins choose the buddy.",
    )
    services.onboarding_assign_buddy(
        onboarding=onboarding,
        buddy=_active_person(payload.buddy_id, "buddy_id"),
        reason="Chosen by hand.",
        by=actor.person,
    )
    return _reload(actor, onboarding)


@router.get("/onboardings/{onboarding_id}/items", response={200: list[ItemOut], **ERROR_RESPONSES})
@paginate(Pagination)
def list_items(request: HttpRequest, onboarding_id: uuid.UUID) -> QuerySet[ChecklistItem]:
    onboarding, _ = _onboarding(api_actor(request), onboarding_id)
    return ChecklistItem.objects.filter(onboarding=onboarding).order_by(
        "due_date", "position", "created_at"
    )


@router.post("/onboardings/{onboarding_id}/items", response={201: ItemOut, **ERROR_RESPONSES})
def add_item(request: HttpRequest, onboarding_id: uuid.UUID, payload: ItemIn) -> Status[Any]:
    actor = api_actor(request)
    onboarding, _ = _onboarding(actor, onboarding_id)
    forbid_unless(permissions.can_add_items(actor, onboarding), "You cannot add items here.")
    assert actor.person is not None
    item = services.checklist_item_add(
        onboarding=onboarding,
        by=actor.person,
        category=payload.category,
        title=payload.title,
        description=payload.description,
        link_url=payload.link_url,
        due_date=payload.due_date,
    )
    return Status(201, item)


@router.patch(
    "/onboardings/{onboarding_id}/items/{item_id}", response={200: ItemOut, **ERROR_RESPONSES}
)
def tick_item(
    request: HttpRequest, onboarding_id: uuid.UUID, item_id: uuid.UUID, payload: ItemPatchIn
) -> ChecklistItem:
    actor = api_actor(request)
    onboarding, _ = _onboarding(actor, onboarding_id)
    item = selectors.checklist_item_for(onboarding=onboarding, item_id=item_id)
    require(item is not None)
    assert item is not None
    forbid_unless(
        permissions.can_work_plan(actor, onboarding),
        "The new starter and their buddy tick the checklist.",
    )
    assert actor.person is not None
    return services.checklist_item_set_done(item=item, done=payload.done, by=actor.person)


@router.get(
    "/onboardings/{onboarding_id}/milestones",
    response={200: list[MilestoneOut], **ERROR_RESPONSES},
)
def list_milestones(request: HttpRequest, onboarding_id: uuid.UUID) -> list[dict[str, Any]]:
    """The four milestones (day 1, 7, 30, 90): a fixed, short list."""
    onboarding, role = _onboarding(api_actor(request), onboarding_id)
    return [milestone_out(m, role) for m in selectors.milestones_of(onboarding=onboarding)]


def _milestone(
    request: HttpRequest, onboarding_id: uuid.UUID, milestone_id: uuid.UUID
) -> tuple[Actor, Onboarding, OnboardingRole, Milestone]:
    actor = api_actor(request)
    onboarding, role = _onboarding(actor, onboarding_id)
    milestone = selectors.milestone_for(onboarding=onboarding, milestone_id=milestone_id)
    require(milestone is not None)
    assert milestone is not None
    forbid_unless(
        permissions.can_work_plan(actor, onboarding),
        "The new starter and their buddy hold the milestone check-ins.",
    )
    return actor, onboarding, role, milestone


@router.post(
    "/onboardings/{onboarding_id}/milestones/{milestone_id}/record",
    response={200: MilestoneOut, **ERROR_RESPONSES},
)
def record_milestone(
    request: HttpRequest,
    onboarding_id: uuid.UUID,
    milestone_id: uuid.UUID,
    payload: MilestoneRecordIn,
) -> dict[str, Any]:
    actor, _, role, milestone = _milestone(request, onboarding_id, milestone_id)
    assert actor.person is not None
    services.milestone_record(
        milestone=milestone, by=actor.person, confidence=payload.confidence, comment=payload.comment
    )
    return milestone_out(milestone, role)


@router.patch(
    "/onboardings/{onboarding_id}/milestones/{milestone_id}",
    response={200: MilestoneOut, **ERROR_RESPONSES},
)
def move_milestone(
    request: HttpRequest,
    onboarding_id: uuid.UUID,
    milestone_id: uuid.UUID,
    payload: MilestonePatchIn,
) -> dict[str, Any]:
    actor, _, role, milestone = _milestone(request, onboarding_id, milestone_id)
    assert actor.person is not None
    services.milestone_reschedule(milestone=milestone, by=actor.person, starts_at=payload.starts_at)
    return milestone_out(milestone, role)


# --- plans and the buddy pool ----------------------------------------------------------------


def _admin(request: HttpRequest) -> Actor:
    actor = api_actor(request)
    forbid_unless(permissions.can_manage_templates(actor), "Only programme admins manage plans.")
    return actor


def _template_out(template: OnboardingTemplate) -> dict[str, Any]:
    return {
        "id": template.id,
        "name": template.name,
        "job_family_id": template.job_family_id,
        "team_id": template.team_id,
        "description": template.description,
        "is_active": template.is_active,
    }


@router.get("/onboarding-plans", response={200: list[TemplateOut], **ERROR_RESPONSES})
@paginate(Pagination)
def list_plans(request: HttpRequest) -> QuerySet[OnboardingTemplate]:
    _admin(request)
    return selectors.templates_list()


@router.post("/onboarding-plans", response={201: TemplateOut, **ERROR_RESPONSES})
def create_plan(request: HttpRequest, payload: TemplateIn) -> Status[Any]:
    _admin(request)
    family = team = None
    if payload.job_family_id is not None:
        family = JobFamily.objects.filter(pk=payload.job_family_id).first()
        if family is None:
            raise ValidationError({"job_family_id": "There is no job family with this id."})
    if payload.team_id is not None:
        team = Team.objects.filter(pk=payload.team_id).first()
        if team is None:
            raise ValidationError({"team_id": "There is no team with this id."})
    template = services.onboarding_template_create(
        name=payload.name, job_family=family, team=team, description=payload.description
    )
    return Status(201, _template_out(template))


@router.get(
    "/onboarding-plans/{template_id}/items",
    response={200: list[TemplateItemOut], **ERROR_RESPONSES},
)
@paginate(Pagination)
def list_plan_items(request: HttpRequest, template_id: uuid.UUID) -> QuerySet[TemplateItem]:
    _admin(request)
    template = OnboardingTemplate.objects.filter(pk=template_id).first()
    require(template is not None)
    return TemplateItem.objects.filter(template=template).order_by("due_day", "position")


@router.post(
    "/onboarding-plans/{template_id}/items", response={201: TemplateItemOut, **ERROR_RESPONSES}
)
def add_plan_item(
    request: HttpRequest, template_id: uuid.UUID, payload: TemplateItemIn
) -> Status[Any]:
    _admin(request)
    template = OnboardingTemplate.objects.filter(pk=template_id).first()
    require(template is not None)
    assert template is not None
    item = services.onboarding_template_item_add(
        template=template,
        category=payload.category,
        title=payload.title,
        description=payload.description,
        link_url=payload.link_url,
        due_day=payload.due_day,
    )
    return Status(201, item)


@router.delete("/onboarding-plans/{template_id}/items/{item_id}", response=NO_CONTENT)
def remove_plan_item(
    request: HttpRequest, template_id: uuid.UUID, item_id: uuid.UUID
) -> Status[None]:
    _admin(request)
    item = selectors.template_item_for(template_id=template_id, item_id=item_id)
    require(item is not None)
    assert item is not None
    services.onboarding_template_item_remove(item=item)
    return Status(204, None)


@router.get("/buddy-pool/me", response={200: VolunteerOut, **ERROR_RESPONSES})
def my_volunteering(request: HttpRequest) -> dict[str, Any]:
    actor = api_actor(request)
    require(actor.person is not None)
    assert actor.person is not None
    profile = selectors.buddy_profile_of(person=actor.person)
    if profile is None:
        return {"is_available": False, "max_new_starters": 1, "note": ""}
    return {
        "is_available": profile.is_available,
        "max_new_starters": profile.max_new_starters,
        "note": profile.note,
    }


@router.put("/buddy-pool/me", response={200: VolunteerOut, **ERROR_RESPONSES})
def set_volunteering(request: HttpRequest, payload: VolunteerIn) -> dict[str, Any]:
    actor = api_actor(request)
    require(actor.person is not None)
    assert actor.person is not None
    profile = services.buddy_volunteer_set(
        person=actor.person,
        is_available=payload.is_available,
        max_new_starters=payload.max_new_starters,
        note=payload.note,
    )
    return {
        "is_available": profile.is_available,
        "max_new_starters": profile.max_new_starters,
        "note": profile.note,
    }
