"""The demo's role shadowing: hosts with monthly limits and requests in every state.

Around twenty-five requests between people of neighbouring roles: waiting for an answer,
declined, withdrawn, booked in the coming weeks with an observation plan, done with both
debriefs, and a cancelled one. Sofia hosts (one request waits for her) and Rohan, the new
starter, is booked to shadow a colleague in his second week.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.core.exceptions import ValidationError

from peerlearn.people.demo import DemoContext, PlannedPerson
from peerlearn.shadowing import services
from peerlearn.shadowing.models import ShadowingRequest

SHAPE = (
    ("requested", 5),
    ("declined", 2),
    ("withdrawn", 1),
    ("booked", 6),
    ("done", 10),
    ("cancelled", 2),
)
TOPICS = (
    ("how you prepare and run a customer call", "I want to hear real customer problems first-hand"),
    ("a code review from start to finish", "I'd like to see what you look for and why"),
    ("how you plan the sprint with the team", "I'm about to run planning in my own team"),
    ("an incident review", "I want to learn how we talk about failures"),
    ("a day of data modelling work", "I'd like to understand how the models I use are made"),
    ("how you triage the support queue", "I'd like to know which issues reach us and how"),
)
PLAN = (
    "The first hour: how the day is planned",
    "A meeting with stakeholders",
    "Tools and shortcuts",
)


def _local(day: dt.date, hour: int, person: PlannedPerson) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zoneinfo.ZoneInfo(person.time_zone))


def _pairs(
    ctx: DemoContext, rng: random.Random, count: int
) -> list[tuple[PlannedPerson, PlannedPerson]]:
    """Observers and hosts of a similar job family, the host more senior, not their manager."""
    people = [
        p
        for p in ctx.active_people()
        if ctx.joined_day(p.email) <= ctx.today - dt.timedelta(days=20)
    ]
    rng.shuffle(people)
    pairs: list[tuple[PlannedPerson, PlannedPerson]] = []
    seen: set[tuple[str, str]] = set()
    for observer in people:
        hosts = [
            h for h in people
            if h.email != observer.email and h.rank > observer.rank
            and h.email != observer.manager_email and (observer.email, h.email) not in seen
            and (h.family == observer.family or h.department != observer.department)
        ]  # fmt: skip
        if hosts:
            host = rng.choice(hosts[:12])
            seen.add((observer.email, host.email))
            pairs.append((observer, host))
        if len(pairs) >= count:
            break
    return pairs


def _ask(
    ctx: DemoContext, rng: random.Random, observer: PlannedPerson, host: PlannedPerson, day: dt.date
) -> ShadowingRequest:
    what, why = rng.choice(TOPICS)
    with ctx.at(ctx.moment(day, observer.time_zone, rng)):
        request = services.shadowing_request(
            observer=ctx.people[observer.email],
            host=ctx.people[host.email],
            what_to_observe=what,
            why=why,
        )
        for text in rng.sample(PLAN, k=2):
            services.observation_item_add(request=request, by=ctx.people[observer.email], text=text)
    return request


def _book(
    ctx: DemoContext,
    rng: random.Random,
    request: ShadowingRequest,
    host: PlannedPerson,
    asked: dt.date,
    session: dt.date,
) -> None:
    with ctx.at(ctx.moment(min(ctx.today, asked + dt.timedelta(days=1)), host.time_zone, rng)):
        services.shadowing_accept(
            request=request,
            by=ctx.people[host.email],
            starts_at=_local(session, rng.choice([9, 10, 13]), host),
            duration_minutes=rng.choice([120, 120, 240]),
            location=rng.choice(["My desk, 3rd floor", "Video call", "Room Kestrel"]),
            message="Come along, it'll be a good day for it.",
        )


def seed_shadowing(ctx: DemoContext) -> None:
    rng = ctx.rng("shadowing")
    scale = min(1.0, len(ctx.active_people()) / 300)
    pairs = _pairs(ctx, rng, round(sum(n for _, n in SHAPE) * scale) + 4)
    hosts = {host.email: host for _, host in pairs}
    for email in sorted(hosts):
        with ctx.at(ctx.moment(ctx.launch_day, hosts[email].time_zone, rng)):
            services.shadowing_host_set(
                person=ctx.people[email], monthly_capacity=rng.choice([2, 2, 3])
            )
    made = _personas(ctx, rng)
    index = 0
    for kind, wanted in SHAPE:
        for _ in range(max(1, round(wanted * scale))):
            if index >= len(pairs):
                break
            observer, host = pairs[index]
            index += 1
            try:
                _seed_one(ctx, rng, kind, observer, host)
            except ValidationError:
                continue  # a host's month is full in the story: leave this one out
            made += 1
    ctx.count("shadowing requests", made)


def _seed_one(
    ctx: DemoContext, rng: random.Random, kind: str, observer: PlannedPerson, host: PlannedPerson
) -> None:
    if kind in ("requested", "declined", "withdrawn"):
        asked = ctx.today - dt.timedelta(days=rng.randint(1, 9))
        request = _ask(ctx, rng, observer, host, asked)
        when = ctx.moment(min(ctx.today, asked + dt.timedelta(days=1)), host.time_zone, rng)
        if kind == "declined":
            with ctx.at(when):
                services.shadowing_decline(
                    request=request,
                    by=ctx.people[host.email],
                    message="Not this month, sorry: try me in a few weeks.",
                )
        elif kind == "withdrawn":
            with ctx.at(when):
                services.shadowing_withdraw(request=request, by=ctx.people[observer.email])
        return
    if kind in ("booked", "cancelled"):
        asked = ctx.today - dt.timedelta(days=rng.randint(2, 10))
        request = _ask(ctx, rng, observer, host, asked)
        _book(ctx, rng, request, host, asked, ctx.today + dt.timedelta(days=rng.randint(3, 20)))
        if kind == "cancelled":
            with ctx.at(ctx.now - dt.timedelta(hours=5)):
                services.shadowing_cancel(request=request, by=ctx.people[observer.email])
        return
    asked = ctx.day_between(
        rng, ctx.launch_day + dt.timedelta(days=10), ctx.today - dt.timedelta(days=20)
    )
    request = _ask(ctx, rng, observer, host, asked)
    session = asked + dt.timedelta(days=rng.randint(5, 14))
    _book(ctx, rng, request, host, asked, session)
    assert request.starts_at is not None
    after = request.starts_at + dt.timedelta(minutes=request.duration_minutes + 30)
    with ctx.at(after):
        for item in request.plan_items.order_by("position"):
            services.observation_item_set(item=item, observed=True)
        services.shadowing_complete(request=request, by=ctx.people[observer.email])
        services.debrief_write(
            request=request,
            author=ctx.people[observer.email],
            learned="How much of the work happens before the meeting even starts.",
            try_next="Write down the questions I want answered before each call.",
        )
    with ctx.at(after + dt.timedelta(hours=20)):
        services.debrief_write(
            request=request,
            author=ctx.people[host.email],
            learned="Explaining my routine made me notice two steps we could automate.",
        )


def _personas(ctx: DemoContext, rng: random.Random) -> int:
    """A request waiting for Sofia, and Rohan booked to shadow her next week."""
    sofia = ctx.plan.person(ctx.person("rich").user.email)
    rohan = ctx.plan.person(ctx.person("new_starter").user.email)
    made = 0
    juniors = [
        p
        for p in ctx.juniors()
        if p.email not in (sofia.email, rohan.email) and ctx.joined_day(p.email) < ctx.today
    ]
    if juniors:
        _ask(ctx, rng, rng.choice(juniors), sofia, ctx.today - dt.timedelta(days=1))
        made += 1
    try:
        request = _ask(ctx, rng, rohan, sofia, ctx.today - dt.timedelta(days=2))
        _book(
            ctx,
            rng,
            request,
            sofia,
            ctx.today - dt.timedelta(days=2),
            ctx.today + dt.timedelta(days=5),
        )
        made += 1
    except ValidationError:
        pass
    return made
