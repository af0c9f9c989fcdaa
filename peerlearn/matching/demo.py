"""The demo's matching rounds, run and answered through the services in story time.

- "Data skills mentoring": everyone who wants to learn a data skill, with the colleagues who
  teach one. Amara configured it two and a half weeks ago, pinned one pair by hand and
  published it; since then most pairs were accepted by both (their mentorships started), a
  few were declined and matched again at once, and the rest, the personas' among them, wait
  for answers.
- "Buddies for recent hires": every new starter of the last 30 days with the buddy the pool
  gave them on day one (pinned, so the round confirms rather than reshuffles them), published
  and accepted except by the two newest.
- "Coffee roulette": fifty people who signed up, in cross-team pairs that avoid repeats; some
  groups said yes, one person could not make it and their partner joined another pair.
- A draft "Shadowing across teams" round whose proposal waits for Amara to publish.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError

from peerlearn.matching import services
from peerlearn.matching.models import Match, MatchingRound, MatchStatus
from peerlearn.onboarding.models import Onboarding, OnboardingStatus
from peerlearn.people.demo import DemoContext
from peerlearn.people.models import Person

DATA_SKILLS = [
    "SQL",
    "dbt",
    "Airflow",
    "Data modelling",
    "Pandas",
    "Spark",
    "Statistics",
    "Machine learning",
    "Experiment design",
    "Data visualisation",
]
COFFEE_SIGNUPS = 50
PERSONAS = ("admin", "manager", "rich", "new_starter")


def _persona_ids(ctx: DemoContext) -> set[object]:
    return {ctx.person(key).id for key in PERSONAS}


def _members(match: Match) -> list[Person]:
    return [
        m.person
        for m in match.members.select_related("person").order_by("-role", "person__full_name")
    ]


def _answer_pairs(
    ctx: DemoContext,
    rng: random.Random,
    matching_round: MatchingRound,
    *,
    start: dt.date,
    accept_share: float,
    decline_share: float,
) -> None:
    """Both accept, one accepts, the provider declines (a re-match follows), or nobody yet."""
    personas = _persona_ids(ctx)
    offered = list(
        Match.objects.filter(round=matching_round, status=MatchStatus.OFFERED)
        .select_related("seeker", "provider")
        .order_by("position", "id")
    )
    for match in offered:
        assert match.seeker is not None
        assert match.provider is not None
        if match.seeker.id in personas or match.provider.id in personas:
            continue  # the personas answer themselves when someone signs in as them
        roll = rng.random()
        day = ctx.day_between(rng, start, ctx.today)
        if roll < accept_share:
            with ctx.at(ctx.moment(day, match.provider.time_zone, rng)):
                services.match_accept(match=match, person=match.provider)
            later = ctx.day_between(rng, day, ctx.today)
            with ctx.at(ctx.moment(later, match.seeker.time_zone, rng)):
                services.match_accept(match=match, person=match.seeker, message="Thank you!")
        elif roll < accept_share + decline_share:
            with ctx.at(ctx.moment(day, match.provider.time_zone, rng)):
                replacement = services.match_decline(
                    match=match,
                    person=match.provider,
                    message="My quarter is full; happy to next time.",
                )
            if replacement is not None and replacement.provider is not None and rng.random() < 0.5:
                later = ctx.day_between(rng, day, ctx.today)
                with ctx.at(ctx.moment(later, replacement.provider.time_zone, rng)):
                    services.match_accept(match=replacement, person=replacement.provider)
        elif roll < accept_share + decline_share + 0.15:
            with ctx.at(ctx.moment(day, match.seeker.time_zone, rng)):
                services.match_accept(match=match, person=match.seeker)


def _mentoring_round(ctx: DemoContext, rng: random.Random) -> MatchingRound:
    amara = ctx.person("admin")
    configured = ctx.today - dt.timedelta(days=17)
    with ctx.at(ctx.moment(configured, amara.time_zone, rng)):
        matching_round = services.round_create(
            name="Data skills mentoring",
            format="mentoring",
            description="Everyone who wants to learn a data skill, with a colleague who teaches "
            "it: similar role, a level or two ahead, overlapping working hours.",
            config={
                "seekers": {"skills": DATA_SKILLS},
                "providers": {"skills": DATA_SKILLS},
                "places_per_provider": 2,
                "constraints": {"max_timezone_difference_hours": 6},
            },
            by=amara,
        )
        services.round_run(matching_round=matching_round)
    first = (
        Match.objects.filter(round=matching_round, status=MatchStatus.PROPOSED)
        .select_related("seeker", "provider")
        .order_by("-score", "position")
        .first()
    )
    with ctx.at(ctx.moment(configured + dt.timedelta(days=1), amara.time_zone, rng)):
        if first is not None and first.seeker is not None and first.provider is not None:
            services.round_rule_add(
                matching_round=matching_round,
                kind="must",
                seeker=first.seeker,
                provider=first.provider,
                by=amara,
            )
        services.round_run(matching_round=matching_round)
    published = configured + dt.timedelta(days=2)
    with ctx.at(ctx.moment(published, amara.time_zone, rng)):
        services.round_publish(matching_round=matching_round, by=amara)
    _answer_pairs(
        ctx,
        rng,
        matching_round,
        start=published,
        accept_share=0.55,
        decline_share=0.08,
    )
    return matching_round


def _buddy_round(ctx: DemoContext, rng: random.Random) -> MatchingRound | None:
    amara = ctx.person("admin")
    onboardings = list(
        Onboarding.objects.filter(
            status=OnboardingStatus.ACTIVE,
            buddy__isnull=False,
            new_starter__hire_date__gte=ctx.today - dt.timedelta(days=30),
        )
        .select_related("new_starter__user", "buddy__user")
        .order_by("new_starter__hire_date", "new_starter__full_name")
    )
    if not onboardings:
        return None
    created = min(o.start_date for o in onboardings) - dt.timedelta(days=2)
    with ctx.at(ctx.moment(max(created, ctx.launch_day), amara.time_zone, rng)):
        matching_round = services.round_create(
            name="Buddies for recent hires",
            format="buddy",
            description="New starters of the last 30 days. The pool suggested a buddy on each "
            "one's first day; the round confirms them, with every pair's reasons.",
            config={
                "seekers": {"hired_within_days": 30, "without_buddy": False},
                "constraints": {"exclude_previous_pairs": False},
                "respect_personal_limits": False,
                "places_per_provider": 2,
            },
            must_pairs=[
                services.PairRef(o.new_starter.user.email, o.buddy.user.email)
                for o in onboardings
                if o.buddy is not None
            ],
            by=amara,
        )
        services.round_run(matching_round=matching_round)
        services.round_publish(matching_round=matching_round, by=amara)
    newest = {o.new_starter_id for o in onboardings[-2:]}
    for match in (
        Match.objects.filter(round=matching_round, status=MatchStatus.OFFERED)
        .select_related("seeker", "provider")
        .order_by("position", "id")
    ):
        assert match.seeker is not None
        assert match.provider is not None
        if match.seeker_id in newest:
            continue
        day = max(match.seeker.hire_date or ctx.today, ctx.launch_day)
        for person in (match.provider, match.seeker):
            with ctx.at(ctx.moment(min(day, ctx.today), person.time_zone, rng)):
                services.match_accept(match=match, person=person)
    return matching_round


def _coffee_round(ctx: DemoContext, rng: random.Random) -> MatchingRound:
    amara = ctx.person("admin")
    people = sorted(ctx.active_people(), key=lambda p: p.email)
    signups = rng.sample(people, k=min(COFFEE_SIGNUPS, len(people)))
    signups.sort(key=lambda p: p.email)
    for key in ("rich", "manager"):
        email = ctx.person(key).user.email
        if all(p.email != email for p in signups):
            signups.append(ctx.plan.person(email))
    day = ctx.today - dt.timedelta(days=6)
    with ctx.at(ctx.moment(day, amara.time_zone, rng)):
        matching_round = services.round_create(
            name="Coffee roulette",
            format="coffee",
            description="Meet someone from another team for a coffee or lunch this fortnight.",
            config={
                "seekers": {"people": [p.email for p in signups]},
                "group_size": 2,
                "prefer_cross_team": True,
                "avoid_repeats": True,
            },
            by=amara,
        )
        services.round_run(matching_round=matching_round)
        services.round_publish(matching_round=matching_round, by=amara)
    personas = _persona_ids(ctx)
    groups = list(Match.objects.filter(round=matching_round).order_by("position", "id"))
    declined_once = False
    for group in groups:
        members = _members(group)
        if any(person.id in personas for person in members):
            continue
        roll = rng.random()
        answer_day = ctx.day_between(rng, day, ctx.today)
        if roll < 0.5:
            for person in members:
                with ctx.at(ctx.moment(answer_day, person.time_zone, rng)):
                    services.match_accept(match=group, person=person)
        elif not declined_once and roll < 0.65:
            declined_once = True
            with ctx.at(ctx.moment(answer_day, members[0].time_zone, rng)):
                services.match_decline(
                    match=group, person=members[0], message="Travelling this fortnight."
                )
    return matching_round


def _shadowing_draft(ctx: DemoContext, rng: random.Random) -> MatchingRound:
    amara = ctx.person("admin")
    with ctx.at(ctx.moment(ctx.today - dt.timedelta(days=1), amara.time_zone, rng)):
        matching_round = services.round_create(
            name="Shadowing across teams",
            format="shadowing",
            description="Spend half a day with someone from another team who does what you "
            "want to learn.",
            config={
                "seekers": {
                    "skills": ["Public speaking", "Facilitation", "Stakeholder management"]
                },
                "providers": {
                    "skills": ["Public speaking", "Facilitation", "Stakeholder management"]
                },
                "constraints": {"team_rule": "different"},
                "places_per_provider": 1,
            },
            by=amara,
        )
        services.round_run(matching_round=matching_round)
    return matching_round


def seed_matching(ctx: DemoContext) -> None:
    rng = ctx.rng("matching")
    rounds: list[MatchingRound] = []
    for step in (_mentoring_round, _coffee_round, _shadowing_draft, _buddy_round):
        try:
            made = step(ctx, rng)
        except ValidationError:
            continue  # a very small demo company may have nobody for a round: leave it out
        if made is not None:
            rounds.append(made)
    ctx.count("matching rounds", len(rounds))
    ctx.count(
        "matches",
        Match.objects.filter(round__in=rounds).exclude(status=MatchStatus.PROPOSED).count(),
    )
