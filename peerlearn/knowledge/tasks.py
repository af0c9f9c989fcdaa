"""Background jobs of the knowledge hub: keeping pages fresh and owned."""

from __future__ import annotations

import datetime as dt

from peerlearn.jobs.retries import job
from peerlearn.jobs.schedules import DailyAt, periodic
from peerlearn.knowledge.services import freshness_reminders_send, ownerless_pages_flag


@periodic(name="knowledge.freshness", schedule=DailyAt(hour=6, minute=15))
@job()
def knowledge_freshness(*, slot: str) -> str:
    """Daily: remind owners of pages past their review date; flag ownerless pages to admins."""
    now = dt.datetime.fromisoformat(slot)
    reminded = freshness_reminders_send(now=now)
    flagged = ownerless_pages_flag(now=now)
    return f"reminded {reminded} owner(s); flagged {flagged} ownerless page(s)"
