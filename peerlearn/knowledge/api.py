"""The knowledge hub under /api/v1/hub/: spaces, pages, review, freshness and versions.

Things the caller may not see answer 404 (as if missing); things they see but may not change
answer 403; invalid input 422 with the field named.
"""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from peerlearn.core.api import (
    ERROR_RESPONSES,
    Pagination,
    api_actor,
    forbid_unless,
    forbid_unless_employee,
)
from peerlearn.core.markdown import render_markdown
from peerlearn.core.permissions import Actor, require
from peerlearn.knowledge import selectors, services
from peerlearn.knowledge.models import Page, PageVersion, Space
from peerlearn.knowledge.permissions import (
    can_edit_page,
    can_review_page,
    can_submit_page,
    can_use_hub,
    can_verify_page,
    can_write_in_space,
)
from peerlearn.knowledge.schemas import (
    PageFilters,
    PageIn,
    PageOut,
    PagePatchIn,
    PageSummaryOut,
    RestoreIn,
    ReviewIn,
    SpaceOut,
    StepIn,
    SubmitIn,
    VersionDetailOut,
    VersionOut,
)
from peerlearn.people.models import Person, Skill

router = Router(tags=["knowledge hub"])


def _hub_actor(request: HttpRequest) -> Actor:
    actor = api_actor(request)
    require(can_use_hub(actor))
    return actor


def _visible_page(actor: Actor, page_id: uuid.UUID) -> tuple[Page, set[uuid.UUID]]:
    found = selectors.page_get_visible(actor=actor, page_id=page_id)
    require(found is not None)
    assert found is not None
    return found


def _skills(ids: list[uuid.UUID]) -> list[Skill]:
    skills = list(Skill.objects.filter(id__in=ids))
    if len(skills) != len(set(ids)):
        raise ValidationError({"skill_ids": "One or more skills do not exist."})
    return skills


def _steps(steps: list[StepIn]) -> list[services.StepInput]:
    return [services.StepInput(title=s.title, body=s.body, image_id=s.image_id) for s in steps]


def page_out(page: Page) -> dict[str, Any]:
    """Everything PageOut shows; the body is also given rendered and sanitised."""
    steps = list(page.steps.select_related("image").order_by("position"))
    return {
        "id": page.id,
        "title": page.title,
        "kind": page.kind,
        "summary": page.summary,
        "status": page.status,
        "space": page.space,
        "owners": list(page.owners.order_by("full_name")),
        "skills": list(page.skills.order_by("name")),
        "review_interval_days": page.review_interval_days,
        "review_due_at": page.review_due_at,
        "needs_review": page.needs_review,
        "updated_at": page.updated_at,
        "url": f"/hub/pages/{page.id}/",
        "body": page.body,
        "body_html": str(render_markdown(page.body)),
        "steps": [
            {
                "position": s.position,
                "title": s.title,
                "body": s.body,
                "body_html": str(render_markdown(s.body)),
                "image_url": f"/hub/attachments/{s.image_id}/" if s.image_id else None,
            }
            for s in steps
        ],
        "version": page.version_number,
        "reviewer": page.reviewer,
        "last_verified_at": page.last_verified_at,
        "view_count": page.view_count,
        "helpful_count": page.helpful_count,
        "unhelpful_count": page.unhelpful_count,
    }


@router.get("/hub/spaces", response=list[SpaceOut], summary="Spaces I can see")
@paginate(Pagination)
def space_list(request: HttpRequest) -> QuerySet[Space]:
    actor = _hub_actor(request)
    return selectors.spaces_visible_to(actor=actor).order_by("name", "id")


@router.get("/hub/pages", response=list[PageSummaryOut], summary="List hub pages")
@paginate(Pagination)
def page_list(request: HttpRequest, filters: Query[PageFilters]) -> QuerySet[Page]:
    """Published pages I can see (or, with `mine`, my drafts and reviews), by title."""
    actor = _hub_actor(request)
    return selectors.page_list(
        actor=actor,
        filters=selectors.PageFilters(
            space_id=filters.space,
            kind=filters.kind or "",
            skill_id=filters.skill,
            owner_id=filters.owner,
            freshness=filters.freshness or "",
            status="mine" if filters.mine else "",
        ),
    )


@router.post("/hub/pages", response={201: PageOut, **ERROR_RESPONSES}, summary="Write a page")
def page_create(request: HttpRequest, payload: PageIn) -> Status[dict[str, Any]]:
    """A new draft owned by the caller; it is visible to its authors until published."""
    actor = _hub_actor(request)
    person = forbid_unless_employee(actor)
    space = selectors.space_get_visible(actor=actor, space_id=payload.space_id)
    if space is None or not can_write_in_space(actor, space):
        raise ValidationError({"space_id": "No space with that id that you can write in."})
    page = services.page_create(
        space=space,
        author=person,
        title=payload.title,
        kind=payload.kind,
        summary=payload.summary,
        body=payload.body,
        steps=_steps(payload.steps),
        skills=_skills(payload.skill_ids),
        review_interval_days=payload.review_interval_days,
    )
    return Status(201, page_out(_visible_page(actor, page.id)[0]))


@router.get("/hub/pages/{page_id}", response={200: PageOut, **ERROR_RESPONSES}, summary="A page")
def page_detail(request: HttpRequest, page_id: uuid.UUID) -> dict[str, Any]:
    actor = _hub_actor(request)
    page, _ = _visible_page(actor, page_id)
    return page_out(page)


@router.patch(
    "/hub/pages/{page_id}", response={200: PageOut, **ERROR_RESPONSES}, summary="Edit a page"
)
def page_update(request: HttpRequest, page_id: uuid.UUID, payload: PagePatchIn) -> dict[str, Any]:
    """Change what is given; each change is saved as a new version."""
    actor = _hub_actor(request)
    page, owner_ids = _visible_page(actor, page_id)
    forbid_unless(can_edit_page(actor, page, owner_ids), "Only the page's owners can edit it.")
    services.page_update(
        page=page,
        editor=forbid_unless_employee(actor),
        title=page.title if payload.title is None else payload.title,
        kind=payload.kind or page.kind,
        summary=page.summary if payload.summary is None else payload.summary,
        body=page.body if payload.body is None else payload.body,
        steps=_steps(payload.steps)
        if payload.steps is not None
        else [
            services.StepInput(title=s.title, body=s.body, image_id=s.image_id)
            for s in page.steps.order_by("position")
        ],
        skills=_skills(payload.skill_ids)
        if payload.skill_ids is not None
        else list(page.skills.all()),
        review_interval_days=payload.review_interval_days
        if payload.review_interval_days is not None
        else page.review_interval_days,
        note=payload.note,
    )
    return page_out(_visible_page(actor, page.id)[0])


@router.post(
    "/hub/pages/{page_id}/submit",
    response={200: PageOut, **ERROR_RESPONSES},
    summary="Send a draft for review",
)
def page_submit(request: HttpRequest, page_id: uuid.UUID, payload: SubmitIn) -> dict[str, Any]:
    actor = _hub_actor(request)
    page, owner_ids = _visible_page(actor, page_id)
    forbid_unless(can_submit_page(actor, page, owner_ids), "Only a draft's authors can submit it.")
    reviewer = Person.objects.filter(pk=payload.reviewer_id).first()
    if reviewer is None:
        raise ValidationError({"reviewer_id": "No person with that id."})
    services.page_submit_for_review(
        page=page, submitted_by=forbid_unless_employee(actor), reviewer=reviewer
    )
    return page_out(_visible_page(actor, page.id)[0])


@router.post(
    "/hub/pages/{page_id}/review",
    response={200: PageOut, **ERROR_RESPONSES},
    summary="Publish a page, or send it back",
)
def page_review(request: HttpRequest, page_id: uuid.UUID, payload: ReviewIn) -> dict[str, Any]:
    actor = _hub_actor(request)
    page, owner_ids = _visible_page(actor, page_id)
    forbid_unless(can_review_page(actor, page, owner_ids), "Only the named reviewer can decide.")
    reviewer = forbid_unless_employee(actor)
    if payload.decision == "approve":
        services.page_approve(page=page, reviewer=reviewer, note=payload.note)
    else:
        services.page_request_changes(page=page, reviewer=reviewer, note=payload.note)
    return page_out(_visible_page(actor, page.id)[0])


@router.post(
    "/hub/pages/{page_id}/verify",
    response={200: PageOut, **ERROR_RESPONSES},
    summary="Confirm a page is still right",
)
def page_verify(request: HttpRequest, page_id: uuid.UUID) -> dict[str, Any]:
    actor = _hub_actor(request)
    page, owner_ids = _visible_page(actor, page_id)
    forbid_unless(can_verify_page(actor, page, owner_ids), "Only owners can verify a page.")
    services.page_verify(page=page, verified_by=forbid_unless_employee(actor))
    return page_out(_visible_page(actor, page.id)[0])


@router.get(
    "/hub/pages/{page_id}/versions",
    response={200: list[VersionOut], **ERROR_RESPONSES},
    summary="A page's history",
)
@paginate(Pagination)
def version_list(request: HttpRequest, page_id: uuid.UUID) -> QuerySet[PageVersion]:
    actor = _hub_actor(request)
    page, _ = _visible_page(actor, page_id)
    return selectors.page_versions(page=page)


@router.get(
    "/hub/pages/{page_id}/versions/{version_id}",
    response={200: VersionDetailOut, **ERROR_RESPONSES},
    summary="One version, with what changed",
)
def version_detail(
    request: HttpRequest, page_id: uuid.UUID, version_id: uuid.UUID
) -> dict[str, Any]:
    actor = _hub_actor(request)
    page, _ = _visible_page(actor, page_id)
    version = selectors.version_get(page=page, version_id=version_id)
    require(version is not None)
    assert version is not None
    previous = selectors.version_before(version=version)
    return {
        "id": version.id,
        "number": version.number,
        "title": version.title,
        "note": version.note,
        "author": version.author,
        "created_at": version.created_at,
        "kind": version.kind,
        "summary": version.summary,
        "body": version.body,
        "steps": version.steps,
        "diff": [
            {"op": line.op, "text": line.text}
            for line in selectors.version_diff(older=previous, newer=version)
        ],
    }


@router.post(
    "/hub/pages/{page_id}/restore",
    response={200: PageOut, **ERROR_RESPONSES},
    summary="Restore an earlier version",
)
def version_restore(request: HttpRequest, page_id: uuid.UUID, payload: RestoreIn) -> dict[str, Any]:
    """The version's content becomes a new version. A version of another page is refused."""
    actor = _hub_actor(request)
    page, owner_ids = _visible_page(actor, page_id)
    forbid_unless(can_edit_page(actor, page, owner_ids), "Only the page's owners can restore it.")
    version = PageVersion.objects.filter(pk=payload.version_id).first()
    if version is None or version.page_id != page.id:
        raise ValidationError({"version_id": services.NOT_THIS_PAGES_VERSION})
    services.page_restore_version(
        page=page, version=version, restored_by=forbid_unless_employee(actor)
    )
    return page_out(_visible_page(actor, page.id)[0])
