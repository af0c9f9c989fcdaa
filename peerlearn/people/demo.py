"""The demo organisation: Kestrel Analytics, a believable company so every feature shows with data.

Kestrel Analytics sells a B2B analytics product. About 300 people work in an executive office and
8 departments with 28 teams (the biggest split into squads) across Berlin, London, Lisbon, New
York, Bengaluru, Singapore and remote Spain. They belong to 10 job families on the L1–L7 ladder,
report up a manager tree to the CEO, and keep skill profiles in a taxonomy of 94 skills in 12
areas (with aliases: k8s → Kubernetes): seniors are advanced in their team's craft and offer to
teach it, juniors want to learn it, some look across the fence (engineers learning public
speaking, sales people SQL), and about 24% are confident they could move up a level (the seed
article's figure; see `PlannedPerson.confident_next_level`). A handful joined in the last 30
days, a few have left. The company itself (places, names, teams, skills, the four people behind
the demo logins) is data in `demo_data.py`.

How it is built
---------------
1. `plan_organisation()` decides the company in pure Python from `random.Random` streams named
   after the seed: teams, people, managers, hire dates, skill profiles. No database, so the same
   plan also feeds `people_csv()` / `skills_csv()`, the import files benchmarks time on 10,000
   people. Same seed and same day → the same plan, byte for byte, in any process.
2. `seed_demo()` writes it in one transaction by running `DEMO_STEPS` in order, each a function
   `step(ctx: DemoContext) -> None`. The organisation is bulk-created (its services record no
   activities, and hashing a password per user would take minutes: all share one hash). Skill
   entries are bulk-created too, with exactly the rows `person_skill_set` would write, activity
   included (a test compares them), because through the service 3,000 of them take ~15 s. Goals,
   endorsements and departures go through their services, so the learning-activity record fills
   up as real use fills it.

Story time
----------
Services stamp what they write with "now". A demo needs history, so steps call them inside
`with ctx.at(moment):`, which moves the clock (time-machine) to when the event happens in the
story: created_at, updated_at, activity starts_at and anything a service derives from the clock
(due dates, reminders) then agree with each other, with no per-field backdating to keep in step
with the services. Moments come from `ctx.moment(day, time_zone, rng)` (working hours in the
person's own time zone, never in the future); `ctx.launch_day` is when the company started using
Peerlearn and `ctx.joined_day(email)` when a person first could (launch or their hire date).

Adding a feature's demo data
----------------------------
Write a step in your app, e.g. `peerlearn/mentoring/demo.py`::

    def seed_mentoring(ctx: DemoContext) -> None:
        rng = ctx.rng("mentoring")          # its own stream: other steps' data stays put
        for mentee in rng.sample(ctx.juniors(), k=20):
            mentor = ...                     # from ctx.teachers_of(skill), ctx.plan, ctx.people
            day = ctx.day_between(rng, ctx.joined_day(mentee.email), ctx.today)
            with ctx.at(ctx.moment(day, mentee.time_zone, rng)):
                mentorship_create(mentor=ctx.people[mentor.email], ...)
        ctx.count("mentorships", 20)        # shows up in the summary line

and add its dotted path to `DEMO_STEPS` (after the steps whose data it uses). Rules: draw every
random choice from `ctx.rng("<your step>")` and iterate lists or dicts, never sets (set order
changes between processes); write through your services inside `ctx.at(...)`; bulk-create only
rows whose services record nothing else, with ids from `ctx.new_id(rng)`; keep the whole demo
seeding in a few seconds. test_demo.py seeds twice and compares the activity record, so your
step's activities are checked for determinism; add your own tables to its digest.
"""

from __future__ import annotations

import csv
import importlib
import io
import math
import random
import unicodedata
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from peerlearn.accounts.models import User
from peerlearn.activities.models import (
    ActivityFormat,
    ActivityParticipant,
    LearningActivity,
    ParticipantRole,
)
from peerlearn.people.demo_data import (
    BERLIN,
    DEPARTMENTS,
    EXECUTIVE_OFFICE,
    FAMILY_SKILLS,
    GENERAL_MANAGEMENT,
    IC_LEVEL_WEIGHTS,
    IC_TITLES,
    INTERNATIONAL_SHARE,
    JOB_FAMILIES,
    LEADERSHIP_SKILLS,
    LOCATIONS,
    LONDON,
    MANAGER_GROWTH_SKILLS,
    NAME_POOLS,
    PERSONA_BY_KEY,
    PERSONAS,
    PRINCIPAL_FAMILIES,
    SENIOR_GROWTH_SKILLS,
    SKILL_TAXONOMY,
    SQUAD_NAMES,
    Location,
    Persona,
    TeamSpec,
)
from peerlearn.people.models import (
    GoalStatus,
    JobFamily,
    Level,
    Person,
    PersonSkill,
    Skill,
    SkillAlias,
    SkillLevel,
    Team,
)
from peerlearn.people.services import (
    endorsement_create,
    goal_create,
    goal_update,
    people_refresh_search_text,
    person_deactivate,
)

COMPANY = "Kestrel Analytics"
EMAIL_DOMAIN = "kestrel.example"  # .example is reserved (RFC 2606): demo mail reaches no one
DEMO_PASSWORD = "peerlearn-demo"  # noqa: S105 (printed for everyone to use; demo only)
DEFAULT_SEED = 2024
DEFAULT_PEOPLE = 300
MIN_PEOPLE = 50  # every team needs its lead and the demo logins their colleagues
FOUNDED = date(2015, 3, 2)
FOUNDERS = ("Chief Executive Officer", "Chief Technology Officer")
LAUNCH_DAYS_AGO = 240  # the company started using Peerlearn about eight months ago
NEW_STARTER_DAYS = 30
SQUAD_THRESHOLD = 18  # a team with more people than this splits into squads with their own leads
SQUAD_SIZE = 9
CONFIDENT_SHARE = 0.24  # "only 24% of workers feel confident they can move to the next level"

DEMO_STEPS: tuple[str, ...] = (
    "peerlearn.people.demo.seed_organisation",
    "peerlearn.people.demo.seed_skill_profiles",
    "peerlearn.people.demo.seed_goals",
    "peerlearn.people.demo.seed_endorsements",
    "peerlearn.people.demo.seed_leavers",
    "peerlearn.knowledge.demo.seed_knowledge",
    "peerlearn.qa.demo.seed_questions",
    "peerlearn.mentoring.demo.seed_mentoring",
    "peerlearn.onboarding.demo.seed_onboarding",
    "peerlearn.shadowing.demo.seed_shadowing",
    "peerlearn.matching.demo.seed_matching",
    "peerlearn.notifications.demo.settle_notifications",  # keep last: history is not re-sent
)


# --- the plan: deterministic, no database ----------------------------------------------------


@dataclass
class PlannedSkill:
    name: str
    level: int
    can_teach: bool
    wants_to_learn: bool
    confidence: int | None


@dataclass(eq=False)  # people are equal only to themselves, as rows are
class PlannedPerson:
    id: uuid.UUID
    user_id: uuid.UUID
    email: str
    full_name: str
    job_title: str
    family: str
    level: str  # L1..L7
    team: str  # path: "Engineering/Data Engineering"
    department: str
    role: str  # ceo, exec, head, lead, ic
    location: str
    time_zone: str
    languages: list[str]
    hire_date: date
    capacity: int
    bio: str = ""
    manager_email: str | None = None
    is_programme_admin: bool = False
    persona: str | None = None
    skills: list[PlannedSkill] = field(default_factory=list)
    # Whether they would answer "I feel confident I have the skills to move to the next level"
    # with yes (the seed article's 24%); their skill confidences follow it, and the surveys
    # feature's demo step answers with it.
    confident_next_level: bool = False
    left_on: date | None = None

    @property
    def rank(self) -> int:
        return int(self.level[1:])


@dataclass(frozen=True)
class PlannedTeam:
    id: uuid.UUID
    path: str
    name: str
    parent: str | None
    description: str


@dataclass
class DemoPlan:
    seed: int
    today: date
    teams: list[PlannedTeam]
    people: list[PlannedPerson]  # managers before their reports

    def person(self, email: str) -> PlannedPerson:
        return self._by_email[email]

    def __post_init__(self) -> None:
        self._by_email = {p.email: p for p in self.people}


def new_id(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from the seeded generator, so bulk-created rows keep their ids."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _stream(seed: int, name: str) -> random.Random:
    # Seeding with a string hashes it with SHA-512: stable across processes and Python versions.
    return random.Random(f"peerlearn-demo/{seed}/{name}")


def _weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


# Letters that Unicode does not decompose into a base letter and an accent.
ASCII_SPELLINGS = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "ł": "l", "Ł": "L", "ı": "i"})


def _ascii(text: str) -> str:
    text = text.translate(ASCII_SPELLINGS)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _Namer:
    """Draws names that fit a location, unique within the company."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.full_names: set[str] = set()
        self.emails: set[str] = set()

    def reserve(self, full_name: str) -> str:
        self.full_names.add(full_name)
        email = email_for(full_name)
        self.emails.add(email)
        return email

    def draw(self, location: Location) -> tuple[str, str, str]:
        """(full name, e-mail, name pool)."""
        rng = self.rng
        for _ in range(30):
            if rng.random() < INTERNATIONAL_SHARE:
                pool = rng.choice(list(NAME_POOLS))
            else:
                pool = _weighted(rng, location.name_pools)
            first_names, last_names, _ = NAME_POOLS[pool]
            full_name = f"{rng.choice(first_names)} {rng.choice(last_names)}"
            if full_name not in self.full_names:
                break
        # In a very large synthetic company a name may repeat; the address still differs.
        self.full_names.add(full_name)
        return full_name, self._email(full_name), pool

    def _email(self, full_name: str) -> str:
        email, n = email_for(full_name), 2
        while email in self.emails:
            email, n = email_for(full_name, n), n + 1
        self.emails.add(email)
        return email


def email_for(full_name: str, number: int | None = None) -> str:
    """first.last@kestrel.example, in ASCII; a number tells namesakes apart."""
    first, _, last = full_name.partition(" ")
    local = ".".join(
        "".join(ch for ch in _ascii(part).lower() if ch.isalnum() or ch == "-")
        for part in (first.replace(" ", ""), last.replace(" ", ""))
    )
    return f"{local}{number or ''}@{EMAIL_DOMAIN}"


@dataclass(kw_only=True)
class _Slot:
    """A position in the organisation before a person fills it."""

    role: str
    team: str
    department: str
    family: str
    title: str
    level: str
    location: str
    manager: _Slot | None = None
    spec: TeamSpec | None = None
    persona: Persona | None = None
    person: PlannedPerson | None = None


def plan_organisation(
    *, seed: int = DEFAULT_SEED, people: int = DEFAULT_PEOPLE, today: date
) -> DemoPlan:
    """Decide the whole company: teams, people, reporting lines, skill profiles."""
    if people < MIN_PEOPLE:
        raise ValueError(f"The demo organisation needs at least {MIN_PEOPLE} people.")
    ids = _stream(seed, "ids")
    slots, teams = _plan_slots(seed=seed, people=people, ids=ids)
    namer = _Namer(_stream(seed, "names"))
    for persona in PERSONAS:
        namer.reserve(persona.full_name)
    profiles = _stream(seed, "profiles")
    planned: list[PlannedPerson] = []
    for slot in slots:
        slot.person = _plan_person(slot, namer=namer, rng=profiles, ids=ids, today=today)
        planned.append(slot.person)
    for slot in slots:
        assert slot.person is not None
        if slot.manager is not None:
            assert slot.manager.person is not None
            slot.person.manager_email = slot.manager.person.email
    _plan_new_starters_and_leavers(slots, rng=_stream(seed, "tenure"), today=today)
    for slot in slots:
        assert slot.person is not None
        _plan_skills(slot.person, spec=slot.spec, rng=profiles)
        slot.person.bio = slot.person.bio or _bio(slot.person, profiles)
    return DemoPlan(seed=seed, today=today, teams=teams, people=planned)


def _plan_slots(
    *, seed: int, people: int, ids: random.Random
) -> tuple[list[_Slot], list[PlannedTeam]]:
    """Every position with its team, title, level, place and manager; no names yet."""
    rng = _stream(seed, "organisation")
    teams: list[PlannedTeam] = []

    def add_team(name: str, parent: str | None, description: str) -> str:
        path = f"{parent}/{name}" if parent else name
        teams.append(PlannedTeam(new_id(ids), path, name, parent, description))
        return path

    office = add_team(EXECUTIVE_OFFICE, None, "The CEO, the COO and their office.")

    def executive(role: str, title: str, level: str, location: str, boss: _Slot | None) -> _Slot:
        return _Slot(
            role=role, team=office, department=EXECUTIVE_OFFICE, family=GENERAL_MANAGEMENT,
            title=title, level=level, location=location, manager=boss,
        )  # fmt: skip

    ceo = executive("ceo", "Chief Executive Officer", "L7", LONDON, None)
    coo = executive("exec", "Chief Operating Officer", "L7", BERLIN, ceo)
    leaders = [ceo, coo, executive("ic", "Chief of Staff", "L5", LONDON, ceo)]
    heads: dict[str, _Slot] = {}
    for department in DEPARTMENTS:
        heads[department.name] = _Slot(
            role="head", team=add_team(department.name, None, department.description),
            department=department.name, family=department.head_family,
            title=department.head_title, level="L7", location=department.head_location,
        )  # fmt: skip
    for department in DEPARTMENTS:
        bosses = {"ceo": ceo, "coo": coo, **heads}
        heads[department.name].manager = bosses[department.reports_to]
        leaders.append(heads[department.name])

    # Individual contributors per team: the personas' places first, the rest by weight.
    leaf_specs = [(d, t) for d in DEPARTMENTS for t in d.teams]
    reserved = Counter(p.team for p in PERSONAS if not p.leads_team)
    free = people - len(leaders) - len(leaf_specs) - sum(reserved.values())
    counts = _largest_remainder(free, [t.weight for _, t in leaf_specs])
    ics: list[_Slot] = []
    for (department, spec), count in zip(leaf_specs, counts, strict=True):
        path = add_team(spec.name, department.name, spec.description)
        count += reserved[path]
        lead_persona = next((p for p in PERSONAS if p.leads_team and p.team == path), None)
        team_personas = [p for p in PERSONAS if p.team == path and not p.leads_team]
        squads = math.ceil((count + 1) / SQUAD_SIZE) if count + 1 > SQUAD_THRESHOLD else 1
        lead = _Slot(
            role="lead", team=path, department=department.name, family=spec.family,
            title=f"Head of {spec.name}" if squads > 1 else spec.lead_title,
            level="L6" if squads > 1 else "L5", location=_weighted(rng, spec.locations),
            manager=heads[department.name], spec=spec,
            persona=lead_persona if squads == 1 else None,
        )  # fmt: skip
        leaders.append(lead)
        squad_leads = [lead]
        if squads > 1:
            count -= squads  # squad leads come out of the team's headcount
            squad_leads = []
            for i in range(squads):
                round_ = f" {i // len(SQUAD_NAMES) + 1}" if i >= len(SQUAD_NAMES) else ""
                squad_path = add_team(
                    SQUAD_NAMES[i % len(SQUAD_NAMES)] + round_, path, f"A squad of {spec.name}."
                )
                squad_leads.append(
                    _Slot(
                        role="lead", team=squad_path, department=department.name,
                        family=spec.family, title=spec.lead_title, level="L5",
                        location=_weighted(rng, spec.locations), manager=lead, spec=spec,
                        persona=lead_persona if i == 0 else None,
                    )
                )  # fmt: skip
            leaders += squad_leads
        for i in range(count):
            persona = team_personas[i] if i < len(team_personas) else None
            squad = squad_leads[0] if persona is not None else squad_leads[i % len(squad_leads)]
            family, role = spec.family, spec.role
            if spec.mix and persona is None and rng.random() < spec.mix[0][2]:
                family, role = spec.mix[0][0], spec.mix[0][1]
            level = _ic_level(rng, family)
            ics.append(
                _Slot(
                    role="ic", team=squad.team, department=department.name, family=family,
                    title=IC_TITLES[int(level[1])].format(role), level=level,
                    location=_weighted(rng, spec.locations), manager=squad, spec=spec,
                    persona=persona,
                )
            )  # fmt: skip
    for slot in [*leaders, *ics]:
        if slot.persona is not None:
            slot.family, slot.title = slot.persona.family, slot.persona.job_title
            slot.level, slot.location = slot.persona.level, slot.persona.location
    # Managers before their reports, which is also the order an import file needs.
    ordered: list[_Slot] = []
    placed: set[int] = set()
    pending = [*leaders, *ics]
    while pending:
        ready = [s for s in pending if s.manager is None or id(s.manager) in placed]
        ordered.extend(ready)
        placed.update(id(s) for s in ready)
        pending = [s for s in pending if id(s) not in placed]
    return ordered, teams


def _ic_level(rng: random.Random, family: str) -> str:
    weights = dict(IC_LEVEL_WEIGHTS)
    if family not in PRINCIPAL_FAMILIES:
        weights[4] += weights.pop(6)
    return f"L{_weighted(rng, [(str(k), w) for k, w in weights.items()])}"


def _plan_person(
    slot: _Slot, *, namer: _Namer, rng: random.Random, ids: random.Random, today: date
) -> PlannedPerson:
    location = LOCATIONS[slot.location]
    persona = slot.persona
    if persona is not None:
        full_name, email = persona.full_name, namer.reserve(persona.full_name)
        languages = list(persona.languages)
        hire_date = today - timedelta(days=persona.hire_days_ago)
    else:
        full_name, email, pool = namer.draw(location)
        languages = _languages(rng, pool, location)
        hire_date = _hire_date(rng, slot, today)
    rank = int(slot.level[1])
    person = PlannedPerson(
        id=new_id(ids),
        user_id=new_id(ids),
        email=email,
        full_name=full_name,
        job_title=slot.title,
        family=slot.family,
        level=slot.level,
        team=slot.team,
        department=slot.department,
        role=slot.role,
        location=location.name,
        time_zone=location.time_zone,
        languages=languages,
        hire_date=hire_date,
        capacity=persona.capacity if persona else _capacity(rng, slot.role, rank),
        bio=persona.bio if persona else "",
        is_programme_admin=(
            persona.is_programme_admin
            if persona
            else slot.team == "People/Learning & Development" or slot.title == "VP People"
        ),
        persona=persona.key if persona else None,
    )
    # Seniors are a little more often sure of their next step than juniors, averaging ~24%.
    chance = CONFIDENT_SHARE + 0.04 * (rank - 3)
    person.confident_next_level = (
        persona.key in {"manager", "admin"} if persona else rng.random() < chance
    )
    return person


def _languages(rng: random.Random, pool: str, location: Location) -> list[str]:
    native = rng.choice(NAME_POOLS[pool][2])
    languages = [native] if native == "en" else [native, "en"]
    if location.language and location.language not in languages and rng.random() < 0.5:
        languages.append(location.language)
    if rng.random() < 0.15:
        extra = rng.choice(["es", "fr", "de", "it", "nl", "pt"])
        if extra not in languages:
            languages.append(extra)
    return languages


def _hire_date(rng: random.Random, slot: _Slot, today: date) -> date:
    if slot.title in FOUNDERS:
        return FOUNDED
    max_years = {1: 1.5, 2: 3, 3: 5, 4: 7, 5: 8, 6: 9, 7: 10}[int(slot.level[1])]
    min_years = {1: 0.1, 2: 0.3, 3: 0.5, 4: 1, 5: 1.5, 6: 2, 7: 1}[int(slot.level[1])]
    days = int(rng.uniform(min_years, max_years) * 365)
    return max(FOUNDED, today - timedelta(days=days))


def _capacity(rng: random.Random, role: str, rank: int) -> int:
    if rng.random() < 0.04:
        return 0  # too busy this quarter
    if role in {"ceo", "exec", "head"}:
        return rng.choice([1, 1, 2])
    if role == "lead":
        return rng.choice([2, 2, 3])
    return rng.choice([1, 2, 2, 3]) if rank <= 3 else rng.choice([2, 3, 3, 4])


def _plan_new_starters_and_leavers(slots: list[_Slot], *, rng: random.Random, today: date) -> None:
    candidates = [
        s.person
        for s in slots
        if s.role == "ic" and s.persona is None and s.person is not None and s.person.rank <= 3
    ]
    ics = sum(1 for s in slots if s.role == "ic")
    starters = rng.sample(candidates, k=min(len(candidates), max(1, round(ics * 0.03))))
    starter_ids = {id(person) for person in starters}
    for person in starters:
        person.hire_date = today - timedelta(days=rng.randint(1, NEW_STARTER_DAYS - 1))
        person.capacity = 1
    has_reports = {id(s.manager) for s in slots if s.manager is not None}
    stayers = [
        s.person
        for s in slots
        if s.role == "ic"
        and s.persona is None
        and s.person is not None
        and id(s.person) not in starter_ids
        and id(s) not in has_reports
        and (today - s.person.hire_date).days > 120
    ]
    for person in rng.sample(stayers, k=min(len(stayers), round(ics * 0.01))):
        person.left_on = today - timedelta(days=rng.randint(7, 60))


def _plan_skills(person: PlannedPerson, *, spec: TeamSpec | None, rng: random.Random) -> None:
    if person.persona is not None:
        persona = PERSONA_BY_KEY[person.persona]
        person.skills = [PlannedSkill(*entry) for entry in persona.skills]
        return
    rank = person.rank
    craft, outside = FAMILY_SKILLS[person.family]
    team_craft = spec.skills if spec is not None and spec.family == person.family else ()
    core = list(dict.fromkeys([*team_craft, *craft]))
    held: dict[str, PlannedSkill] = {}
    base = {1: 1.3, 2: 1.9, 3: 2.5, 4: 3.0, 5: 3.3, 6: 3.6, 7: 3.2}[rank]
    for name in _pick(rng, team_craft, craft, k=min(len(core), 3 + rank + rng.randint(-1, 2))):
        bonus = 0.3 if name in team_craft else 0.0
        held[name] = PlannedSkill(
            name, _clamp(round(rng.gauss(base + bonus, 0.7)), 1, 4), False, False, None
        )
    if person.role in {"lead", "head", "exec", "ceo"}:
        for name in rng.sample(LEADERSHIP_SKILLS, k=rng.randint(3, 5)):
            held.setdefault(
                name,
                PlannedSkill(name, _clamp(round(rng.gauss(base, 0.6)), 2, 4), False, False, None),
            )
    elif rank >= 4 and rng.random() < 0.6:
        name = rng.choice(SENIOR_GROWTH_SKILLS)
        held.setdefault(name, PlannedSkill(name, rng.choice([2, 2, 3]), False, False, None))
    for entry in held.values():
        entry.can_teach = rng.random() < _teach_chance(entry.level, rank)
        entry.wants_to_learn = rng.random() < _learn_chance(entry.level, rank)
    # Things they do not know yet and want to: their own craft first, then across the fence.
    wishes = {1: 3, 2: 3, 3: 2, 4: 2, 5: 1, 6: 1, 7: 1}[rank] + rng.randint(-1, 1)
    growth: tuple[str, ...] = ()
    if person.role in {"lead", "head"}:
        growth = MANAGER_GROWTH_SKILLS
    elif rank >= 4:
        growth = SENIOR_GROWTH_SKILLS
    for _ in range(max(0, wishes)):
        roll = rng.random()
        pool = core if roll < 0.55 else (outside if roll < 0.85 or not growth else growth)
        options = [name for name in pool if name not in held]
        if not options:
            continue
        name = rng.choice(options)
        held[name] = PlannedSkill(name, rng.choice([0, 0, 1]), False, True, None)
    for entry in held.values():
        entry.confidence = _confidence(rng, entry, confident=person.confident_next_level)
    person.skills = list(held.values())


def _teach_chance(level: int, rank: int) -> float:
    """Experts mostly offer to teach, advanced seniors often, people at working level rarely."""
    if level == SkillLevel.EXPERT:
        return 0.75
    if level == SkillLevel.ADVANCED:
        return 0.5 if rank >= 4 else 0.35
    if level == SkillLevel.WORKING:
        return 0.05 if rank >= 3 else 0.0
    return 0.0


def _learn_chance(level: int, rank: int) -> float:
    """Beginners mostly want to get better at what they have; juniors also at working level."""
    if level == SkillLevel.FOUNDATIONAL:
        return 0.45
    if level == SkillLevel.WORKING:
        return 0.3 if rank <= 3 else 0.1
    if level == SkillLevel.ADVANCED:
        return 0.05
    return 0.0


def _pick(rng: random.Random, first: Sequence[str], then: Sequence[str], *, k: int) -> list[str]:
    """k distinct skills, most from `first` (the team's craft), the rest from `then`."""
    first_pool, then_pool = list(first), [s for s in then if s not in first]
    rng.shuffle(first_pool)
    rng.shuffle(then_pool)
    picked: list[str] = []
    while len(picked) < k and (first_pool or then_pool):
        source = first_pool if first_pool and (not then_pool or rng.random() < 0.65) else then_pool
        picked.append(source.pop())
    return picked


def _confidence(rng: random.Random, entry: PlannedSkill, *, confident: bool) -> int | None:
    if rng.random() < 0.08:
        return None  # not everyone answers every question
    value = entry.level + 1
    if confident:
        value += rng.choice([0, 0, 1])
    else:
        value -= rng.choice([0, 1, 1, 2])
    if entry.wants_to_learn:
        value -= 1
    return _clamp(value, 1, 5)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


BIO_TEACHES = ("Happy to help with {}.", "Ask me about {}.", "I can show you the ropes in {}.")
BIO_LEARNS = ("Currently learning {}.", "Looking for someone to learn {} from.", "Getting into {}.")


def _bio(person: PlannedPerson, rng: random.Random) -> str:
    if rng.random() < 0.3:
        return ""
    city = person.location.split(",")[0]
    teaches = [s.name for s in person.skills if s.can_teach]
    learns = [s.name for s in person.skills if s.wants_to_learn]
    parts = [f"{person.job_title} in {city}."]
    if teaches:
        parts.append(rng.choice(BIO_TEACHES).format(_and(teaches[:2])))
    if learns:
        parts.append(rng.choice(BIO_LEARNS).format(_and(learns[:2])))
    return " ".join(parts)


def _and(items: Sequence[str]) -> str:
    return " and ".join(items) if len(items) <= 2 else ", ".join(items[:-1]) + f" and {items[-1]}"


# --- writing: the context every step gets ----------------------------------------------------


@dataclass
class DemoContext:
    """What a seeding step needs: the plan, what earlier steps wrote, random streams, the clock."""

    seed: int
    now: datetime
    plan: DemoPlan
    people: dict[str, Person] = field(default_factory=dict)  # by e-mail
    skills: dict[str, Skill] = field(default_factory=dict)  # by name
    teams: dict[str, Team] = field(default_factory=dict)  # by path
    # (email, skill name) → the person's entry for it
    person_skills: dict[tuple[str, str], PersonSkill] = field(default_factory=dict)
    profile_days: dict[str, date] = field(default_factory=dict)  # email → day they filled it in
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return self.plan.today

    @property
    def launch_day(self) -> date:
        return self.today - timedelta(days=LAUNCH_DAYS_AGO)

    def rng(self, step: str) -> random.Random:
        """A random stream of its own per step, so adding a step never changes the others."""
        return _stream(self.seed, f"step:{step}")

    @staticmethod
    def new_id(rng: random.Random) -> uuid.UUID:
        return new_id(rng)

    def person(self, persona: str) -> Person:
        """A demo login's person: "admin", "manager", "rich" or "new_starter"."""
        return self.people[next(p.email for p in self.plan.people if p.persona == persona)]

    def active_people(self) -> list[PlannedPerson]:
        return [p for p in self.plan.people if p.left_on is None]

    def juniors(self) -> list[PlannedPerson]:
        return [p for p in self.active_people() if p.rank <= 2]

    def new_starters(self) -> list[PlannedPerson]:
        return [p for p in self.active_people() if self.is_new_starter(p)]

    def is_new_starter(self, person: PlannedPerson) -> bool:
        return (self.today - person.hire_date).days < NEW_STARTER_DAYS

    def managers(self) -> list[PlannedPerson]:
        bosses = {p.manager_email for p in self.plan.people if p.manager_email}
        return [p for p in self.plan.people if p.email in bosses]

    def programme_admins(self) -> list[PlannedPerson]:
        return [p for p in self.active_people() if p.is_programme_admin]

    def teachers_of(self, skill: str) -> list[PlannedPerson]:
        return [
            p
            for p in self.active_people()
            if any(s.name == skill and s.can_teach for s in p.skills)
        ]

    def learners_of(self, skill: str) -> list[PlannedPerson]:
        return [
            p
            for p in self.active_people()
            if any(s.name == skill and s.wants_to_learn for s in p.skills)
        ]

    def joined_day(self, email: str) -> date:
        """The first day the person could use Peerlearn: launch, or their hire date if later."""
        return max(self.launch_day, self.plan.person(email).hire_date)

    def moment(self, day: date, time_zone: str, rng: random.Random) -> datetime:
        """A time in working hours on `day` in that time zone; never later than now."""
        clock = time(rng.randint(9, 17), rng.choice(range(0, 60, 5)))
        when = datetime.combine(day, clock, tzinfo=ZoneInfo(time_zone))
        return min(when, self.now - timedelta(minutes=5))

    def day_between(self, rng: random.Random, first: date, last: date) -> date:
        last = min(last, self.today - timedelta(days=1))
        first = min(first, last)
        return first + timedelta(days=rng.randint(0, (last - first).days))

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        """Run services as if it were `moment`: everything they stamp with "now" agrees."""
        with time_machine.travel(moment, tick=False):
            yield

    def count(self, label: str, n: int) -> None:
        """Report `n` things of a kind in the summary line ("endorsements")."""
        self.counts[label] = self.counts.get(label, 0) + n

    def summary(self) -> str:
        people = self.counts.get("people", 0)
        teams = self.counts.get("teams", 0)
        rest = [
            f"{n:,} {label}" for label, n in self.counts.items() if label not in {"people", "teams"}
        ]
        return f"{COMPANY}: {people:,} people in {teams:,} teams, " + ", ".join(rest)


DemoStep = Callable[[DemoContext], None]


def seed_demo(
    *,
    seed: int = DEFAULT_SEED,
    people: int = DEFAULT_PEOPLE,
    now: datetime | None = None,
    steps: Sequence[str] = DEMO_STEPS,
) -> DemoContext:
    """Create the demo organisation in an empty database, all or nothing."""
    now = now or timezone.now()
    plan = plan_organisation(seed=seed, people=people, today=now.astimezone(ZoneInfo("UTC")).date())
    ctx = DemoContext(seed=seed, now=now, plan=plan)
    with transaction.atomic():
        for dotted in steps:
            step: DemoStep = import_string(dotted)
            step(ctx)
    return ctx


def database_reset() -> None:
    """Empty every table (all apps), then put back what migrations seed. Only for `--reset`."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()  # flush recreated them with new ids
    _ensure_levels()


def _ensure_levels() -> dict[str, Level]:
    # The career ladder is seeded by a migration; a flushed database has lost it.
    if not Level.objects.exists():
        migration = importlib.import_module("peerlearn.people.migrations.0002_default_levels")
        Level.objects.bulk_create(
            Level(rank=rank, code=code, name=name, description=description)
            for rank, code, name, description in migration.DEFAULT_LEVELS
        )
    return {level.code: level for level in Level.objects.all()}


# --- the steps of the people app --------------------------------------------------------------


def seed_organisation(ctx: DemoContext) -> None:
    """Job families, teams, the skill taxonomy, and everyone's login and profile, in bulk."""
    rng = ctx.rng("organisation")
    levels = _ensure_levels()
    # Set up by L&D the afternoon before launch; accounts appear at midnight UTC on the day
    # each person could first sign in, before anyone's working day starts.
    setup = datetime.combine(ctx.launch_day - timedelta(days=1), time(15), tzinfo=ZoneInfo("UTC"))
    with ctx.at(setup):
        families = JobFamily.objects.bulk_create(
            JobFamily(id=new_id(rng), name=name, slug=slugify(name), description=description)
            for name, description in JOB_FAMILIES.items()
        )
        family_by_name = {f.name: f for f in families}
        for planned_team in ctx.plan.teams:
            ctx.teams[planned_team.path] = Team(
                id=planned_team.id,
                name=planned_team.name,
                slug=slugify(planned_team.path.replace("/", " ")),
                parent=ctx.teams[planned_team.parent] if planned_team.parent else None,
                description=planned_team.description,
            )
        Team.objects.bulk_create(ctx.teams.values())
        _write_taxonomy(ctx, rng)

    # Hashed once: Argon2 per user would take minutes for 300 people.
    password = make_password(DEMO_PASSWORD)
    by_day: dict[date, list[PlannedPerson]] = defaultdict(list)
    for planned in ctx.plan.people:
        by_day[ctx.joined_day(planned.email)].append(planned)
    for day, group in sorted(by_day.items()):
        with ctx.at(datetime.combine(day, time(0), tzinfo=ZoneInfo("UTC"))):
            users = User.objects.bulk_create(
                User(id=p.user_id, email=p.email, password=password) for p in group
            )
            Person.objects.bulk_create(
                Person(
                    id=p.id,
                    user=user,
                    full_name=p.full_name,
                    job_title=p.job_title,
                    job_family=family_by_name[p.family],
                    level=levels[p.level],
                    team=ctx.teams[p.team],
                    manager_id=ctx.plan.person(p.manager_email).id if p.manager_email else None,
                    location=p.location,
                    time_zone=p.time_zone,
                    languages=p.languages,
                    hire_date=p.hire_date,
                    monthly_capacity=p.capacity,
                    bio=p.bio,
                    is_programme_admin=p.is_programme_admin,
                )
                for p, user in zip(group, users, strict=True)
            )
    people_refresh_search_text()
    ctx.people = {
        person.user.email: person
        for person in Person.objects.select_related("user", "team", "job_family", "level")
    }
    ctx.count("people", len(ctx.people))
    ctx.count("teams", len(ctx.teams))
    ctx.count("skills", sum(len(skills) for _, skills in SKILL_TAXONOMY.values()))


def _write_taxonomy(ctx: DemoContext, rng: random.Random) -> None:
    aliases: list[SkillAlias] = []
    for area, (area_description, skills) in SKILL_TAXONOMY.items():
        parent = Skill(id=new_id(rng), name=area, slug=slugify(area), description=area_description)
        ctx.skills[area] = parent
        for name, skill_aliases, description in skills:
            skill = Skill(
                id=new_id(rng),
                name=name,
                slug=slugify(name),
                parent=parent,
                description=description,
            )
            ctx.skills[name] = skill
            aliases += [SkillAlias(id=new_id(rng), skill=skill, name=a) for a in skill_aliases]
    Skill.objects.bulk_create([s for s in ctx.skills.values() if s.parent is None])
    Skill.objects.bulk_create([s for s in ctx.skills.values() if s.parent is not None])
    SkillAlias.objects.bulk_create(aliases)


def seed_skill_profiles(ctx: DemoContext) -> None:
    """Everyone fills in their skills soon after they could use Peerlearn."""
    rng = ctx.rng("skill_profiles")
    ids = ctx.rng("skill_profiles:ids")
    entries = 0
    for planned in ctx.plan.people:
        joined = ctx.joined_day(planned.email)
        day = ctx.day_between(rng, joined, joined + timedelta(days=10))
        ctx.profile_days[planned.email] = day
        with ctx.at(ctx.moment(day, planned.time_zone, rng)):
            edges = skill_entries_create(
                person=ctx.people[planned.email],
                entries=[(ctx.skills[entry.name], entry) for entry in planned.skills],
                ids=ids,
            )
        for edge in edges:
            ctx.person_skills[planned.email, edge.skill.name] = edge
        entries += len(edges)
    ctx.count("skill entries", entries)


def skill_entries_create(
    *, person: Person, entries: Sequence[tuple[Skill, PlannedSkill]], ids: random.Random
) -> list[PersonSkill]:
    """What `person_skill_set(changed_by=person)` does for a new entry, for many at once.

    Through the service, 3,000 entries take ~15 s (a dozen queries each); these four bulk
    inserts per person take a fraction. test_demo.py compares the rows with the service's.
    """
    for skill, entry in entries:
        if entry.can_teach and entry.level < SkillLevel.WORKING:
            raise ValueError(
                f"{person.full_name} cannot teach {skill.name} at level {entry.level}."
            )
    edges = PersonSkill.objects.bulk_create(
        PersonSkill(
            id=new_id(ids),
            person=person,
            skill=skill,
            level=entry.level,
            can_teach=entry.can_teach,
            wants_to_learn=entry.wants_to_learn,
            confidence=entry.confidence,
        )
        for skill, entry in entries
    )
    source_type = ContentType.objects.get_for_model(PersonSkill)
    activities = LearningActivity.objects.bulk_create(
        LearningActivity(
            id=new_id(ids),
            format=ActivityFormat.SKILLS,
            action="skill.added",
            title=f"{person.full_name} added {edge.skill.name}".strip()[:200],
            starts_at=timezone.now(),
            source_type=source_type,
            source_id=str(edge.pk),
            created_by=person,
        )
        for edge in edges
    )
    ActivityParticipant.objects.bulk_create(
        ActivityParticipant(id=new_id(ids), activity=a, person=person, role=ParticipantRole.AUTHOR)
        for a in activities
    )
    LearningActivity.skills.through.objects.bulk_create(
        LearningActivity.skills.through(learningactivity=a, skill=edge.skill)
        for a, edge in zip(activities, edges, strict=True)
    )
    return edges


GOAL_TEMPLATES_LEARN = (
    "Reach working level in {skill}",
    "Use {skill} on a real project this quarter",
    "Pair with a {skill} expert for a month",
    "Understand how we use {skill} here",
)
GOAL_TEMPLATES_SHARE = (
    "Run a lunch-and-learn on {skill}",
    "Write a knowledge-hub guide to {skill}",
    "Mentor someone in {skill}",
)
GOAL_NEXT_LEVEL = "Get ready for the step up to {level}"
GOAL_NEW_STARTER = ("Finish my onboarding checklist", "Have a coffee with everyone on my team")


def seed_goals(ctx: DemoContext) -> None:
    """A few goals per person; older ones partly achieved or dropped."""
    rng = ctx.rng("goals")
    level_names = dict(Level.objects.values_list("rank", "name"))
    created = 0
    for planned in ctx.plan.people:
        person = ctx.people[planned.email]
        start = ctx.profile_days[planned.email] + timedelta(days=1)
        end = planned.left_on or ctx.today
        learning = [s for s in planned.skills if s.wants_to_learn]
        teaching = [s for s in planned.skills if s.can_teach]
        ideas: list[tuple[str, str | None, int | None]] = []
        if ctx.is_new_starter(planned):
            ideas += [(title, None, None) for title in GOAL_NEW_STARTER]
        for entry in rng.sample(learning, k=min(len(learning), 2)):
            target = min(SkillLevel.EXPERT, max(entry.level + 1, SkillLevel.WORKING))
            ideas.append(
                (rng.choice(GOAL_TEMPLATES_LEARN).format(skill=entry.name), entry.name, target)
            )
        if teaching and rng.random() < 0.4:
            entry = rng.choice(teaching)
            ideas.append(
                (rng.choice(GOAL_TEMPLATES_SHARE).format(skill=entry.name), entry.name, None)
            )
        if planned.rank < 7 and rng.random() < 0.3:
            ideas.append((GOAL_NEXT_LEVEL.format(level=level_names[planned.rank + 1]), None, None))
        wanted = 2 if planned.persona else rng.choice([0, 1, 1, 2, 2, 3])
        if ctx.is_new_starter(planned):
            wanted = 3
        for title, skill_name, target_level in ideas[:wanted]:
            set_on = ctx.day_between(rng, start, end)
            skill = ctx.skills[skill_name] if skill_name else None
            target_date = set_on + timedelta(days=rng.choice([45, 60, 90, 120, 180]))
            with ctx.at(ctx.moment(set_on, planned.time_zone, rng)):
                goal = goal_create(
                    person=person,
                    title=title,
                    skill=skill,
                    target_level=target_level,
                    target_date=target_date,
                )
            created += 1
            age = (end - set_on).days
            if age > 45 and planned.persona is None and rng.random() < 0.35:
                status = GoalStatus.ACHIEVED if rng.random() < 0.8 else GoalStatus.DROPPED
                done_on = ctx.day_between(rng, set_on + timedelta(days=30), end)
                with ctx.at(ctx.moment(done_on, planned.time_zone, rng)):
                    goal_update(
                        goal=goal,
                        title=goal.title,
                        skill=skill,
                        target_level=target_level,
                        target_date=target_date,
                        status=status,
                    )
    ctx.count("goals", created)


ENDORSEMENT_NOTES = (
    "{first} walked me through {skill} on a real task: clear, patient and practical.",
    "Go-to person for {skill} questions on our team.",
    "Helped us untangle a tricky {skill} problem the day before a deadline.",
    "Great {skill} review comments; I learn something every time.",
    "Ran a brilliant session on {skill} for the team.",
    "Always explains the why behind {skill} decisions, not just the what.",
)


def seed_endorsements(ctx: DemoContext) -> None:
    """Colleagues vouch for each other's skills, mostly within a team, over the last months."""
    rng = ctx.rng("endorsements")
    active = [p for p in ctx.active_people() if not ctx.is_new_starter(p)]
    by_team: dict[str, list[PlannedPerson]] = defaultdict(list)
    by_department: dict[str, list[PlannedPerson]] = defaultdict(list)
    holders: dict[str, list[PlannedPerson]] = defaultdict(list)
    reports: dict[str, list[PlannedPerson]] = defaultdict(list)
    for p in active:
        by_team[p.team].append(p)
        by_department[p.department].append(p)
        for s in p.skills:
            if s.level >= SkillLevel.WORKING:
                holders[s.name].append(p)
        if p.manager_email:
            reports[p.manager_email].append(p)
    planned: list[tuple[PlannedPerson, PlannedPerson, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for person in [*active, *ctx.new_starters()]:
        endorsable = [s for s in person.skills if s.level >= SkillLevel.WORKING]
        if not endorsable:
            continue
        if person.persona == "rich":
            wanted = 9
        elif ctx.is_new_starter(person):
            wanted = rng.choice([0, 0, 1])
        else:
            expected = 0.5 + 0.3 * (person.rank - 1)
            wanted = max(0, round(rng.gauss(expected, expected / 2)))
        for _ in range(wanted * 3):
            if wanted == 0:
                break
            skill = rng.choices(
                endorsable, weights=[s.level + 2 * s.can_teach for s in endorsable]
            )[0]
            manager = [ctx.plan.person(person.manager_email)] if person.manager_email else []
            circle = [
                *by_team[person.team] * 4,
                *manager * 2,
                *reports[person.email] * 2,
                *by_department[person.department],
                *holders[skill.name],
            ]
            endorser = rng.choice(circle) if circle else None
            key = (person.email, skill.name, endorser.email if endorser else "")
            if endorser is None or endorser is person or key in seen or endorser.left_on:
                continue
            seen.add(key)
            planned.append((endorser, person, skill.name))
            wanted -= 1
    dated = []
    for endorser, person, skill_name in planned:
        first = max(ctx.profile_days[person.email], ctx.profile_days[endorser.email]) + timedelta(
            days=1
        )
        day = ctx.day_between(rng, first, ctx.today)
        when = ctx.moment(day, endorser.time_zone, rng)
        note = ""
        if rng.random() < 0.4:
            first_name = person.full_name.split(" ")[0]
            note = rng.choice(ENDORSEMENT_NOTES).format(first=first_name, skill=skill_name)
        dated.append((when, endorser.email, person.email, skill_name, note))
    for when, endorser_email, person_email, skill_name, note in sorted(dated):
        with ctx.at(when):
            endorsement_create(
                endorser=ctx.people[endorser_email],
                person_skill=ctx.person_skills[person_email, skill_name],
                note=note,
            )
    ctx.count("endorsements", len(dated))


def seed_leavers(ctx: DemoContext) -> None:
    """A few people left: deactivated the way an admin would, on the day they left."""
    rng = ctx.rng("leavers")
    leavers = [p for p in ctx.plan.people if p.left_on is not None]
    for planned in leavers:
        assert planned.left_on is not None
        with ctx.at(ctx.moment(planned.left_on, planned.time_zone, rng)):
            person_deactivate(person=ctx.people[planned.email])
    ctx.count("leavers", len(leavers))


# --- demo logins --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    label: str
    email: str
    description: str


def demo_logins() -> list[DemoLogin]:
    """The personas' logins as they stand in the database (none if the demo is not there)."""
    today = timezone.localdate()
    people = {
        person.user.email: person
        for person in Person.objects.select_related("user", "team").filter(
            user__email__in=[email_for(persona.full_name) for persona in PERSONAS]
        )
    }
    logins = []
    for persona in PERSONAS:
        email = email_for(persona.full_name)
        if email not in people:
            continue
        person = people[email]
        details = [person.full_name, person.job_title, person.team.name if person.team else ""]
        if persona.key == "manager":
            details.append(f"{person.reports.filter(is_active=True).count()} direct reports")
        if persona.key == "new_starter" and person.hire_date:
            details.append(f"joined {(today - person.hire_date).days} days ago")
        logins.append(DemoLogin(persona.login_label, email, ", ".join(d for d in details if d)))
    return logins


# --- import files for benchmarks -----------------------------------------------------------------

PEOPLE_CSV_COLUMNS = (
    "email",
    "full_name",
    "job_title",
    "job_family",
    "level",
    "team",
    "manager_email",
    "location",
    "time_zone",
    "languages",
    "hire_date",
    "capacity",
    "skills",
    "is_programme_admin",
    "active",
)
SKILLS_CSV_COLUMNS = ("name", "parent", "aliases", "description")
SKILL_VARIANTS = (
    "fundamentals",
    "in depth",
    "at scale",
    "performance",
    "security",
    "tooling",
    "testing",
    "architecture",
    "operations",
    "best practices",
)


def people_csv_rows(plan: DemoPlan) -> Iterator[dict[str, str]]:
    """The plan's people as rows of the people import format, managers before their reports."""
    for p in plan.people:
        skills = "; ".join(
            f"{s.name}:{s.level}"
            + (":teach" if s.can_teach else "")
            + (":learn" if s.wants_to_learn else "")
            for s in p.skills
        )
        yield {
            "email": p.email,
            "full_name": p.full_name,
            "job_title": p.job_title,
            "job_family": p.family,
            "level": p.level,
            "team": p.team,
            "manager_email": p.manager_email or "",
            "location": p.location,
            "time_zone": p.time_zone,
            "languages": ";".join(p.languages),
            "hire_date": p.hire_date.isoformat(),
            "capacity": str(p.capacity),
            "skills": skills,
            "is_programme_admin": "true" if p.is_programme_admin else "false",
            "active": "false" if p.left_on else "true",
        }


def skills_csv_rows(
    count: int | None = None, *, seed: int = DEFAULT_SEED
) -> Iterator[dict[str, str]]:
    """The taxonomy as rows of the skills import format, padded with narrower skills to `count`."""
    rows: list[dict[str, str]] = []
    for area, (area_description, skills) in SKILL_TAXONOMY.items():
        rows.append({"name": area, "parent": "", "aliases": "", "description": area_description})
        rows += [
            {
                "name": name,
                "parent": area,
                "aliases": "; ".join(aliases),
                "description": description,
            }
            for name, aliases, description in skills
        ]
    count = len(rows) if count is None else count
    leaves = [name for _, skills in SKILL_TAXONOMY.values() for name, _, _ in skills]
    rng = _stream(seed, "synthetic-skills")
    combos = [(leaf, variant) for variant in SKILL_VARIANTS for leaf in leaves]
    rng.shuffle(combos)
    for leaf, variant in combos[: max(0, count - len(rows))]:
        rows.append(
            {
                "name": f"{leaf} {variant}",
                "parent": leaf,
                "aliases": "",
                "description": f"{leaf}: {variant}.",
            }
        )
    if count > len(rows):
        raise ValueError(f"At most {len(rows)} skills can be generated.")
    yield from rows[:count]


def _to_csv(columns: Sequence[str], rows: Iterator[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def people_csv(people: int, *, seed: int = DEFAULT_SEED, today: date | None = None) -> str:
    """A people import file for a synthetic company of that size (10,000 for benchmarks)."""
    plan = plan_organisation(seed=seed, people=people, today=today or date.today())
    return _to_csv(PEOPLE_CSV_COLUMNS, people_csv_rows(plan))


def skills_csv(count: int | None = None, *, seed: int = DEFAULT_SEED) -> str:
    """A skills import file: the demo taxonomy, padded to `count` skills (e.g. 200)."""
    return _to_csv(SKILLS_CSV_COLUMNS, skills_csv_rows(count, seed=seed))
