"""Choosing a buddy from the pool with the matching engine (which knows nothing of Django).

The new starter is the one seeker; volunteers with room are the providers. The engine is asked
three times, each time relaxing one rule, and the first answer wins: a buddy from the same
team, then from the same job family, then anyone in the pool. Managers up the new starter's
line are never their buddy. The engine's sentences explain the choice.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils import timezone

if TYPE_CHECKING:
    from matching_engine import Person as Candidate

from peerlearn.onboarding.models import BuddyVolunteer, OnboardingStatus
from peerlearn.people.models import Person, PersonSkill

# A buddy should know their way around: at least this long in the company (when known).
MIN_TENURE = dt.timedelta(days=90)
# Stages: where the buddy comes from, and the team and job-family rules ("same" or "any").
STAGES = (
    ("your team", "same", "any"),
    ("your job family", "any", "same"),
    ("the buddy pool", "any", "any"),
)


@dataclass(frozen=True)
class BuddySuggestion:
    buddy: Person
    reason: str


def utc_offset_minutes(time_zone: str) -> int:
    try:
        offset = timezone.now().astimezone(zoneinfo.ZoneInfo(time_zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds() // 60) if offset is not None else 0


def _chain(person_id: uuid.UUID, managers: Mapping[uuid.UUID, uuid.UUID | None]) -> tuple[str, ...]:
    """The manager line above a person, from one in-memory map (stops on a corrupt cycle)."""
    chain: list[str] = []
    seen = {person_id}
    current = managers.get(person_id)
    while current is not None and current not in seen:
        chain.append(str(current))
        seen.add(current)
        current = managers.get(current)
    return tuple(chain)


def _candidate(
    person: Person,
    skills: dict[object, list[PersonSkill]],
    managers: Mapping[uuid.UUID, uuid.UUID | None],
) -> Candidate:
    from matching_engine import Person as Candidate

    edges = skills.get(person.id, [])
    return Candidate(
        id=str(person.id),
        name=person.full_name,
        job_family=person.job_family.name if person.job_family else "",
        level_rank=person.level.rank if person.level else 0,
        team=person.team.slug if person.team else "",
        manager_chain=_chain(person.id, managers),
        utc_offset_minutes=utc_offset_minutes(person.time_zone),
        languages=frozenset(person.languages or []),
        skills_offered={str(e.skill_id): e.level for e in edges if e.level > 0},
        skills_wanted={str(e.skill_id): 1.0 for e in edges if e.wants_to_learn},
    )


def buddy_pool(*, new_starter: Person) -> list[tuple[Person, int]]:
    """Volunteers who could take this new starter now, with how many more they can take."""
    today = timezone.localdate()
    volunteers = (
        BuddyVolunteer.objects.filter(is_available=True, person__is_active=True)
        .exclude(person=new_starter)
        .filter(Q(person__hire_date__isnull=True) | Q(person__hire_date__lte=today - MIN_TENURE))
        .select_related("person__team", "person__level", "person__job_family", "person__manager")
        .annotate(
            load=Count(
                "person__buddy_for", filter=Q(person__buddy_for__status=OnboardingStatus.ACTIVE)
            )
        )
        .order_by("person__full_name")
    )
    return [
        (volunteer.person, volunteer.max_new_starters - volunteer.load)
        for volunteer in volunteers
        if volunteer.max_new_starters > volunteer.load
    ]


def buddy_suggest(*, new_starter: Person) -> BuddySuggestion | None:
    """The best buddy with room for this new starter, or None when the pool has no one."""
    # The engine pulls in numpy and scipy: imported when a buddy is chosen, not at start-up.
    from matching_engine import Constraints, MatchingProblem, SameOrDifferent, Weights, match

    weights = Weights(
        skills=0.6,
        role=0.6,
        language=0.3,
        timezone=0.6,
        cross_team=0.0,
        preference=0.0,
        fairness=0.3,
    )
    pool = buddy_pool(new_starter=new_starter)
    if not pool:
        return None
    people = [new_starter, *(person for person, _ in pool)]
    skills: dict[object, list[PersonSkill]] = {}
    names: dict[str, str] = {}
    for edge in PersonSkill.objects.filter(person__in=people).select_related("skill"):
        skills.setdefault(edge.person_id, []).append(edge)
        names[str(edge.skill_id)] = edge.skill.name
    managers = dict(Person.objects.values_list("id", "manager_id"))
    seeker = _candidate(new_starter, skills, managers)
    providers = [_candidate(person, skills, managers) for person, _ in pool]
    by_id = {str(person.id): person for person, _ in pool}
    for where, team_rule, family_rule in STAGES:
        result = match(
            MatchingProblem(
                seekers=[seeker],
                providers=providers,
                capacities=[room for _, room in pool],
                constraints=Constraints(
                    exclude_reporting_line=True,
                    team_rule=SameOrDifferent(team_rule),
                    job_family_rule=SameOrDifferent(family_rule),
                    exclude_previous_pairs=False,
                ),
                weights=weights,
                skill_names=names,
            ),
            top_k=None,
        )
        if result.pairs:
            pair = result.pairs[0]
            reasons = [c.sentence for c in pair.criteria if c.contribution > 0 and c.sentence]
            reason = f"Chosen from {where}: " + "; ".join(reasons) + "."
            return BuddySuggestion(buddy=by_id[pair.provider_id], reason=reason.strip()[:2000])
    return None
