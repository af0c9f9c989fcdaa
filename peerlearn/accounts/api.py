"""Personal access tokens under /api/v1/tokens: each person manages only their own."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from peerlearn.accounts.models import PersonalAccessToken
from peerlearn.accounts.schemas import TokenCreatedOut, TokenCreateIn, TokenOut
from peerlearn.accounts.selectors import token_of, tokens_of
from peerlearn.accounts.services import token_create, token_revoke
from peerlearn.core.api import ERROR_RESPONSES, Pagination, api_actor, paginate
from peerlearn.core.permissions import require

router = Router(tags=["tokens"])


@router.get("/tokens", response=list[TokenOut], summary="My API tokens")
@paginate(Pagination)
def token_list(request: HttpRequest) -> QuerySet[PersonalAccessToken]:
    """Newest first, revoked and expired ones included so their use can be traced."""
    actor = api_actor(request)
    return tokens_of(user=actor.user)


@router.post(
    "/tokens", response={201: TokenCreatedOut, **ERROR_RESPONSES}, summary="Create a token"
)
def token_create_endpoint(request: HttpRequest, payload: TokenCreateIn) -> Status[dict[str, Any]]:
    """The secret is in this response only; Peerlearn keeps just a digest of it."""
    actor = api_actor(request)
    expires_at = (
        timezone.now() + timedelta(days=payload.expires_in_days)
        if payload.expires_in_days is not None
        else None
    )
    issued = token_create(user=actor.user, name=payload.name, expires_at=expires_at)
    token = issued.token
    return Status(
        201,
        {
            "id": token.id,
            "name": token.name,
            "prefix": token.prefix,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
            "last_used_at": token.last_used_at,
            "revoked_at": token.revoked_at,
            "secret": issued.secret,
        },
    )


@router.delete("/tokens/{token_id}", response={204: None, **ERROR_RESPONSES}, summary="Revoke")
def token_revoke_endpoint(request: HttpRequest, token_id: uuid.UUID) -> Status[None]:
    """Stops the token at once. Someone else's token answers 404, like a missing one."""
    actor = api_actor(request)
    token = token_of(user=actor.user, token_id=token_id)
    require(token is not None)
    assert token is not None
    token_revoke(token=token)
    return Status(204, None)
