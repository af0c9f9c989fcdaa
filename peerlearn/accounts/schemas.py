"""What the API says about personal access tokens, and what it accepts."""

from __future__ import annotations

import uuid
from datetime import datetime

from ninja import Field, Schema
from pydantic import field_validator


class TokenOut(Schema):
    id: uuid.UUID
    name: str = Field(..., examples=["Laptop script"])
    prefix: str = Field(..., description="The secret's first characters, to recognise it.")
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None = Field(..., description="To the minute.")
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    secret: str = Field(
        ...,
        description="Send as 'Authorization: Bearer <secret>'. Shown this once; store it now.",
        examples=["plp_3q2v…"],
    )


class TokenCreateIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, examples=["Laptop script"])
    expires_in_days: int | None = Field(
        90, ge=1, le=3650, description="Days until it stops working; null for never."
    )

    @field_validator("name")
    @classmethod
    def _name_is_not_blank(cls, name: str) -> str:
        if not name.strip():
            raise ValueError("Give the token a name, such as where it is used.")
        return name.strip()
