"""The only way hub content changes. Views, the API, the demo and jobs call these.

Each write keeps three things in step inside one transaction: the content, its version history,
and its search index entry; meaningful events also go to the learning-activity record.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from peerlearn.activities.models import ActivityFormat, ActivityVisibility, ParticipantRole
from peerlearn.activities.services import Participant, activity_record
from peerlearn.core.markdown import markdown_to_text
from peerlearn.knowledge.models import (
    MAX_REVIEW_INTERVAL_DAYS,
    Attachment,
    Page,
    PageComment,
    PageFeedback,
    PageKind,
    PageLink,
    PageStatus,
    PageVersion,
    Space,
    SpaceMembership,
    SpaceRole,
    WalkthroughStep,
)
from peerlearn.people.models import Person, Skill
from peerlearn.search.models import SearchKind
from peerlearn.search.services import SearchDocument, search_index_remove, search_index_upsert

PAGE_LINK_PATTERN = re.compile(r"/hub/pages/([0-9a-fA-F-]{36})/")
EDITS_COALESCE = timedelta(hours=1)
MAX_STEPS = 50
# One message whether the version is another page's or does not exist, so nothing leaks.
NOT_THIS_PAGES_VERSION = "That is not a version of this page; choose one from its history."


def max_attachment_bytes() -> int:
    return int(getattr(settings, "PEERLEARN_HUB_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))


# --- spaces ---------------------------------------------------------------------------------


def _unique_space_slug(name: str) -> str:
    base = slugify(name)[:100] or "space"
    slug, n = base, 2
    while Space.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def space_create(
    *, name: str, created_by: Person, description: str = "", is_private: bool = False
) -> Space:
    """A new space; whoever creates it is its first admin."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the space a name."})
    if Space.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a space called “{name}”."})
    space = Space(
        name=name,
        slug=_unique_space_slug(name),
        description=description.strip(),
        is_private=is_private,
        created_by=created_by,
    )
    space.full_clean()
    space.save()
    SpaceMembership.objects.create(space=space, person=created_by, role=SpaceRole.ADMIN)
    return space


@transaction.atomic
def space_update(*, space: Space, name: str, description: str, is_private: bool) -> Space:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the space a name."})
    if Space.objects.filter(name__iexact=name).exclude(pk=space.pk).exists():
        raise ValidationError({"name": f"There is already a space called “{name}”."})
    space.name, space.description, space.is_private = name, description.strip(), is_private
    space.full_clean()
    space.save()
    return space


@transaction.atomic
def space_member_set(*, space: Space, person: Person, role: SpaceRole) -> SpaceMembership:
    if not person.is_active:
        raise ValidationError({"person": f"{person.full_name} has left and cannot join."})
    if role not in SpaceRole.values:
        raise ValidationError({"role": "Choose admin or member."})
    membership, created = SpaceMembership.objects.get_or_create(
        space=space, person=person, defaults={"role": role}
    )
    if not created and membership.role != role:
        if role != SpaceRole.ADMIN:
            _keep_an_admin(space=space, leaving=person)
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    return membership


def _keep_an_admin(*, space: Space, leaving: Person) -> None:
    others = SpaceMembership.objects.filter(
        space=space, role=SpaceRole.ADMIN, person__is_active=True
    ).exclude(person=leaving)
    if not others.exists():
        raise ValidationError({"person": "A space needs at least one admin; name another first."})


@transaction.atomic
def space_member_remove(*, space: Space, person: Person) -> None:
    membership = SpaceMembership.objects.filter(space=space, person=person).first()
    if membership is None:
        return
    if membership.role == SpaceRole.ADMIN:
        _keep_an_admin(space=space, leaving=person)
    membership.delete()


# --- pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepInput:
    title: str
    body: str = ""
    image_id: uuid.UUID | None = None


def _check_page_fields(
    *, title: str, kind: str, summary: str, body: str, review_interval_days: int
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Enter a title."
    elif len(title.strip()) > 200:
        errors["title"] = "Keep the title to 200 characters."
    if kind not in PageKind.values:
        errors["kind"] = "Choose guide, best practice or walkthrough."
    if len(summary.strip()) > 300:
        errors["summary"] = "Keep the summary to 300 characters."
    if len(body) > 100_000:
        errors["body"] = "The page is too long (at most 100,000 characters); split it up."
    if not 1 <= review_interval_days <= MAX_REVIEW_INTERVAL_DAYS:
        errors["review_interval_days"] = (
            f"The review interval is a number of days from 1 to {MAX_REVIEW_INTERVAL_DAYS}."
        )
    return errors


def _clean_steps(*, page: Page | None, steps: Sequence[StepInput]) -> list[StepInput]:
    cleaned = [
        StepInput(title=s.title.strip(), body=s.body.strip(), image_id=s.image_id)
        for s in steps
        if s.title.strip() or s.body.strip() or s.image_id
    ]
    if len(cleaned) > MAX_STEPS:
        raise ValidationError({"steps": f"A walkthrough has at most {MAX_STEPS} steps."})
    for number, step in enumerate(cleaned, start=1):
        if not step.title:
            raise ValidationError({"steps": f"Step {number} needs a title."})
        if len(step.title) > 200:
            raise ValidationError({"steps": f"Keep the title of step {number} to 200 characters."})
    image_ids = {s.image_id for s in cleaned if s.image_id}
    if image_ids:
        known = set(
            Attachment.objects.filter(page=page, id__in=image_ids, is_image=True).values_list(
                "id", flat=True
            )
            if page is not None
            else []
        )
        if image_ids - known:
            raise ValidationError({"steps": "A step image must be an image attached to this page."})
    return cleaned


def _replace_steps(*, page: Page, steps: Sequence[StepInput]) -> None:
    page.steps.all().delete()
    WalkthroughStep.objects.bulk_create(
        [
            WalkthroughStep(page=page, position=n, title=s.title, body=s.body, image_id=s.image_id)
            for n, s in enumerate(steps, start=1)
        ]
    )


def _step_snapshot(page: Page) -> list[dict[str, str | None]]:
    return [
        {
            "title": step.title,
            "body": step.body,
            "image_id": str(step.image_id) if step.image_id else None,
        }
        for step in page.steps.order_by("position")
    ]


def _version_create(*, page: Page, author: Person | None, note: str = "") -> PageVersion:
    page.version_number += 1
    Page.objects.filter(pk=page.pk).update(version_number=page.version_number)
    return PageVersion.objects.create(
        page=page,
        number=page.version_number,
        title=page.title,
        kind=page.kind,
        summary=page.summary,
        body=page.body,
        steps=_step_snapshot(page),
        author=author,
        note=note.strip()[:200],
    )


def _linked_page_ids(page: Page) -> set[uuid.UUID]:
    texts = [page.body, *page.steps.values_list("body", flat=True)]
    found: set[uuid.UUID] = set()
    for text in texts:
        for match in PAGE_LINK_PATTERN.finditer(text):
            try:
                found.add(uuid.UUID(match.group(1)))
            except ValueError:
                continue
    found.discard(page.id)
    return found


def _links_refresh(page: Page) -> None:
    targets = set(Page.objects.filter(id__in=_linked_page_ids(page)).values_list("id", flat=True))
    PageLink.objects.filter(source=page).exclude(target_id__in=targets).delete()
    existing = set(PageLink.objects.filter(source=page).values_list("target_id", flat=True))
    PageLink.objects.bulk_create(
        [PageLink(source=page, target_id=target) for target in targets - existing]
    )


def page_search_document(page: Page) -> SearchDocument:
    steps = list(page.steps.order_by("position").values_list("title", "body"))
    text_parts = [page.summary, markdown_to_text(page.body)]
    for title, body in steps:
        text_parts.extend([title, markdown_to_text(body)])
    votes = page.helpful_count + page.unhelpful_count
    helpfulness = (page.helpful_count - page.unhelpful_count) / (votes + 4)
    return SearchDocument(
        kind=SearchKind.PAGE,
        object_id=page.id,
        title=page.title,
        body=" ".join(part for part in text_parts if part),
        space_id=page.space_id,
        is_published=page.status == PageStatus.PUBLISHED,
        review_due_at=page.review_due_at,
        boost=round(0.3 * helpfulness, 3),
        skill_ids=list(page.skills.values_list("id", flat=True)),
        owner_ids=list(page.owners.values_list("id", flat=True)),
        updated_at=page.updated_at,
    )


def page_reindex(*, page: Page) -> None:
    search_index_upsert(document=page_search_document(page))


def _page_participants(page: Page, *, extra: Sequence[Participant] = ()) -> list[Participant]:
    people = [Participant(person=o, role=ParticipantRole.OWNER) for o in page.owners.all()]
    return [*people, *extra]


def _page_visibility(page: Page) -> ActivityVisibility:
    return (
        ActivityVisibility.PARTICIPANTS
        if page.space.is_private or page.status != PageStatus.PUBLISHED
        else ActivityVisibility.ORGANISATION
    )


@transaction.atomic
def page_create(
    *,
    space: Space,
    author: Person,
    title: str,
    kind: str = PageKind.GUIDE,
    summary: str = "",
    body: str = "",
    steps: Sequence[StepInput] = (),
    skills: Sequence[Skill] = (),
    owners: Sequence[Person] = (),
    review_interval_days: int = 90,
) -> Page:
    """A new draft in a space, owned by its author (and any co-owners named)."""
    errors = _check_page_fields(
        title=title,
        kind=kind,
        summary=summary,
        body=body,
        review_interval_days=review_interval_days,
    )
    if any(not owner.is_active for owner in owners):
        errors["owners"] = "Owners must be current colleagues."
    if errors:
        raise ValidationError(errors)
    cleaned_steps = _clean_steps(page=None, steps=steps)  # a new page has no images yet
    page = Page.objects.create(
        space=space,
        title=title.strip(),
        kind=kind,
        summary=summary.strip(),
        body=body,
        author=author,
        review_interval_days=review_interval_days,
    )
    page.owners.set({author, *owners})
    page.skills.set(list(skills))
    _replace_steps(page=page, steps=cleaned_steps)
    _version_create(page=page, author=author, note="First draft")
    _links_refresh(page)
    page_reindex(page=page)
    return page


@transaction.atomic
def page_update(
    *,
    page: Page,
    editor: Person,
    title: str,
    kind: str,
    summary: str,
    body: str,
    steps: Sequence[StepInput],
    skills: Sequence[Skill],
    review_interval_days: int,
    note: str = "",
) -> Page:
    """Save a change as a new version; a published page stays published (owners are trusted)."""
    errors = _check_page_fields(
        title=title,
        kind=kind,
        summary=summary,
        body=body,
        review_interval_days=review_interval_days,
    )
    if errors:
        raise ValidationError(errors)
    cleaned_steps = _clean_steps(page=page, steps=steps)
    before = (page.title, page.kind, page.summary, page.body, _step_snapshot(page))
    page.title, page.kind, page.summary, page.body = title.strip(), kind, summary.strip(), body
    interval_changed = page.review_interval_days != review_interval_days
    page.review_interval_days = review_interval_days
    if interval_changed and page.last_verified_at is not None:
        page.review_due_at = page.last_verified_at + timedelta(days=review_interval_days)
    page.full_clean(exclude=["space", "author", "reviewer", "verified_by"])
    page.save()
    page.skills.set(list(skills))
    _replace_steps(page=page, steps=cleaned_steps)
    after = (page.title, page.kind, page.summary, page.body, _step_snapshot(page))
    if before != after:
        _version_create(page=page, author=editor, note=note)
        if page.status == PageStatus.PUBLISHED:
            activity_record(
                format=ActivityFormat.KNOWLEDGE,
                action="page.updated",
                title=f"{editor.full_name} updated “{page.title}”",
                participants=[Participant(person=editor, role=ParticipantRole.AUTHOR)],
                visibility=_page_visibility(page),
                skills=list(skills),
                source=page,
                created_by=editor,
                coalesce_within=EDITS_COALESCE,
            )
    _links_refresh(page)
    page_reindex(page=page)
    return page


@transaction.atomic
def page_submit_for_review(*, page: Page, submitted_by: Person, reviewer: Person) -> Page:
    if page.status != PageStatus.DRAFT:
        raise ValidationError({"reviewer": "Only a draft can be sent for review."})
    if reviewer.id == submitted_by.id:
        raise ValidationError({"reviewer": "Ask someone else to review your page."})
    if not reviewer.is_active:
        raise ValidationError({"reviewer": f"{reviewer.full_name} has left; choose someone else."})
    if (
        page.space.is_private
        and not SpaceMembership.objects.filter(space=page.space, person=reviewer).exists()
    ):
        raise ValidationError(
            {"reviewer": f"{reviewer.full_name} is not a member of this private space."}
        )
    page.status, page.reviewer = PageStatus.IN_REVIEW, reviewer
    page.save(update_fields=["status", "reviewer", "updated_at"])
    page_reindex(page=page)
    _notify(
        recipient=reviewer,
        kind="knowledge.review_requested",
        key=f"knowledge.review-requested:{page.id}:{page.version_number}:{reviewer.id}",
        subject=f"Please review “{page.title}”",
        message=f"{submitted_by.full_name} asks you to review “{page.title}” before publishing.",
        lines=[page.summary] if page.summary else [],
        url=f"/hub/pages/{page.id}/",
        action_label="Review the page",
    )
    return page


@transaction.atomic
def page_approve(*, page: Page, reviewer: Person, note: str = "") -> Page:
    """The reviewer publishes the page; its review clock starts now."""
    if page.status != PageStatus.IN_REVIEW or page.reviewer_id != reviewer.id:
        raise ValidationError({"__all__": "Only the named reviewer can publish a page in review."})
    now = timezone.now()
    first_time = page.published_at is None
    page.status = PageStatus.PUBLISHED
    page.published_at = page.published_at or now
    page.last_verified_at, page.verified_by = now, reviewer
    page.review_due_at = now + timedelta(days=page.review_interval_days)
    page.save()
    if note.strip():
        PageComment.objects.create(page=page, author=reviewer, body=note.strip())
    skills = list(page.skills.all())
    activity_record(
        format=ActivityFormat.KNOWLEDGE,
        action="page.published" if first_time else "page.republished",
        title=f"“{page.title}” published",
        participants=_page_participants(
            page, extra=[Participant(person=reviewer, role=ParticipantRole.REVIEWER)]
        ),
        visibility=_page_visibility(page),
        skills=skills,
        source=page,
        created_by=reviewer,
    )
    for owner in page.owners.filter(is_active=True).exclude(id=reviewer.id):
        _notify(
            recipient=owner,
            kind="knowledge.published",
            key=f"knowledge.published:{page.id}:{page.version_number}:{owner.id}",
            subject=f"“{page.title}” is published",
            message=f"{reviewer.full_name} reviewed and published “{page.title}”.",
            url=f"/hub/pages/{page.id}/",
            action_label="Open the page",
        )
    page_reindex(page=page)
    return page


@transaction.atomic
def page_request_changes(*, page: Page, reviewer: Person, note: str) -> Page:
    if page.status != PageStatus.IN_REVIEW or page.reviewer_id != reviewer.id:
        raise ValidationError({"__all__": "Only the named reviewer can send a page back."})
    if not note.strip():
        raise ValidationError({"note": "Say what should change, so the authors can act on it."})
    page.status = PageStatus.DRAFT
    page.save(update_fields=["status", "updated_at"])
    PageComment.objects.create(page=page, author=reviewer, body=note.strip())
    activity_record(
        format=ActivityFormat.KNOWLEDGE,
        action="page.reviewed",
        title=f"{reviewer.full_name} reviewed “{page.title}”",
        participants=[Participant(person=reviewer, role=ParticipantRole.REVIEWER)],
        skills=list(page.skills.all()),
        outcome=note.strip()[:4000],
        source=page,
        created_by=reviewer,
    )
    for owner in page.owners.filter(is_active=True):
        _notify(
            recipient=owner,
            kind="knowledge.changes_requested",
            key=f"knowledge.changes:{page.id}:{page.version_number}:{owner.id}",
            subject=f"Changes requested on “{page.title}”",
            message=f"{reviewer.full_name} asked for changes to “{page.title}”.",
            lines=[markdown_to_text(note)[:500]],
            url=f"/hub/pages/{page.id}/",
            action_label="See the review",
        )
    page_reindex(page=page)
    return page


@transaction.atomic
def page_verify(*, page: Page, verified_by: Person) -> Page:
    """An owner confirms the page is still right: the review clock starts again."""
    if page.status != PageStatus.PUBLISHED:
        raise ValidationError({"__all__": "Only a published page can be verified."})
    now = timezone.now()
    page.last_verified_at, page.verified_by = now, verified_by
    page.review_due_at = now + timedelta(days=page.review_interval_days)
    page.owners_reminded_at = None
    page.save(
        update_fields=[
            "last_verified_at",
            "verified_by",
            "review_due_at",
            "owners_reminded_at",
            "updated_at",
        ]
    )
    activity_record(
        format=ActivityFormat.KNOWLEDGE,
        action="page.verified",
        title=f"{verified_by.full_name} verified “{page.title}”",
        participants=[Participant(person=verified_by, role=ParticipantRole.OWNER)],
        visibility=_page_visibility(page),
        skills=list(page.skills.all()),
        source=page,
        created_by=verified_by,
    )
    page_reindex(page=page)
    return page


@transaction.atomic
def page_owner_add(*, page: Page, person: Person, added_by: Person) -> Page:
    if not person.is_active:
        raise ValidationError(
            {"person": f"{person.full_name} has left; choose a current colleague."}
        )
    if (
        page.space.is_private
        and not SpaceMembership.objects.filter(space=page.space, person=person).exists()
    ):
        raise ValidationError({"person": f"{person.full_name} is not a member of this space."})
    if page.owners.filter(id=person.id).exists():
        raise ValidationError({"person": f"{person.full_name} already owns this page."})
    page.owners.add(person)
    page.ownerless_flagged_at = None
    page.save(update_fields=["ownerless_flagged_at", "updated_at"])
    if person.id != added_by.id:
        _notify(
            recipient=person,
            kind="knowledge.owner_added",
            key=f"knowledge.owner:{page.id}:{person.id}:{timezone.now():%Y%m%d%H%M}",
            subject=f"You now own “{page.title}”",
            message=f"{added_by.full_name} made you an owner of “{page.title}”. "
            "Owners keep it accurate and verify it when its review date comes.",
            url=f"/hub/pages/{page.id}/",
            action_label="Open the page",
        )
    page_reindex(page=page)
    return page


@transaction.atomic
def page_owner_remove(*, page: Page, person: Person) -> Page:
    if not page.owners.filter(id=person.id).exists():
        raise ValidationError({"person": f"{person.full_name} does not own this page."})
    if not page.owners.filter(is_active=True).exclude(id=person.id).exists():
        raise ValidationError(
            {"person": "A page needs an owner: add the new owner before stepping down."}
        )
    page.owners.remove(person)
    page_reindex(page=page)
    return page


@transaction.atomic
def page_hand_over(*, page: Page, from_person: Person, to_person: Person) -> Page:
    """An owner passes the page on: the new owner is added, then the old one steps down."""
    if from_person.id == to_person.id:
        raise ValidationError({"person": "Choose someone other than yourself."})
    page_owner_add(page=page, person=to_person, added_by=from_person)
    page_owner_remove(page=page, person=from_person)
    activity_record(
        format=ActivityFormat.KNOWLEDGE,
        action="page.handed_over",
        title=f"{from_person.full_name} handed “{page.title}” to {to_person.full_name}",
        participants=[
            Participant(person=from_person, role=ParticipantRole.OWNER),
            Participant(person=to_person, role=ParticipantRole.OWNER),
        ],
        source=page,
        created_by=from_person,
    )
    return page


@transaction.atomic
def page_restore_version(*, page: Page, version: PageVersion, restored_by: Person) -> Page:
    """Bring back an earlier version's content as a new version (history is never rewritten)."""
    if version.page_id != page.id:
        raise ValidationError({"version": NOT_THIS_PAGES_VERSION})
    known_images = set(
        Attachment.objects.filter(page=page, is_image=True).values_list("id", flat=True)
    )
    steps = []
    for step in version.steps or []:
        image_id = uuid.UUID(step["image_id"]) if step.get("image_id") else None
        steps.append(
            StepInput(
                title=str(step.get("title", "")),
                body=str(step.get("body", "")),
                image_id=image_id if image_id in known_images else None,
            )
        )
    return page_update(
        page=page,
        editor=restored_by,
        title=version.title,
        kind=version.kind,
        summary=version.summary,
        body=version.body,
        steps=steps,
        skills=list(page.skills.all()),
        review_interval_days=page.review_interval_days,
        note=f"Restored version {version.number}",
    )


# --- attachments ----------------------------------------------------------------------------

IMAGE_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
TEXT_TYPES = {"txt": "text/plain", "md": "text/markdown", "csv": "text/csv"}
ALLOWED_EXTENSIONS = sorted({*IMAGE_TYPES, *DOCUMENT_TYPES, *TEXT_TYPES})
SNIFF_BYTES = 8192


def _extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _detected_type(upload: UploadedFile) -> tuple[str | None, bytes]:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    return (kind.mime if kind is not None else None), head


def attachment_check(upload: UploadedFile) -> tuple[str, str]:
    """The file's extension and real content type, or a clear reason to refuse it.

    The content decides (magic bytes via `filetype`), not the name or the browser's claim:
    a `.png` that is really a program is refused.
    """
    name = upload.name or ""
    size = upload.size or 0
    limit = max_attachment_bytes()
    if size == 0:
        raise ValidationError({"file": "The file is empty."})
    if size > limit:
        raise ValidationError(
            {
                "file": f"“{name}” is {size / 1048576:.1f} MB; files can be at most "
                f"{limit / 1048576:.0f} MB."
            }
        )
    extension = _extension_of(name)
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            {
                "file": f"“{name}” is not a file type the hub accepts. Upload an image "
                f"(PNG, JPEG, GIF, WebP), a PDF, an Office document or a text file."
            }
        )
    detected, head = _detected_type(upload)
    expected = IMAGE_TYPES.get(extension) or DOCUMENT_TYPES.get(extension)
    if expected is not None:
        if detected != expected:
            what = f"its content is {detected}" if detected else "its content is not recognised"
            raise ValidationError(
                {
                    "file": f"“{name}” is not a real .{extension} file ({what}). "
                    "Upload the file itself, not a renamed one."
                }
            )
        return extension, expected
    # Text has no magic number: refuse anything recognisable as binary, and non-UTF-8 bytes.
    if detected is not None or b"\x00" in head:
        raise ValidationError(
            {"file": f"“{name}” is not a text file ({detected or 'binary content'})."}
        )
    upload.seek(0)
    try:
        upload.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError({"file": f"“{name}” is not UTF-8 text."}) from error
    finally:
        upload.seek(0)
    return extension, TEXT_TYPES[extension]


@transaction.atomic
def attachment_add(*, page: Page, upload: UploadedFile, uploaded_by: Person) -> Attachment:
    extension, content_type = attachment_check(upload)
    original = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:255]
    attachment = Attachment(
        page=page,
        original_name=original,
        extension=extension,
        content_type=content_type,
        size=upload.size or 0,
        is_image=content_type.startswith("image/"),
        uploaded_by=uploaded_by,
    )
    attachment.file.save(f"{attachment.id}.{extension}", upload, save=False)
    attachment.save()
    return attachment


# --- readers' responses ---------------------------------------------------------------------


@transaction.atomic
def page_feedback_give(
    *, page: Page, person: Person, helpful: bool, comment: str = ""
) -> PageFeedback:
    """ "Was this helpful?" — one answer per reader; changing it moves the counts."""
    if page.status != PageStatus.PUBLISHED:
        raise ValidationError({"helpful": "Feedback is for published pages."})
    comment = comment.strip()
    if len(comment) > 500:
        raise ValidationError({"comment": "Keep the comment to 500 characters."})
    feedback = PageFeedback.objects.select_for_update().filter(page=page, person=person).first()
    if feedback is None:
        feedback = PageFeedback.objects.create(
            page=page, person=person, helpful=helpful, comment=comment
        )
        delta = (1, 0) if helpful else (0, 1)
    else:
        delta = (0, 0)
        if feedback.helpful != helpful:
            delta = (1, -1) if helpful else (-1, 1)
        feedback.helpful, feedback.comment = helpful, comment
        feedback.save(update_fields=["helpful", "comment", "updated_at"])
    if delta != (0, 0):
        Page.objects.filter(pk=page.pk).update(
            helpful_count=F("helpful_count") + delta[0],
            unhelpful_count=F("unhelpful_count") + delta[1],
        )
        page.refresh_from_db(fields=["helpful_count", "unhelpful_count"])
        page_reindex(page=page)
    return feedback


@transaction.atomic
def page_comment_add(*, page: Page, author: Person, body: str) -> PageComment:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write a comment first."})
    if len(body) > 10_000:
        raise ValidationError({"body": "Keep the comment to 10,000 characters."})
    comment = PageComment.objects.create(page=page, author=author, body=body)
    for owner in page.owners.filter(is_active=True).exclude(id=author.id):
        _notify(
            recipient=owner,
            kind="knowledge.comment",
            key=f"knowledge.comment:{comment.id}:{owner.id}",
            subject=f"New comment on “{page.title}”",
            message=f"{author.full_name} commented on “{page.title}”.",
            lines=[markdown_to_text(body)[:500]],
            url=f"/hub/pages/{page.id}/#comment-{comment.id}",
            action_label="Read the comment",
        )
    return comment


def page_view_record(*, page: Page, viewer: Person | None, now: datetime | None = None) -> None:
    """Count a read by someone other than its owners (owners editing are not readers)."""
    if viewer is None or page.status != PageStatus.PUBLISHED:
        return
    if page.owners.filter(id=viewer.id).exists():
        return
    Page.objects.filter(pk=page.pk).update(
        view_count=F("view_count") + 1, last_viewed_at=now or timezone.now()
    )


@transaction.atomic
def page_delete(*, page: Page) -> None:
    """Only drafts that were never published are deleted; published knowledge is kept."""
    if page.published_at is not None:
        raise ValidationError({"__all__": "A page that was published cannot be deleted."})
    search_index_remove(kind=SearchKind.PAGE, object_id=page.id)
    page.delete()


# --- notifications --------------------------------------------------------------------------


def _notify(
    *,
    recipient: Person,
    kind: str,
    key: str,
    subject: str,
    message: str,
    url: str,
    action_label: str,
    lines: Sequence[str] = (),
) -> None:
    from peerlearn.notifications.services import EmailContent, notify

    notify(
        recipient=recipient,
        kind=kind,
        key=key,
        content=EmailContent(
            subject=subject,
            message=message,
            lines=[line for line in lines if line],
            url=url,
            action_label=action_label,
        ),
    )


# --- freshness (run by the daily job in tasks.py) --------------------------------------------


def _day_for(person: Person, moment: datetime | None) -> str:
    """A date as the person reads it, in their own time zone."""
    return f"{moment.astimezone(person.zone):%-d %b %Y}" if moment else "unknown"


def freshness_reminders_send(*, now: datetime) -> int:
    """Remind each active owner of their pages past the review date: one message a week.

    The notification key names the owner and the ISO week, so however often the job runs
    (retries, several workers) an owner hears about it at most once a week.
    """
    from peerlearn.knowledge.selectors import stale_pages_by_owner

    year, week, _ = now.isocalendar()
    owners = Person.objects.in_bulk(list(stale_pages_by_owner(now=now)))
    sent = 0
    for owner_id, pages in stale_pages_by_owner(now=now).items():
        owner = owners[owner_id]
        titles = [
            f"“{page.title}” (review was due {_day_for(owner, page.review_due_at)})"
            for page in pages[:10]
        ]
        if len(pages) > 10:
            titles.append(f"and {len(pages) - 10} more")
        with transaction.atomic():
            _notify(
                recipient=owner,
                kind="knowledge.review_due",
                key=f"knowledge.review-due:{owner.id}:{year}-W{week:02d}",
                subject=(
                    f"{len(pages)} of your hub pages need review"
                    if len(pages) > 1
                    else f"“{pages[0].title}” needs review"
                ),
                message="Check each page is still right: verify it to restart its review "
                "clock, edit it, or hand it to someone who knows it better.",
                lines=titles,
                url="/hub/health/?view=stale",
                action_label="Review your pages",
            )
            Page.objects.filter(id__in=[p.id for p in pages]).update(owners_reminded_at=now)
        sent += 1
    return sent


def ownerless_pages_flag(*, now: datetime) -> int:
    """Tell space admins (or, for a public space without one, programme admins) about
    published pages whose owners have all left. Once per space and admin per week."""
    from peerlearn.knowledge.selectors import ownerless_pages_by_space

    year, week, _ = now.isocalendar()
    flagged = 0
    by_space = ownerless_pages_by_space(now=now)
    spaces = Space.objects.in_bulk(list(by_space))
    for space_id, pages in by_space.items():
        space = spaces[space_id]
        admins = list(
            Person.objects.filter(
                space_memberships__space=space,
                space_memberships__role=SpaceRole.ADMIN,
                is_active=True,
            )
        )
        if not admins and not space.is_private:
            admins = list(Person.objects.filter(is_programme_admin=True, is_active=True))
        with transaction.atomic():
            for admin in admins:
                _notify(
                    recipient=admin,
                    kind="knowledge.ownerless",
                    key=f"knowledge.ownerless:{space.id}:{admin.id}:{year}-W{week:02d}",
                    subject=f"{len(pages)} page(s) in {space.name} have no owner",
                    message=f"The owners of these pages in {space.name} have left. Give each "
                    "page a new owner so it stays accurate.",
                    lines=[f"“{page.title}”" for page in pages[:10]],
                    url=f"/hub/health/?view=ownerless&space={space.id}",
                    action_label="Assign new owners",
                )
            Page.objects.filter(
                id__in=[p.id for p in pages], ownerless_flagged_at__isnull=True
            ).update(ownerless_flagged_at=now)
        flagged += len(pages)
    return flagged
