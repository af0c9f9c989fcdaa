"""Who may see and do what in matching. Views and endpoints ask here, nowhere else.

- Programme admins configure, run, adjust and publish rounds and see every match, including
  proposals nobody else knows about yet.
- An employee sees the published matches they are in (with the reasons), answers them, and
  browses suggestions for themselves. Never anyone else's.
- A manager sees that their reports (the whole line below them) were matched and how each
  match stands: round, role, status and dates, not partners or reasons.
- Anything else answers 404, exactly like something that does not exist.
"""

from __future__ import annotations

import enum

from peerlearn.core.permissions import Actor
from peerlearn.matching.models import Match, MatchMember, MatchStatus, Response


class MatchAccess(enum.IntEnum):
    NONE = 0
    ADMIN = 1
    MEMBER = 2


def can_run_programmes(actor: Actor) -> bool:
    return actor.is_programme_admin


def can_use_matching(actor: Actor) -> bool:
    return actor.is_employee


def can_view_team(actor: Actor) -> bool:
    return actor.is_employee and actor.is_manager


def match_access(actor: Actor, match: Match, members: list[MatchMember]) -> MatchAccess:
    if not actor.is_authenticated:
        return MatchAccess.NONE
    published = match.status != MatchStatus.PROPOSED
    if published and actor.is_employee and any(m.person_id == actor.person_id for m in members):
        return MatchAccess.MEMBER
    if actor.is_programme_admin:
        return MatchAccess.ADMIN
    return MatchAccess.NONE


def can_answer(actor: Actor, match: Match, members: list[MatchMember]) -> bool:
    """A member who has not answered yet, while the match waits for answers."""
    if match.status != MatchStatus.OFFERED or not actor.is_employee:
        return False
    return any(m.person_id == actor.person_id and m.response == Response.PENDING for m in members)
