"""The only way matching rounds, proposals and answers change.

A round's life: `round_create` (configuration checked and resolved, with a sentence summary) →
`round_run` (the engine proposes; large cohorts go through the job queue with progress) →
pins and exclusions by hand (`round_rule_add`, each a new version that is run again) →
`round_publish` (everyone in a match is told and asked) → `match_accept` / `match_decline`.
A match everyone accepted is handed to its format's own services (a mentorship, a buddy, a
shadowing request, a coffee date); a declined one is matched again at once from the capacity
that remains (see `match_decline` for why this is synchronous).
"""

from __future__ import annotations

import logging
import math
import statistics
import time
import uuid
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from peerlearn.activities.models import ActivityFormat, ParticipantRole
from peerlearn.activities.services import Participant, activity_record
from peerlearn.matching import selectors
from peerlearn.matching.config import (
    RoundConfig,
    config_summary,
    parse_config,
)
from peerlearn.matching.models import (
    Match,
    MatchingFormat,
    MatchingRound,
    MatchMember,
    MatchStatus,
    MemberRole,
    Response,
    RoundOptOut,
    RoundRule,
    RoundStatus,
    RuleKind,
    RunState,
)
from peerlearn.notifications.services import EmailContent, notify
from peerlearn.people.models import JobFamily, Level, Person, Skill, Team
from peerlearn.people.selectors import skill_lookup_table

logger = logging.getLogger("peerlearn.matching")

MAX_NAME = 120
MAX_TEXT = 2000
BATCH = 1000
NAMES_IN_MESSAGE = 25
SCORE_BINS = 10

Progress = Callable[[str, int, int], None]
"""Told (stage, done, total) as a run goes; the job writes it to the round, the CLI to tqdm."""


def sync_seeker_limit() -> int:
    """Rounds with more seekers than this run in the background (job queue) with progress."""
    return int(getattr(settings, "PEERLEARN_MATCHING_SYNC_SEEKERS", 400))


def round_url(matching_round: MatchingRound) -> str:
    return reverse("matching:round", args=[matching_round.id])


def match_url(match: Match) -> str:
    return reverse("matching:match", args=[match.id])


def _clean(value: str, *, field: str, limit: int, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: f"Keep it to {limit:,} characters (this is {len(value):,})."})
    return value


def _names(people: Sequence[str], limit: int = NAMES_IN_MESSAGE) -> str:
    shown = ", ".join(people[:limit])
    more = len(people) - limit
    return f"{shown} and {more} more" if more > 0 else shown


# --- configuration ------------------------------------------------------------------------------


@dataclass
class ResolvedConfig:
    config: RoundConfig
    names: dict[str, str]


def _lookup(
    refs: Sequence[str], table: Mapping[str, tuple[str, str]], path: str, noun: str
) -> tuple[list[str], dict[str, str], str]:
    """Canonical keys and names for references, or an error naming the unknown ones."""
    keys: list[str] = []
    names: dict[str, str] = {}
    unknown: list[str] = []
    for ref in refs:
        found = table.get(ref.strip().lower())
        if found is None:
            unknown.append(ref)
            continue
        key, name = found
        if key not in keys:
            keys.append(key)
        names[key] = name
    message = ""
    if unknown:
        listed = ", ".join(f"“{ref}”" for ref in unknown[:10])
        message = (
            f"There is no {noun} {listed}."
            if len(unknown) == 1
            else (f"There are no {noun}s {listed}" + (" …" if len(unknown) > 10 else "") + ".")
        )
    return keys, names, message


def _people_table(refs: Iterable[str]) -> dict[str, tuple[str, str]]:
    ids: list[uuid.UUID] = []
    emails: list[str] = []
    for ref in refs:
        try:
            ids.append(uuid.UUID(ref.strip()))
        except ValueError:
            emails.append(ref.strip().lower())
    people = Person.objects.filter(is_active=True).filter(Q(id__in=ids) | Q(user__email__in=emails))
    table: dict[str, tuple[str, str]] = {}
    for person_id, name, email in people.values_list("id", "full_name", "user__email"):
        table[str(person_id)] = (str(person_id), name)
        table[email.lower()] = (str(person_id), name)
    return table


def _resolve_side(side: Any, path: str, errors: dict[str, list[str]], names: dict[str, str]) -> Any:
    from dataclasses import replace

    teams = {}
    for slug, name in Team.objects.values_list("slug", "name"):
        teams[slug.lower()] = (slug, name)
        teams.setdefault(name.lower(), (slug, name))
    families = {}
    for slug, name in JobFamily.objects.values_list("slug", "name"):
        families[slug.lower()] = (slug, name)
        families[name.lower()] = (slug, name)
    levels = {}
    for code, name in Level.objects.values_list("code", "name"):
        levels[code.lower()] = (code, f"{code} · {name}")
        levels[name.lower()] = (code, f"{code} · {name}")
    skills = {key: (skill.slug, skill.name) for key, skill in skill_lookup_table().items()}
    resolved: dict[str, list[str]] = {}
    for key, table, noun in (
        ("teams", teams, "team"),
        ("job_families", families, "job family"),
        ("levels", levels, "level"),
        ("skills", skills, "skill"),
        ("people", _people_table(side.people), "active person with the e-mail or id"),
    ):
        keys, found, message = _lookup(getattr(side, key), table, f"{path}.{key}", noun)
        if message:
            errors.setdefault(f"{path}.{key}", []).append(message)
        resolved[key] = keys
        names.update(found)
    return replace(side, **{key: tuple(value) for key, value in resolved.items()})


def round_config_resolve(*, document: Any, format: str) -> ResolvedConfig:
    """Check a configuration and resolve its references (team, job family, level, skill,
    person) to canonical keys; unknown ones are field errors naming each of them."""
    from dataclasses import replace

    if format not in MatchingFormat.values:
        raise ValidationError({"format": "Choose one of the matching formats."})
    config = parse_config(document, format=format)
    errors: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    seekers = _resolve_side(config.seekers, "seekers", errors, names)
    providers = _resolve_side(config.providers, "providers", errors, names)
    if errors:
        raise ValidationError(errors)
    return ResolvedConfig(config=replace(config, seekers=seekers, providers=providers), names=names)


def _check_cohort(config: RoundConfig, format: str) -> selectors.CohortSize:
    """An empty side is a configuration mistake: say which side and how to widen it."""
    size = selectors.cohort_size(config=config, format=format)
    errors: dict[str, str] = {}
    if format == MatchingFormat.COFFEE:
        if size.seekers < 2:
            errors["seekers"] = (
                f"Only {size.seekers} active person fits these rules; groups need at least two. "
                "Widen the teams, job families or levels, or add people to the opt-in list."
            )
    else:
        if size.seekers == 0:
            errors["seekers"] = (
                "No active person fits the rules for who is looking, so there is nobody to "
                "match. Widen the teams, job families, levels or skills, or list people."
            )
        if size.providers == 0:
            errors["providers"] = (
                "No active person fits the rules for who offers, so nobody could be matched. "
                "Widen the teams, job families, levels or skills, or list people."
            )
    if errors:
        raise ValidationError(errors)
    return size


@dataclass(frozen=True)
class PairRef:
    """A pair as the admin names it: e-mail addresses or ids."""

    seeker: str
    provider: str


def _resolve_pairs(
    pairs: Sequence[PairRef], field_name: str, config: RoundConfig, format: str
) -> list[tuple[Person, Person]]:
    if pairs and format == MatchingFormat.COFFEE:
        raise ValidationError({field_name: "Coffee rounds have no pinned or excluded pairs."})
    table = _people_table([ref for pair in pairs for ref in (pair.seeker, pair.provider)])
    people = Person.objects.in_bulk(_uuid_list(key for key, _ in table.values()))
    seekers = set(
        selectors.eligible_people(eligibility=config.seekers, format=format, side="seekers")
        .filter(id__in=list(people))
        .values_list("id", flat=True)
    )
    providers = set(
        selectors.eligible_people(eligibility=config.providers, format=format, side="providers")
        .filter(id__in=list(people))
        .values_list("id", flat=True)
    )
    resolved: list[tuple[Person, Person]] = []
    errors: list[str] = []
    for position, pair in enumerate(pairs, start=1):
        found = []
        for ref, side, allowed in (
            (pair.seeker, "seekers", seekers),
            (pair.provider, "providers", providers),
        ):
            entry = table.get(ref.strip().lower())
            if entry is None:
                errors.append(f"Pair {position}: nobody active has the e-mail or id “{ref}”.")
                continue
            person = people[uuid.UUID(entry[0])]
            if person.id not in allowed:
                errors.append(
                    f"Pair {position}: {person.full_name} is not among this round's eligible "
                    f"{side}."
                )
                continue
            found.append(person)
        if len(found) == 2:
            if found[0].id == found[1].id:
                errors.append(f"Pair {position}: a person cannot be paired with themself.")
            else:
                resolved.append((found[0], found[1]))
    if errors:
        raise ValidationError({field_name: errors})
    return resolved


def _uuid_list(values: Iterable[str]) -> list[uuid.UUID]:
    return [uuid.UUID(value) for value in values]


def _summary(config: RoundConfig, format: str, names: Mapping[str, str]) -> str:
    return "\n".join(config_summary(config, format=format, names=names))


def _summary_names(config: RoundConfig) -> dict[str, str]:
    """Names for a stored configuration's keys (it holds slugs, codes and ids)."""
    names: dict[str, str] = {}
    for side in (config.seekers, config.providers):
        names.update(Team.objects.filter(slug__in=side.teams).values_list("slug", "name"))
        names.update(
            JobFamily.objects.filter(slug__in=side.job_families).values_list("slug", "name")
        )
        names.update(Skill.objects.filter(slug__in=side.skills).values_list("slug", "name"))
        names.update(
            (str(pid), name)
            for pid, name in Person.objects.filter(id__in=_uuid_list(side.people)).values_list(
                "id", "full_name"
            )
        )
    return names


def _replace_rules(
    matching_round: MatchingRound,
    kind: RuleKind,
    pairs: list[tuple[Person, Person]],
    by: Person | None,
) -> None:
    RoundRule.objects.filter(round=matching_round, kind=kind).delete()
    for seeker, provider in pairs:
        RoundRule.objects.update_or_create(
            round=matching_round,
            seeker=seeker,
            provider=provider,
            defaults={"kind": kind, "created_by": by},
        )


def _check_pins(pins: list[tuple[Person, Person]], excluded: list[tuple[Person, Person]]) -> None:
    seen: dict[uuid.UUID, Person] = {}
    for seeker, provider in pins:
        if seeker.id in seen and seen[seeker.id].id != provider.id:
            raise ValidationError(
                {
                    "must_pairs": f"{seeker.full_name} is pinned to both "
                    f"{seen[seeker.id].full_name} and {provider.full_name}; a seeker gets one."
                }
            )
        seen[seeker.id] = provider
    both = {(s.id, p.id) for s, p in pins} & {(s.id, p.id) for s, p in excluded}
    if both:
        raise ValidationError({"must_not_pairs": "A pair cannot be both pinned and excluded."})


@transaction.atomic
def round_create(
    *,
    name: str,
    format: str,
    description: str = "",
    config: Any = None,
    must_pairs: Sequence[PairRef] = (),
    must_not_pairs: Sequence[PairRef] = (),
    by: Person | None,
) -> MatchingRound:
    """A draft round, its configuration checked, resolved and summarised in sentences."""
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "Give the round a name people will recognise, e.g. “Spring mentoring”."
    elif len(name) > MAX_NAME:
        errors["name"] = f"Keep the name to {MAX_NAME} characters."
    if format not in MatchingFormat.values:
        errors["format"] = "Choose what this round matches."
    if errors:
        raise ValidationError(errors)
    description = _clean(description, field="description", limit=MAX_TEXT)
    resolved = round_config_resolve(document=config or {}, format=format)
    _check_cohort(resolved.config, format)
    pins = _resolve_pairs(must_pairs, "must_pairs", resolved.config, format)
    excluded = _resolve_pairs(must_not_pairs, "must_not_pairs", resolved.config, format)
    _check_pins(pins, excluded)
    matching_round = MatchingRound.objects.create(
        name=name,
        format=format,
        description=description,
        config=resolved.config.as_document(),
        summary=_summary(resolved.config, format, resolved.names),
        created_by=by,
    )
    _replace_rules(matching_round, RuleKind.MUST, pins, by)
    _replace_rules(matching_round, RuleKind.MUST_NOT, excluded, by)
    return matching_round


def _require_draft(matching_round: MatchingRound) -> None:
    if matching_round.status != RoundStatus.DRAFT:
        raise ValidationError(
            {"__all__": "This round is published: its configuration and pairs are final."}
        )


def _new_version(matching_round: MatchingRound) -> list[str]:
    """A change to the configuration or the pins: the proposal, and any run still queued or
    working on the old version, are out of date (the run will not store its result)."""
    matching_round.config_version += 1
    if matching_round.is_running:
        matching_round.run_state = RunState.IDLE
        matching_round.run_stage = ""
    return ["config_version", "run_state", "run_stage", "updated_at"]


def _locked_round(matching_round: MatchingRound) -> MatchingRound:
    MatchingRound.objects.select_for_update().filter(pk=matching_round.pk).values_list("pk").get()
    matching_round.refresh_from_db()
    return matching_round


@transaction.atomic
def round_update(
    *,
    matching_round: MatchingRound,
    name: str | None = None,
    description: str | None = None,
    config: Any = None,
    must_pairs: Sequence[PairRef] | None = None,
    must_not_pairs: Sequence[PairRef] | None = None,
    by: Person | None,
) -> MatchingRound:
    """Change a draft round; every change makes the proposal out of date (run it again)."""
    matching_round = _locked_round(matching_round)
    _require_draft(matching_round)
    if name is not None:
        name = name.strip()
        if not name:
            raise ValidationError({"name": "Give the round a name."})
        if len(name) > MAX_NAME:
            raise ValidationError({"name": f"Keep the name to {MAX_NAME} characters."})
        matching_round.name = name
    if description is not None:
        matching_round.description = _clean(description, field="description", limit=MAX_TEXT)
    format = matching_round.format
    if config is not None:
        resolved = round_config_resolve(document=config, format=format)
        _check_cohort(resolved.config, format)
        matching_round.config = resolved.config.as_document()
        matching_round.summary = _summary(resolved.config, format, resolved.names)
    current = selectors.round_config(matching_round)
    if must_pairs is not None or must_not_pairs is not None:
        rules = list(selectors.round_rules(matching_round=matching_round))
        pins = (
            _resolve_pairs(must_pairs, "must_pairs", current, format)
            if must_pairs is not None
            else [(r.seeker, r.provider) for r in rules if r.kind == RuleKind.MUST]
        )
        excluded = (
            _resolve_pairs(must_not_pairs, "must_not_pairs", current, format)
            if must_not_pairs is not None
            else [(r.seeker, r.provider) for r in rules if r.kind == RuleKind.MUST_NOT]
        )
        _check_pins(pins, excluded)
        _replace_rules(matching_round, RuleKind.MUST, pins, by)
        _replace_rules(matching_round, RuleKind.MUST_NOT, excluded, by)
    _new_version(matching_round)
    matching_round.save()
    return matching_round


@transaction.atomic
def round_rule_add(
    *,
    matching_round: MatchingRound,
    kind: str,
    seeker: Person,
    provider: Person,
    by: Person | None,
) -> RoundRule:
    """Pin a pair (always made) or exclude it (never made); the next run keeps every pin."""
    matching_round = _locked_round(matching_round)
    _require_draft(matching_round)
    if kind not in RuleKind.values:
        raise ValidationError({"kind": "Choose pin or exclude."})
    if matching_round.format == MatchingFormat.COFFEE:
        raise ValidationError({"kind": "Coffee rounds have no pinned or excluded pairs."})
    config = selectors.round_config(matching_round)
    [(seeker, provider)] = _resolve_pairs(
        [PairRef(str(seeker.id), str(provider.id))], "seeker", config, matching_round.format
    )
    if kind == RuleKind.MUST:
        other = (
            RoundRule.objects.filter(round=matching_round, kind=RuleKind.MUST, seeker=seeker)
            .exclude(provider=provider)
            .select_related("provider")
            .first()
        )
        if other is not None:
            raise ValidationError(
                {
                    "seeker": f"{seeker.full_name} is already pinned to "
                    f"{other.provider.full_name}; remove that pin first."
                }
            )
    rule, _ = RoundRule.objects.update_or_create(
        round=matching_round,
        seeker=seeker,
        provider=provider,
        defaults={"kind": kind, "created_by": by},
    )
    matching_round.save(update_fields=_new_version(matching_round))
    return rule


@transaction.atomic
def round_rule_remove(*, rule: RoundRule, by: Person | None) -> None:
    matching_round = _locked_round(rule.round)
    _require_draft(matching_round)
    rule.delete()
    matching_round.save(update_fields=_new_version(matching_round))


# --- running the engine -------------------------------------------------------------------------


@dataclass
class ProposedPair:
    seeker_id: str
    provider_id: str
    seeker_name: str
    provider_name: str
    score: float
    explanation: str
    criteria: list[dict[str, Any]]
    pinned: bool


@dataclass
class ProposedGroup:
    member_ids: list[str]
    member_names: list[str]


@dataclass
class RunReport:
    """What a run proposed, whether or not it was stored (`stored` is False for a dry run or
    when the round changed while it ran)."""

    pairs: list[ProposedPair] = field(default_factory=list)
    groups: list[ProposedGroup] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    infeasibilities: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    stored: bool = False


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _infeasibility(kind: str, message: str, people: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return {
        "kind": kind,
        "message": message,
        "people": [{"id": person_id, "name": name} for person_id, name in people],
    }


def _score_bins(scores: Sequence[float]) -> list[dict[str, Any]]:
    if not scores:
        return []
    top = max(max(scores), 1e-9)
    step = top / SCORE_BINS
    # A readable step (0.05, 0.1, 0.2, 0.25, 0.5, …) so labels do not carry long decimals.
    magnitude = 10 ** math.floor(math.log10(step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= step)
    bins = max(1, math.ceil(top / step - 1e-9))
    counts = [0] * bins
    for score in scores:
        counts[min(int(score / step), bins - 1)] += 1
    return [
        {"label": f"{i * step:.2f}–{(i + 1) * step:.2f}", "count": count}
        for i, count in enumerate(counts)
    ]


def _pair_stats(
    cohort: selectors.Cohort, result: Any, pairs: list[ProposedPair], method: str
) -> dict[str, Any]:
    scores = [pair.score for pair in pairs]
    loads = Counter(pair.provider_id for pair in pairs)
    load_histogram = Counter(loads.get(p.id, 0) for p in cohort.providers)
    capacity = dict(zip((p.id for p in cohort.providers), cohort.capacities, strict=True))
    busiest = sorted(loads.items(), key=lambda item: (-item[1], cohort.names.get(item[0], "")))
    return {
        "kind": "pairs",
        "seekers": len(cohort.seekers),
        "providers": len(cohort.providers),
        "providers_with_room": sum(1 for c in cohort.capacities if c > 0),
        "places": sum(cohort.capacities),
        "matched": len(pairs),
        "pinned": sum(1 for pair in pairs if pair.pinned),
        "coverage": len(pairs) / len(cohort.seekers) if cohort.seekers else 0.0,
        "mean_score": statistics.fmean(scores) if scores else None,
        "median_score": statistics.median(scores) if scores else None,
        "min_score": min(scores) if scores else None,
        "max_score": max(scores) if scores else None,
        "total_score": sum(scores),
        "score_bins": _score_bins(scores),
        "load_bins": [
            {"load": load, "providers": load_histogram[load]}
            for load in range(max(load_histogram, default=0) + 1)
        ],
        "busiest": [
            {"name": cohort.names.get(pid, pid), "load": n, "capacity": capacity.get(pid, 0)}
            for pid, n in busiest[:5]
        ],
        "solved": bool(result.solved),
        "method": method,
        "candidate_arcs": result.graph.arcs,
    }


def _pair_infeasibilities(cohort: selectors.Cohort, result: Any) -> list[dict[str, Any]]:
    names = cohort.names
    reports: list[dict[str, Any]] = []
    for item in result.infeasibilities:
        people = [(pid, names.get(pid, pid)) for pid in item.person_ids]
        listed = _names([name for _, name in people])
        kind = item.kind.value
        if kind == "no_eligible_provider":
            message = (
                f"{len(people)} seeker{'s have' if len(people) != 1 else ' has'} no eligible "
                f"provider with a free place: {listed}."
            )
        elif kind == "providers_full":
            message = (
                f"{len(people)} seeker{'s were' if len(people) != 1 else ' was'} left unmatched "
                f"because their eligible providers are full: {listed}."
            )
        else:
            message = item.message
            for pid, name in people:
                message = message.replace(pid, name)
            message = message[0].upper() + message[1:] + "."
        reports.append(_infeasibility(kind, message, people))
    without_room = [
        (p.id, p.name) for p, c in zip(cohort.providers, cohort.capacities, strict=True) if c == 0
    ]
    if without_room:
        reports.append(
            _infeasibility(
                "providers_without_room",
                f"{len(without_room)} eligible "
                f"provider{'s have' if len(without_room) != 1 else ' has'} no room left "
                "(their own limit or current load): "
                f"{_names([n for _, n in without_room])}.",
                without_room,
            )
        )
    return reports


def _run_pairs(
    matching_round: MatchingRound, config: RoundConfig, cohort: selectors.Cohort
) -> RunReport:
    from matching_engine import Method, match

    result = match(selectors.engine_problem(config, cohort), method=Method(config.method))
    names = cohort.names
    pairs = sorted(
        (
            ProposedPair(
                seeker_id=pair.seeker_id,
                provider_id=pair.provider_id,
                seeker_name=names.get(pair.seeker_id, pair.seeker_id),
                provider_name=names.get(pair.provider_id, pair.provider_id),
                score=pair.score,
                explanation=pair.explanation,
                criteria=selectors.engine_criteria(pair.criteria),
                pinned=pair.fixed_by_admin,
            )
            for pair in result.pairs
        ),
        key=lambda pair: (pair.seeker_name, pair.seeker_id),
    )
    return RunReport(
        pairs=pairs,
        stats=_pair_stats(cohort, result, pairs, config.method),
        infeasibilities=_pair_infeasibilities(cohort, result),
    )


def _run_groups(
    matching_round: MatchingRound, config: RoundConfig, cohort: selectors.Cohort
) -> RunReport:
    from matching_engine import make_groups

    past = list(cohort.past_groups) + [list(pair) for pair in cohort.must_not_pairs]
    # The same round and version always give the same groups (the demo relies on it too).
    seed = zlib.crc32(
        f"{matching_round.name}|{matching_round.created_at.isoformat()}|"
        f"{matching_round.config_version}".encode()
    )
    result = make_groups(
        cohort.seekers,
        group_size=config.group_size,
        past_groups=past,
        prefer_cross_team=config.prefer_cross_team,
        avoid_repeats=config.avoid_repeats,
        seed=seed,
    )
    names = cohort.names
    groups = [
        ProposedGroup(member_ids=list(group), member_names=[names.get(i, i) for i in group])
        for group in result.groups
    ]
    reports: list[dict[str, Any]] = []
    if result.ungrouped_ids:
        people = [(pid, names.get(pid, pid)) for pid in result.ungrouped_ids]
        reports.append(
            _infeasibility(
                "ungrouped",
                f"{len(people)} person could not be grouped (one person alone cannot form a "
                f"group): {_names([n for _, n in people])}.",
                people,
            )
        )
    if result.repeated_pairs:
        people = sorted(
            {
                (pid, names.get(pid, pid))
                for repeat in result.repeated_pairs
                for pid in (repeat.first_id, repeat.second_id)
            },
            key=lambda item: item[1],
        )
        listed = _names(
            [
                f"{names.get(r.first_id, r.first_id)} & {names.get(r.second_id, r.second_id)}"
                for r in result.repeated_pairs
            ]
        )
        reports.append(
            _infeasibility(
                "repeated_pairs",
                f"{len(result.repeated_pairs)} "
                f"pair{'s meet' if len(result.repeated_pairs) != 1 else ' meets'} again although "
                f"they met in an earlier round: {listed}.",
                people,
            )
        )
    sizes = Counter(len(group.member_ids) for group in groups)
    stats = {
        "kind": "groups",
        "participants": len(cohort.seekers),
        "groups": len(groups),
        "grouped": sum(sizes[size] * size for size in sizes),
        "coverage": (
            sum(sizes[size] * size for size in sizes) / len(cohort.seekers)
            if cohort.seekers
            else 0.0
        ),
        "group_sizes": [{"size": size, "groups": sizes[size]} for size in sorted(sizes)],
        "repeated_pairs": len(result.repeated_pairs),
        "same_team_pairs": result.same_team_pairs,
    }
    return RunReport(groups=groups, stats=stats, infeasibilities=reports)


def progress_writer(matching_round: MatchingRound) -> Progress:
    """Write progress to the round's row (its own commits), at most a few times a second."""
    last_time = 0.0
    last_stage = ""

    def write(stage: str, done: int, total: int) -> None:
        nonlocal last_time, last_stage
        now = time.monotonic()
        if stage == last_stage and now - last_time < 0.5 and done < total:
            return
        last_time, last_stage = now, stage
        MatchingRound.objects.filter(pk=matching_round.pk).update(
            run_stage=stage[:120], run_done=done, run_total=total
        )

    return write


def round_run(
    *,
    matching_round: MatchingRound,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> RunReport:
    """Propose pairs (or groups) for a draft round with the matching engine.

    The proposal replaces the previous one unless `dry_run`. It is stored only if the round's
    configuration did not change while the engine worked (a newer run will follow). The long
    part (reading and solving) holds no transaction; storing is one transaction.
    """
    from matching_engine import MatchingInputError

    tell = progress or _no_progress
    matching_round.refresh_from_db()  # the version this run answers is the one stored now
    if not dry_run:
        _require_draft(matching_round)
    version = matching_round.config_version
    started = time.perf_counter()
    if not dry_run:
        # Only while the round is still at this version: a newer change owns the state then.
        MatchingRound.objects.filter(pk=matching_round.pk, config_version=version).update(
            run_state=RunState.RUNNING,
            run_started_at=timezone.now(),
            run_error="",
            run_stage="Reading people and skills",
            run_done=0,
            run_total=3,
        )
    try:
        tell("Reading people and skills", 0, 3)
        config = selectors.round_config(matching_round)
        cohort = selectors.round_cohort(matching_round=matching_round, config=config)
        if not cohort.seekers:
            raise ValidationError(
                {"seekers": "Nobody fits the rules for who is looking any more: widen them."}
            )
        tell(f"Matching {len(cohort.seekers):,} people", 1, 3)
        if matching_round.format == MatchingFormat.COFFEE:
            report = _run_groups(matching_round, config, cohort)
        else:
            report = _run_pairs(matching_round, config, cohort)
        report.infeasibilities = [
            _infeasibility("pin_skipped", message, []) for message in cohort.skipped_rules
        ] + report.infeasibilities
    except (ValidationError, MatchingInputError) as error:
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        if not dry_run:
            _run_failed(matching_round, message)
        if isinstance(error, ValidationError):
            raise
        raise ValidationError(
            {"__all__": f"The matching engine refused the input: {error}"}
        ) from error
    except Exception:
        if not dry_run:
            _run_failed(matching_round, "The run stopped with an internal error; it is retried.")
        raise
    report.seconds = time.perf_counter() - started
    report.stats["seconds"] = round(report.seconds, 3)
    tell("Saving the proposal", 2, 3)
    if not dry_run:
        report.stored = _store_proposal(matching_round, version, report, tell)
    tell("Done", 3, 3)
    return report


def _run_failed(matching_round: MatchingRound, message: str) -> None:
    MatchingRound.objects.filter(
        pk=matching_round.pk, config_version=matching_round.config_version
    ).update(
        run_state=RunState.FAILED,
        run_error=message[:2000],
        run_finished_at=timezone.now(),
        run_stage="",
    )


def _store_proposal(
    matching_round: MatchingRound, version: int, report: RunReport, tell: Progress
) -> bool:
    with transaction.atomic():
        locked = MatchingRound.objects.select_for_update().get(pk=matching_round.pk)
        if locked.config_version != version or locked.status != RoundStatus.DRAFT:
            return False
        Match.objects.filter(round=locked, status=MatchStatus.PROPOSED).delete()
        matches: list[Match] = []
        members: list[MatchMember] = []
        total = len(report.pairs) or len(report.groups)
        for position, pair in enumerate(report.pairs):
            seeker_id, provider_id = uuid.UUID(pair.seeker_id), uuid.UUID(pair.provider_id)
            match = Match(
                round=locked,
                seeker_id=seeker_id,
                provider_id=provider_id,
                score=pair.score,
                explanation=pair.explanation,
                criteria=pair.criteria,
                pinned=pair.pinned,
                position=position,
            )
            matches.append(match)
            members.append(MatchMember(match=match, person_id=seeker_id, role=MemberRole.SEEKER))
            members.append(
                MatchMember(match=match, person_id=provider_id, role=MemberRole.PROVIDER)
            )
        for position, group in enumerate(report.groups):
            match = Match(round=locked, position=position)
            matches.append(match)
            members.extend(
                MatchMember(match=match, person_id=uuid.UUID(pid), role=MemberRole.MEMBER)
                for pid in group.member_ids
            )
        for start in range(0, len(matches), BATCH):
            Match.objects.bulk_create(matches[start : start + BATCH])
            tell("Saving the proposal", min(start + BATCH, total), total)
        MatchMember.objects.bulk_create(members, batch_size=BATCH)
        locked.run_state = RunState.DONE
        locked.run_stage = ""
        locked.run_done = locked.run_total = 0
        locked.run_error = ""
        locked.run_finished_at = timezone.now()
        locked.run_seconds = report.seconds
        locked.proposal_version = version
        locked.stats = report.stats
        locked.infeasibilities = report.infeasibilities
        locked.save()
    matching_round.refresh_from_db()
    return True


def round_run_request(*, matching_round: MatchingRound) -> str:
    """Run now ("ran") or, for a large cohort, queue the run for a worker ("queued")."""
    from peerlearn.jobs.services import enqueue_after_commit
    from peerlearn.matching.tasks import run_round

    matching_round.refresh_from_db()
    _require_draft(matching_round)
    config = selectors.round_config(matching_round)
    size = selectors.cohort_size(config=config, format=matching_round.format)
    if size.seekers <= sync_seeker_limit():
        round_run(matching_round=matching_round)
        return "ran"
    with transaction.atomic():
        MatchingRound.objects.filter(pk=matching_round.pk).update(
            run_state=RunState.QUEUED,
            run_stage="Waiting for a worker",
            run_done=0,
            run_total=3,
            run_error="",
        )
        enqueue_after_commit(
            run_round,
            round_id=str(matching_round.id),
            version=matching_round.config_version,
        )
    matching_round.refresh_from_db()
    return "queued"


# --- publishing ---------------------------------------------------------------------------------


def _format_words(format: str) -> tuple[str, str]:
    """(what the seeker gets, what the provider does), for messages."""
    return {
        MatchingFormat.MENTORING: ("a mentor", "mentor"),
        MatchingFormat.BUDDY: ("an onboarding buddy", "welcome"),
        MatchingFormat.SHADOWING: ("a colleague to shadow", "host"),
    }.get(MatchingFormat(format), ("a match", "meet"))


def _offer(match: Match, member: MatchMember, partners: Sequence[Person]) -> None:
    matching_round = match.round
    names = ", ".join(p.full_name for p in partners)
    if not match.is_pair:
        subject = f"Coffee: meet {names}"
        message = (
            f"{matching_round.name}: you are in a group with {names}. Accept to say you will "
            "meet, or decline if you cannot this time."
        )
    elif member.role == MemberRole.SEEKER:
        what, _ = _format_words(matching_round.format)
        subject = f"{matching_round.name}: {names} is suggested as {what}"
        message = f"{matching_round.name}: we suggest {names} as {what}. Accept or decline."
    else:
        _, verb = _format_words(matching_round.format)
        subject = f"{matching_round.name}: would you {verb} {names}?"
        message = f"{matching_round.name}: we suggest you {verb} {names}. Accept or decline."
    notify(
        recipient=member.person,
        kind="matching.offer",
        key=f"matching.offer:{match.id}:{member.person_id}",
        content=EmailContent(
            subject=subject,
            message=message,
            lines=[f"Why: {match.explanation}"] if match.explanation else [],
            url=match_url(match),
            action_label="Accept or decline",
        ),
    )


@transaction.atomic
def round_publish(*, matching_round: MatchingRound, by: Person | None) -> MatchingRound:
    """Make the current proposal real: everyone in it is told and asked to accept."""
    matching_round = _locked_round(matching_round)
    _require_draft(matching_round)
    if not matching_round.proposal_is_current:
        raise ValidationError(
            {
                "__all__": "The proposal is out of date or missing: run the matching again, "
                "check it, then publish."
            }
        )
    if not matching_round.stats.get("solved", True):
        raise ValidationError(
            {"__all__": "The pinned pairs contradict the rules (see above): fix them first."}
        )
    proposed = Match.objects.filter(round=matching_round, status=MatchStatus.PROPOSED)
    if not proposed.exists():
        raise ValidationError({"__all__": "The proposal has no pairs to publish."})
    now = timezone.now()
    proposed.update(status=MatchStatus.OFFERED, updated_at=now)
    matching_round.status = RoundStatus.PUBLISHED
    matching_round.published_at, matching_round.published_by = now, by
    matching_round.save()
    members = (
        MatchMember.objects.filter(match__round=matching_round)
        .select_related("person", "match", "match__round")
        .order_by("match__position", "-role", "created_at")
    )
    by_match: dict[uuid.UUID, list[MatchMember]] = {}
    for member in members:
        by_match.setdefault(member.match_id, []).append(member)
    for group in by_match.values():
        for member in group:
            partners = [m.person for m in group if m.person_id != member.person_id]
            _offer(member.match, member, partners)
    return matching_round


# --- answers ------------------------------------------------------------------------------------


def _locked_match(match: Match) -> Match:
    Match.objects.select_for_update().filter(pk=match.pk).values_list("pk").get()
    match.refresh_from_db()
    return match


def _member(match: Match, person: Person) -> MatchMember:
    member = MatchMember.objects.filter(match=match, person=person).first()
    if member is None:
        raise ValidationError({"__all__": "Only the people in this match can answer."})
    return member


def _tell(
    *,
    recipient: Person,
    key: str,
    subject: str,
    message: str,
    match: Match,
    lines: Sequence[str] = (),
) -> None:
    notify(
        recipient=recipient,
        kind="matching.update",
        key=key,
        content=EmailContent(
            subject=subject,
            message=message,
            lines=lines,
            url=match_url(match),
            action_label="Open the match",
        ),
    )


def _require_open(match: Match, verb: str) -> None:
    if match.status == MatchStatus.OFFERED:
        return
    if match.status == MatchStatus.PROPOSED:
        raise ValidationError({"__all__": "This match has not been published yet."})
    raise ValidationError(
        {
            "__all__": f"This match is already {match.get_status_display().lower()}; it can no "
            f"longer be {verb}."
        }
    )


@transaction.atomic
def match_accept(*, match: Match, person: Person, message: str = "") -> Match:
    """Say yes. Once everyone in the match has, it is handed to its format (a mentorship, a
    buddy, a shadowing request, a coffee date) and everyone hears it is on."""
    match = _locked_match(match)
    _require_open(match, "accepted")
    member = _member(match, person)
    if member.response == Response.DECLINED:
        raise ValidationError({"__all__": "You already declined this match."})
    if member.response == Response.ACCEPTED:
        return match
    member.response = Response.ACCEPTED
    member.responded_at = timezone.now()
    member.message = _clean(message, field="message", limit=MAX_TEXT)
    member.save(update_fields=["response", "responded_at", "message", "updated_at"])
    members = list(
        match.members.select_related("person").order_by(
            "-role", "created_at", "person__full_name", "id"
        )
    )
    live = [m for m in members if m.response != Response.DECLINED]
    if all(m.response == Response.ACCEPTED for m in live) and len(live) >= 2:
        _confirm(match, live)
    else:
        for other in live:
            if other.person_id == person.id:
                continue
            _tell(
                recipient=other.person,
                key=f"matching.accepted:{match.id}:{person.id}:{other.person_id}",
                subject=f"{person.full_name} accepted",
                message=f"{person.full_name} accepted the match. Your answer is the one missing."
                if other.response == Response.PENDING
                else f"{person.full_name} accepted the match.",
                match=match,
            )
    return match


def _confirm(match: Match, members: list[MatchMember]) -> None:
    match.status = MatchStatus.ACCEPTED
    match.decided_at = timezone.now()
    _hand_off(match, members)
    match.save()
    if match.is_pair:
        return  # the format's own services have told both people what happens next
    label = match.outcome_label or "the match"
    for member in members:
        _tell(
            recipient=member.person,
            key=f"matching.confirmed:{match.id}:{member.person_id}",
            subject="It's a match: everyone accepted",
            message=f"Everyone accepted. Next step: {label}.",
            match=match,
        )


def _shared_skills(match: Match) -> list[Skill]:
    if match.seeker_id is None or match.provider_id is None:
        return []
    from peerlearn.people.models import PersonSkill

    wanted = PersonSkill.objects.filter(person_id=match.seeker_id, wants_to_learn=True).values(
        "skill_id"
    )
    return list(
        Skill.objects.filter(
            id__in=PersonSkill.objects.filter(
                person_id=match.provider_id, level__gte=1, skill_id__in=wanted
            ).values("skill_id")
        ).order_by("name")[:3]
    )


def _hand_off(match: Match, members: list[MatchMember]) -> None:
    """Create the relationship in the format's own app, through its services."""
    matching_round = match.round
    by = matching_round.created_by
    reason = f"{matching_round.name}: {match.explanation}"[:MAX_TEXT]
    format = matching_round.format
    if format == MatchingFormat.MENTORING:
        from peerlearn.mentoring.services import (
            mentorship_accept,
            mentorship_create_from_match,
            mentorship_url,
        )

        assert match.seeker is not None
        assert match.provider is not None
        mentorship = mentorship_create_from_match(
            mentor=match.provider,
            mentee=match.seeker,
            reason=reason,
            focus_skills=_shared_skills(match),
            created_by=by,
            announce=False,
        )
        # Both already said yes here, so the mentee's acceptance is recorded at once.
        mentorship_accept(
            mentorship=mentorship,
            by=match.seeker,
            message=f"Accepted in the matching round “{matching_round.name}”.",
        )
        match.outcome_id = mentorship.id
        match.outcome_url = mentorship_url(mentorship)
        match.outcome_label = "agree your goals and plan a first check-in"
    elif format == MatchingFormat.BUDDY:
        from peerlearn.onboarding.models import Onboarding, OnboardingStatus
        from peerlearn.onboarding.services import (
            onboarding_assign_buddy,
            onboarding_start_for,
            onboarding_url,
        )

        assert match.seeker is not None
        assert match.provider is not None
        onboarding = Onboarding.objects.filter(
            new_starter=match.seeker, status=OnboardingStatus.ACTIVE
        ).first()
        if onboarding is None:
            onboarding = onboarding_start_for(
                person=match.seeker, assign_buddy=False, created_by=by
            )
        onboarding = onboarding_assign_buddy(
            onboarding=onboarding, buddy=match.provider, reason=reason, by=by
        )
        match.outcome_id = onboarding.id
        match.outcome_url = onboarding_url(onboarding)
        match.outcome_label = "say hello and plan the day-1 check-in"
    elif format == MatchingFormat.SHADOWING:
        from peerlearn.shadowing.services import request_url, shadowing_request

        assert match.seeker is not None
        assert match.provider is not None
        request = shadowing_request(
            observer=match.seeker,
            host=match.provider,
            what_to_observe=f"A typical day of {match.provider.full_name}'s work.",
            why=reason,
            skills=_shared_skills(match),
        )
        match.outcome_id = request.id
        match.outcome_url = request_url(request)
        match.outcome_label = f"{match.provider.full_name} proposes a time to shadow"
    else:
        activity = activity_record(
            format=ActivityFormat.COMMUNITY,
            action="coffee.matched",
            title=f"Coffee: {', '.join(m.person.full_name for m in members)}",
            participants=[
                Participant(person=m.person, role=ParticipantRole.MEMBER) for m in members
            ],
            source=match,
            created_by=by,
        )
        match.outcome_id = activity.id
        match.outcome_label = "agree a time for coffee or lunch"


@transaction.atomic
def match_decline(
    *, match: Match, person: Person, message: str = "", opt_out: bool = False
) -> Match | None:
    """Say no. A declined pair is matched again straight away from the capacity left
    (never the same pair again); `opt_out` also takes the person out of the round.

    Returns the replacement match, if one was found.

    Why synchronously, inside this transaction: a re-match is one seeker against the round's
    providers, a handful of queries and a solve of milliseconds (docs/matching-rounds.md:
    122 ms on the demo company), so the decliner and their partner see the outcome at once;
    and holding the round's row lock while it runs means two declines in one round cannot
    give the same last place twice.
    """
    matching_round = _locked_round(match.round)
    match = _locked_match(match)
    _require_open(match, "declined")
    member = _member(match, person)
    if member.response == Response.DECLINED:
        return None
    member.response = Response.DECLINED
    member.responded_at = timezone.now()
    member.message = _clean(message, field="message", limit=MAX_TEXT)
    member.save(update_fields=["response", "responded_at", "message", "updated_at"])
    if opt_out:
        RoundOptOut.objects.get_or_create(round=matching_round, person=person)
    if not match.is_pair:
        return _group_decline(match, member)
    match.status = MatchStatus.DECLINED
    match.decided_at = timezone.now()
    match.save(update_fields=["status", "decided_at", "updated_at"])
    others = list(match.members.exclude(person=person).select_related("person"))
    seeker_stays = not (opt_out and member.role == MemberRole.SEEKER)
    for other in others:
        _tell(
            recipient=other.person,
            key=f"matching.declined:{match.id}:{other.person_id}",
            subject=f"{person.full_name} cannot take this on",
            message=(
                f"{person.full_name} declined the match."
                + (
                    " We are looking for someone else for you."
                    if other.role == MemberRole.SEEKER and seeker_stays
                    else ""
                )
            ),
            match=match,
        )
    if not seeker_stays or match.seeker is None:
        return None
    return _rematch(matching_round, match, match.seeker)


def _rematch(matching_round: MatchingRound, declined: Match, seeker: Person) -> Match | None:
    from matching_engine import match as engine_match

    config = selectors.round_config(matching_round)
    cohort = selectors.round_cohort(
        matching_round=matching_round, config=config, only_seekers=[seeker.id]
    )
    result = None
    if cohort.seekers and cohort.providers:
        result = engine_match(selectors.engine_problem(config, cohort), top_k=None)
    if result is None or not result.pairs:
        _tell(
            recipient=seeker,
            key=f"matching.unmatched:{declined.id}",
            subject=f"{matching_round.name}: nobody else is free right now",
            message=(
                f"Nobody else with room fits you in {matching_round.name} right now. The "
                "programme team has been told; you can also browse suggestions yourself."
            ),
            match=declined,
        )
        if matching_round.created_by is not None:
            _tell(
                recipient=matching_round.created_by,
                key=f"matching.unmatched.admin:{declined.id}",
                subject=f"{matching_round.name}: {seeker.full_name} could not be re-matched",
                message=(
                    f"{seeker.full_name}'s match was declined and nobody else with room fits. "
                    "Add providers or places, or pair them by hand."
                ),
                match=declined,
            )
        return None
    pair = result.pairs[0]
    position = (
        Match.objects.filter(round=matching_round)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    ) + 1
    provider_id = uuid.UUID(pair.provider_id)
    replacement = Match.objects.create(
        round=matching_round,
        status=MatchStatus.OFFERED,
        seeker=seeker,
        provider_id=provider_id,
        score=pair.score,
        explanation=pair.explanation,
        criteria=selectors.engine_criteria(pair.criteria),
        position=position,
        replaces=declined,
    )
    members = [
        MatchMember.objects.create(match=replacement, person=seeker, role=MemberRole.SEEKER),
        MatchMember.objects.create(
            match=replacement, person_id=provider_id, role=MemberRole.PROVIDER
        ),
    ]
    replacement = Match.objects.select_related("round", "seeker", "provider").get(pk=replacement.pk)
    for member in MatchMember.objects.filter(pk__in=[m.pk for m in members]).select_related(
        "person"
    ):
        partner = replacement.provider if member.role == MemberRole.SEEKER else seeker
        assert partner is not None
        _offer(replacement, member, [partner])
    return replacement


def _group_decline(match: Match, member: MatchMember) -> Match | None:
    """A group carries on without the person who declined; someone left alone joins the
    smallest group of the round still waiting for answers."""
    live = list(
        match.members.exclude(response=Response.DECLINED)
        .select_related("person")
        .order_by("created_at", "person__full_name", "id")
    )
    for other in live:
        _tell(
            recipient=other.person,
            key=f"matching.group_declined:{match.id}:{member.person_id}:{other.person_id}",
            subject=f"{member.person.full_name} cannot make it this time",
            message=f"{member.person.full_name} cannot make it this time.",
            match=match,
        )
    if len(live) >= 2:
        if all(m.response == Response.ACCEPTED for m in live):
            _confirm(match, live)
        return None
    match.status = MatchStatus.DECLINED
    match.decided_at = timezone.now()
    match.save(update_fields=["status", "decided_at", "updated_at"])
    if not live:
        return None
    alone = live[0]
    from django.db.models import Count

    smallest = (
        Match.objects.filter(round=match.round, status=MatchStatus.OFFERED, seeker__isnull=True)
        .exclude(pk=match.pk)
        .annotate(size=Count("members", filter=~Q(members__response=Response.DECLINED)))
        .order_by("size", "position")
        .first()
    )
    if smallest is None:
        return None
    joined = MatchMember.objects.create(match=smallest, person=alone.person, role=MemberRole.MEMBER)
    target = Match.objects.select_related("round").get(pk=smallest.pk)
    group = list(target.members.exclude(response=Response.DECLINED).select_related("person"))
    _offer(target, joined, [m.person for m in group if m.person_id != alone.person_id])
    for other in group:
        if other.person_id == alone.person_id:
            continue
        _tell(
            recipient=other.person,
            key=f"matching.group_joined:{target.id}:{alone.person_id}:{other.person_id}",
            subject=f"{alone.person.full_name} joins your group",
            message=f"{alone.person.full_name} joins your coffee group.",
            match=target,
        )
    return target
