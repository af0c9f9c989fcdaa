"""The demo organisation: its size and shape, determinism, the command's modes, the logins."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from peerlearn.accounts.models import User
from peerlearn.activities.models import ActivityParticipant, LearningActivity
from peerlearn.people.demo import (
    DEMO_PASSWORD,
    PlannedSkill,
    database_reset,
    email_for,
    people_csv,
    plan_organisation,
    seed_demo,
    skill_entries_create,
    skills_csv,
)
from peerlearn.people.demo_data import PERSONAS, SKILL_TAXONOMY
from peerlearn.people.importing import people_import_csv, skills_import_csv
from peerlearn.people.models import Endorsement, Goal, GoalStatus, Person, PersonSkill, Skill, Team
from peerlearn.people.selectors import managers_above
from peerlearn.people.services import person_skill_set
from peerlearn.people.tests.factories import make_person, make_skill

LEAF_SKILLS = [name for _, skills in SKILL_TAXONOMY.values() for name, _, _ in skills]
FIXED_NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[3]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def database_digest() -> str:
    """Everything the demo writes, by natural keys (service-made rows have random ids)."""
    people = Person.objects.values_list(
        "id", "user__email", "full_name", "job_title", "job_family__name", "level__code",
        "team__slug", "manager__user__email", "location", "time_zone", "languages", "hire_date",
        "monthly_capacity", "bio", "is_active", "is_programme_admin", "created_at",
    )  # fmt: skip
    skills = Skill.objects.values_list("id", "name", "slug", "parent__name", "aliases__name")
    teams = Team.objects.values_list("id", "slug", "parent__slug")
    entries = PersonSkill.objects.values_list(
        "id", "person__user__email", "skill__name", "level", "can_teach", "wants_to_learn",
        "confidence", "created_at",
    )  # fmt: skip
    endorsements = Endorsement.objects.values_list(
        "endorser__user__email", "person_skill__person__user__email", "person_skill__skill__name",
        "note", "created_at",
    )  # fmt: skip
    goals = Goal.objects.values_list(
        "person__user__email", "title", "skill__name", "target_level", "target_date", "status",
        "created_at", "updated_at",
    )  # fmt: skip
    activities = LearningActivity.objects.values_list(
        "format", "action", "title", "visibility", "starts_at", "outcome",
        "created_by__user__email", "skills__name",
    )  # fmt: skip
    participants = ActivityParticipant.objects.values_list(
        "activity__title", "activity__starts_at", "person__user__email", "role"
    )
    everything = [
        sorted(map(repr, rows))
        for rows in (people, skills, teams, entries, endorsements, goals, activities, participants)
    ]
    return hashlib.sha256(json.dumps(everything).encode()).hexdigest()


@pytest.fixture
def small_demo(db: None) -> str:
    return seed("--people", "60")


# --- the full-size company ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_full_demo_is_a_believable_company() -> None:
    # when the demo is seeded with its defaults
    output = seed()

    # then there are about 300 people in a tree of 12+ teams under one CEO
    people = list(Person.objects.select_related("manager", "team", "level", "job_family"))
    assert len(people) == 300
    assert Team.objects.count() >= 12
    assert Team.objects.filter(parent__isnull=False).count() >= 12
    top = [p for p in people if p.manager_id is None]
    assert [p.job_title for p in top] == ["Chief Executive Officer"]
    by_id = {p.id: p for p in people}
    for person in people:
        # the same objects, so walking up the tree needs no queries
        person.manager = by_id[person.manager_id] if person.manager_id else None
    for person in people:
        chain = managers_above(person=person)
        assert person is top[0] or chain[-1] is top[0], f"{person} does not report up to the CEO"
    managers = {p.manager_id for p in people if p.manager_id}
    assert len(managers) >= 30
    assert {p.level.code for p in people if p.level} == {f"L{n}" for n in range(1, 8)}
    assert len({p.job_family_id for p in people}) >= 9
    assert len({p.time_zone for p in people}) >= 6
    assert Counter(len(p.languages) > 1 for p in people)[True] > 100
    for person in people:
        person.full_clean(exclude=["user"], validate_unique=False)

    # and 60+ skills in areas, with aliases, most of them with teachers and learners
    skills = Skill.objects.filter(parent__isnull=False)
    assert skills.count() >= 60
    assert Skill.objects.get(name="Kubernetes").aliases.filter(name="k8s").exists()
    taught = set(PersonSkill.objects.filter(can_teach=True).values_list("skill__name", flat=True))
    learnt = set(
        PersonSkill.objects.filter(wants_to_learn=True).values_list("skill__name", flat=True)
    )
    assert len(taught & learnt & set(LEAF_SKILLS)) >= 0.85 * len(LEAF_SKILLS)
    assert PersonSkill.objects.count() > 2000

    # and seniors know more and teach more than juniors
    def share_teaching(codes: list[str]) -> float:
        edges = PersonSkill.objects.filter(person__level__code__in=codes)
        return edges.filter(can_teach=True).count() / edges.count()

    assert share_teaching(["L4", "L5", "L6"]) > 3 * share_teaching(["L1", "L2"])

    # and a few programme admins, a handful of new starters, a few leavers
    admins = [p for p in people if p.is_programme_admin]
    assert 3 <= len(admins) <= 10
    for admin in admins:
        assert admin.job_title == "VP People" or str(admin.team) == "Learning & Development"
    today = datetime.now(UTC).date()
    new_starters = [p for p in people if p.hire_date and (today - p.hire_date).days < 30]
    assert 5 <= len(new_starters) <= 15
    assert 1 <= sum(not p.is_active for p in people) <= 6
    assert not User.objects.filter(person__is_active=False, is_active=True).exists()

    # and the output summarises it and shows the logins
    assert "Seeded Kestrel Analytics: 300 people in " in output
    assert f"{Endorsement.objects.count():,} endorsements" in output
    assert f"password for everyone: {DEMO_PASSWORD}" in output
    for persona in PERSONAS:
        assert email_for(persona.full_name) in output


@pytest.mark.django_db
def test_the_activity_record_tells_the_story_of_the_last_months() -> None:
    # given the demo
    seed("--people", "120")
    now = datetime.now(UTC)

    # then every endorsement is in the record once, dated when it happened, in the past
    endorsed = LearningActivity.objects.filter(action="skill.endorsed")
    assert endorsed.count() == Endorsement.objects.count() > 100
    times = sorted(endorsed.values_list("starts_at", flat=True))
    assert times[-1] < now
    assert times[-1] - times[0] > timedelta(days=120)
    assert len({(t.year, t.month) for t in times}) >= 5
    for endorsement in Endorsement.objects.all()[:50]:
        activity = endorsed.get(source_id=str(endorsement.id))
        assert activity.starts_at == endorsement.created_at
        assert activity.created_at == endorsement.created_at

    # and every skill entry and goal has its activity, stamped at the same moment
    added = dict(
        LearningActivity.objects.filter(action="skill.added").values_list("source_id", "starts_at")
    )
    assert len(added) == PersonSkill.objects.count()
    for edge in PersonSkill.objects.all()[:200]:
        assert added[str(edge.id)] == edge.created_at
    assert LearningActivity.objects.filter(action="goal.set").count() == Goal.objects.count()
    achieved = Goal.objects.filter(status=GoalStatus.ACHIEVED)
    assert LearningActivity.objects.filter(action="goal.achieved").count() == achieved.count() > 0

    # and nobody acts before they could use Peerlearn
    for activity in LearningActivity.objects.filter(action="skill.endorsed")[:100]:
        for participant in activity.participants.select_related("person"):
            assert participant.person.created_at <= activity.starts_at


# --- the command's modes -----------------------------------------------------------------------


def test_if_empty_on_a_seeded_database_only_prints_the_logins(small_demo: str) -> None:
    # given a seeded database
    before = database_digest()

    # when make demo runs again
    output = seed("--if-empty")

    # then nothing changed and the logins are printed
    assert database_digest() == before
    assert "Seeded" not in output
    assert "already there" in output
    assert f"password for everyone: {DEMO_PASSWORD}" in output
    for persona in PERSONAS:
        assert email_for(persona.full_name) in output


@pytest.mark.django_db
def test_if_empty_leaves_a_real_organisation_alone() -> None:
    # given a database with real people and no demo
    make_person("Real Person", "real@example.com")

    # when the demo is asked for if the database is empty
    output = seed("--if-empty")

    # then nothing is seeded and no logins are claimed
    assert Person.objects.count() == 1
    assert "not the demo organisation" in output
    assert "password for everyone" not in output


def test_seeding_a_non_empty_database_is_refused(small_demo: str) -> None:
    with pytest.raises(CommandError, match="already has 60 people"):
        seed()
    with pytest.raises(CommandError, match="add --force"):
        seed("--reset")
    assert Person.objects.count() == 60


@pytest.mark.django_db
def test_reset_without_force_spares_a_database_with_only_logins() -> None:
    # given an operator account but nobody in the directory yet
    User.objects.create_superuser(email="ops@example.com", password="x")
    with pytest.raises(CommandError, match=r"not empty \(1 logins, 0 people\)"):
        seed("--reset")
    assert User.objects.filter(email="ops@example.com").exists()


@pytest.mark.django_db
def test_too_few_people_is_refused() -> None:
    with pytest.raises(CommandError, match="at least 50"):
        seed("--people", "10")
    assert not Person.objects.exists()


@pytest.fixture
def fresh_content_types() -> Iterator[None]:
    yield
    # database_reset recreates content types; later tests must not use the cached old ids.
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_same_seed_same_company_and_reset_starts_afresh(fresh_content_types: None) -> None:
    # given a demo seeded with seed 7 at a fixed moment
    seed_demo(seed=7, people=60, now=FIXED_NOW)
    first = database_digest()

    # when the database is reset and seeded again with the same seed
    database_reset()
    assert not Person.objects.exists()
    seed_demo(seed=7, people=60, now=FIXED_NOW)

    # then every person, id, skill entry, goal, endorsement and activity is the same
    assert database_digest() == first

    # and another seed gives another company
    database_reset()
    seed_demo(seed=8, people=60, now=FIXED_NOW)
    assert database_digest() != first

    # and the command's --reset --force wipes it and seeds the default demo
    output = seed("--reset", "--force", "--people", "50")
    assert "Seeded Kestrel Analytics: 50 people" in output
    assert Person.objects.count() == 50


PLAN_DIGEST = """
import hashlib, django
django.setup()
from datetime import date
from peerlearn.people.demo import people_csv, skills_csv
text = people_csv(120, seed=5, today=date(2026, 3, 16)) + skills_csv(150, seed=5)
print(hashlib.sha256(text.encode()).hexdigest())
"""


def test_the_plan_does_not_depend_on_the_process() -> None:
    # given two processes whose string hashing (and so set order) differs
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        result = subprocess.run(
            [sys.executable, "-c", PLAN_DIGEST],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            check=True,
            timeout=120,
        )
        digests.add(result.stdout.strip())
    # then both plan the same company
    assert len(digests) == 1


# --- the logins ----------------------------------------------------------------------------------


def test_every_demo_login_signs_in(small_demo: str) -> None:
    for persona in PERSONAS:
        # given a fresh browser
        client = Client()
        # when the persona signs in with the printed address and password
        response = client.post(
            reverse("accounts:login"),
            {"username": email_for(persona.full_name), "password": DEMO_PASSWORD},
        )
        # then they land on the home page, signed in as themselves
        assert response.status_code == 302, persona.key
        assert client.get(reverse("core:home")).status_code == 200
        person = Person.objects.get(user__email=email_for(persona.full_name))
        assert client.session["_auth_user_id"] == str(person.user_id)


def test_the_demo_logins_have_what_their_label_promises(small_demo: str) -> None:
    def person(key: str) -> Person:
        persona = next(p for p in PERSONAS if p.key == key)
        return Person.objects.get(user__email=email_for(persona.full_name))

    admin, manager, rich, new_starter = (
        person(k) for k in ("admin", "manager", "rich", "new_starter")
    )
    assert admin.is_programme_admin
    assert {rich, new_starter} <= set(manager.reports.all())
    assert manager.reports.count() >= 3
    assert rich.skills.filter(can_teach=True).count() >= 5
    assert rich.skills.filter(wants_to_learn=True).count() >= 2
    assert Endorsement.objects.filter(person_skill__person=rich).count() >= 6
    assert rich.goals.count() >= 2
    assert new_starter.hire_date is not None
    assert 0 < (datetime.now(UTC).date() - new_starter.hire_date).days < 30
    assert new_starter.skills.filter(wants_to_learn=True).count() >= 3


# --- the pieces ---------------------------------------------------------------------------------


def test_the_plan_follows_the_seed_article() -> None:
    plan = plan_organisation(seed=3, people=300, today=FIXED_NOW.date())
    confident = sum(p.confident_next_level for p in plan.people) / len(plan.people)
    # "only 24% of workers feel confident they have the skills needed to move to the next level"
    assert 0.18 <= confident <= 0.30

    def mean_confidence(sure: bool) -> float:
        values = [
            s.confidence
            for p in plan.people
            if p.confident_next_level is sure
            for s in p.skills
            if s.confidence is not None
        ]
        return sum(values) / len(values)

    assert mean_confidence(True) > mean_confidence(False) + 0.5


def test_skill_names_fit_the_people_file_format() -> None:
    names = [*SKILL_TAXONOMY, *LEAF_SKILLS]
    aliases = [a for _, skills in SKILL_TAXONOMY.values() for _, al, _ in skills for a in al]
    assert len({n.lower() for n in [*names, *aliases]}) == len(names) + len(aliases)
    assert not [n for n in [*names, *aliases] if ":" in n or ";" in n]
    for family_craft in plan_organisation(people=60, today=FIXED_NOW.date()).people:
        assert {s.name for s in family_craft.skills} <= set(LEAF_SKILLS)


@pytest.mark.django_db
def test_bulk_skill_entries_have_the_effect_of_the_service() -> None:
    # given two people and two skills
    via_service, via_demo = make_person("Service Path"), make_person("Demo Path")
    python, sql = make_skill("Python"), make_skill("SQL")

    # when one sets a skill through the service and the other through the demo's bulk path
    service_edge = person_skill_set(
        person=via_service, skill=python, level=3, can_teach=True, confidence=4,
        changed_by=via_service,
    )  # fmt: skip
    (demo_edge,) = skill_entries_create(
        person=via_demo,
        entries=[(sql, PlannedSkill("SQL", 3, True, False, 4))],
        ids=random.Random(1),
    )

    # then the entries and the activities they record are the same but for whose they are
    def shape(edge: PersonSkill) -> tuple[object, ...]:
        activity = LearningActivity.objects.get(source_id=str(edge.id))
        return (
            edge.level, edge.can_teach, edge.wants_to_learn, edge.confidence,
            activity.format, activity.action,
            activity.title.replace(edge.person.full_name, "P").replace(edge.skill.name, "S"),
            activity.status, activity.visibility, activity.outcome, activity.rating,
            activity.ends_at, activity.source_type, activity.created_by == edge.person,
            [(p.person == edge.person, p.role, p.attended) for p in activity.participants.all()],
            [s.name == edge.skill.name for s in activity.skills.all()],
        )  # fmt: skip

    assert shape(demo_edge) == shape(service_edge)


@pytest.mark.django_db
def test_the_benchmark_files_import() -> None:
    # given a skills file of 200 skills and a people file of 150 people
    skills = skills_csv(200)
    people = people_csv(150, today=FIXED_NOW.date())
    assert skills.count("\n") == 201

    # when they are imported
    skills_result = skills_import_csv(content=skills.encode())
    people_result = people_import_csv(content=people.encode())

    # then every row is accepted and the company is there
    assert skills_result.errors == []
    assert skills_result.created == 200
    assert people_result.errors == []
    assert people_result.created == 150
    assert Person.objects.filter(is_active=False).exists()
    assert PersonSkill.objects.filter(can_teach=True).exists()
