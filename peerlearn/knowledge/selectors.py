"""Reads of the knowledge hub, always through the viewer's access.

`pages_visible_to` is kept in step with `knowledge.permissions.can_view_page`: a list (and
search) shows a page exactly when its detail page is allowed.
"""

from __future__ import annotations

import difflib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from peerlearn.core.permissions import Actor
from peerlearn.knowledge.models import (
    Attachment,
    Page,
    PageComment,
    PageFeedback,
    PageKind,
    PageStatus,
    PageVersion,
    Space,
    SpaceMembership,
    SpaceRole,
)
from peerlearn.knowledge.permissions import can_use_hub, can_view_page, space_roles
from peerlearn.people.models import Person

UNREAD_AFTER = timedelta(days=90)
UNHELPFUL_MIN_VOTES = 2


def visible_space_ids(*, actor: Actor) -> set[uuid.UUID]:
    """Public spaces, and private ones the actor belongs to."""
    if not can_use_hub(actor):
        return set()
    member_of = set(space_roles(actor)) if actor.is_employee else set()
    return set(
        Space.objects.filter(Q(is_private=False) | Q(id__in=member_of)).values_list("id", flat=True)
    )


def spaces_visible_to(*, actor: Actor) -> QuerySet[Space]:
    ids = visible_space_ids(actor=actor)
    return Space.objects.filter(id__in=ids).annotate(
        published_count=Count("pages", filter=Q(pages__status=PageStatus.PUBLISHED)),
        stale_count=Count(
            "pages",
            filter=Q(pages__status=PageStatus.PUBLISHED, pages__review_due_at__lte=timezone.now()),
        ),
    )


def space_get_visible(*, actor: Actor, space_id: uuid.UUID) -> Space | None:
    space = Space.objects.filter(pk=space_id).first()
    if space is None or space.id not in visible_space_ids(actor=actor):
        return None
    return space


def spaces_writable_by(*, actor: Actor) -> QuerySet[Space]:
    if not actor.is_employee:
        return Space.objects.none()
    return Space.objects.filter(id__in=visible_space_ids(actor=actor)).order_by("name")


def space_admin_ids(*, space: Space) -> list[uuid.UUID]:
    return list(
        SpaceMembership.objects.filter(
            space=space, role=SpaceRole.ADMIN, person__is_active=True
        ).values_list("person_id", flat=True)
    )


def space_members(*, space: Space) -> QuerySet[SpaceMembership]:
    return (
        SpaceMembership.objects.filter(space=space)
        .select_related("person", "person__team")
        .order_by("role", "person__full_name", "id")
    )


_DRAFTS_KEY = "knowledge.own_unpublished_page_ids"


def own_unpublished_page_ids(*, actor: Actor) -> frozenset[uuid.UUID]:
    """Unpublished pages the actor authored, owns or is asked to review (once per request).

    One UNION of three index lookups (author, reviewer, ownership): an OR across them would
    make the database scan every page, which at 100,000 pages costs more than the search.
    """
    cached = actor._cache.get(_DRAFTS_KEY)
    if isinstance(cached, frozenset):
        return cached
    person_id = actor.person_id
    if person_id is None or not actor.is_employee:
        return frozenset()
    unpublished = [PageStatus.DRAFT, PageStatus.IN_REVIEW]
    authored = Page.objects.filter(author_id=person_id, status__in=unpublished)
    reviewing = Page.objects.filter(reviewer_id=person_id, status__in=unpublished)
    owned = Page.owners.through.objects.filter(person_id=person_id, page__status__in=unpublished)
    ids = frozenset(
        authored.order_by()
        .values_list("id", flat=True)
        .union(
            reviewing.order_by().values_list("id", flat=True),
            owned.order_by().values_list("page_id", flat=True),
        )
    )
    actor._cache[_DRAFTS_KEY] = ids
    return ids


def authored_draft_ids(*, actor: Actor) -> QuerySet[Page]:
    """Unpublished pages the actor authored, owns or is asked to review."""
    return Page.objects.filter(id__in=own_unpublished_page_ids(actor=actor))


def pages_visible_to(*, actor: Actor) -> QuerySet[Page]:
    spaces = visible_space_ids(actor=actor)
    if not spaces:
        return Page.objects.none()
    published = Q(status=PageStatus.PUBLISHED)
    own = Q(id__in=own_unpublished_page_ids(actor=actor))
    return Page.objects.filter(space_id__in=spaces).filter(published | own)


def _page_list_related(pages: QuerySet[Page]) -> QuerySet[Page]:
    return pages.select_related("space").prefetch_related(
        Prefetch("owners", queryset=Person.objects.order_by("full_name")), "skills"
    )


@dataclass(frozen=True)
class PageFilters:
    space_id: uuid.UUID | None = None
    kind: str = ""
    skill_id: uuid.UUID | None = None
    owner_id: uuid.UUID | None = None
    freshness: str = ""  # "" | "fresh" | "needs_review"
    status: str = ""  # "" means published only; "mine" means my drafts and reviews


def page_list(*, actor: Actor, filters: PageFilters) -> QuerySet[Page]:
    pages = pages_visible_to(actor=actor)
    if filters.status == "mine":
        pages = pages.filter(id__in=own_unpublished_page_ids(actor=actor))
    else:
        pages = pages.filter(status=PageStatus.PUBLISHED)
    if filters.space_id is not None:
        pages = pages.filter(space_id=filters.space_id)
    if filters.kind in PageKind.values:
        pages = pages.filter(kind=filters.kind)
    if filters.skill_id is not None:
        pages = pages.filter(skills__id=filters.skill_id)
    if filters.owner_id is not None:
        pages = pages.filter(owners__id=filters.owner_id)
    now = timezone.now()
    if filters.freshness == "needs_review":
        pages = pages.filter(status=PageStatus.PUBLISHED, review_due_at__lte=now)
    elif filters.freshness == "fresh":
        pages = pages.filter(status=PageStatus.PUBLISHED, review_due_at__gt=now)
    return _page_list_related(pages).order_by("title", "id").distinct()


def recent_pages(*, actor: Actor, limit: int = 8) -> list[Page]:
    pages = pages_visible_to(actor=actor).filter(status=PageStatus.PUBLISHED)
    return list(_page_list_related(pages).order_by("-updated_at", "id")[:limit])


def page_get_visible(*, actor: Actor, page_id: uuid.UUID) -> tuple[Page, set[uuid.UUID]] | None:
    """The page and its owner ids if the actor may see it; None answers as missing."""
    page = (
        Page.objects.select_related("space", "author", "reviewer", "verified_by")
        .filter(pk=page_id)
        .first()
    )
    if page is None:
        return None
    owner_ids = set(page.owners.values_list("id", flat=True))
    if not can_view_page(actor, page, owner_ids):
        return None
    return page, owner_ids


@dataclass
class PageDetail:
    owners: list[Person]
    steps: list[object]
    attachments: list[Attachment]
    comments: list[PageComment]
    backlinks: list[Page]
    my_feedback: PageFeedback | None
    version_count: int


def page_detail(*, actor: Actor, page: Page) -> PageDetail:
    visible = pages_visible_to(actor=actor)
    backlinks = list(
        visible.filter(outgoing_links__target=page).select_related("space").order_by("title")[:20]
    )
    my_feedback = None
    if actor.person_id is not None:
        my_feedback = PageFeedback.objects.filter(page=page, person_id=actor.person_id).first()
    return PageDetail(
        owners=list(page.owners.select_related("team").order_by("full_name")),
        steps=list(page.steps.select_related("image").order_by("position")),
        attachments=list(page.attachments.order_by("-created_at")),
        comments=list(page.comments.select_related("author").order_by("created_at")),
        backlinks=backlinks,
        my_feedback=my_feedback,
        version_count=page.versions.count(),
    )


def page_versions(*, page: Page) -> QuerySet[PageVersion]:
    return page.versions.select_related("author").order_by("-number")


def version_get(*, page: Page, version_id: uuid.UUID) -> PageVersion | None:
    return page.versions.select_related("author").filter(pk=version_id).first()


@dataclass(frozen=True)
class DiffLine:
    op: str  # "same" | "added" | "removed" | "gap"
    text: str


def _version_text(version: PageVersion | None) -> list[str]:
    if version is None:
        return []
    lines = [f"# {version.title}", "", f"Summary: {version.summary}", ""]
    lines += version.body.splitlines()
    for number, step in enumerate(version.steps or [], start=1):
        lines += ["", f"## Step {number}: {step.get('title', '')}"]
        lines += str(step.get("body", "")).splitlines()
    return lines


def version_diff(*, older: PageVersion | None, newer: PageVersion) -> list[DiffLine]:
    """A line diff of the Markdown source; templates escape every line (no rendering)."""
    result: list[DiffLine] = []
    diff = difflib.unified_diff(_version_text(older), _version_text(newer), lineterm="", n=3)
    for line in diff:
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            result.append(DiffLine("gap", "…"))
        elif line.startswith("+"):
            result.append(DiffLine("added", line[1:]))
        elif line.startswith("-"):
            result.append(DiffLine("removed", line[1:]))
        else:
            result.append(DiffLine("same", line[1:]))
    return result


def version_before(*, version: PageVersion) -> PageVersion | None:
    return (
        PageVersion.objects.filter(page_id=version.page_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


def attachment_get_visible(*, actor: Actor, attachment_id: uuid.UUID) -> Attachment | None:
    attachment = (
        Attachment.objects.select_related("page", "page__space").filter(pk=attachment_id).first()
    )
    if attachment is None:
        return None
    owner_ids = set(attachment.page.owners.values_list("id", flat=True))
    if not can_view_page(actor, attachment.page, owner_ids):
        return None
    return attachment


# --- freshness and content health -----------------------------------------------------------

HEALTH_VIEWS = {
    "stale": "Needs review",
    "ownerless": "No active owner",
    "unhelpful": "Unhelpful",
    "unread": "Unread",
}


def _without_active_owner() -> Q:
    active_owner = Page.owners.through.objects.filter(
        page_id=OuterRef("pk"), person__is_active=True
    )
    return ~Q(Exists(active_owner))


def health_space_ids(*, actor: Actor) -> set[uuid.UUID]:
    """Spaces whose content health the actor looks after: those they administer."""
    roles = space_roles(actor)
    admin_of = {sid for sid, role in roles.items() if role == SpaceRole.ADMIN}
    if actor.is_programme_admin:
        admin_of |= set(Space.objects.filter(is_private=False).values_list("id", flat=True))
    return admin_of & visible_space_ids(actor=actor)


def content_health(
    *, actor: Actor, view: str, space_id: uuid.UUID | None = None, now: datetime | None = None
) -> QuerySet[Page]:
    """Published pages that need attention, in spaces the actor administers, plus (for stale
    and unhelpful) pages the actor owns anywhere they can see."""
    now = now or timezone.now()
    spaces = health_space_ids(actor=actor)
    scope = Q(space_id__in=spaces)
    if actor.person_id is not None and view in {"stale", "unhelpful", "unread"}:
        scope |= Q(
            id__in=Page.owners.through.objects.filter(person_id=actor.person_id).values("page_id")
        )
    pages = pages_visible_to(actor=actor).filter(status=PageStatus.PUBLISHED).filter(scope)
    if space_id is not None:
        pages = pages.filter(space_id=space_id)
    if view == "stale":
        pages = pages.filter(review_due_at__lte=now).order_by("review_due_at", "id")
    elif view == "ownerless":
        pages = pages.filter(_without_active_owner()).order_by("title", "id")
    elif view == "unhelpful":
        pages = pages.filter(
            unhelpful_count__gte=UNHELPFUL_MIN_VOTES, unhelpful_count__gt=F("helpful_count")
        ).order_by("-unhelpful_count", "id")
    elif view == "unread":
        cutoff = now - UNREAD_AFTER
        pages = (
            pages.filter(published_at__lte=cutoff)
            .filter(Q(last_viewed_at__isnull=True) | Q(last_viewed_at__lte=cutoff))
            .order_by("last_viewed_at", "id")
        )
    else:
        return Page.objects.none()
    return _page_list_related(pages)


def content_health_counts(*, actor: Actor, space_id: uuid.UUID | None = None) -> dict[str, int]:
    return {
        view: content_health(actor=actor, view=view, space_id=space_id).count()
        for view in HEALTH_VIEWS
    }


def stale_pages_by_owner(*, now: datetime) -> dict[uuid.UUID, list[Page]]:
    """Published pages past their review date, grouped by each active owner."""
    through = Page.owners.through
    rows = (
        through.objects.filter(
            page__status=PageStatus.PUBLISHED,
            page__review_due_at__lte=now,
            person__is_active=True,
        )
        .select_related("page")
        .order_by("person_id", "page__review_due_at")
    )
    grouped: dict[uuid.UUID, list[Page]] = {}
    for row in rows:
        grouped.setdefault(row.person_id, []).append(row.page)
    return grouped


def ownerless_pages_by_space(*, now: datetime) -> dict[uuid.UUID, list[Page]]:
    pages = (
        Page.objects.filter(status=PageStatus.PUBLISHED)
        .filter(_without_active_owner())
        .order_by("space_id", "title")
    )
    grouped: dict[uuid.UUID, list[Page]] = {}
    for page in pages:
        grouped.setdefault(page.space_id, []).append(page)
    return grouped


def hub_overview(*, actor: Actor) -> dict[str, object]:
    """What the hub's front page shows this person: their work first, then the spaces."""
    mine = authored_draft_ids(actor=actor).select_related("space").order_by("-updated_at", "id")
    to_review = [
        p for p in mine if p.status == PageStatus.IN_REVIEW and p.reviewer_id == actor.person_id
    ]
    drafts = [p for p in mine if p not in to_review][:10]
    my_stale: list[Page] = []
    if actor.person_id is not None:
        my_stale = list(
            pages_past_review_owned_by(person_id=actor.person_id, now=timezone.now())[:10]
        )
    return {"to_review": to_review[:10], "drafts": drafts, "my_stale": my_stale}


def pages_past_review_owned_by(*, person_id: uuid.UUID, now: datetime) -> QuerySet[Page]:
    """Published pages the person owns whose review date has passed, most overdue first."""
    return (
        Page.objects.filter(
            status=PageStatus.PUBLISHED, review_due_at__lte=now, owners__id=person_id
        )
        .select_related("space")
        .order_by("review_due_at", "id")
    )


@dataclass(frozen=True)
class PagesWaiting:
    to_review: list[Page]  # submitted with the person as reviewer
    to_verify: list[Page]  # owned, published and past their review date


def pages_waiting_on(*, actor: Actor, now: datetime, limit: int) -> PagesWaiting:
    """Pages that need the actor, in spaces they can still open (a private space they left
    keeps its pages from them, even ones they were asked to review)."""
    if actor.person_id is None or not actor.is_employee:
        return PagesWaiting(to_review=[], to_verify=[])
    spaces = visible_space_ids(actor=actor)
    to_review = Page.objects.filter(
        space_id__in=spaces, status=PageStatus.IN_REVIEW, reviewer_id=actor.person_id
    )
    to_verify = pages_past_review_owned_by(person_id=actor.person_id, now=now)
    return PagesWaiting(
        to_review=list(
            to_review.select_related("space", "author").order_by("updated_at", "id")[:limit]
        ),
        to_verify=list(to_verify.filter(space_id__in=spaces)[:limit]),
    )
