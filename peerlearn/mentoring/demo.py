"""The demo's mentoring: pairs in every state, written through the services in story time.

About forty pairs of a junior who wants to learn a skill and a senior who teaches it: requests
waiting for an answer, declined and withdrawn ones, active pairs with goals, a rhythm of
check-ins and notes (some of them private), pairs that went quiet or missed a check-in (they
"need attention"), and finished ones with feedback from both sides and endorsements. The
personas have their share: Sofia mentors and is mentored, Rohan (the new starter) has a match
with Sofia waiting for his answer, Sofia has a check-in tomorrow (so the demo worker sends a
reminder), and Amara sees it all in the programme view.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from peerlearn.mentoring import services
from peerlearn.mentoring.models import Mentorship
from peerlearn.people.demo import DemoContext, PlannedPerson
from peerlearn.people.models import Endorsement, Goal, GoalStatus

# How many pairs of each kind (scaled down for a small company).
SHAPE = (
    ("requested", 6),
    ("declined", 3),
    ("withdrawn", 2),
    ("active", 14),
    ("quiet", 4),
    ("missed", 2),
    ("closed", 9),
)
CADENCE_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 28}
SHARED_NOTES = (
    "Walked through the **{skill}** problem from this sprint. Next: try it on the real dataset.",
    "Agreed to pair for an hour on {skill} before the next check-in.",
    "Good progress on {skill}: the review comments were much lighter this time.",
    "Looked at how the team does {skill} in practice; links shared in chat.",
)
PRIVATE_NOTES = (
    "Still nervous about presenting the {skill} work. Ask about it next time.",
    "I should give more concrete examples; I went too abstract today.",
    "Feeling stuck on {skill}; didn't want to say so in the meeting.",
)
AGENDAS = (
    "1. What went well since last time\n2. The {skill} question from this week\n3. Next step",
    "Review the draft together; decide what to try before next time.",
    "Talk through the feedback from the last review.",
)


@dataclass(frozen=True)
class Pairing:
    mentor: PlannedPerson
    mentee: PlannedPerson
    skill: str


def _pairings(ctx: DemoContext, rng: random.Random, count: int) -> list[Pairing]:
    """Juniors who want to learn a skill, each with a more senior teacher of it."""
    pairs: list[Pairing] = []
    used: set[tuple[str, str]] = set()
    learners = [
        p for p in ctx.active_people() if p.rank <= 3 and any(s.wants_to_learn for s in p.skills)
    ]
    rng.shuffle(learners)
    for mentee in learners:
        wanted = [s.name for s in mentee.skills if s.wants_to_learn]
        rng.shuffle(wanted)
        for skill in wanted:
            teachers = [
                t
                for t in ctx.teachers_of(skill)
                if t.rank > mentee.rank
                and t.email != mentee.manager_email
                and (t.email, mentee.email) not in used
                and ctx.joined_day(t.email) <= ctx.today - dt.timedelta(days=30)
            ]
            if teachers:
                mentor = rng.choice(teachers)
                used.add((mentor.email, mentee.email))
                pairs.append(Pairing(mentor=mentor, mentee=mentee, skill=skill))
                break
        if len(pairs) >= count:
            break
    return pairs


def _at(ctx: DemoContext, day: dt.date, person: PlannedPerson, rng: random.Random) -> dt.datetime:
    return ctx.moment(day, person.time_zone, rng)


def _local(day: dt.date, hour: int, person: PlannedPerson) -> dt.datetime:
    import zoneinfo

    return dt.datetime.combine(day, dt.time(hour), tzinfo=zoneinfo.ZoneInfo(person.time_zone))


def _start(
    ctx: DemoContext, rng: random.Random, pairing: Pairing, day: dt.date, *, accept: bool = True
) -> Mentorship:
    mentor, mentee = ctx.people[pairing.mentor.email], ctx.people[pairing.mentee.email]
    with ctx.at(_at(ctx, day, pairing.mentee, rng)):
        mentorship = services.mentorship_request(
            mentor=mentor,
            mentee=mentee,
            requested_by=mentee,
            message=(
                f"Hi {mentor.full_name.split()[0]}, I'd love your help getting better at "
                f"{pairing.skill}. Could we meet every couple of weeks?"
            ),
            focus_skills=[ctx.skills[pairing.skill]],
            cadence=rng.choice(["weekly", "fortnightly", "fortnightly", "monthly"]),
            duration_months=rng.choice([3, 6, 6]),
        )
    if accept:
        with ctx.at(_at(ctx, day + dt.timedelta(days=rng.randint(0, 2)), pairing.mentor, rng)):
            services.mentorship_accept(mentorship=mentorship, by=mentor, message="Happy to!")
            services.mentorship_goal_add(
                mentorship=mentorship,
                added_by=mentee,
                title=f"Work independently with {pairing.skill}",
                skill=ctx.skills[pairing.skill],
                target_level=min(4, 2 + rng.randint(0, 1)),
            )
    return mentorship


def _check_ins(
    ctx: DemoContext,
    rng: random.Random,
    mentorship: Mentorship,
    pairing: Pairing,
    *,
    first: dt.date,
    last: dt.date,
    leave_last_unrecorded: bool = False,
) -> int:
    """Held check-ins every cadence from `first` until `last`, with notes."""
    mentor, mentee = ctx.people[pairing.mentor.email], ctx.people[pairing.mentee.email]
    step = CADENCE_DAYS[mentorship.cadence]
    day, held = first, 0
    while day <= last:
        when = _local(day, rng.choice([9, 10, 11, 14, 15, 16]), pairing.mentee)
        planned_on = day - dt.timedelta(days=rng.randint(3, 6))
        with ctx.at(min(_at(ctx, planned_on, pairing.mentee, rng), when - dt.timedelta(hours=2))):
            check_in = services.check_in_schedule(
                mentorship=mentorship,
                by=rng.choice([mentor, mentee]),
                starts_at=when,
                agenda=rng.choice(AGENDAS).format(skill=pairing.skill),
            )
        is_last = day + dt.timedelta(days=step) > last
        if is_last and leave_last_unrecorded:
            break
        after = when + dt.timedelta(hours=1)
        if after >= ctx.now:
            break
        with ctx.at(after):
            services.check_in_record(
                check_in=check_in,
                by=mentee,
                progress_rating=rng.randint(2, 5),
                mood=rng.randint(2, 5),
            )
            services.check_in_note_add(
                check_in=check_in,
                author=rng.choice([mentor, mentee]),
                visibility="shared",
                body=rng.choice(SHARED_NOTES).format(skill=pairing.skill),
            )
            if rng.random() < 0.4:
                services.check_in_note_add(
                    check_in=check_in,
                    author=mentee,
                    visibility="private",
                    body=rng.choice(PRIVATE_NOTES).format(skill=pairing.skill),
                )
        held += 1
        day += dt.timedelta(days=step)
    return held


def _persona_pairs(ctx: DemoContext, rng: random.Random) -> int:
    """Sofia mentors a junior and is mentored in public speaking; Rohan has a match waiting."""
    sofia, rohan = ctx.person("rich"), ctx.person("new_starter")
    made = 0
    speakers = [t for t in ctx.teachers_of("Public speaking") if t.email != sofia.user.email]
    if speakers:
        coach = ctx.people[rng.choice(speakers).email]
        with ctx.at(
            _at(ctx, ctx.today - dt.timedelta(days=75), ctx.plan.person(sofia.user.email), rng)
        ):
            pair = services.mentorship_request(
                mentor=coach,
                mentee=sofia,
                requested_by=sofia,
                message="I'd like to get braver at presenting our data work. Could you help?",
                focus_skills=[ctx.skills["Public speaking"]],
            )
            services.mentorship_accept(mentorship=pair, by=coach, message="With pleasure.")
        pairing = Pairing(
            mentor=ctx.plan.person(coach.user.email),
            mentee=ctx.plan.person(sofia.user.email),
            skill="Public speaking",
        )
        _check_ins(
            ctx,
            rng,
            pair,
            pairing,
            first=ctx.today - dt.timedelta(days=68),
            last=ctx.today - dt.timedelta(days=3),
        )
        with ctx.at(ctx.now - dt.timedelta(hours=3)):
            services.check_in_schedule(
                mentorship=pair,
                by=sofia,
                starts_at=_local(ctx.today + dt.timedelta(days=1), 10, pairing.mentee),
                agenda="Dry run of my meetup talk.",
            )
        made += 1
    with ctx.at(ctx.now - dt.timedelta(hours=20)):
        services.mentorship_create_from_match(
            mentor=sofia,
            mentee=rohan,
            reason=(
                "Both in Data Engineering; Sofia teaches dbt and Airflow at levels 4 and 3, "
                "which Rohan wants to learn; two levels apart in the same job family."
            ),
            focus_skills=[ctx.skills["dbt"], ctx.skills["Airflow"]],
        )
    return made + 1


def seed_mentoring(ctx: DemoContext) -> None:
    rng = ctx.rng("mentoring")
    # Mentoring adds goals (on mentees' profiles) and endorsements (at closing): the summary
    # counts them with the ones earlier steps made.
    goals, endorsements = Goal.objects.count(), Endorsement.objects.count()
    total = sum(n for _, n in SHAPE)
    scale = min(1.0, len(ctx.active_people()) / 300)
    pairings = _pairings(ctx, rng, max(8, round(total * scale)))
    made = _persona_pairs(ctx, rng)
    index = 0
    for kind, wanted in SHAPE:
        for _ in range(max(1, round(wanted * scale))):
            if index >= len(pairings):
                break
            pairing = pairings[index]
            index += 1
            try:
                _seed_one(ctx, rng, kind, pairing)
            except ValidationError:
                continue  # e.g. the two already have an open mentorship in the story
            made += 1
    ctx.count("mentorships", made)
    ctx.count("goals", Goal.objects.count() - goals)
    ctx.count("endorsements", Endorsement.objects.count() - endorsements)


def _seed_one(ctx: DemoContext, rng: random.Random, kind: str, pairing: Pairing) -> None:
    mentor, mentee = ctx.people[pairing.mentor.email], ctx.people[pairing.mentee.email]
    joined = max(ctx.joined_day(pairing.mentee.email), ctx.joined_day(pairing.mentor.email))
    if kind in ("requested", "declined", "withdrawn"):
        day = ctx.day_between(rng, max(joined, ctx.today - dt.timedelta(days=12)), ctx.today)
        mentorship = _start(ctx, rng, pairing, day, accept=False)
        if kind == "declined":
            with ctx.at(_at(ctx, min(ctx.today, day + dt.timedelta(days=1)), pairing.mentor, rng)):
                services.mentorship_decline(
                    mentorship=mentorship,
                    by=mentor,
                    message="I'm at capacity this quarter, sorry. Try me again in the autumn?",
                )
        elif kind == "withdrawn":
            with ctx.at(_at(ctx, min(ctx.today, day + dt.timedelta(days=1)), pairing.mentee, rng)):
                services.mentorship_withdraw(mentorship=mentorship, by=mentee)
        return
    if kind == "closed":
        start = ctx.day_between(
            rng, max(joined, ctx.launch_day), ctx.today - dt.timedelta(days=120)
        )
        mentorship = _start(ctx, rng, pairing, start)
        end = start + dt.timedelta(days=rng.randint(80, 110))
        _check_ins(ctx, rng, mentorship, pairing, first=start + dt.timedelta(days=7), last=end)
        with ctx.at(_at(ctx, end + dt.timedelta(days=1), pairing.mentee, rng)):
            link = mentorship.goal_links.select_related("goal").first()
            if link is not None:
                services.mentorship_goal_set_status(
                    link=link, status=GoalStatus.ACHIEVED, by=mentee
                )
            services.mentorship_close(mentorship=mentorship, by=mentee)
            services.mentorship_feedback_give(
                mentorship=mentorship,
                author=mentee,
                helpfulness=rng.choice([4, 4, 5, 5, 3]),
                skills_gained=[ctx.skills[pairing.skill]],
                comment="The concrete examples helped most.",
            )
        with ctx.at(_at(ctx, end + dt.timedelta(days=2), pairing.mentor, rng)):
            services.mentorship_feedback_give(
                mentorship=mentorship,
                author=mentor,
                helpfulness=rng.choice([4, 5]),
                endorse_levels={ctx.skills[pairing.skill]: rng.choice([2, 3])},
            )
        return
    # active, quiet and missed pairs
    start = ctx.day_between(
        rng, max(joined, ctx.today - dt.timedelta(days=150)), ctx.today - dt.timedelta(days=35)
    )
    mentorship = _start(ctx, rng, pairing, start)
    if kind == "quiet":
        # They met a few times, then nothing for over three weeks.
        last = ctx.today - dt.timedelta(days=rng.randint(24, 40))
        _check_ins(ctx, rng, mentorship, pairing, first=start + dt.timedelta(days=5), last=last)
    elif kind == "missed":
        last = ctx.today - dt.timedelta(days=rng.randint(3, 6))
        _check_ins(
            ctx, rng, mentorship, pairing,
            first=start + dt.timedelta(days=5), last=last, leave_last_unrecorded=True,
        )  # fmt: skip
    else:
        last = ctx.today - dt.timedelta(days=rng.randint(1, 10))
        _check_ins(ctx, rng, mentorship, pairing, first=start + dt.timedelta(days=5), last=last)
        upcoming = ctx.today + dt.timedelta(days=rng.randint(1, 12))
        with ctx.at(ctx.now - dt.timedelta(hours=rng.randint(2, 30))):
            services.check_in_schedule(
                mentorship=mentorship,
                by=rng.choice([mentor, mentee]),
                starts_at=_local(upcoming, rng.choice([10, 11, 14, 15]), pairing.mentee),
                agenda=rng.choice(AGENDAS).format(skill=pairing.skill),
            )
