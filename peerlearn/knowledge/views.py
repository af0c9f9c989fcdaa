"""Pages of the knowledge hub. Thin: ask the permission rules, call a selector or a service,
render. Everything works without JavaScript; forms show service errors on their fields."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from peerlearn.core.forms import show_service_errors
from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import Actor, actor_for, require, require_employee
from peerlearn.knowledge.forms import (
    AttachmentForm,
    CommentForm,
    FeedbackForm,
    HealthFilterForm,
    OwnerForm,
    PageFilterForm,
    PageForm,
    ReviewForm,
    SpaceForm,
    SpaceMemberForm,
    StepFormSet,
    SubmitForReviewForm,
    step_initial,
)
from peerlearn.knowledge.models import Attachment, Page, PageStatus, Space, SpaceRole
from peerlearn.knowledge.permissions import (
    can_admin_space,
    can_edit_page,
    can_manage_owners,
    can_respond_to_page,
    can_review_page,
    can_submit_page,
    can_use_hub,
    can_verify_page,
    can_write_in_space,
    is_page_author,
)
from peerlearn.knowledge.selectors import (
    HEALTH_VIEWS,
    PageFilters,
    attachment_get_visible,
    content_health,
    content_health_counts,
    health_space_ids,
    hub_overview,
    page_detail,
    page_get_visible,
    page_list,
    page_versions,
    recent_pages,
    space_get_visible,
    space_members,
    spaces_visible_to,
    spaces_writable_by,
    version_before,
    version_diff,
    version_get,
)
from peerlearn.knowledge.services import (
    StepInput,
    attachment_add,
    page_approve,
    page_comment_add,
    page_create,
    page_feedback_give,
    page_hand_over,
    page_owner_add,
    page_owner_remove,
    page_request_changes,
    page_restore_version,
    page_submit_for_review,
    page_update,
    page_verify,
    page_view_record,
    space_create,
    space_member_remove,
    space_member_set,
    space_update,
)
from peerlearn.people.models import Person


def _hub_actor(request: AuthenticatedRequest) -> Actor:
    actor = actor_for(request)
    require(can_use_hub(actor))
    return actor


def _page_or_404(actor: Actor, page_id: uuid.UUID) -> tuple[Page, set[uuid.UUID]]:
    found = page_get_visible(actor=actor, page_id=page_id)
    if found is None:
        raise Http404("Not found")
    return found


# --- hub and spaces -------------------------------------------------------------------------


@login_required
def hub_home(request: AuthenticatedRequest) -> HttpResponse:
    actor = _hub_actor(request)
    spaces = spaces_visible_to(actor=actor).order_by("name")
    return render(
        request,
        "knowledge/hub_home.html",
        {
            "spaces": spaces,
            "recent": recent_pages(actor=actor),
            "overview": hub_overview(actor=actor),
            "can_create_space": actor.is_employee,
            "health_counts": content_health_counts(actor=actor)
            if health_space_ids(actor=actor)
            else None,
        },
    )


@login_required
def space_new(request: AuthenticatedRequest) -> HttpResponse:
    actor = _hub_actor(request)
    person = require_employee(actor)
    form = SpaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            space = space_create(created_by=person, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, f"Space “{space.name}” created. Write its first page.")
            return redirect("knowledge:space", space_id=space.id)
    return render(request, "knowledge/space_form.html", {"form": form, "space": None})


@login_required
def space_detail(request: AuthenticatedRequest, space_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    space = space_get_visible(actor=actor, space_id=space_id)
    require(space is not None)
    assert space is not None
    filters = PageFilterForm(request.GET or None)
    values: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {}
    pages = page_list(
        actor=actor,
        filters=PageFilters(
            space_id=space.id,
            kind=values.get("kind") or "",
            skill_id=values["skill"].id if values.get("skill") else None,
            freshness=values.get("freshness") or "",
        ),
    )
    return render(
        request,
        "knowledge/space_detail.html",
        {
            "space": space,
            "filters": filters,
            "page_obj": paginate(request, pages),
            "querystring": query_without_page(request),
            "can_write": can_write_in_space(actor, space),
            "can_admin": can_admin_space(actor, space),
            "filtered": any(values.values()),
        },
    )


@login_required
def space_edit(request: AuthenticatedRequest, space_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    space = space_get_visible(actor=actor, space_id=space_id)
    require(space is not None and can_admin_space(actor, space))
    assert space is not None
    initial = {"name": space.name, "description": space.description, "is_private": space.is_private}
    form = SpaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            space_update(space=space, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Space saved.")
            return redirect("knowledge:space", space_id=space.id)
    return render(request, "knowledge/space_form.html", {"form": form, "space": space})


@login_required
def space_members_view(request: AuthenticatedRequest, space_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    space = space_get_visible(actor=actor, space_id=space_id)
    require(space is not None)
    assert space is not None
    is_admin = can_admin_space(actor, space)
    form = SpaceMemberForm(request.POST or None)
    if request.method == "POST":
        require(is_admin)
        if "remove" in request.POST:
            try:
                person = Person.objects.get(pk=uuid.UUID(request.POST["remove"]))
                space_member_remove(space=space, person=person)
            except (ValueError, Person.DoesNotExist):
                raise Http404("Not found") from None
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"{person.full_name} removed from the space.")
            return redirect("knowledge:space_members", space_id=space.id)
        if form.is_valid():
            try:
                space_member_set(
                    space=space,
                    person=form.cleaned_data["person"],
                    role=SpaceRole(form.cleaned_data["role"]),
                )
            except ValidationError as error:
                show_service_errors(form, error)
            else:
                messages.success(request, f"{form.cleaned_data['person'].full_name} added.")
                return redirect("knowledge:space_members", space_id=space.id)
    members = space_members(space=space)
    return render(
        request,
        "knowledge/space_members.html",
        {
            "space": space,
            "form": form,
            "is_admin": is_admin,
            "page_obj": paginate(request, members),
            "querystring": query_without_page(request),
        },
    )


# --- pages ----------------------------------------------------------------------------------


def _steps_from(formset: Any) -> list[StepInput]:
    rows = [f.cleaned_data for f in formset.forms if f.cleaned_data]
    rows.sort(key=lambda row: (row.get("ORDER") is None, row.get("ORDER") or 0))
    return [
        StepInput(
            title=row.get("title") or "",
            body=row.get("body") or "",
            image_id=row["image"].id if row.get("image") else None,
        )
        for row in rows
    ]


def _page_form_response(
    request: AuthenticatedRequest, *, form: PageForm, formset: Any, page: Page | None, status: int
) -> HttpResponse:
    return render(
        request,
        "knowledge/page_form.html",
        {"form": form, "formset": formset, "page": page},
        status=status,
    )


@login_required
def page_new(request: AuthenticatedRequest) -> HttpResponse:
    actor = _hub_actor(request)
    person = require_employee(actor)
    spaces = spaces_writable_by(actor=actor)
    initial: dict[str, Any] = {"kind": request.GET.get("kind") or "guide"}
    if request.GET.get("space"):
        initial["space"] = request.GET["space"]
    form = PageForm(request.POST or None, spaces=spaces, editing=False, initial=initial)
    formset = StepFormSet(
        request.POST or None, prefix="steps", form_kwargs={"images": Attachment.objects.none()}
    )
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                page = page_create(
                    space=data["space"],
                    author=person,
                    title=data["title"],
                    kind=data["kind"],
                    summary=data["summary"],
                    body=data["body"],
                    steps=_steps_from(formset),
                    skills=list(data["skills"]),
                    review_interval_days=data["review_interval_days"],
                )
            except ValidationError as error:
                show_service_errors(form, error)
            else:
                messages.success(
                    request,
                    "Draft saved. Only you can see it until a reviewer publishes it: "
                    "send it for review when it is ready.",
                )
                return redirect("knowledge:page", page_id=page.id)
        return _page_form_response(request, form=form, formset=formset, page=None, status=422)
    return _page_form_response(request, form=form, formset=formset, page=None, status=200)


@login_required
def page_detail_view(request: AuthenticatedRequest, page_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    page_view_record(page=page, viewer=actor.person)
    detail = page_detail(actor=actor, page=page)
    try:
        source_question = page.source_question
    except Page.source_question.RelatedObjectDoesNotExist:
        source_question = None
    return render(
        request,
        "knowledge/page_detail.html",
        {
            "page": page,
            "detail": detail,
            "source_question": source_question,
            "can_edit": can_edit_page(actor, page, owner_ids),
            "can_submit": can_submit_page(actor, page, owner_ids),
            "can_review": can_review_page(actor, page, owner_ids),
            "can_verify": can_verify_page(actor, page, owner_ids),
            "can_manage_owners": can_manage_owners(actor, page, owner_ids),
            "can_respond": can_respond_to_page(actor, page, owner_ids),
            "is_author": is_page_author(actor, page, owner_ids),
            "submit_form": SubmitForReviewForm(exclude=actor.person),
            "review_form": ReviewForm(),
            "feedback_form": FeedbackForm(),
            "comment_form": CommentForm(),
            "attachment_form": AttachmentForm(),
        },
    )


@login_required
def page_edit(request: AuthenticatedRequest, page_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    require(can_edit_page(actor, page, owner_ids))
    person = require_employee(actor)
    images = page.attachments.filter(is_image=True).order_by("original_name")
    initial = {
        "title": page.title,
        "kind": page.kind,
        "summary": page.summary,
        "body": page.body,
        "skills": list(page.skills.all()),
        "review_interval_days": page.review_interval_days,
    }
    form = PageForm(
        request.POST or None, spaces=Space.objects.none(), editing=True, initial=initial
    )
    formset = StepFormSet(
        request.POST or None,
        prefix="steps",
        initial=step_initial(page),
        form_kwargs={"images": images},
    )
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                page_update(
                    page=page,
                    editor=person,
                    title=data["title"],
                    kind=data["kind"],
                    summary=data["summary"],
                    body=data["body"],
                    steps=_steps_from(formset),
                    skills=list(data["skills"]),
                    review_interval_days=data["review_interval_days"],
                    note=data.get("note") or "",
                )
            except ValidationError as error:
                show_service_errors(form, error)
            else:
                messages.success(request, "Page saved as a new version.")
                return redirect("knowledge:page", page_id=page.id)
        return _page_form_response(request, form=form, formset=formset, page=page, status=422)
    return _page_form_response(request, form=form, formset=formset, page=page, status=200)


@login_required
def page_submit(request: AuthenticatedRequest, page_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    require(can_submit_page(actor, page, owner_ids))
    person = require_employee(actor)
    form = SubmitForReviewForm(request.POST or None, exclude=person)
    if request.method == "POST" and form.is_valid():
        try:
            page_submit_for_review(
                page=page, submitted_by=person, reviewer=form.cleaned_data["reviewer"]
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(
                request, f"Sent to {form.cleaned_data['reviewer'].full_name} for review."
            )
            return redirect("knowledge:page", page_id=page.id)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "knowledge/page_submit.html", {"page": page, "form": form}, status=status
    )


@login_required
def page_review(request: AuthenticatedRequest, page_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    require(can_review_page(actor, page, owner_ids))
    person = require_employee(actor)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                page_approve(page=page, reviewer=person, note=form.cleaned_data["note"])
                messages.success(request, "Published. Everyone who can see the space can read it.")
            else:
                page_request_changes(page=page, reviewer=person, note=form.cleaned_data["note"])
                messages.success(request, "Sent back to the authors with your note.")
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            return redirect("knowledge:page", page_id=page.id)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "knowledge/page_review.html", {"page": page, "form": form}, status=status
    )


@login_required
@require_POST
def page_verify_view(request: AuthenticatedRequest, page_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    require(can_verify_page(actor, page, owner_ids))
    page = page_verify(page=page, verified_by=require_employee(actor))
    assert page.review_due_at is not None  # verifying sets the next review date
    due = timezone.localtime(page.review_due_at)  # the viewer's zone (ViewerTimezoneMiddleware)
    messages.success(request, f"Verified. The next review is due {due:%-d %B %Y}.")
    return redirect("knowledge:page", page_id=page.id)


@login_required
def page_owners(request: AuthenticatedRequest, page_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    require(can_manage_owners(actor, page, owner_ids))
    person = require_employee(actor)
    form = OwnerForm(request.POST or None)
    if request.method == "POST" and "remove" in request.POST:
        try:
            leaving = Person.objects.get(pk=uuid.UUID(request.POST["remove"]))
            page_owner_remove(page=page, person=leaving)
        except (ValueError, Person.DoesNotExist):
            raise Http404("Not found") from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{leaving.full_name} is no longer an owner.")
        return redirect("knowledge:page_owners", page_id=page.id)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["person"]
        try:
            if form.cleaned_data["action"] == "hand_over":
                require(person.id in owner_ids)
                page_hand_over(page=page, from_person=person, to_person=target)
                messages.success(request, f"{target.full_name} now owns the page.")
                return redirect("knowledge:page", page_id=page.id)
            page_owner_add(page=page, person=target, added_by=person)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, f"{target.full_name} is now an owner.")
            return redirect("knowledge:page_owners", page_id=page.id)
    owners = page.owners.select_related("team").order_by("full_name")
    status = 422 if request.method == "POST" and form.errors else 200
    return render(
        request,
        "knowledge/page_owners.html",
        {"page": page, "form": form, "owners": owners, "is_owner": person.id in owner_ids},
        status=status,
    )


@login_required
def page_history(request: AuthenticatedRequest, page_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    return render(
        request,
        "knowledge/page_history.html",
        {
            "page": page,
            "page_obj": paginate(request, page_versions(page=page)),
            "querystring": query_without_page(request),
            "can_edit": can_edit_page(actor, page, owner_ids),
        },
    )


@login_required
def version_detail(
    request: AuthenticatedRequest, page_id: uuid.UUID, version_id: uuid.UUID
) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    version = version_get(page=page, version_id=version_id)
    require(version is not None)
    assert version is not None
    previous = version_before(version=version)
    return render(
        request,
        "knowledge/version_detail.html",
        {
            "page": page,
            "version": version,
            "previous": previous,
            "diff": version_diff(older=previous, newer=version),
            "is_current": version.number == page.version_number,
            "can_edit": can_edit_page(actor, page, owner_ids),
        },
    )


@login_required
@require_POST
def version_restore(
    request: AuthenticatedRequest, page_id: uuid.UUID, version_id: uuid.UUID
) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    require(can_edit_page(actor, page, owner_ids))
    version = version_get(page=page, version_id=version_id)
    require(version is not None)  # another page's version is simply not found here
    assert version is not None
    page_restore_version(page=page, version=version, restored_by=require_employee(actor))
    messages.success(request, f"Version {version.number} restored as a new version.")
    return redirect("knowledge:page", page_id=page.id)


@login_required
@require_POST
def attachment_upload(request: AuthenticatedRequest, page_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    require(can_edit_page(actor, page, owner_ids))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = attachment_add(
                page=page, upload=form.cleaned_data["file"], uploaded_by=require_employee(actor)
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            hint = (
                f" Show it with ![description](/hub/attachments/{attachment.id}/) or pick it "
                "as a step image."
                if attachment.is_image
                else ""
            )
            messages.success(request, f"“{attachment.original_name}” attached.{hint}")
            return redirect("knowledge:page", page_id=page.id)
    return render(
        request,
        "knowledge/attachment_error.html",
        {"page": page, "form": form},
        status=422,
    )


@login_required
def attachment_download(request: AuthenticatedRequest, attachment_id: uuid.UUID) -> FileResponse:
    actor = _hub_actor(request)
    attachment = attachment_get_visible(actor=actor, attachment_id=attachment_id)
    require(attachment is not None)
    assert attachment is not None
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
    )
    # The browser must never guess a type or run anything it was sent.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def page_feedback(request: AuthenticatedRequest, page_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    require(can_respond_to_page(actor, page, owner_ids))
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            page_feedback_give(
                page=page,
                person=require_employee(actor),
                helpful=form.cleaned_data["helpful"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Thank you: the owners see what readers think.")
            return redirect("knowledge:page", page_id=page.id)
    messages.error(request, "Choose yes or no to say whether the page helped.")
    return redirect("knowledge:page", page_id=page.id)


@login_required
@require_POST
def page_comment(request: AuthenticatedRequest, page_id: uuid.UUID) -> HttpResponse:
    actor = _hub_actor(request)
    page, owner_ids = _page_or_404(actor, page_id)
    require(can_respond_to_page(actor, page, owner_ids) or is_page_author(actor, page, owner_ids))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = page_comment_add(
                page=page, author=require_employee(actor), body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect(f"/hub/pages/{page.id}/#comment-{comment.id}")
    return redirect("knowledge:page", page_id=page.id)


# --- content health -------------------------------------------------------------------------


@login_required
def health(request: AuthenticatedRequest) -> HttpResponse:
    actor = _hub_actor(request)
    spaces = Space.objects.filter(id__in=health_space_ids(actor=actor)).order_by("name")
    form = HealthFilterForm(request.GET or None, spaces=spaces)
    values: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    view = values.get("view") or "stale"
    space = values.get("space")
    pages = content_health(actor=actor, view=view, space_id=space.id if space else None)
    counts = content_health_counts(actor=actor, space_id=space.id if space else None)
    return render(
        request,
        "knowledge/health.html",
        {
            "form": form,
            "view": view,
            "tabs": [(key, label, counts[key]) for key, label in HEALTH_VIEWS.items()],
            "space": space,
            "page_obj": paginate(request, pages),
            "querystring": query_without_page(request),
            "administers": spaces.exists(),
            "published": PageStatus.PUBLISHED,
        },
    )
