"""What the search API accepts and returns."""

from __future__ import annotations

import uuid
from typing import Literal

from ninja import Field, Schema

from peerlearn.knowledge.schemas import PersonRef, SkillRef


class SearchIn(Schema):
    q: str = Field(..., max_length=200, description="Words to find; all must match.")
    type: Literal["page", "question", "person"] | None = None
    space: uuid.UUID | None = None
    skill: uuid.UUID | None = None
    owner: uuid.UUID | None = Field(None, description="A page owner or a question's asker.")
    freshness: Literal["fresh", "needs_review"] | None = None
    page: int = Field(1, ge=1, le=50)
    page_size: int = Field(20, ge=1, le=50)


class SearchHitOut(Schema):
    kind: Literal["page", "question"]
    id: uuid.UUID
    url: str
    title_html: str = Field(..., description="Escaped title; matches wrapped in <mark>.")
    snippet_html: str = Field(..., description="Escaped excerpt; matches wrapped in <mark>.")
    rank: float


class PersonHitOut(Schema):
    person: PersonRef
    skill: SkillRef
    level: int
    url: str


class SearchOut(Schema):
    total: int
    total_is_capped: bool = Field(..., description="True when there are more than `total`.")
    page: int
    suggestion: str = Field("", description="The corrected query used when nothing matched.")
    backend: str
    results: list[SearchHitOut]
    people: list[PersonHitOut]
