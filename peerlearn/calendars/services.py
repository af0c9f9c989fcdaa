"""Creating, rotating and revoking calendar feed addresses."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from peerlearn.calendars.models import CalendarFeed
from peerlearn.people.models import Person

LAST_USED_RESOLUTION = timedelta(minutes=15)


def feed_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedFeed:
    feed: CalendarFeed
    secret: str


@transaction.atomic
def calendar_feed_rotate(*, person: Person) -> IssuedFeed:
    """A new secret address for the person's feed; any earlier address stops working."""
    calendar_feed_revoke(person=person)
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(person=person, digest=feed_digest(secret), prefix=secret[:8])
    return IssuedFeed(feed=feed, secret=secret)


@transaction.atomic
def calendar_feed_revoke(*, person: Person) -> int:
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    )


def calendar_feed_mark_used(*, feed: CalendarFeed) -> None:
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > LAST_USED_RESOLUTION:
        # Calendar apps poll often; one write per quarter hour is plenty to show "last used".
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
