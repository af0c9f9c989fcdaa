"""A round's configuration: one JSON document, checked field by field, and read back as sentences.

The document is what the form and the API both send (and what is stored):

    {
      "seekers":   {"teams": [...], "job_families": [...], "levels": [...], "skills": [...],
                    "people": [...], "hired_within_days": 60, "without_buddy": true},
      "providers": {"teams": [...], "job_families": [...], "levels": [...], "skills": [...],
                    "people": [...]},
      "constraints": {"exclude_reporting_line": true, "max_timezone_difference_hours": null,
                      "team_rule": "any", "job_family_rule": "any",
                      "exclude_previous_pairs": true},
      "weights": {"skills": 1.0, "role": 0.4, ...},
      "level_gap_min": 1, "level_gap_max": 3,
      "places_per_provider": 2, "respect_personal_limits": true,
      "group_size": 2, "prefer_cross_team": true, "avoid_repeats": true,
      "method": "optimal"
    }

`parse_config` checks shapes and ranges only and raises a ValidationError whose keys are the
dotted paths above ("weights.skills"), so forms put each message on its field and the API
names the field. References (teams, skills, people…) are resolved against the database by
`services.round_config_resolve`. Nothing here imports the engine (numpy and scipy load only
when a round runs).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from peerlearn.matching.models import MatchingFormat

CONFIG_VERSION = 1
WEIGHT_NAMES = ("skills", "role", "language", "timezone", "cross_team", "preference", "fairness")
WEIGHT_LABELS = {
    "skills": "Skills: the provider's level in what the seeker wants to learn",
    "role": "Role: same job family, and a level gap within the band",
    "language": "A shared language",
    "timezone": "Working hours that overlap",
    "cross_team": "Different teams (cross-team exposure)",
    "preference": "The seeker's own ranked choices (not collected yet: keep it at 0)",
    "fairness": "Fairness: spread the load over providers",
}
RULES = ("any", "same", "different")
METHODS = {
    "optimal": "Best overall (optimal assignment)",
    "stable": "Stable (no seeker and provider would both rather swap)",
    "greedy": "Greedy (best pair first; a fast baseline)",
}
MAX_WEIGHT = 100.0
MAX_PLACES = 50
MAX_LIST = 500
MAX_PEOPLE = 10_000


@dataclass(frozen=True)
class Eligibility:
    """Who may take part on one side; empty lists mean "anyone". Filters combine with AND.

    `skills`: seekers who want to learn one of them / providers who can teach one of them.
    `people`: an opt-in list; when given, only these people take part (the filters still
    apply). `hired_within_days` and `without_buddy` apply to buddy seekers only.
    """

    teams: tuple[str, ...] = ()
    job_families: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    hired_within_days: int | None = None
    without_buddy: bool = False


@dataclass(frozen=True)
class HardConstraints:
    exclude_reporting_line: bool = True
    max_timezone_difference_hours: float | None = None
    team_rule: str = "any"
    job_family_rule: str = "any"
    exclude_previous_pairs: bool = True


@dataclass(frozen=True)
class RoundConfig:
    seekers: Eligibility = Eligibility()
    providers: Eligibility = Eligibility()
    constraints: HardConstraints = HardConstraints()
    weights: dict[str, float] = field(default_factory=dict)
    level_gap_min: int = 1
    level_gap_max: int = 3
    places_per_provider: int = 2
    respect_personal_limits: bool = True
    group_size: int = 2
    prefer_cross_team: bool = True
    avoid_repeats: bool = True
    method: str = "optimal"

    def as_document(self) -> dict[str, Any]:
        document = asdict(self)
        for side in ("seekers", "providers"):
            for key in ("teams", "job_families", "levels", "skills", "people"):
                document[side][key] = list(document[side][key])
        return {"version": CONFIG_VERSION, **document}


DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    MatchingFormat.MENTORING: {
        "skills": 1.0,
        "role": 0.4,
        "language": 0.2,
        "timezone": 0.3,
        "cross_team": 0.1,
        "preference": 0.0,
        "fairness": 0.2,
    },
    MatchingFormat.BUDDY: {
        "skills": 0.4,
        "role": 0.6,
        "language": 0.3,
        "timezone": 0.6,
        "cross_team": 0.0,
        "preference": 0.0,
        "fairness": 0.3,
    },
    MatchingFormat.SHADOWING: {
        "skills": 1.0,
        "role": 0.2,
        "language": 0.2,
        "timezone": 0.4,
        "cross_team": 0.4,
        "preference": 0.0,
        "fairness": 0.3,
    },
    MatchingFormat.COFFEE: dict.fromkeys(WEIGHT_NAMES, 0.0) | {"cross_team": 1.0},
}


def default_config(format: str) -> RoundConfig:
    """A sensible starting point for each format, which the admin then adjusts."""
    weights = dict(DEFAULT_WEIGHTS.get(format, DEFAULT_WEIGHTS[MatchingFormat.MENTORING]))
    if format == MatchingFormat.BUDDY:
        return RoundConfig(
            seekers=Eligibility(hired_within_days=60, without_buddy=True),
            weights=weights,
            level_gap_min=0,
            places_per_provider=1,
        )
    return RoundConfig(weights=weights)


# --- parsing ----------------------------------------------------------------------------------


class _Errors:
    def __init__(self) -> None:
        self.messages: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.messages.setdefault(path, []).append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)


def _mapping(value: Any, path: str, errors: _Errors) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        errors.add(path, "Expected an object of settings.")
        return {}
    return value


def _flag(data: Mapping[str, Any], key: str, default: bool, path: str, errors: _Errors) -> bool:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        errors.add(path, "Expected true or false.")
        return default
    return value


def _integer(
    data: Mapping[str, Any],
    key: str,
    default: int | None,
    path: str,
    errors: _Errors,
    *,
    low: int,
    high: int,
    message: str,
) -> int | None:
    value = data.get(key, default)
    if value is None:
        return default
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(path, "Enter a whole number.")
        return default
    if not low <= value <= high:
        errors.add(path, message)
        return default
    return int(value)


def _strings(value: Any, path: str, errors: _Errors, *, limit: int = MAX_LIST) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = list(value.replace(",", "\n").splitlines())
    if not isinstance(value, Sequence):
        errors.add(path, "Expected a list.")
        return ()
    items: list[str] = []
    for item in value:
        if not isinstance(item, str):
            errors.add(path, "Every entry must be text.")
            return ()
        cleaned = item.strip()
        if cleaned and cleaned not in items:
            items.append(cleaned[:254])
    if len(items) > limit:
        errors.add(path, f"List at most {limit:,} entries (this has {len(items):,}).")
        return ()
    return tuple(items)


def _eligibility(raw: Any, path: str, errors: _Errors, *, base: Eligibility) -> Eligibility:
    data = _mapping(raw, path, errors)
    hired = None
    without_buddy = False
    if path == "seekers":
        # Missing takes the format's default; an explicit null means "no limit".
        hired = (
            _integer(
                data,
                "hired_within_days",
                None,
                f"{path}.hired_within_days",
                errors,
                low=1,
                high=366,
                message="Count new starters hired within 1 to 366 days.",
            )
            if "hired_within_days" in data
            else base.hired_within_days
        )
        without_buddy = _flag(
            data, "without_buddy", base.without_buddy, f"{path}.without_buddy", errors
        )
    return Eligibility(
        teams=_strings(data.get("teams"), f"{path}.teams", errors),
        job_families=_strings(data.get("job_families"), f"{path}.job_families", errors),
        levels=_strings(data.get("levels"), f"{path}.levels", errors),
        skills=_strings(data.get("skills"), f"{path}.skills", errors),
        people=_strings(data.get("people"), f"{path}.people", errors, limit=MAX_PEOPLE),
        hired_within_days=hired,
        without_buddy=without_buddy,
    )


def _weight(value: Any, path: str, errors: _Errors) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors.add(path, "Enter a number from 0 to 100.")
        return 0.0
    if not math.isfinite(value):
        errors.add(path, "Enter a number from 0 to 100 (not NaN or infinity).")
        return 0.0
    if value < 0:
        errors.add(path, "A weight cannot be negative: use 0 to ignore a criterion.")
        return 0.0
    if value > MAX_WEIGHT:
        errors.add(path, "Keep each weight at 100 or less; only their ratios matter.")
        return 0.0
    return float(value)


def parse_config(raw: Any, *, format: str) -> RoundConfig:
    """Check a configuration document's shape and ranges; missing settings take the defaults
    of the format. Raises ValidationError keyed by dotted field paths."""
    errors = _Errors()
    data = _mapping(raw, "config", errors)
    base = default_config(format)
    seekers = _eligibility(data.get("seekers"), "seekers", errors, base=base.seekers)
    providers = _eligibility(data.get("providers"), "providers", errors, base=base.providers)

    raw_constraints = _mapping(data.get("constraints"), "constraints", errors)
    rules: dict[str, str] = {}
    for name in ("team_rule", "job_family_rule"):
        value = raw_constraints.get(name, "any")
        if value not in RULES:
            errors.add(f"constraints.{name}", "Choose any, same or different.")
            value = "any"
        rules[name] = value
    limit = raw_constraints.get("max_timezone_difference_hours")
    if limit is not None:
        if (
            isinstance(limit, bool)
            or not isinstance(limit, int | float)
            or not math.isfinite(limit)
        ):
            errors.add("constraints.max_timezone_difference_hours", "Enter a number of hours.")
            limit = None
        elif not 0 <= limit <= 24:
            errors.add(
                "constraints.max_timezone_difference_hours",
                "Time zones are at most 24 hours apart: enter 0 to 24, or leave it empty.",
            )
            limit = None
        else:
            limit = float(limit)
    constraints = HardConstraints(
        exclude_reporting_line=_flag(
            raw_constraints,
            "exclude_reporting_line",
            True,
            "constraints.exclude_reporting_line",
            errors,
        ),
        max_timezone_difference_hours=limit,
        team_rule=rules["team_rule"],
        job_family_rule=rules["job_family_rule"],
        exclude_previous_pairs=_flag(
            raw_constraints,
            "exclude_previous_pairs",
            True,
            "constraints.exclude_previous_pairs",
            errors,
        ),
    )

    raw_weights = _mapping(data.get("weights"), "weights", errors)
    unknown = sorted(set(raw_weights) - set(WEIGHT_NAMES))
    if unknown:
        errors.add("weights", f"Unknown criteria: {', '.join(unknown)}.")
    weights = {
        name: _weight(raw_weights.get(name, base.weights[name]), f"weights.{name}", errors)
        for name in WEIGHT_NAMES
    }
    if format != MatchingFormat.COFFEE and not any(
        weights[name] > 0 for name in WEIGHT_NAMES if name != "fairness"
    ):
        errors.add(
            "weights", "Give at least one criterion a weight above 0, so pairs can be compared."
        )

    gap_min = _integer(
        data,
        "level_gap_min",
        base.level_gap_min,
        "level_gap_min",
        errors,
        low=-10,
        high=10,
        message="Enter a gap from -10 to 10 levels.",
    )
    gap_max = _integer(
        data,
        "level_gap_max",
        base.level_gap_max,
        "level_gap_max",
        errors,
        low=-10,
        high=10,
        message="Enter a gap from -10 to 10 levels.",
    )
    if gap_min is not None and gap_max is not None and gap_min > gap_max:
        errors.add("level_gap_max", "The largest gap must be at least the smallest gap.")
    places = _integer(
        data,
        "places_per_provider",
        base.places_per_provider,
        "places_per_provider",
        errors,
        low=1,
        high=MAX_PLACES,
        message=f"Give each provider from 1 to {MAX_PLACES} places; "
        "leave people out of the round instead of giving them none.",
    )
    group_size = _integer(
        data,
        "group_size",
        base.group_size,
        "group_size",
        errors,
        low=2,
        high=4,
        message="Groups have 2, 3 or 4 people.",
    )
    method = data.get("method", "optimal")
    if method not in METHODS:
        errors.add("method", "Choose optimal, stable or greedy.")
        method = "optimal"
    config = RoundConfig(
        seekers=seekers,
        providers=providers,
        constraints=constraints,
        weights=weights,
        level_gap_min=gap_min if gap_min is not None else base.level_gap_min,
        level_gap_max=gap_max if gap_max is not None else base.level_gap_max,
        places_per_provider=places if places is not None else base.places_per_provider,
        respect_personal_limits=_flag(
            data, "respect_personal_limits", True, "respect_personal_limits", errors
        ),
        group_size=group_size if group_size is not None else base.group_size,
        prefer_cross_team=_flag(data, "prefer_cross_team", True, "prefer_cross_team", errors),
        avoid_repeats=_flag(data, "avoid_repeats", True, "avoid_repeats", errors),
        method=method,
    )
    if (
        format == MatchingFormat.BUDDY
        and config.seekers.hired_within_days is None
        and not (config.seekers.people)
    ):
        errors.add(
            "seekers.hired_within_days",
            "Say how recent a new starter is (for example 60 days), or list the new starters.",
        )
    errors.raise_if_any()
    return config


def stored_config(document: Any, *, format: str) -> RoundConfig:
    """A stored document read back; it was checked when saved."""
    return parse_config(document, format=format)


# --- the configuration in sentences -----------------------------------------------------------

SIDE_WORDS: dict[str, tuple[str, str, str, str]] = {
    MatchingFormat.MENTORING: ("mentees", "mentors", "wants to learn", "can teach"),
    MatchingFormat.BUDDY: ("new starters", "buddies", "", ""),
    MatchingFormat.SHADOWING: ("observers", "hosts", "wants to learn", "can teach"),
    MatchingFormat.COFFEE: ("participants", "", "", ""),
}


def _names(keys: Sequence[str], names: Mapping[str, str], limit: int = 8) -> str:
    shown = [names.get(key, key) for key in keys[:limit]]
    more = len(keys) - limit
    text = ", ".join(shown[:-1]) + (" or " if len(shown) > 1 else "") + shown[-1]
    return text + (f" and {more} more" if more > 0 else "")


def _side(eligibility: Eligibility, noun: str, skill_verb: str, names: Mapping[str, str]) -> str:
    parts: list[str] = []
    if eligibility.people:
        parts.append(f"the {len(eligibility.people)} people on the opt-in list")
    else:
        parts.append("everyone active")
    if eligibility.skills:
        parts[-1] += f" who {skill_verb} {_names(eligibility.skills, names)}"
    elif skill_verb and not eligibility.people:
        parts[-1] += f" who {skill_verb} something"
    if eligibility.teams:
        parts.append(f"in {_names(eligibility.teams, names)} (sub-teams included)")
    if eligibility.job_families:
        parts.append(f"in the {_names(eligibility.job_families, names)} job family")
    if eligibility.levels:
        parts.append(f"at level {_names(eligibility.levels, names)}")
    if eligibility.hired_within_days is not None:
        parts.append(f"hired in the last {eligibility.hired_within_days} days")
    if eligibility.without_buddy:
        parts.append("who have no buddy yet")
    return f"{noun.capitalize()}: " + ", ".join(parts) + "."


def config_summary(config: RoundConfig, *, format: str, names: Mapping[str, str]) -> list[str]:
    """The configuration as sentences an admin (or an auditor) can read at a glance."""
    seekers, providers, want, teach = SIDE_WORDS.get(format, SIDE_WORDS[MatchingFormat.MENTORING])
    lines = [_side(config.seekers, seekers, want, names)]
    if format == MatchingFormat.COFFEE:
        extras = []
        if config.avoid_repeats:
            extras.append("people who met in earlier rounds are kept apart")
        if config.prefer_cross_team:
            extras.append("colleagues from other teams are preferred")
        lines.append(
            f"Groups of {config.group_size} (one more where the numbers do not divide)"
            + "".join(f"; {extra}" for extra in extras)
            + "."
        )
        return lines
    side = _side(config.providers, providers, teach, names)
    if format == MatchingFormat.BUDDY:
        side = side.replace("everyone active", "everyone in the buddy pool", 1)
    lines.append(side)
    lines.append(
        f"Each of the {providers} takes at most {config.places_per_provider}"
        + (
            ", or fewer if their own limit or current load leaves less room."
            if config.respect_personal_limits
            else "."
        )
    )
    rules: list[str] = []
    constraints = config.constraints
    if constraints.exclude_reporting_line:
        rules.append("never with someone in their reporting line")
    if constraints.exclude_previous_pairs:
        rules.append("never the same pair as before")
    if constraints.max_timezone_difference_hours is not None:
        rules.append(f"time zones at most {constraints.max_timezone_difference_hours:g} h apart")
    if constraints.team_rule != "any":
        rules.append(f"always {constraints.team_rule} teams")
    if constraints.job_family_rule != "any":
        rules.append(f"always {constraints.job_family_rule} job families")
    if rules:
        lines.append("Hard rules: " + "; ".join(rules) + ".")
    weighted = [
        f"{name.replace('_', ' ')} {config.weights[name]:g}"
        for name in WEIGHT_NAMES
        if config.weights.get(name, 0) > 0
    ]
    lines.append(
        "Weights: "
        + ", ".join(weighted)
        + f"; “different experience” means {config.level_gap_min} to {config.level_gap_max} "
        "levels above."
    )
    lines.append(f"Method: {METHODS[config.method].lower()}.")
    return lines
