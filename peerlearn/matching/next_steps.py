"""Matching's part of the home page's next steps: published matches waiting for the person's
accept or decline. Two queries (the matches, then everyone in them)."""

from __future__ import annotations

from django.urls import reverse

from peerlearn.core.next_steps import PER_SOURCE, NextStep
from peerlearn.core.permissions import Actor
from peerlearn.matching.models import MatchMember
from peerlearn.matching.selectors import matches_to_answer
from peerlearn.people.models import Person

AREA = "Matching"


def _others(member: MatchMember) -> str:
    members = member.match.members.all()
    names = [m.person.full_name for m in members if m.person_id != member.person_id]
    if len(names) > 3:
        return f"{', '.join(names[:3])} and {len(names) - 3} more"
    return " and ".join(names) if len(names) <= 2 else f"{', '.join(names[:-1])} and {names[-1]}"


def next_steps_for(*, actor: Actor, person: Person) -> list[NextStep]:
    steps: list[NextStep] = []
    for member in matches_to_answer(person=person, limit=PER_SOURCE):
        match = member.match
        text = f"Accept or decline your match with {_others(member)} ({match.round.name})"
        steps.append(
            NextStep(
                text,
                reverse("matching:match", args=[match.id]),
                AREA,
                waiting_since=match.round.published_at or member.created_at,
            )
        )
    return steps
