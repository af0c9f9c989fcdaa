"""Who may see and do what in a mentorship. Views and endpoints ask here, nowhere else.

- The pair (mentor and mentee) see everything they share: agreement, goals, check-ins and
  agendas, shared notes. A private note is readable by its author alone.
- A manager of either person, and programme admins, see an *overview*: who, status and dates
  (including check-in dates), never agendas, notes or feedback.
- Anyone else gets 404, exactly as for a mentorship that does not exist.
"""

from __future__ import annotations

import enum

from peerlearn.core.permissions import Actor
from peerlearn.mentoring.models import (
    CheckIn,
    CheckInNote,
    CheckInStatus,
    Mentorship,
    MentorshipStatus,
    NoteVisibility,
)


class MentorshipAccess(enum.IntEnum):
    NONE = 0
    OVERVIEW = 1
    PARTICIPANT = 2


def mentorship_access(actor: Actor, mentorship: Mentorship) -> MentorshipAccess:
    if not actor.is_authenticated:
        return MentorshipAccess.NONE
    if actor.is_employee and actor.person_id in (mentorship.mentor_id, mentorship.mentee_id):
        return MentorshipAccess.PARTICIPANT
    if actor.is_programme_admin:
        return MentorshipAccess.OVERVIEW
    managed = actor.managed_person_ids
    if mentorship.mentor_id in managed or mentorship.mentee_id in managed:
        return MentorshipAccess.OVERVIEW
    return MentorshipAccess.NONE


def can_view_mentorship(actor: Actor, mentorship: Mentorship) -> bool:
    return mentorship_access(actor, mentorship) != MentorshipAccess.NONE


def is_participant(actor: Actor, mentorship: Mentorship) -> bool:
    return mentorship_access(actor, mentorship) == MentorshipAccess.PARTICIPANT


def can_request_mentoring(actor: Actor) -> bool:
    return actor.is_employee


def can_respond(actor: Actor, mentorship: Mentorship) -> bool:
    """The person who was asked answers a request (for a match, either may accept)."""
    if not is_participant(actor, mentorship):
        return False
    return actor.person_id != mentorship.requested_by_id


def can_withdraw(actor: Actor, mentorship: Mentorship) -> bool:
    return (
        is_participant(actor, mentorship)
        and mentorship.status == MentorshipStatus.REQUESTED
        and actor.person_id == mentorship.requested_by_id
    )


def can_work_in(actor: Actor, mentorship: Mentorship) -> bool:
    """Schedule check-ins, set goals, write notes, change the agreement, close."""
    return is_participant(actor, mentorship) and mentorship.status == MentorshipStatus.ACTIVE


def can_give_feedback(actor: Actor, mentorship: Mentorship) -> bool:
    return is_participant(actor, mentorship) and mentorship.status == MentorshipStatus.CLOSED


def can_read_note(actor: Actor, note: CheckInNote, mentorship: Mentorship) -> bool:
    if note.visibility == NoteVisibility.PRIVATE:
        return actor.is_employee and actor.person_id == note.author_id
    return is_participant(actor, mentorship)


def can_edit_check_in(actor: Actor, check_in: CheckIn, mentorship: Mentorship) -> bool:
    return can_work_in(actor, mentorship) and check_in.status == CheckInStatus.SCHEDULED


def can_view_programme(actor: Actor) -> bool:
    return actor.is_programme_admin
