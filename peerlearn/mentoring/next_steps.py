"""Mentoring's part of the home page's next steps: requests to answer, check-ins coming up,
and pairs that need attention. Two queries, however many pairs a person has."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from peerlearn.core.next_steps import HORIZON, PER_SOURCE, NextStep
from peerlearn.core.permissions import Actor
from peerlearn.mentoring.models import (
    CheckInStatus,
    Mentorship,
    MentorshipOrigin,
    MentorshipStatus,
)
from peerlearn.mentoring.selectors import (
    mentorships_waiting_on,
    quiet_days,
    upcoming_check_ins,
)
from peerlearn.people.models import Person

AREA = "Mentoring"


def _request_text(mentorship: Mentorship, person: Person) -> str:
    if mentorship.mentor_id == person.id:
        return f"{mentorship.mentee.full_name} would like you as their mentor: accept or decline"
    if mentorship.origin == MentorshipOrigin.MATCH:
        mentor = mentorship.mentor.full_name
        return f"{mentor} was matched with you as your mentor: accept or decline"
    return f"{mentorship.mentor.full_name} offered to mentor you: accept or decline"


def _attention_text(mentorship: Mentorship, person: Person) -> str:
    partner = mentorship.other(person).full_name
    if getattr(mentorship, "overdue_check_in", False):
        return f"Your check-in with {partner} is overdue: record how it went, or move it"
    return f"Nothing has happened with {partner} for over {quiet_days()} days: plan a check-in"


def next_steps_for(*, actor: Actor, person: Person) -> list[NextStep]:
    steps: list[NextStep] = []
    for mentorship in mentorships_waiting_on(person=person, limit=PER_SOURCE):
        url = reverse("mentoring:detail", args=[mentorship.id])
        if mentorship.status == MentorshipStatus.REQUESTED:
            text = _request_text(mentorship, person)
            steps.append(NextStep(text, url, AREA, waiting_since=mentorship.created_at))
        else:
            steps.append(NextStep(_attention_text(mentorship, person), url, AREA))
    horizon = timezone.now() + HORIZON
    for check_in in upcoming_check_ins(person=person, limit=PER_SOURCE):
        if check_in.starts_at > horizon or check_in.status != CheckInStatus.SCHEDULED:
            continue
        partner = check_in.mentorship.other(person).full_name
        url = reverse("mentoring:check_in", args=[check_in.mentorship_id, check_in.id])
        text = f"Mentoring check-in with {partner}"
        steps.append(NextStep(text, url, AREA, due=check_in.starts_at))
    return steps
