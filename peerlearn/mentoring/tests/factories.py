"""Mentorships for tests, made through the services the product uses."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from peerlearn.mentoring.models import CheckIn, CheckInNote, Mentorship
from peerlearn.mentoring.services import (
    check_in_note_add,
    check_in_record,
    check_in_schedule,
    mentorship_accept,
    mentorship_request,
)
from peerlearn.people.models import Person


def make_mentorship(
    *, mentor: Person, mentee: Person, active: bool = True, message: str = "Please?"
) -> Mentorship:
    mentorship = mentorship_request(
        mentor=mentor, mentee=mentee, requested_by=mentee, message=message
    )
    if active:
        mentorship = mentorship_accept(mentorship=mentorship, by=mentor)
    return mentorship


def schedule(
    mentorship: Mentorship, *, by: Person | None = None, hours: float = 48, agenda: str = ""
) -> CheckIn:
    return check_in_schedule(
        mentorship=mentorship,
        by=by or mentorship.mentee,
        starts_at=timezone.now() + dt.timedelta(hours=hours),
        agenda=agenda,
    )


def held_check_in(mentorship: Mentorship, *, days_ago: float = 1) -> CheckIn:
    """A check-in scheduled in the past (by travelling back) and recorded as held now."""
    when = timezone.now() - dt.timedelta(days=days_ago)
    with time_machine.travel(when - dt.timedelta(days=1), tick=False):
        check_in = check_in_schedule(
            mentorship=mentorship, by=mentorship.mentee, starts_at=when, agenda="Past agenda"
        )
    return check_in_record(check_in=check_in, by=mentorship.mentee, progress_rating=4, mood=4)


def notes(check_in: CheckIn) -> tuple[CheckInNote, CheckInNote, CheckInNote]:
    """The mentee's shared and private notes, and the mentor's private note."""
    mentorship = check_in.mentorship
    shared = check_in_note_add(
        check_in=check_in, author=mentorship.mentee, visibility="shared", body="SHARED-by-mentee"
    )
    private = check_in_note_add(
        check_in=check_in, author=mentorship.mentee, visibility="private", body="PRIVATE-of-mentee"
    )
    mentor_private = check_in_note_add(
        check_in=check_in, author=mentorship.mentor, visibility="private", body="PRIVATE-of-mentor"
    )
    return shared, private, mentor_private
