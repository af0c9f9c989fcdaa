"""What the API says about learning activities: content only where the caller has full access."""

from __future__ import annotations

import uuid
from datetime import datetime

from ninja import Field, Schema
from pydantic import AwareDatetime

from peerlearn.activities.models import ActivityFormat, ActivityStatus, ActivityVisibility
from peerlearn.activities.selectors import VisibleActivity
from peerlearn.core.permissions import ActivityAccess


class ActivityPersonRef(Schema):
    id: uuid.UUID
    full_name: str


class ActivityParticipantOut(Schema):
    person: ActivityPersonRef
    role: str = Field(..., examples=["mentor"])
    attended: bool | None


class ActivitySkillRef(Schema):
    id: uuid.UUID
    slug: str
    name: str


class ActivityOut(Schema):
    """One event. With `access` "metadata" (a manager or admin who did not take part in a
    private activity) the title is generic and outcome, rating and skills are empty."""

    id: uuid.UUID
    format: ActivityFormat
    action: str = Field(..., examples=["skill.endorsed"])
    status: ActivityStatus
    visibility: ActivityVisibility
    access: str = Field(..., examples=["full"], description='"full" or "metadata".')
    title: str
    outcome: str
    rating: int | None
    starts_at: datetime
    ends_at: datetime | None
    participants: list[ActivityParticipantOut]
    skills: list[ActivitySkillRef]

    # Built from selectors.VisibleActivity, which blanks the content below full access.
    @staticmethod
    def resolve_id(obj: VisibleActivity) -> uuid.UUID:
        return obj.activity.id

    @staticmethod
    def resolve_format(obj: VisibleActivity) -> str:
        return obj.activity.format

    @staticmethod
    def resolve_action(obj: VisibleActivity) -> str:
        return obj.activity.action

    @staticmethod
    def resolve_status(obj: VisibleActivity) -> str:
        return obj.activity.status

    @staticmethod
    def resolve_visibility(obj: VisibleActivity) -> str:
        return obj.activity.visibility

    @staticmethod
    def resolve_access(obj: VisibleActivity) -> str:
        return "full" if obj.access == ActivityAccess.FULL else "metadata"

    @staticmethod
    def resolve_starts_at(obj: VisibleActivity) -> datetime:
        return obj.activity.starts_at

    @staticmethod
    def resolve_ends_at(obj: VisibleActivity) -> datetime | None:
        return obj.activity.ends_at

    @staticmethod
    def resolve_participants(obj: VisibleActivity) -> list[object]:
        return list(obj.activity.participants.all())

    @staticmethod
    def resolve_skills(obj: VisibleActivity) -> list[object]:
        # What it was about is content: metadata access is format, action, roles, dates, status.
        if obj.access != ActivityAccess.FULL:
            return []
        return list(obj.activity.skills.all())


class ActivityFilters(Schema):
    person: uuid.UUID | None = Field(None, description="Only activities this person took part in.")
    format: ActivityFormat | None = None
    since: AwareDatetime | None = Field(
        None, description="Only activities starting at or after this time (with a time zone)."
    )
