"""What the API says about mentorships, and what it accepts."""

import uuid
from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from peerlearn.mentoring.models import Cadence, Channel, Duration, NoteVisibility
from peerlearn.people.models import GoalStatus

SKILL_REF_HELP = "The skill's id, slug, name or an alias."


class PersonRef(Schema):
    id: uuid.UUID
    full_name: str


class SkillRef(Schema):
    id: uuid.UUID
    slug: str
    name: str


class MentorshipOut(Schema):
    """`access` says what the caller sees: the pair gets everything below; a manager or
    programme admin gets an overview (who, status, dates) and null for the rest."""

    id: uuid.UUID
    access: Literal["participant", "overview"]
    mentor: PersonRef
    mentee: PersonRef
    status: str = Field(..., examples=["active"])
    origin: str = Field(..., examples=["request"])
    needs_attention: bool
    created_at: datetime
    responded_at: datetime | None
    started_at: datetime | None
    ends_on: date | None
    closed_at: datetime | None
    last_activity_at: datetime
    next_check_in_at: datetime | None
    requested_by: PersonRef | None = None
    request_message: str | None = None
    response_message: str | None = None
    match_reason: str | None = None
    cadence: str | None = None
    channel: str | None = None
    duration_months: int | None = None
    expectations: str | None = None
    focus_skills: list[SkillRef] | None = None


class MentorshipRequestIn(Schema):
    person_id: uuid.UUID = Field(..., description="The colleague you ask.")
    direction: Literal["mentor_me", "mentor_them"] = Field(
        "mentor_me", description="mentor_me: they would mentor you; mentor_them: you offer."
    )
    message: str = Field("", max_length=2000)
    focus_skills: list[str] = Field(default_factory=list, max_length=3, description=SKILL_REF_HELP)
    cadence: Cadence = Cadence.FORTNIGHTLY
    channel: Channel = Channel.VIDEO
    duration_months: Duration = Duration.SIX_MONTHS


class AnswerIn(Schema):
    message: str = Field("", max_length=2000)


class AgreementIn(Schema):
    cadence: Cadence
    channel: Channel
    duration_months: Duration
    expectations: str = Field("", max_length=2000)


class MentorshipGoalOut(Schema):
    id: uuid.UUID = Field(..., description="The link between the goal and the mentorship.")
    goal_id: uuid.UUID
    title: str
    skill: SkillRef | None
    target_level: int | None
    target_date: date | None
    status: str


class MentorshipGoalIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    skill: str = Field(..., description=SKILL_REF_HELP, examples=["python"])
    target_level: int = Field(..., ge=1, le=4)
    target_date: date | None = None


class GoalStatusIn(Schema):
    status: GoalStatus


class CheckInOut(Schema):
    """For an overview (manager, admin) `agenda`, ratings and mood are null."""

    id: uuid.UUID
    mentorship_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    status: str
    sequence: int
    held_at: datetime | None
    agenda: str | None = None
    progress_rating: int | None = None
    mood: int | None = None


class CheckInIn(Schema):
    starts_at: datetime = Field(..., description="ISO 8601 with a time zone offset.")
    duration_minutes: int = Field(45, ge=10, le=240)
    agenda: str = Field("", max_length=4000)


class CheckInPatchIn(Schema):
    starts_at: datetime | None = None
    duration_minutes: int | None = Field(None, ge=10, le=240)
    agenda: str | None = Field(None, max_length=4000)


class RecordIn(Schema):
    progress_rating: int | None = Field(None, ge=1, le=5)
    mood: int | None = Field(None, ge=1, le=5)


class NoteOut(Schema):
    id: uuid.UUID
    check_in_id: uuid.UUID
    author: PersonRef
    visibility: str
    body: str
    created_at: datetime


class NoteIn(Schema):
    visibility: NoteVisibility
    body: str = Field(..., min_length=1, max_length=10_000)


class EndorseIn(Schema):
    skill: str = Field(..., description=SKILL_REF_HELP)
    level: int = Field(..., ge=1, le=4)


class FeedbackIn(Schema):
    helpfulness: int = Field(..., ge=1, le=5)
    skills_gained: list[str] = Field(default_factory=list, description=SKILL_REF_HELP)
    comment: str = Field("", max_length=4000)
    endorse: list[EndorseIn] = Field(
        default_factory=list, description="Mentor only: the mentee's new levels, endorsed."
    )


class FeedbackOut(Schema):
    id: uuid.UUID
    helpfulness: int
    skills_gained: list[SkillRef]
    comment: str
    created_at: datetime


class ProgrammeStatsOut(Schema):
    by_status: dict[str, int]
    needs_attention: int
    check_ins_due: int
    check_ins_held: int
    check_in_rate: float | None
    median_days_to_first_meeting: float | None
    pairs_met: int
    average_helpfulness: float | None = Field(
        None, description="Only over at least 5 answers; otherwise null."
    )
    feedback_count: int
