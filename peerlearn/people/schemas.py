"""What the API says about people, teams and the skill graph, and what it accepts."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import field_validator

from peerlearn.people.models import Goal, GoalStatus, PersonSkill, Skill, SkillLevel, Team
from peerlearn.people.selectors import TeamNode

# Reference fields accept what a person would type: a UUID, a slug, or (for skills) a name.
SKILL_REF_HELP = "The skill's id, slug, name or an alias."
TEAM_REF_HELP = "The team's id or slug."


# --- references embedded in other objects --------------------------------------------------


class JobFamilyRef(Schema):
    slug: str = Field(..., examples=["software-engineering"])
    name: str = Field(..., examples=["Software Engineering"])


class LevelRef(Schema):
    code: str = Field(..., examples=["L3"])
    name: str
    rank: int


class TeamRef(Schema):
    id: uuid.UUID
    slug: str = Field(..., examples=["platform"])
    name: str = Field(..., examples=["Platform"])


class PersonRef(Schema):
    id: uuid.UUID
    full_name: str = Field(..., examples=["Olive Owner"])


class SkillRef(Schema):
    id: uuid.UUID
    slug: str = Field(..., examples=["python"])
    name: str = Field(..., examples=["Python"])


# --- people --------------------------------------------------------------------------------


class PersonOut(Schema):
    id: uuid.UUID
    full_name: str = Field(..., examples=["Olive Owner"])
    email: str = Field(..., examples=["olive@example.com"])
    job_title: str = Field(..., examples=["Backend engineer"])
    job_family: JobFamilyRef | None
    level: LevelRef | None
    team: TeamRef | None
    manager: PersonRef | None
    location: str
    time_zone: str = Field(..., examples=["Europe/Berlin"])
    languages: list[str] = Field(..., examples=[["en", "de"]])
    hire_date: date | None
    monthly_capacity: int = Field(..., description="Peer-learning activities a month.")
    bio: str
    is_active: bool
    is_programme_admin: bool


class PeopleFilters(Schema):
    q: str = Field(
        "", max_length=200, description="Words matched against name, title, e-mail, team."
    )
    team: str = Field("", max_length=200, description=TEAM_REF_HELP + " Includes sub-teams.")
    job_family: str = Field("", max_length=100, description="Job family slug.")
    level: str = Field("", max_length=10, description="Level code, e.g. L3.")
    skill: str = Field("", max_length=100, description=SKILL_REF_HELP)
    can_teach: bool | None = Field(None, description="With `skill`: only people who teach it.")
    wants_to_learn: bool | None = Field(
        None, description="With `skill`: only people who want to learn it."
    )
    include_inactive: bool = Field(False, description="Also people who left (admins only).")


def _email(value: str) -> str:
    try:
        validate_email(value)
    except DjangoValidationError as exc:
        raise ValueError("Enter a valid e-mail address.") from exc
    return value


class PersonCreateIn(Schema):
    email: str = Field(..., max_length=254, examples=["new.starter@example.com"])
    full_name: str = Field(..., min_length=1, max_length=200, examples=["Nia Newstarter"])
    job_title: str = Field("", max_length=200)
    job_family: str | None = Field(None, max_length=100, description="Job family slug.")
    level: str | None = Field(None, max_length=10, description="Level code.")
    team: str | None = Field(None, max_length=200, description=TEAM_REF_HELP)
    manager: uuid.UUID | None = None
    location: str = Field("", max_length=120)
    time_zone: str = Field("UTC", max_length=64, examples=["Europe/Berlin"])
    languages: list[str] = Field(default_factory=list, max_length=20, examples=[["en"]])
    hire_date: date | None = None
    monthly_capacity: int = Field(2, ge=0, le=40)
    is_programme_admin: bool = False

    _check_email = field_validator("email")(_email)


def _present_means_not_null(value: Any) -> Any:
    if value is None:
        raise ValueError("Leave this field out rather than sending null.")
    return value


class PersonPatchIn(Schema):
    """Send only what changes. `manager` and `is_programme_admin` are for programme admins.
    Only job_family, level, team, manager and hire_date can be cleared with null."""

    full_name: str | None = Field(None, min_length=1, max_length=200)
    job_title: str | None = Field(None, max_length=200)
    job_family: str | None = Field(None, max_length=100, description="Job family slug.")
    level: str | None = Field(None, max_length=10, description="Level code.")
    team: str | None = Field(None, max_length=200, description=TEAM_REF_HELP)
    manager: uuid.UUID | None = None
    location: str | None = Field(None, max_length=120)
    time_zone: str | None = Field(None, max_length=64)
    languages: list[str] | None = Field(None, max_length=20)
    hire_date: date | None = None
    monthly_capacity: int | None = Field(None, ge=0, le=40)
    bio: str | None = Field(None, max_length=2000)
    is_programme_admin: bool | None = None

    model_config = {"json_schema_extra": {"examples": [{"job_title": "Staff engineer"}]}}

    _not_null = field_validator(
        "full_name",
        "job_title",
        "location",
        "time_zone",
        "languages",
        "monthly_capacity",
        "bio",
        "is_programme_admin",
        mode="before",
    )(_present_means_not_null)


# --- the skill graph -----------------------------------------------------------------------


class SkillOut(Schema):
    id: uuid.UUID
    slug: str = Field(..., examples=["kubernetes"])
    name: str = Field(..., examples=["Kubernetes"])
    description: str
    parent: SkillRef | None
    aliases: list[str] = Field(..., examples=[["k8s"]])

    @staticmethod
    def resolve_aliases(obj: Skill) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]


class SkillDetailOut(Schema):
    id: uuid.UUID
    slug: str = Field(..., examples=["kubernetes"])
    name: str = Field(..., examples=["Kubernetes"])
    description: str
    parent: SkillRef | None
    aliases: list[str] = Field(..., examples=[["k8s"]])
    children: list[SkillRef]
    teacher_count: int
    learner_count: int


class SkillFilters(Schema):
    q: str = Field("", max_length=100, description="Part of a name or alias.")
    parent: str = Field("", max_length=100, description="Only direct children of this skill.")


class SkillCreateIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, examples=["Kubernetes"])
    parent: str | None = Field(None, max_length=100, description=SKILL_REF_HELP)
    description: str = Field("", max_length=2000)
    aliases: list[str] = Field(default_factory=list, max_length=20, examples=[["k8s"]])


class AliasIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, examples=["k8s"])


class PersonSkillOut(Schema):
    skill: SkillRef
    level: int = Field(..., description="0 no experience … 4 expert.")
    level_label: str = Field(..., examples=["Working"])
    can_teach: bool
    wants_to_learn: bool
    confidence: int | None = Field(..., description="Self-assessed, 1–5.")
    endorsement_count: int
    endorsed_by_me: bool
    updated_at: datetime

    @staticmethod
    def resolve_level_label(obj: PersonSkill) -> str:
        return SkillLevel(obj.level).label

    @staticmethod
    def resolve_endorsed_by_me(obj: Any) -> bool:
        return bool(obj.endorsed_by_viewer)


class PersonSummary(Schema):
    id: uuid.UUID
    full_name: str
    job_title: str
    team: TeamRef | None
    level: LevelRef | None


class SkillHolderOut(Schema):
    """A person's standing on one skill, as listed under the skill's teachers or learners."""

    person: PersonSummary
    level: int
    can_teach: bool
    wants_to_learn: bool
    endorsement_count: int
    endorsed_by_me: bool

    @staticmethod
    def resolve_endorsed_by_me(obj: Any) -> bool:
        return bool(obj.endorsed_by_viewer)


class PersonSkillIn(Schema):
    level: int = Field(..., ge=0, le=4, description="0 no experience … 4 expert.", examples=[3])
    can_teach: bool = Field(False, description="Offer to teach it (needs level 2 or more).")
    wants_to_learn: bool = False
    confidence: int | None = Field(None, ge=1, le=5, examples=[4])


class EndorsementIn(Schema):
    note: str = Field("", max_length=280, examples=["Walked me through our query planner."])


# --- goals ---------------------------------------------------------------------------------


class GoalOut(Schema):
    id: uuid.UUID
    person: PersonRef
    title: str = Field(..., examples=["Run a design review on my own"])
    skill: SkillRef | None
    target_level: int | None
    target_date: date | None
    status: GoalStatus
    created_at: datetime

    @staticmethod
    def resolve_status(obj: Goal) -> str:
        return str(obj.status)


class GoalIn(Schema):
    title: str = Field(..., min_length=1, max_length=200, examples=["Learn Kubernetes basics"])
    skill: str | None = Field(None, max_length=100, description=SKILL_REF_HELP)
    target_level: int | None = Field(None, ge=0, le=4)
    target_date: date | None = None


class GoalPatchIn(Schema):
    """Send only what changes; skill, target_level and target_date can be cleared with null."""

    title: str | None = Field(None, min_length=1, max_length=200)
    skill: str | None = Field(None, max_length=100, description=SKILL_REF_HELP)
    target_level: int | None = Field(None, ge=0, le=4)
    target_date: date | None = None
    status: GoalStatus | None = None

    _not_null = field_validator("title", "status", mode="before")(_present_means_not_null)


# --- teams ---------------------------------------------------------------------------------


class TeamOut(Schema):
    id: uuid.UUID
    slug: str = Field(..., examples=["platform"])
    name: str = Field(..., examples=["Platform"])
    description: str
    parent_id: uuid.UUID | None
    depth: int = Field(..., description="0 for a top-level team.")
    member_count: int = Field(..., description="Active members directly in this team.")

    # Built from selectors.TeamNode: the team plus its place in the tree.
    @staticmethod
    def resolve_id(obj: TeamNode) -> uuid.UUID:
        return obj.team.id

    @staticmethod
    def resolve_slug(obj: TeamNode) -> str:
        return obj.team.slug

    @staticmethod
    def resolve_name(obj: TeamNode) -> str:
        return obj.team.name

    @staticmethod
    def resolve_description(obj: TeamNode) -> str:
        return obj.team.description

    @staticmethod
    def resolve_parent_id(obj: TeamNode) -> uuid.UUID | None:
        return obj.team.parent_id


class TeamDetailOut(Schema):
    id: uuid.UUID
    slug: str
    name: str
    description: str
    parent: TeamRef | None
    children: list[TeamRef]
    member_count: int = Field(..., description="Active members directly in this team.")

    @staticmethod
    def resolve_children(obj: Team) -> list[Team]:
        return list(obj.children.all())


class TeamMembersFilters(Schema):
    include_subteams: bool = Field(True, description="Also list members of sub-teams.")
