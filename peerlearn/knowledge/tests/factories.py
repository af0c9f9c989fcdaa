"""Building hub content for tests through the same services the product uses."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.utils import timezone

from peerlearn.knowledge.models import Page, Space, SpaceRole
from peerlearn.knowledge.services import (
    StepInput,
    page_approve,
    page_create,
    page_reindex,
    page_submit_for_review,
    space_create,
    space_member_set,
)
from peerlearn.people.models import Person

_counter = itertools.count(1)


def make_space(
    created_by: Person,
    name: str | None = None,
    *,
    is_private: bool = False,
    members: Sequence[Person] = (),
) -> Space:
    space = space_create(
        name=name or f"Space {next(_counter)}", created_by=created_by, is_private=is_private
    )
    for person in members:
        space_member_set(space=space, person=person, role=SpaceRole.MEMBER)
    return space


def make_page(
    space: Space,
    author: Person,
    title: str | None = None,
    *,
    reviewer: Person | None = None,
    body: str = "Some useful text.",
    steps: Sequence[StepInput] = (),
    **kwargs: Any,
) -> Page:
    """A draft, or (with a reviewer) a page published through the real review workflow."""
    page = page_create(
        space=space,
        author=author,
        title=title or f"Page {next(_counter)}",
        body=body,
        steps=steps,
        **kwargs,
    )
    if reviewer is not None:
        page_submit_for_review(page=page, submitted_by=author, reviewer=reviewer)
        page_approve(page=page, reviewer=reviewer)
        page.refresh_from_db()
    return page


def make_stale(page: Page, *, days_overdue: int = 3) -> Page:
    """Pretend the page's review date passed some days ago."""
    due = timezone.now() - timedelta(days=days_overdue)
    Page.objects.filter(pk=page.pk).update(
        review_due_at=due, last_verified_at=due - timedelta(days=page.review_interval_days)
    )
    page.refresh_from_db()
    page_reindex(page=page)
    return page
