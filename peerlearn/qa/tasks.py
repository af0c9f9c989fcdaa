"""Background jobs of ask-a-peer."""

from __future__ import annotations

import datetime as dt

from peerlearn.jobs.retries import job
from peerlearn.jobs.schedules import Every, periodic
from peerlearn.qa.services import questions_escalate


@periodic(name="qa.escalate", schedule=Every(minutes=60))
@job()
def qa_escalate(*, slot: str) -> str:
    """Hourly: questions unanswered for a day reach more experts."""
    escalated = questions_escalate(now=dt.datetime.fromisoformat(slot))
    return f"escalated {escalated} question(s)"
