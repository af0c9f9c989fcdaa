"""Hypothesis strategies for small random cohorts, and an independent rule checker."""

from __future__ import annotations

from itertools import product

from hypothesis import strategies as st

from matching_engine import Constraints, MatchingProblem, Person, SameOrDifferent, Weights
from matching_engine.model import MINUTES_PER_DAY

SKILLS = ("sql", "dbt", "figma", "go", "k8s")
TEAMS = ("payments", "search", "growth", "")
FAMILIES = ("data", "design", "")
OFFSETS = (-300, 0, 60, 330, 600)
LANGUAGES = ("en", "de", "fr")


@st.composite
def people(draw: st.DrawFn, prefix: str, count: int, others: list[str]) -> list[Person]:
    result = []
    for i in range(count):
        person_id = f"{prefix}{i}"
        chain_pool = [o for o in others if o != person_id]
        chain = draw(st.lists(st.sampled_from(chain_pool), max_size=2, unique=True))
        result.append(
            Person(
                id=person_id,
                name=person_id.upper(),
                job_family=draw(st.sampled_from(FAMILIES)),
                level_rank=draw(st.integers(0, 5)),
                team=draw(st.sampled_from(TEAMS)),
                manager_chain=tuple(chain),
                utc_offset_minutes=draw(st.sampled_from(OFFSETS)),
                languages=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), max_size=2))),
                skills_offered=draw(
                    st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 4), max_size=3)
                ),
                skills_wanted=draw(
                    st.dictionaries(
                        st.sampled_from(SKILLS), st.sampled_from([1.0, 2.0, 3.0]), max_size=2
                    )
                ),
            )
        )
    return result


weights_strategy = st.builds(
    Weights,
    skills=st.sampled_from([0.0, 1.0, 2.5]),
    role=st.sampled_from([0.0, 0.3, 1.0]),
    language=st.sampled_from([0.0, 0.2]),
    timezone=st.sampled_from([0.0, 0.2, 0.7]),
    cross_team=st.sampled_from([0.0, 0.1]),
    preference=st.sampled_from([0.0, 0.5]),
    fairness=st.sampled_from([0.0, 0.1, 0.8]),
)

constraints_strategy = st.builds(
    Constraints,
    exclude_reporting_line=st.booleans(),
    max_timezone_difference_hours=st.sampled_from([None, 0, 1.5, 6]),
    team_rule=st.sampled_from(list(SameOrDifferent)),
    job_family_rule=st.sampled_from(list(SameOrDifferent)),
    exclude_previous_pairs=st.booleans(),
)


@st.composite
def cohorts(
    draw: st.DrawFn,
    *,
    max_seekers: int = 6,
    max_providers: int = 4,
    max_capacity: int = 3,
    with_fixed_pairs: bool = True,
    shared_people: bool = True,
) -> MatchingProblem:
    n_seekers = draw(st.integers(1, max_seekers))
    n_providers = draw(st.integers(0, max_providers))
    seeker_ids = [f"s{i}" for i in range(n_seekers)]
    provider_ids = [f"p{i}" for i in range(n_providers)]
    everyone = seeker_ids + provider_ids + ["boss"]
    seekers = draw(people("s", n_seekers, everyone))
    providers = draw(people("p", n_providers, everyone))
    if shared_people and providers and draw(st.booleans()):
        # the same person on both sides: must never be paired with themself
        providers[0] = seekers[0]
    provider_ids = [p.id for p in providers]
    pairs = st.tuples(st.sampled_from(seeker_ids), st.sampled_from(provider_ids))
    has_pairs = bool(provider_ids)
    must_pairs = (
        draw(st.lists(pairs, max_size=1, unique=True)) if has_pairs and with_fixed_pairs else []
    )
    must_not = draw(st.lists(pairs, max_size=3, unique=True)) if has_pairs else []
    previous = draw(st.lists(pairs, max_size=3, unique=True)) if has_pairs else []
    preferences = (
        draw(
            st.dictionaries(
                st.sampled_from(seeker_ids),
                st.lists(st.sampled_from(provider_ids), max_size=3, unique=True),
                max_size=3,
            )
        )
        if has_pairs
        else {}
    )
    return MatchingProblem(
        seekers=seekers,
        providers=providers,
        capacities=draw(
            st.lists(st.integers(0, max_capacity), min_size=n_providers, max_size=n_providers)
        ),
        constraints=draw(constraints_strategy),
        weights=draw(weights_strategy),
        preferences=preferences,
        previous_pairs=previous,
        must_pairs=must_pairs,
        must_not_pairs=must_not,
    )


def broken_rules(problem: MatchingProblem, seeker: Person, provider: Person) -> list[str]:
    """The hard constraints a pair breaks, written independently of the engine."""
    rules = problem.constraints
    broken = []
    if seeker.id == provider.id:
        broken.append("self")
    if rules.exclude_reporting_line and (
        provider.id in seeker.manager_chain or seeker.id in provider.manager_chain
    ):
        broken.append("reporting line")
    if rules.max_timezone_difference_hours is not None:
        apart = abs(seeker.utc_offset_minutes - provider.utc_offset_minutes) % MINUTES_PER_DAY
        apart = min(apart, MINUTES_PER_DAY - apart)
        if apart > rules.max_timezone_difference_hours * 60:
            broken.append("time zone")
    same_team = bool(seeker.team) and seeker.team == provider.team
    if (rules.team_rule is SameOrDifferent.SAME and not same_team) or (
        rules.team_rule is SameOrDifferent.DIFFERENT and same_team
    ):
        broken.append("team")
    same_family = bool(seeker.job_family) and seeker.job_family == provider.job_family
    if (rules.job_family_rule is SameOrDifferent.SAME and not same_family) or (
        rules.job_family_rule is SameOrDifferent.DIFFERENT and same_family
    ):
        broken.append("job family")
    if rules.exclude_previous_pairs and any(
        {a, b} == {seeker.id, provider.id} for a, b in problem.previous_pairs
    ):
        broken.append("previous pair")
    if (seeker.id, provider.id) in set(problem.must_not_pairs):
        broken.append("must-not")
    return broken


def all_assignments(n_seekers: int, n_providers: int) -> product[tuple[int | None, ...]]:
    """Every way to give each seeker a provider index or nobody (None)."""
    options: list[int | None] = [None, *range(n_providers)]
    return product(options, repeat=n_seekers)


def expected_pair_score(problem: MatchingProblem, seeker: Person, provider: Person) -> float:
    """The weighted pair score (fairness excluded), written independently of the engine."""
    weights, rules = problem.weights, problem.rules
    total_priority = sum(seeker.skills_wanted.values())
    skills = (
        sum(
            priority / total_priority * provider.skills_offered.get(skill, 0) / 4
            for skill, priority in seeker.skills_wanted.items()
        )
        if total_priority
        else 0.0
    )
    same_family = bool(seeker.job_family) and seeker.job_family == provider.job_family
    gap = provider.level_rank - seeker.level_rank
    role = 0.5 * same_family + 0.5 * (rules.level_gap_min <= gap <= rules.level_gap_max)
    language = 1.0 if seeker.languages & provider.languages else 0.0
    workday = rules.workday_end_minutes - rules.workday_start_minutes
    seeker_hours = {
        (rules.workday_start_minutes - seeker.utc_offset_minutes + m) % MINUTES_PER_DAY
        for m in range(workday)
    }
    provider_hours = {
        (rules.workday_start_minutes - provider.utc_offset_minutes + m) % MINUTES_PER_DAY
        for m in range(workday)
    }
    timezone = len(seeker_hours & provider_hours) / workday
    cross_team = 0.0 if seeker.team and seeker.team == provider.team else 1.0
    ranked = list(problem.preferences.get(seeker.id, ()))
    preference = (
        (len(ranked) - ranked.index(provider.id)) / len(ranked) if provider.id in ranked else 0.0
    )
    return (
        weights.skills * skills
        + weights.role * role
        + weights.language * language
        + weights.timezone * timezone
        + weights.cross_team * cross_team
        + weights.preference * preference
    )


def fairness_value(problem: MatchingProblem, loads: list[int]) -> float:
    """The load term: the k-th seeker of a provider is worth fairness / k."""
    return problem.weights.fairness * sum(1 / k for load in loads for k in range(1, load + 1))
