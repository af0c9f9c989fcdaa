"""The mentoring objects the role tables name, made through the services the product uses.

The owner is the mentee and the peer their mentor: an active pair with a goal, a scheduled
check-in carrying the owner's private note, a held check-in, a closed pair waiting for feedback,
and a request the owner sent the peer (the owner offers to mentor them, the peer answers).
"""

from __future__ import annotations

from conftest import Org
from peerlearn.mentoring import services
from peerlearn.mentoring.tests.factories import held_check_in, make_mentorship, schedule
from tests.role_table import provides


@provides(
    "mentorship_id", "requested_id", "closed_id", "link_id", "check_in_id", "held_id", "note_id"
)
def mentoring_subject(org: Org) -> dict[str, str]:
    closed = make_mentorship(mentor=org.peer, mentee=org.owner)
    services.mentorship_close(mentorship=closed, by=org.peer)
    pair = make_mentorship(mentor=org.peer, mentee=org.owner)
    link = services.mentorship_goal_add(
        mentorship=pair, added_by=org.owner, title="Joins", skill=org.sql, target_level=2
    )
    check_in = schedule(pair, hours=72, agenda="Agenda")
    note = services.check_in_note_add(
        check_in=check_in, author=org.owner, visibility="private", body="Mine only"
    )
    held = held_check_in(pair)
    requested = services.mentorship_request(
        mentor=org.owner, mentee=org.peer, requested_by=org.owner
    )
    return {
        "mentorship_id": str(pair.id),
        "requested_id": str(requested.id),
        "closed_id": str(closed.id),
        "link_id": str(link.id),
        "check_in_id": str(check_in.id),
        "held_id": str(held.id),
        "note_id": str(note.id),
    }
