"""Writes for logins and API tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from peerlearn.accounts.models import PersonalAccessToken, User

TOKEN_LAST_USED_RESOLUTION = timedelta(minutes=1)
DEACTIVATION_BATCH = 500


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: PersonalAccessToken
    secret: str


def user_create(*, email: str, password: str | None = None, is_staff: bool = False) -> User:
    return User.objects.create_user(email=email, password=password, is_staff=is_staff)


@transaction.atomic
def token_create(*, user: User, name: str, expires_at: datetime | None = None) -> IssuedToken:
    """Create a token; the secret is returned once and never stored."""
    secret = settings.PEERLEARN_API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name.strip(),
        digest=token_digest(secret),
        prefix=secret[:12],
        expires_at=expires_at,
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, token: PersonalAccessToken) -> PersonalAccessToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def token_authenticate(*, secret: str) -> User | None:
    """The active user a token belongs to, or None if unknown, revoked, expired or deactivated."""
    now = timezone.now()
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > TOKEN_LAST_USED_RESOLUTION:
        # Recorded at minute resolution so a busy client does not turn every read into a write.
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Close every way in: sessions die through the auth backend, tokens are revoked."""
    users_deactivate(user_ids=[user.pk])
    user.refresh_from_db(fields=["is_active", "updated_at"])
    return user


@transaction.atomic
def users_deactivate(*, user_ids: Sequence[uuid.UUID]) -> int:
    """The one place logins are closed, for one person or a whole import at once.

    Every secret that opens something without a password goes too: API tokens and calendar
    feed addresses. Both stay revoked if the person comes back (they make new ones).
    """
    # Imported here: calendars sits above accounts (it needs people, which need accounts).
    from peerlearn.calendars.models import CalendarFeed

    now = timezone.now()
    closed = 0
    for start in range(0, len(user_ids), DEACTIVATION_BATCH):
        chunk = user_ids[start : start + DEACTIVATION_BATCH]
        closed += User.objects.filter(id__in=chunk).update(is_active=False, updated_at=now)
        PersonalAccessToken.objects.filter(user_id__in=chunk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        CalendarFeed.objects.filter(person__user_id__in=chunk, revoked_at__isnull=True).update(
            revoked_at=now, updated_at=now
        )
    return closed


@transaction.atomic
def user_reactivate(*, user: User) -> User:
    users_reactivate(user_ids=[user.pk])
    user.refresh_from_db(fields=["is_active", "updated_at"])
    return user


@transaction.atomic
def users_reactivate(*, user_ids: Sequence[uuid.UUID]) -> int:
    """Logins open again; revoked tokens stay revoked (their owner makes new ones)."""
    now = timezone.now()
    opened = 0
    for start in range(0, len(user_ids), DEACTIVATION_BATCH):
        chunk = user_ids[start : start + DEACTIVATION_BATCH]
        opened += User.objects.filter(id__in=chunk).update(is_active=True, updated_at=now)
    return opened
