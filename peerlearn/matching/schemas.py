"""What the API says about matching rounds and matches, and what it accepts."""

import uuid
from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

FORMAT = Literal["mentoring", "buddy", "shadowing", "coffee"]
RULE = Literal["any", "same", "different"]
PERSON_REF_HELP = "An e-mail address or a person id."


class PersonRef(Schema):
    id: uuid.UUID
    full_name: str


class RoundRef(Schema):
    id: uuid.UUID
    name: str
    format: str


class EligibilityIn(Schema):
    """Who may take part on one side; empty lists mean anyone. Filters combine with AND."""

    teams: list[str] = Field(default_factory=list, description="Team slugs or names.")
    job_families: list[str] = Field(default_factory=list, description="Slugs or names.")
    levels: list[str] = Field(default_factory=list, description="Level codes, e.g. L3.")
    skills: list[str] = Field(
        default_factory=list,
        description="Skill slugs, names or aliases: seekers who want to learn one / providers "
        "who can teach one.",
    )
    people: list[str] = Field(
        default_factory=list,
        description="An opt-in list (e-mail addresses or ids): only these people take part.",
    )
    hired_within_days: int | None = Field(
        None, description="Buddy rounds: new starters hired this recently."
    )
    without_buddy: bool = Field(False, description="Buddy rounds: only those without a buddy.")


class ConstraintsIn(Schema):
    exclude_reporting_line: bool = True
    max_timezone_difference_hours: float | None = Field(None, description="None: no limit.")
    team_rule: RULE = "any"
    job_family_rule: RULE = "any"
    exclude_previous_pairs: bool = True


class WeightsIn(Schema):
    """Weights of the soft criteria, 0 to 100 each (only ratios matter); omitted ones take the
    format's default."""

    skills: float | None = None
    role: float | None = None
    language: float | None = None
    timezone: float | None = None
    cross_team: float | None = None
    preference: float | None = None
    fairness: float | None = None


class PairIn(Schema):
    seeker: str = Field(..., description=PERSON_REF_HELP)
    provider: str = Field(..., description=PERSON_REF_HELP)


class ConfigIn(Schema):
    seekers: EligibilityIn | None = None
    providers: EligibilityIn | None = None
    constraints: ConstraintsIn | None = None
    weights: WeightsIn | None = None
    level_gap_min: int | None = Field(None, description="Smallest level gap (provider above).")
    level_gap_max: int | None = None
    places_per_provider: int | None = Field(None, description="1 to 50.")
    respect_personal_limits: bool | None = None
    group_size: int | None = Field(None, description="Coffee rounds: 2 to 4.")
    prefer_cross_team: bool | None = None
    avoid_repeats: bool | None = None
    method: Literal["optimal", "stable", "greedy"] | None = None
    must_pairs: list[PairIn] | None = Field(None, description="Pinned pairs (always made).")
    must_not_pairs: list[PairIn] | None = Field(None, description="Excluded pairs.")


class RoundIn(ConfigIn):
    name: str = Field(..., description="Shown to people in their invitation.")
    format: FORMAT
    description: str = ""


class RoundPatchIn(ConfigIn):
    name: str | None = None
    description: str | None = None


class RuleIn(Schema):
    kind: Literal["must", "must_not"] = Field(..., description="must: pin; must_not: exclude.")
    seeker: str = Field(..., description=PERSON_REF_HELP)
    provider: str = Field(..., description=PERSON_REF_HELP)


class RuleOut(Schema):
    id: uuid.UUID
    kind: str
    seeker: PersonRef
    provider: PersonRef


class ProblemOut(Schema):
    kind: str = Field(..., examples=["no_eligible_provider"])
    message: str
    people: list[PersonRef]


class RoundOut(Schema):
    id: uuid.UUID
    name: str
    format: str
    description: str
    status: str = Field(..., examples=["draft"])
    summary: list[str]
    config_version: int
    proposal_current: bool
    run_state: str = Field(..., examples=["done"])
    created_at: datetime
    published_at: datetime | None


class RunOut(Schema):
    state: str
    stage: str
    done: int
    total: int
    error: str
    started_at: datetime | None
    finished_at: datetime | None
    seconds: float | None


class RoundDetailOut(RoundOut):
    config: dict[str, Any]
    run: RunOut
    stats: dict[str, Any]
    problems: list[ProblemOut]
    rules: list[RuleOut]


class CriterionOut(Schema):
    criterion: str
    score: float
    weight: float
    contribution: float
    sentence: str


class MemberOut(Schema):
    person: PersonRef
    role: str
    response: str
    responded_at: datetime | None


class MatchOut(Schema):
    id: uuid.UUID
    round: RoundRef
    status: str = Field(..., examples=["offered"])
    kind: Literal["pair", "group"]
    seeker: PersonRef | None
    provider: PersonRef | None
    members: list[MemberOut]
    score: float | None
    explanation: str
    criteria: list[CriterionOut]
    pinned: bool
    replaces_id: uuid.UUID | None
    outcome_url: str
    decided_at: datetime | None
    created_at: datetime


class AnswerIn(Schema):
    message: str = Field("", max_length=2000)


class DeclineIn(AnswerIn):
    opt_out: bool = Field(False, description="Do not match me again in this round.")


class DeclineOut(Schema):
    match: MatchOut
    replacement: MatchOut | None = Field(
        None, description="The new match for the seeker, when one was found (and you see it)."
    )


class TeamMatchOut(Schema):
    """What a manager sees of a report's match: that it exists and how it stands."""

    person: PersonRef
    round: RoundRef
    role: str
    status: str
    response: str
    created_at: datetime
    decided_at: datetime | None


class SuggestionOut(Schema):
    person: PersonRef
    job_title: str
    team: str | None
    score: float
    explanation: str
    criteria: list[CriterionOut]
    room: int = Field(..., description="Places they still have.")
    request_url: str = Field(..., description="Where to ask them directly.")
