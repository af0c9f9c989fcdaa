"""Reads of logins and API tokens."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from peerlearn.accounts.models import PersonalAccessToken, User


def tokens_of(*, user: User) -> QuerySet[PersonalAccessToken]:
    """A person's tokens, newest first, revoked and expired ones included for traceability."""
    return PersonalAccessToken.objects.filter(user=user).order_by("-created_at")


def token_of(*, user: User, token_id: uuid.UUID) -> PersonalAccessToken | None:
    """One of the person's own tokens; someone else's reads as missing."""
    return tokens_of(user=user).filter(pk=token_id).first()
