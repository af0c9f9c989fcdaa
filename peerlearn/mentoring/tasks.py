"""Mentoring's background jobs: nudge quiet pairs, tell programme admins which pairs stalled."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from peerlearn.jobs.retries import job
from peerlearn.jobs.schedules import DailyAt, WeeklyAt, periodic
from peerlearn.mentoring.models import Mentorship
from peerlearn.mentoring.selectors import quiet_days, stalled_pairs
from peerlearn.notifications.services import EmailContent, notify_now
from peerlearn.people.models import Person

DIGEST_LINES = 15


def _stalled() -> list[Mentorship]:
    return list(
        stalled_pairs(mentorships=Mentorship.objects.all()).select_related(
            "mentor__user", "mentee__user"
        )
    )


@periodic(name="mentoring.nudge_pairs", schedule=DailyAt(hour=7))
@job()
def nudge_pairs_needing_attention(*, slot: str = "") -> int:
    """Nudge both people of every pair that needs attention, once per quiet spell.

    The key names the pair and the moment its quiet spell began (its last activity, or the
    missed check-in), so a pair is nudged once, not every morning, until something happens.
    """
    sent = 0
    for pair in _stalled():
        missed = bool(getattr(pair, "overdue_check_in", False))
        since = pair.last_activity_at.date().isoformat()
        reason = (
            "A check-in passed without being recorded: record it, or plan the next one."
            if missed
            else f"Nothing has happened for over {quiet_days()} days: a short check-in helps."
        )
        spell = f"{pair.id}:{'missed' if missed else 'quiet'}:{since}"
        for person, partner in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor)):
            sent += notify_now(
                recipient=person,
                kind="mentoring.nudge",
                key=f"mentoring.nudge:{spell}:{person.id}",
                content=EmailContent(
                    subject=f"Your mentoring with {partner.full_name} needs a nudge",
                    message=f"Your mentoring with {partner.full_name} has gone quiet. {reason}",
                    url=reverse("mentoring:detail", args=[pair.id]),
                    action_label="Schedule a check-in",
                ),
            )
    return sent


@periodic(name="mentoring.stalled_digest", schedule=WeeklyAt(weekday=0, hour=7))
@job()
def send_stalled_pairs_digest(*, slot: str = "") -> int:
    """Each Monday, tell every programme admin which pairs stalled (names and dates only)."""
    pairs = _stalled()
    if not pairs:
        return 0
    week = (dt.datetime.fromisoformat(slot) if slot else timezone.now()).date().isoformat()
    lines = [
        f"{pair.mentor.full_name} and {pair.mentee.full_name}: "
        + (
            "a check-in passed unrecorded"
            if getattr(pair, "overdue_check_in", False)
            else f"quiet since {pair.last_activity_at:%-d %b}"
        )
        for pair in pairs[:DIGEST_LINES]
    ]
    if len(pairs) > DIGEST_LINES:
        lines.append(f"… and {len(pairs) - DIGEST_LINES} more.")
    n = len(pairs)
    pairs_need = f"{n} mentoring pair{'s' if n != 1 else ''} need{'s' if n == 1 else ''}"
    sent = 0
    admins = Person.objects.filter(is_active=True, is_programme_admin=True).select_related("user")
    for admin in admins.order_by("full_name"):
        sent += notify_now(
            recipient=admin,
            kind="mentoring.digest",
            key=f"mentoring.digest:{week}:{admin.id}",
            content=EmailContent(
                subject=f"{pairs_need} attention",
                message=(
                    f"{pairs_need} attention. Both people in each pair were nudged; "
                    "a word from you often helps."
                ),
                lines=lines,
                url=reverse("mentoring:programme") + "?status=attention",
                action_label="See stalled pairs",
            ),
        )
    return sent
