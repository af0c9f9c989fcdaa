"""What the engine is asked: participants, capacities, hard constraints and weighted criteria.

Everything here is plain data. `matching_engine.encoding` turns it into arrays once per run.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

MIN_SKILL_LEVEL = 0
MAX_SKILL_LEVEL = 4
MAX_LEVEL_RANK = 30
MIN_UTC_OFFSET_MINUTES = -12 * 60
MAX_UTC_OFFSET_MINUTES = 14 * 60
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class Person:
    """A participant; the same person may be listed both as a seeker and as a provider.

    `manager_chain` lists the direct manager first and then upwards; it may name people who
    take no part in the cohort. An empty `team` or `job_family` means "unknown" and is never
    equal to anyone else's. `skills_offered` maps a skill id to a level 0-4;
    `skills_wanted` maps a skill id to a positive priority (only the ratios matter).
    """

    id: str
    name: str = ""
    job_family: str = ""
    level_rank: int = 0
    team: str = ""
    manager_chain: tuple[str, ...] = ()
    utc_offset_minutes: int = 0
    languages: frozenset[str] = frozenset()
    skills_offered: Mapping[str, int] = field(default_factory=dict)
    skills_wanted: Mapping[str, float] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return self.name or self.id


class SameOrDifferent(enum.Enum):
    """A hard rule comparing one attribute of seeker and provider."""

    ANY = "any"
    SAME = "same"
    DIFFERENT = "different"


@dataclass(frozen=True, slots=True)
class Constraints:
    """Hard constraints: a pair violating any of them is never formed.

    Self-pairs are always excluded and capacities always respected; the rest are switches.
    """

    exclude_reporting_line: bool = True
    max_timezone_difference_hours: float | None = None
    team_rule: SameOrDifferent = SameOrDifferent.ANY
    job_family_rule: SameOrDifferent = SameOrDifferent.ANY
    exclude_previous_pairs: bool = True


@dataclass(frozen=True, slots=True)
class Weights:
    """Non-negative weights of the soft criteria; each criterion scores a pair in [0, 1].

    A pair's score is the weighted sum. `fairness` rewards spreading load: the k-th mentee of
    a provider is worth `fairness / k`, which is a convex cost per extra mentee.
    """

    skills: float = 1.0
    role: float = 0.3
    language: float = 0.2
    timezone: float = 0.2
    cross_team: float = 0.1
    preference: float = 0.3
    fairness: float = 0.1

    def as_dict(self) -> dict[str, float]:
        return {
            "skills": self.skills,
            "role": self.role,
            "language": self.language,
            "timezone": self.timezone,
            "cross_team": self.cross_team,
            "preference": self.preference,
            "fairness": self.fairness,
        }


@dataclass(frozen=True, slots=True)
class ScoringRules:
    """How two criteria turn attributes into a score.

    `level_gap_min..level_gap_max` is the band of `provider.level_rank - seeker.level_rank`
    that counts as "different experience". The working day is the same local window for
    everyone; time-zone overlap is the share of it both people are at work.
    """

    level_gap_min: int = 1
    level_gap_max: int = 3
    workday_start_minutes: int = 9 * 60
    workday_end_minutes: int = 17 * 60

    @property
    def workday_minutes(self) -> int:
        return self.workday_end_minutes - self.workday_start_minutes


@dataclass(frozen=True, slots=True)
class MatchingProblem:
    """One cohort to match: every seeker gets at most one provider.

    `capacities[i]` is how many seekers `providers[i]` takes (0 allowed). `preferences` maps a
    seeker id to provider ids, best first; `provider_preferences` maps a provider id to seeker
    ids, best first (used by the stable mode). Pairs are `(seeker_id, provider_id)`, except
    `previous_pairs`, which count in either direction and may name people no longer present.
    """

    seekers: Sequence[Person]
    providers: Sequence[Person]
    capacities: Sequence[int]
    constraints: Constraints = Constraints()
    weights: Weights = Weights()
    rules: ScoringRules = ScoringRules()
    preferences: Mapping[str, Sequence[str]] = field(default_factory=dict)
    provider_preferences: Mapping[str, Sequence[str]] = field(default_factory=dict)
    previous_pairs: Sequence[tuple[str, str]] = ()
    must_pairs: Sequence[tuple[str, str]] = ()
    must_not_pairs: Sequence[tuple[str, str]] = ()
    skill_names: Mapping[str, str] = field(default_factory=dict)

    def skill_name(self, skill_id: str) -> str:
        return self.skill_names.get(skill_id, skill_id)
