"""What the API says about hub spaces, pages and versions, and what it accepts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from peerlearn.knowledge.models import PageKind


class PersonRef(Schema):
    id: uuid.UUID
    full_name: str
    is_active: bool


class SkillRef(Schema):
    id: uuid.UUID
    slug: str
    name: str


class SpaceOut(Schema):
    id: uuid.UUID
    name: str
    slug: str
    description: str
    is_private: bool


class StepOut(Schema):
    position: int
    title: str
    body: str
    body_html: str
    image_url: str | None


class PageSummaryOut(Schema):
    id: uuid.UUID
    title: str
    kind: str
    summary: str
    status: str
    space: SpaceOut
    owners: list[PersonRef]
    skills: list[SkillRef]
    review_interval_days: int
    review_due_at: datetime | None
    needs_review: bool
    updated_at: datetime
    url: str = ""

    @staticmethod
    def resolve_url(obj: object) -> str:
        page_id = obj["id"] if isinstance(obj, dict) else getattr(obj, "id", "")
        return f"/hub/pages/{page_id}/"


class PageOut(PageSummaryOut):
    body: str
    body_html: str = Field(..., description="The body rendered and sanitised: safe to insert.")
    steps: list[StepOut]
    version: int
    reviewer: PersonRef | None
    last_verified_at: datetime | None
    view_count: int
    helpful_count: int
    unhelpful_count: int


class StepIn(Schema):
    title: str = Field(..., max_length=200)
    body: str = Field("", max_length=20_000)
    image_id: uuid.UUID | None = None


class PageIn(Schema):
    space_id: uuid.UUID
    title: str = Field(..., max_length=500)
    kind: PageKind = PageKind.GUIDE
    summary: str = Field("", max_length=1000)
    body: str = Field("", max_length=200_000)
    steps: list[StepIn] = Field(default_factory=list, max_length=200)
    skill_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    review_interval_days: int = Field(90, description="Days between reviews, 1 to 730.")


class PagePatchIn(Schema):
    title: str | None = Field(None, max_length=500)
    kind: PageKind | None = None
    summary: str | None = Field(None, max_length=1000)
    body: str | None = Field(None, max_length=200_000)
    steps: list[StepIn] | None = Field(None, max_length=200)
    skill_ids: list[uuid.UUID] | None = Field(None, max_length=50)
    review_interval_days: int | None = None
    note: str = Field("", max_length=200)


class PageFilters(Schema):
    space: uuid.UUID | None = None
    kind: PageKind | None = None
    skill: uuid.UUID | None = None
    owner: uuid.UUID | None = None
    freshness: Literal["fresh", "needs_review"] | None = None
    mine: bool = Field(False, description="Only my drafts and the pages I am asked to review.")


class SubmitIn(Schema):
    reviewer_id: uuid.UUID


class ReviewIn(Schema):
    decision: Literal["approve", "changes"]
    note: str = Field("", max_length=10_000)


class RestoreIn(Schema):
    version_id: uuid.UUID


class VersionOut(Schema):
    id: uuid.UUID
    number: int
    title: str
    note: str
    author: PersonRef | None
    created_at: datetime


class DiffLineOut(Schema):
    op: Literal["same", "added", "removed", "gap"]
    text: str


class VersionDetailOut(VersionOut):
    kind: str
    summary: str
    body: str
    steps: list[dict[str, str | None]]
    diff: list[DiffLineOut] = Field(..., description="Line changes since the version before.")
