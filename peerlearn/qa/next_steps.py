"""Ask-a-peer's part of the home page's next steps: open questions the person was asked to
answer. One query."""

from __future__ import annotations

from django.urls import reverse

from peerlearn.core.next_steps import PER_SOURCE, NextStep
from peerlearn.core.permissions import Actor
from peerlearn.people.models import Person
from peerlearn.qa.models import ExpertRequest
from peerlearn.qa.selectors import questions_asked_of

AREA = "Questions"


def _text(request: ExpertRequest) -> str:
    title = f"“{request.question.title}”"
    if request.invited_by is not None:
        return f"{request.invited_by.full_name} asked you to answer {title}"
    asker = request.question.asker
    if asker is not None:
        return f"{asker.full_name} needs your answer to {title}"
    return f"You were asked to answer {title}"


def next_steps_for(*, actor: Actor, person: Person) -> list[NextStep]:
    return [
        NextStep(
            _text(request),
            reverse("qa:detail", args=[request.question_id]),
            AREA,
            waiting_since=request.created_at,
        )
        for request in questions_asked_of(person=person, limit=PER_SOURCE)
    ]
