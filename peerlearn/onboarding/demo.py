"""The demo's onboarding: plans, a buddy pool, and every recent hire welcomed in story time.

Kestrel has a plan for everyone and more specific ones for Engineering and Data Engineering
(their items link to hub pages where the hub has them). About twenty-five experienced people
volunteer as buddies. Each new starter of the last 30 days got their onboarding on their first
day, a buddy chosen by the matching engine, and has worked through part of the checklist,
with the milestone check-ins that have come round recorded (and confidence answered). People
hired a few months after launch finished theirs, so the programme view has confidence averages.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerlearn.onboarding import services
from peerlearn.onboarding.models import Onboarding, OnboardingTemplate
from peerlearn.people.demo import DemoContext, PlannedPerson
from peerlearn.people.models import Team

EVERYONE = (
    ("tools", "Set up your laptop, SSO and password manager", 1),
    ("tools", "Join Slack: #general, #help-it and your team's channel", 1),
    ("processes", "Read how holidays and expenses work", 5),
    ("processes", "Book your first one-to-one with your manager", 3),
    ("team_norms", "Read “How we write things down”", 7),
    ("team_norms", "Sit in on your team's planning and retro", 14),
    ("people", "Meet your onboarding buddy", 1),
    ("people", "Coffee with someone from another department", 21),
    ("people", "Meet the Learning & Development team", 30),
)
ENGINEERING = (
    ("tools", "Get your development environment running", 2),
    ("tools", "Ship a one-line change through CI to production", 10),
    ("processes", "Shadow an on-call handover", 21),
    ("team_norms", "Read our code review norms", 5),
    ("people", "Meet the platform team lead", 14),
)
DATA = (
    ("tools", "Run the dbt project locally", 3),
    ("tools", "Get read access to the warehouse and Looker", 2),
    ("processes", "Walk through an Airflow DAG deploy with your buddy", 14),
    ("team_norms", "Read how we name and document models", 7),
    ("people", "Meet the analytics engineers you will work with", 10),
)
HUB_TOPICS = {"dbt": "dbt", "code review": "review", "Airflow": "Airflow"}


def _hub_link(title: str) -> str:
    """A link to a hub page on the item's topic, when the hub has one."""
    from peerlearn.knowledge.models import Page

    for word, needle in HUB_TOPICS.items():
        if word.lower() in title.lower():
            page = Page.objects.filter(title__icontains=needle).order_by("title").first()
            if page is not None:
                return settings.SITE_URL + reverse("knowledge:page", args=[page.id])
    return ""


def _plan(
    name: str, items: tuple[tuple[str, str, int], ...], team: Team | None = None
) -> OnboardingTemplate:
    template = services.onboarding_template_create(
        name=name, description=f"The onboarding checklist for {name}.", team=team
    )
    for category, title, day in items:
        services.onboarding_template_item_add(
            template=template,
            category=category,
            title=title,
            due_day=day,
            link_url=_hub_link(title),
        )
    return template


def _plans(ctx: DemoContext) -> None:
    with ctx.at(ctx.moment(ctx.launch_day, "Europe/London", ctx.rng("onboarding-plans"))):
        _plan("Everyone at Kestrel", EVERYONE)
        engineering = ctx.teams.get("Engineering")
        data = ctx.teams.get("Engineering/Data Engineering")
        if engineering is not None:
            _plan("Engineering", EVERYONE[:4] + ENGINEERING + EVERYONE[6:], team=engineering)
        if data is not None:
            _plan(
                "Data Engineering", EVERYONE[:4] + ENGINEERING[:2] + DATA + EVERYONE[6:], team=data
            )


def _pool(ctx: DemoContext, rng: random.Random) -> None:
    seasoned = [
        p
        for p in ctx.active_people()
        if 3 <= p.rank <= 5
        and p.hire_date <= ctx.launch_day - dt.timedelta(days=180)
        and p.role in ("ic", "lead")
    ]
    rng.shuffle(seasoned)
    volunteers = seasoned[: max(6, len(seasoned) // 6)]
    sofia = ctx.plan.person(ctx.person("rich").user.email)
    if sofia not in volunteers:
        volunteers.append(sofia)
    for person in volunteers:
        with ctx.at(
            ctx.moment(
                ctx.launch_day + dt.timedelta(days=rng.randint(0, 20)), person.time_zone, rng
            )
        ):
            services.buddy_volunteer_set(
                person=ctx.people[person.email],
                is_available=True,
                max_new_starters=rng.choice([1, 1, 2]),
                note="Happy to show you around.",
            )
    ctx.count("buddies", len(volunteers))


def _welcome(ctx: DemoContext, rng: random.Random, person: PlannedPerson, *, finish: bool) -> bool:
    start = person.hire_date
    with ctx.at(ctx.moment(start - dt.timedelta(days=3), "Europe/London", rng)):
        try:
            onboarding = services.onboarding_start_for(
                person=ctx.people[person.email], start_date=start
            )
        except ValidationError:
            return False
    _work_through(ctx, rng, onboarding, person, finish=finish)
    return True


def _work_through(
    ctx: DemoContext,
    rng: random.Random,
    onboarding: Onboarding,
    person: PlannedPerson,
    *,
    finish: bool,
) -> None:
    starter = ctx.people[person.email]
    days_in = (ctx.today - onboarding.start_date).days
    share = 1.0 if finish else min(0.9, 0.15 + days_in / 40)
    for item in onboarding.items.order_by("due_date", "position"):
        if rng.random() > share:
            continue
        done_day = min(item.due_date, ctx.today)
        with ctx.at(ctx.moment(done_day, person.time_zone, rng)):
            services.checklist_item_set_done(
                item=item, done=True, by=rng.choice([starter, onboarding.buddy or starter])
            )
    for milestone in onboarding.milestones.order_by("day"):
        after = milestone.starts_at + dt.timedelta(minutes=40)
        if after >= ctx.now:
            break
        # Confidence grows over the first months, with the seed article's doubters.
        base = 2 + min(2, milestone.day // 30) if person.confident_next_level else 2
        with ctx.at(after):
            services.milestone_record(
                milestone=milestone,
                by=starter,
                confidence=max(1, min(5, base + rng.choice([-1, 0, 0, 1]))),
                comment="" if rng.random() < 0.7 else "Lots to take in, but the buddy helps.",
            )


def seed_onboarding(ctx: DemoContext) -> None:
    rng = ctx.rng("onboarding")
    _plans(ctx)
    _pool(ctx, rng)
    welcomed = 0
    # Hired a few months after launch: their onboarding is complete.
    earlier = [
        p
        for p in ctx.active_people()
        if ctx.launch_day + dt.timedelta(days=5) <= p.hire_date <= ctx.today - dt.timedelta(days=95)
    ]
    earlier.sort(key=lambda p: (p.hire_date, p.email))
    for person in earlier[:12]:
        welcomed += _welcome(ctx, rng, person, finish=True)
    for person in sorted(ctx.new_starters(), key=lambda p: (p.hire_date, p.email)):
        welcomed += _welcome(ctx, rng, person, finish=False)
    ctx.count("onboardings", welcomed)
