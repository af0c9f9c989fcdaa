"""Reads for matching: the engine's inputs built from the organisation, and what people may see.

`round_cohort` turns a round's configuration into the engine's plain data with a fixed number
of queries, whatever the size of the cohort: who is eligible on each side (one query per side,
filters pushed into SQL), their profiles and skills (one query each), every reporting line (one
query for the whole organisation, walked in memory), capacities and current loads (one
aggregate per kind), earlier pairings (one query per source) and the admin's pins.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from peerlearn.core.permissions import Actor
from peerlearn.matching.config import (
    Eligibility,
    RoundConfig,
    default_config,
    stored_config,
)
from peerlearn.matching.models import (
    LIVE_STATUSES,
    PUBLISHED_STATUSES,
    Match,
    MatchingFormat,
    MatchingRound,
    MatchMember,
    MatchStatus,
    RoundOptOut,
    RoundRule,
    RoundStatus,
    RuleKind,
)
from peerlearn.mentoring.models import OPEN_STATUSES, Mentorship
from peerlearn.onboarding.buddies import MIN_TENURE
from peerlearn.onboarding.models import BuddyVolunteer, Onboarding, OnboardingStatus
from peerlearn.people.languages import language_name
from peerlearn.people.models import Person, PersonSkill, Skill, Team
from peerlearn.people.selectors import team_ids_below
from peerlearn.shadowing.models import (
    BOOKED_STATUSES,
    DEFAULT_MONTHLY_SESSIONS,
    ShadowingHost,
    ShadowingRequest,
    ShadowingStatus,
)

if TYPE_CHECKING:
    from matching_engine import Person as Candidate

TEACHING_FORMATS = (MatchingFormat.MENTORING, MatchingFormat.SHADOWING)


# --- who is eligible ----------------------------------------------------------------------------


def _uuids(values: Iterable[str]) -> list[uuid.UUID]:
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return ids


def eligible_people(*, eligibility: Eligibility, format: str, side: str) -> QuerySet[Person]:
    """Active people who fit one side's rules (`side` is "seekers" or "providers")."""
    people = Person.objects.filter(is_active=True)
    if eligibility.people:
        people = people.filter(id__in=_uuids(eligibility.people))
    if eligibility.teams:
        team_ids: set[uuid.UUID] = set()
        for team in Team.objects.filter(slug__in=eligibility.teams):
            team_ids |= team_ids_below(team=team)
        people = people.filter(team_id__in=team_ids)
    if eligibility.job_families:
        people = people.filter(job_family__slug__in=eligibility.job_families)
    if eligibility.levels:
        people = people.filter(level__code__in=eligibility.levels)
    edges = PersonSkill.objects.filter(person=OuterRef("pk"))
    teaching = format in TEACHING_FORMATS
    if teaching and side == "seekers":
        edges = edges.filter(wants_to_learn=True)
    elif teaching:
        edges = edges.filter(can_teach=True, level__gte=1)
    elif format == MatchingFormat.BUDDY and side == "providers":
        edges = edges.filter(level__gte=1)
    if eligibility.skills:
        people = people.filter(Exists(edges.filter(skill__slug__in=eligibility.skills)))
    elif teaching and not eligibility.people:
        # Without an opt-in list, taking part means having said what you want or offer.
        people = people.filter(Exists(edges))
    today = timezone.localdate()
    if side == "seekers" and eligibility.hired_within_days is not None:
        people = people.filter(
            hire_date__isnull=False,
            hire_date__gte=today - dt.timedelta(days=eligibility.hired_within_days),
        )
    if side == "seekers" and eligibility.without_buddy:
        people = people.exclude(
            Exists(
                Onboarding.objects.filter(
                    new_starter=OuterRef("pk"),
                    status=OnboardingStatus.ACTIVE,
                    buddy__isnull=False,
                )
            )
        )
    if format == MatchingFormat.BUDDY and side == "providers":
        people = people.filter(Q(hire_date__isnull=True) | Q(hire_date__lte=today - MIN_TENURE))
        if not eligibility.people:
            people = people.filter(
                Exists(BuddyVolunteer.objects.filter(person=OuterRef("pk"), is_available=True))
            )
    if format == MatchingFormat.SHADOWING and side == "providers":
        people = people.exclude(
            Exists(ShadowingHost.objects.filter(person=OuterRef("pk"), monthly_capacity=0))
        )
    return people


def round_config(matching_round: MatchingRound) -> RoundConfig:
    return stored_config(matching_round.config, format=matching_round.format)


@dataclass(frozen=True)
class CohortSize:
    seekers: int
    providers: int


def cohort_size(*, config: RoundConfig, format: str) -> CohortSize:
    """How many people each side has (two COUNT queries)."""
    seekers = eligible_people(eligibility=config.seekers, format=format, side="seekers").count()
    if format == MatchingFormat.COFFEE:
        return CohortSize(seekers=seekers, providers=0)
    providers = eligible_people(
        eligibility=config.providers, format=format, side="providers"
    ).count()
    return CohortSize(seekers=seekers, providers=providers)


# --- the engine's inputs ------------------------------------------------------------------------


@dataclass
class Cohort:
    """Everything `matching_engine.match` (or `make_groups`) needs, plus names for messages."""

    seekers: list[Candidate]
    providers: list[Candidate]
    capacities: list[int]
    previous_pairs: list[tuple[str, str]] = field(default_factory=list)
    past_groups: list[list[str]] = field(default_factory=list)
    must_pairs: list[tuple[str, str]] = field(default_factory=list)
    must_not_pairs: list[tuple[str, str]] = field(default_factory=list)
    skill_names: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    skipped_rules: list[str] = field(default_factory=list)


@cache
def _utc_offset_minutes(time_zone: str, day: dt.date) -> int:
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC).astimezone(zone)
    offset = noon.utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def team_labels() -> dict[uuid.UUID, str]:
    """Team names, with the parent's name where two teams share one (they must differ)."""
    rows = list(Team.objects.values_list("id", "name", "parent__name"))
    counts: dict[str, int] = defaultdict(int)
    for _, name, _ in rows:
        counts[name] += 1
    return {
        team_id: f"{parent} / {name}" if counts[name] > 1 and parent else name
        for team_id, name, parent in rows
    }


def manager_chains(person_ids: Collection[str]) -> dict[str, tuple[str, ...]]:
    """Each person's managers, nearest first, from one query over the whole organisation
    (stops safely on a corrupt cycle)."""
    managers = {
        str(person_id): str(manager_id)
        for person_id, manager_id in Person.objects.filter(manager__isnull=False).values_list(
            "id", "manager_id"
        )
    }
    chains: dict[str, tuple[str, ...]] = {}
    for person_id in person_ids:
        chain: list[str] = []
        seen = {person_id}
        current = managers.get(person_id)
        while current is not None and current not in seen:
            chain.append(current)
            seen.add(current)
            current = managers.get(current)
        chains[person_id] = tuple(chain)
    return chains


@dataclass(frozen=True)
class _Profile:
    id: str
    name: str
    team: str
    job_family: str
    level_rank: int
    time_zone: str
    languages: frozenset[str]


def _profiles(people: QuerySet[Person]) -> dict[str, _Profile]:
    teams = team_labels()
    rows = people.values_list(
        "id", "full_name", "team_id", "job_family__name", "level__rank", "time_zone", "languages"
    )
    return {
        str(person_id): _Profile(
            id=str(person_id),
            name=name,
            team=teams.get(team_id, "") if team_id else "",
            job_family=family or "",
            level_rank=min(max(int(rank or 0), 0), 30),
            time_zone=time_zone or "UTC",
            # Names, not codes: the engine only compares them, and its sentences show them.
            languages=frozenset(
                language_name(code) for code in (languages or []) if isinstance(code, str)
            ),
        )
        for person_id, name, team_id, family, rank, time_zone, languages in rows
    }


@dataclass
class _Skills:
    offered: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    wanted: dict[str, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    names: dict[str, str] = field(default_factory=dict)


def _skills(people: QuerySet[Person], *, format: str, focus: Collection[str]) -> _Skills:
    """What each person offers and wants. With focus skills (slugs), a seeker's wants narrow
    to them when they have any: the round is about those skills."""
    found = _Skills()
    rows = PersonSkill.objects.filter(person__in=people.values("id")).values_list(
        "person_id", "skill_id", "skill__slug", "level", "can_teach", "wants_to_learn"
    )
    focus_ids: set[str] = set()
    for person_id, skill_id, slug, level, can_teach, wants in rows:
        person, skill = str(person_id), str(skill_id)
        teaches = level >= 1 and (can_teach or format not in TEACHING_FORMATS)
        if teaches:
            found.offered[person][skill] = int(level)
        if wants:
            found.wanted[person][skill] = 1.0
        if slug in focus:
            focus_ids.add(skill)
    if focus_ids:
        for person, wanted in found.wanted.items():
            narrowed = {skill: p for skill, p in wanted.items() if skill in focus_ids}
            if narrowed:
                found.wanted[person] = narrowed
    used = {s for offered in found.offered.values() for s in offered} | {
        s for wanted in found.wanted.values() for s in wanted
    }
    found.names = {
        str(skill_id): name
        for skill_id, name in Skill.objects.filter(id__in=_uuids(used)).values_list("id", "name")
    }
    return found


def _candidate(
    profile: _Profile,
    chains: Mapping[str, tuple[str, ...]],
    skills: _Skills,
    *,
    as_id: str | None = None,
    offers: bool = True,
    wants: bool = True,
) -> Candidate:
    from matching_engine import Person as Candidate

    return Candidate(
        id=as_id or profile.id,
        name=profile.name,
        job_family=profile.job_family,
        level_rank=profile.level_rank,
        team=profile.team,
        manager_chain=chains.get(profile.id, ()),
        utc_offset_minutes=_utc_offset_minutes(profile.time_zone, timezone.localdate()),
        languages=profile.languages,
        skills_offered=skills.offered.get(profile.id, {}) if offers else {},
        skills_wanted=skills.wanted.get(profile.id, {}) if wants else {},
    )


def _outcome_ids(matching_round: MatchingRound | None) -> list[uuid.UUID]:
    if matching_round is None or matching_round.pk is None:
        return []
    return [
        outcome
        for outcome in Match.objects.filter(
            round=matching_round, outcome_id__isnull=False
        ).values_list("outcome_id", flat=True)
        if outcome is not None
    ]


def provider_room(
    *,
    providers: QuerySet[Person],
    format: str,
    config: RoundConfig,
    matching_round: MatchingRound | None = None,
) -> dict[str, int]:
    """Places each provider has in this round: the round's places, capped (when the round
    respects personal limits) by the person's own limit minus their current load elsewhere,
    minus the round's own live matches."""
    ids = providers.values("id")
    places = config.places_per_provider
    room: dict[str, int] = {}
    if config.respect_personal_limits:
        outcomes = _outcome_ids(matching_round)
        if format == MatchingFormat.MENTORING:
            limits = dict(Person.objects.filter(id__in=ids).values_list("id", "monthly_capacity"))
            load = dict(
                Mentorship.objects.filter(status__in=OPEN_STATUSES, mentor_id__in=ids)
                .exclude(id__in=outcomes)
                .values("mentor_id")
                .annotate(n=Count("id"))
                .values_list("mentor_id", "n")
            )
        elif format == MatchingFormat.BUDDY:
            limits = dict(
                BuddyVolunteer.objects.filter(person_id__in=ids).values_list(
                    "person_id", "max_new_starters"
                )
            )
            load = dict(
                Onboarding.objects.filter(status=OnboardingStatus.ACTIVE, buddy_id__in=ids)
                .exclude(id__in=outcomes)
                .values("buddy_id")
                .annotate(n=Count("id"))
                .values_list("buddy_id", "n")
            )
        else:
            limits = dict(
                ShadowingHost.objects.filter(person_id__in=ids).values_list(
                    "person_id", "monthly_capacity"
                )
            )
            month_start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            load = dict(
                ShadowingRequest.objects.filter(host_id__in=ids)
                .filter(
                    Q(status__in=BOOKED_STATUSES, starts_at__gte=month_start)
                    | Q(status=ShadowingStatus.REQUESTED)
                )
                .exclude(id__in=outcomes)
                .values("host_id")
                .annotate(n=Count("id"))
                .values_list("host_id", "n")
            )
        default_limit = {
            MatchingFormat.MENTORING: places,
            MatchingFormat.BUDDY: 1,
            MatchingFormat.SHADOWING: DEFAULT_MONTHLY_SESSIONS,
        }.get(MatchingFormat(format), places)
        for person_id in providers.values_list("id", flat=True):
            limit = int(limits.get(person_id, default_limit))
            room[str(person_id)] = max(0, min(places, limit) - int(load.get(person_id, 0)))
    else:
        room = {str(person_id): places for person_id in providers.values_list("id", flat=True)}
    if matching_round is not None and matching_round.pk is not None:
        live = (
            Match.objects.filter(round=matching_round, status__in=LIVE_STATUSES)
            .values("provider_id")
            .annotate(n=Count("id"))
            .values_list("provider_id", "n")
        )
        for provider_id, n in live:
            key = str(provider_id)
            if key in room:
                room[key] = max(0, room[key] - int(n))
    return room


def previous_pairs(*, format: str, exclude_round: MatchingRound | None) -> list[tuple[str, str]]:
    """(seeker, provider) pairs that already happened in this format, and in its rounds."""
    pairs: set[tuple[str, str]]
    if format == MatchingFormat.MENTORING:
        rows = Mentorship.objects.values_list("mentee_id", "mentor_id")
        pairs = {(str(a), str(b)) for a, b in rows}
    elif format == MatchingFormat.BUDDY:
        buddies = Onboarding.objects.filter(buddy__isnull=False).values_list(
            "new_starter_id", "buddy_id"
        )
        pairs = {(str(a), str(b)) for a, b in buddies}
    elif format == MatchingFormat.SHADOWING:
        hosts = ShadowingRequest.objects.values_list("observer_id", "host_id")
        pairs = {(str(a), str(b)) for a, b in hosts}
    else:
        return []
    matched = Match.objects.filter(
        round__format=format, status__in=PUBLISHED_STATUSES, seeker__isnull=False
    )
    if exclude_round is not None and exclude_round.pk is not None:
        matched = matched.exclude(round=exclude_round)
    pairs |= {(str(a), str(b)) for a, b in matched.values_list("seeker_id", "provider_id")}
    return sorted(pairs)


def past_groups(*, exclude_round: MatchingRound | None) -> list[list[str]]:
    """Who met in earlier coffee rounds (groups that were published and not declined)."""
    members = MatchMember.objects.filter(
        match__round__format=MatchingFormat.COFFEE,
        match__status__in=LIVE_STATUSES,
    ).exclude(response="declined")
    if exclude_round is not None and exclude_round.pk is not None:
        members = members.exclude(match__round=exclude_round)
    groups: dict[uuid.UUID, list[str]] = defaultdict(list)
    for match_id, person_id in members.values_list("match_id", "person_id").order_by(
        "match_id", "person_id"
    ):
        groups[match_id].append(str(person_id))
    return [group for _, group in sorted(groups.items())]


def round_cohort(
    *,
    matching_round: MatchingRound,
    config: RoundConfig | None = None,
    only_seekers: Collection[uuid.UUID] | None = None,
) -> Cohort:
    """The engine's inputs for a round. `only_seekers` narrows the seekers (a re-match after
    a decline), and then capacity already taken by the round's live matches is subtracted."""
    config = config or round_config(matching_round)
    format = matching_round.format
    opted_out = list(
        RoundOptOut.objects.filter(round=matching_round).values_list("person_id", flat=True)
    )
    seekers_qs = eligible_people(eligibility=config.seekers, format=format, side="seekers")
    if only_seekers is not None:
        seekers_qs = seekers_qs.filter(id__in=list(only_seekers))
    seekers_qs = seekers_qs.exclude(id__in=opted_out)
    if format == MatchingFormat.COFFEE:
        providers_qs = Person.objects.none()
    else:
        providers_qs = eligible_people(
            eligibility=config.providers, format=format, side="providers"
        ).exclude(id__in=opted_out)
    everyone = Person.objects.filter(
        Q(id__in=seekers_qs.values("id")) | Q(id__in=providers_qs.values("id"))
    )
    profiles = _profiles(everyone)
    skills = _skills(everyone, format=format, focus=config.seekers.skills)
    chains = manager_chains(list(profiles))
    seeker_ids = sorted(
        (str(i) for i in seekers_qs.values_list("id", flat=True)),
        key=lambda i: (profiles[i].name, i),
    )
    provider_ids = sorted(
        (str(i) for i in providers_qs.values_list("id", flat=True)),
        key=lambda i: (profiles[i].name, i),
    )
    room = (
        provider_room(
            providers=providers_qs,
            format=format,
            config=config,
            matching_round=matching_round if only_seekers is not None else None,
        )
        if provider_ids
        else {}
    )
    cohort = Cohort(
        seekers=[_candidate(profiles[i], chains, skills, offers=False) for i in seeker_ids],
        providers=[_candidate(profiles[i], chains, skills, wants=False) for i in provider_ids],
        capacities=[room.get(i, 0) for i in provider_ids],
        skill_names=skills.names,
        names={person_id: profile.name for person_id, profile in profiles.items()},
    )
    if format == MatchingFormat.COFFEE:
        cohort.past_groups = past_groups(exclude_round=matching_round)
    else:
        cohort.previous_pairs = previous_pairs(format=format, exclude_round=matching_round)
    _add_rules(cohort, matching_round, set(seeker_ids), set(provider_ids), only_seekers)
    return cohort


def _add_rules(
    cohort: Cohort,
    matching_round: MatchingRound,
    seeker_ids: set[str],
    provider_ids: set[str],
    only_seekers: Collection[uuid.UUID] | None,
) -> None:
    rules = RoundRule.objects.filter(round=matching_round).select_related("seeker", "provider")
    for rule in rules:
        seeker, provider = str(rule.seeker_id), str(rule.provider_id)
        if rule.kind == RuleKind.MUST_NOT:
            if seeker in seeker_ids and provider in provider_ids:
                cohort.must_not_pairs.append((seeker, provider))
            continue
        if only_seekers is not None:
            continue  # pins were placed by the run that made the proposal
        if seeker in seeker_ids and provider in provider_ids:
            cohort.must_pairs.append((seeker, provider))
        else:
            outside = rule.seeker if seeker not in seeker_ids else rule.provider
            side = "seekers" if seeker not in seeker_ids else "providers"
            cohort.skipped_rules.append(
                f"The pin of {rule.seeker.full_name} with {rule.provider.full_name} was left "
                f"out: {outside.full_name} is no longer among the eligible {side}."
            )
    if only_seekers is not None:
        declined = Match.objects.filter(
            round=matching_round, status=MatchStatus.DECLINED, seeker__isnull=False
        ).values_list("seeker_id", "provider_id")
        for seeker_uuid, provider_uuid in declined:
            seeker, provider = str(seeker_uuid), str(provider_uuid)
            if seeker in seeker_ids and provider in provider_ids:
                cohort.must_not_pairs.append((seeker, provider))


# --- rounds and matches for pages and the API ---------------------------------------------------


def rounds_list(*, status: str = "", format: str = "") -> QuerySet[MatchingRound]:
    rounds = MatchingRound.objects.select_related("created_by").annotate(
        match_count=Count("matches", filter=Q(matches__status__in=PUBLISHED_STATUSES)),
        accepted_count=Count("matches", filter=Q(matches__status=MatchStatus.ACCEPTED)),
        declined_count=Count("matches", filter=Q(matches__status=MatchStatus.DECLINED)),
    )
    if status in RoundStatus.values:
        rounds = rounds.filter(status=status)
    if format in MatchingFormat.values:
        rounds = rounds.filter(format=format)
    return rounds.order_by("-created_at", "id")


def round_get(*, round_id: uuid.UUID) -> MatchingRound | None:
    return (
        MatchingRound.objects.select_related("created_by", "published_by")
        .filter(pk=round_id)
        .first()
    )


def round_rules(*, matching_round: MatchingRound) -> QuerySet[RoundRule]:
    return (
        RoundRule.objects.filter(round=matching_round)
        .select_related("seeker", "provider")
        .order_by("kind", "created_at", "id")
    )


def matches_base() -> QuerySet[Match]:
    return Match.objects.select_related(
        "round", "seeker", "provider", "seeker__team", "provider__team"
    )


def round_matches(
    *, matching_round: MatchingRound, status: str = "", query: str = ""
) -> QuerySet[Match]:
    """The round's matches with their members (for groups), in the proposal's order."""
    from django.db.models import Prefetch

    matches = matches_base().filter(round=matching_round)
    if status in MatchStatus.values:
        matches = matches.filter(status=status)
    elif matching_round.status == RoundStatus.DRAFT:
        matches = matches.filter(status=MatchStatus.PROPOSED)
    else:
        matches = matches.exclude(status=MatchStatus.PROPOSED)
    for word in query.split()[:4]:
        matches = matches.filter(
            Exists(
                MatchMember.objects.filter(match=OuterRef("pk"), person__full_name__icontains=word)
            )
        )
    members = MatchMember.objects.select_related("person", "person__team").order_by(
        "-role", "created_at", "id"
    )
    return matches.prefetch_related(Prefetch("members", queryset=members)).order_by(
        "position", "created_at", "id"
    )


def match_get(*, match_id: uuid.UUID) -> Match | None:
    from django.db.models import Prefetch

    members = MatchMember.objects.select_related("person", "person__team", "person__user")
    return (
        matches_base()
        .select_related("round__created_by")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=members.order_by("-role", "created_at", "person__full_name", "id"),
            )
        )
        .filter(pk=match_id)
        .first()
    )


def my_memberships(*, person: Person, status: str = "") -> QuerySet[MatchMember]:
    """The viewer's published matches, answers still to give first, newest next."""
    from django.db.models import Case, IntegerField, Prefetch, Value, When

    memberships = MatchMember.objects.filter(
        person=person, match__status__in=PUBLISHED_STATUSES
    ).select_related("match", "match__round", "match__seeker", "match__provider")
    if status in MatchStatus.values:
        memberships = memberships.filter(match__status=status)
    others = MatchMember.objects.select_related("person").order_by(
        "-role", "created_at", "person__full_name", "id"
    )
    return (
        memberships.prefetch_related(Prefetch("match__members", queryset=others))
        .annotate(
            to_answer=Case(
                When(Q(response="pending", match__status=MatchStatus.OFFERED), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("to_answer", "-created_at", "id")
    )


def pending_answers(*, person: Person) -> int:
    return MatchMember.objects.filter(
        person=person, response="pending", match__status=MatchStatus.OFFERED
    ).count()


def team_memberships(*, actor: Actor) -> QuerySet[MatchMember]:
    """For a manager: their reports' published matches (who, round, status; no partners)."""
    return (
        MatchMember.objects.filter(
            person_id__in=list(actor.managed_person_ids),
            match__status__in=PUBLISHED_STATUSES,
        )
        .select_related("person", "person__team", "match", "match__round")
        .order_by(Lower("person__full_name"), "-created_at", "id")
    )


def skill_names_by_slug(slugs: Iterable[str]) -> dict[str, str]:
    return dict(Skill.objects.filter(slug__in=list(slugs)).values_list("slug", "name"))


def emails_by_id(ids: Iterable[str]) -> dict[str, str]:
    return {
        str(person_id): email
        for person_id, email in Person.objects.filter(id__in=_uuids(ids)).values_list(
            "id", "user__email"
        )
    }


def person_by_reference(reference: str) -> Person | None:
    """An active person named by e-mail address or id."""
    reference = reference.strip()
    people = Person.objects.filter(is_active=True).select_related("user", "team")
    try:
        return people.filter(pk=uuid.UUID(reference)).first()
    except ValueError:
        return people.filter(user__email__iexact=reference).first()


def round_pins(*, matching_round: MatchingRound) -> tuple[list[Any], list[Any]]:
    """(pinned, excluded) as (seeker, provider) people, for the configuration form."""
    rules = round_rules(matching_round=matching_round).select_related(
        "seeker__user", "provider__user"
    )
    pins = [(r.seeker, r.provider) for r in rules if r.kind == RuleKind.MUST]
    exclusions = [(r.seeker, r.provider) for r in rules if r.kind == RuleKind.MUST_NOT]
    return pins, exclusions


def membership_of(*, match: Match, person: Person | None) -> MatchMember | None:
    if person is None:
        return None
    return next((m for m in match.members.all() if m.person_id == person.id), None)


# --- suggestions for one seeker -----------------------------------------------------------------

SUGGESTION_FORMATS = (MatchingFormat.MENTORING, MatchingFormat.SHADOWING)
SUGGESTIONS_SHOWN = 30


@dataclass(frozen=True)
class Suggestion:
    person: Person
    score: float
    explanation: str
    criteria: list[dict[str, Any]]
    room: int


@dataclass
class SuggestionList:
    format: str
    suggestions: list[Suggestion]
    wants: list[str]
    considered: int


def engine_criteria(parts: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {
            "criterion": part.criterion.value,
            "score": round(part.score, 4),
            "weight": part.weight,
            "contribution": round(part.contribution, 4),
            "sentence": part.sentence,
        }
        for part in parts
    ]


def _suggestion_inputs(
    *, person: Person, format: str
) -> tuple[RoundConfig, QuerySet[Person], Cohort]:
    base = default_config(format)
    weights = dict(base.weights, preference=0.0, fairness=0.0)
    config = RoundConfig(
        seekers=Eligibility(people=(str(person.id),)),
        providers=Eligibility(),
        constraints=base.constraints,
        weights=weights,
        level_gap_min=base.level_gap_min,
        level_gap_max=base.level_gap_max,
        places_per_provider=max(base.places_per_provider, 40),
    )
    providers = eligible_people(
        eligibility=config.providers, format=format, side="providers"
    ).exclude(pk=person.pk)
    everyone = Person.objects.filter(Q(pk=person.pk) | Q(id__in=providers.values("id")))
    profiles = _profiles(everyone)
    skills = _skills(everyone, format=format, focus=())
    chains = manager_chains(list(profiles))
    room = provider_room(providers=providers, format=format, config=config)
    provider_ids = sorted(room, key=lambda i: (profiles[i].name, i))
    me = str(person.id)
    cohort = Cohort(
        seekers=[_candidate(profiles[me], chains, skills, offers=False)],
        providers=[_candidate(profiles[i], chains, skills, wants=False) for i in provider_ids],
        capacities=[room[i] for i in provider_ids],
        previous_pairs=[
            pair for pair in previous_pairs(format=format, exclude_round=None) if pair[0] == me
        ],
        skill_names=skills.names,
        names={i: p.name for i, p in profiles.items()},
    )
    return config, providers, cohort


def _problem(config: RoundConfig, cohort: Cohort, **overrides: Any) -> Any:
    from matching_engine import Constraints, MatchingProblem, SameOrDifferent, ScoringRules, Weights

    constraints = config.constraints
    fields: dict[str, Any] = {
        "seekers": cohort.seekers,
        "providers": cohort.providers,
        "capacities": cohort.capacities,
        "constraints": Constraints(
            exclude_reporting_line=constraints.exclude_reporting_line,
            max_timezone_difference_hours=constraints.max_timezone_difference_hours,
            team_rule=SameOrDifferent(constraints.team_rule),
            job_family_rule=SameOrDifferent(constraints.job_family_rule),
            exclude_previous_pairs=constraints.exclude_previous_pairs,
        ),
        "weights": Weights(**config.weights),
        "rules": ScoringRules(
            level_gap_min=config.level_gap_min, level_gap_max=config.level_gap_max
        ),
        "previous_pairs": cohort.previous_pairs,
        "must_pairs": cohort.must_pairs,
        "must_not_pairs": cohort.must_not_pairs,
        "skill_names": cohort.skill_names,
    }
    fields.update(overrides)
    return MatchingProblem(**fields)


def engine_problem(config: RoundConfig, cohort: Cohort) -> Any:
    """The `matching_engine.MatchingProblem` for a round's cohort."""
    return _problem(config, cohort)


def suggestions_for(
    *, person: Person, format: str, limit: int = SUGGESTIONS_SHOWN
) -> SuggestionList:
    """The providers who would suit this seeker best, ranked by the engine's pair score, with
    the reasons. Only eligible people with room are ranked (never a manager up the line).

    One seeker, K copies of them and providers of capacity 1: the optimal assignment of the
    copies to distinct providers is exactly the K best providers, explained by the engine.
    """
    from dataclasses import replace

    from matching_engine import match

    config, _providers_qs, cohort = _suggestion_inputs(person=person, format=format)
    me = cohort.seekers[0]
    wants = sorted(cohort.skill_names.get(s, s) for s in me.skills_wanted)
    with_room = [i for i, c in enumerate(cohort.capacities) if c > 0]
    if not with_room:
        return SuggestionList(format=format, suggestions=[], wants=wants, considered=0)
    # The copies carry the seeker's id nowhere, so the seeker's own reports are left out here.
    providers = [
        cohort.providers[i] for i in with_room if me.id not in cohort.providers[i].manager_chain
    ]
    if not providers:
        return SuggestionList(format=format, suggestions=[], wants=wants, considered=0)
    copies = [replace(me, id=f"{me.id}#{n}") for n in range(min(limit, len(providers)))]
    previous = [(copy.id, provider) for copy in copies for _, provider in cohort.previous_pairs]
    result = match(
        _problem(
            config,
            cohort,
            seekers=copies,
            providers=providers,
            capacities=[1] * len(providers),
            previous_pairs=previous,
        ),
        top_k=len(copies),
    )
    by_id = {
        str(p.id): p
        for p in Person.objects.filter(
            id__in=_uuids(pair.provider_id for pair in result.pairs)
        ).select_related("team", "level", "job_family")
    }
    room = dict(zip((p.id for p in cohort.providers), cohort.capacities, strict=True))
    ranked = sorted(result.pairs, key=lambda pair: (-pair.score, by_id[pair.provider_id].full_name))
    return SuggestionList(
        format=format,
        suggestions=[
            Suggestion(
                person=by_id[pair.provider_id],
                score=pair.score,
                explanation=pair.explanation,
                criteria=engine_criteria(pair.criteria),
                room=room[pair.provider_id],
            )
            for pair in ranked
        ],
        wants=wants,
        considered=len(providers),
    )


@dataclass(frozen=True)
class PairCheck:
    other: Person
    eligible: bool
    reasons: list[str]
    score: float
    criteria: list[dict[str, Any]]
    explanation: str


def pair_check(*, person: Person, other: Person, format: str) -> PairCheck:
    """How `other` would fit `person` as a provider, and any hard rule that rules them out."""
    from matching_engine import evaluate_pair

    config, _, _ = _suggestion_inputs(person=person, format=format)
    everyone = Person.objects.filter(pk__in=[person.pk, other.pk])
    profiles = _profiles(everyone)
    skills = _skills(everyone, format=format, focus=())
    chains = manager_chains(list(profiles))
    me, them = str(person.id), str(other.id)
    seeker: Candidate = _candidate(profiles[me], chains, skills, offers=False)
    provider: Candidate = _candidate(profiles[them], chains, skills, wants=False)
    cohort = Cohort(
        seekers=[seeker],
        providers=[provider],
        capacities=[1],
        previous_pairs=[
            pair for pair in previous_pairs(format=format, exclude_round=None) if pair == (me, them)
        ],
        skill_names=skills.names,
    )
    evaluation = evaluate_pair(_problem(config, cohort), me, them)
    ranked = sorted(
        (c for c in evaluation.criteria if c.contribution > 0), key=lambda c: -c.contribution
    )
    return PairCheck(
        other=other,
        eligible=evaluation.eligible,
        reasons=list(evaluation.ineligibility_reasons),
        score=evaluation.score,
        criteria=engine_criteria(evaluation.criteria),
        explanation="; ".join(c.sentence for c in ranked) or "no criterion favours this pair",
    )


def matches_to_answer(*, person: Person, limit: int) -> list[MatchMember]:
    """The person's published matches still waiting for their accept or decline."""
    return list(
        my_memberships(person=person)
        .filter(response="pending", match__status=MatchStatus.OFFERED)
        .exclude(match__members__person__is_active=False)[:limit]  # not with someone who left
    )
