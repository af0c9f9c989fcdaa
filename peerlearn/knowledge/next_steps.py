"""The hub's part of the home page's next steps: pages submitted for the person's review, and
pages they own that are past their review date. Three queries (spaces, then each list)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from peerlearn.core.next_steps import PER_SOURCE, NextStep
from peerlearn.core.permissions import Actor
from peerlearn.knowledge.selectors import pages_waiting_on
from peerlearn.people.models import Person

AREA = "Hub"


def next_steps_for(*, actor: Actor, person: Person) -> list[NextStep]:
    waiting = pages_waiting_on(actor=actor, now=timezone.now(), limit=PER_SOURCE)
    steps: list[NextStep] = []
    for page in waiting.to_review:
        by = f" by {page.author.full_name}" if page.author else ""
        steps.append(
            NextStep(
                f"Review “{page.title}”{by}",
                reverse("knowledge:page", args=[page.id]),
                AREA,
                waiting_since=page.updated_at,
            )
        )
    for page in waiting.to_verify:
        steps.append(
            NextStep(
                f"Check that “{page.title}” is still right, and verify it",
                reverse("knowledge:page", args=[page.id]),
                AREA,
                due=timezone.localdate(page.review_due_at) if page.review_due_at else None,
            )
        )
    return steps
