"""Writes to people and the skill graph, through the services every entry point uses."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import Org
from peerlearn.people.models import Goal, GoalStatus, PersonSkill, Skill
from peerlearn.people.selectors import (
    learners_of,
    managers_above,
    people_search,
    reporting_line_below,
    skill_resolve,
    skill_tree,
    teachers_of,
)
from peerlearn.people.services import (
    GOAL_DATE_IN_THE_PAST,
    endorsement_create,
    goal_create,
    goal_update,
    person_create,
    person_set_manager,
    person_skill_set,
    person_update,
    skill_add_alias,
    skill_create,
)
from peerlearn.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_person_create_normalises_email_and_refuses_duplicates(org: Org) -> None:
    person = person_create(email="  New.Person@Example.COM ", full_name="New Person")
    assert person.user.email == "new.person@example.com"
    with pytest.raises(ValidationError, match="already uses"):
        person_create(email="new.person@example.com", full_name="Someone Else")


def test_person_create_validates_time_zone_and_languages(db: None) -> None:
    with pytest.raises(ValidationError) as error:
        person_create(email="a@example.com", full_name="A", time_zone="Mars/Olympus")
    assert "time_zone" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        person_create(email="b@example.com", full_name="B", languages=["english!"])
    assert "languages" in error.value.message_dict


def test_person_update_refuses_unknown_fields(org: Org) -> None:
    with pytest.raises(ValidationError, match="Unknown profile fields"):
        person_update(person=org.owner, changed_by=org.owner, changes={"is_active": False})


def test_reporting_cycles_are_refused(org: Org) -> None:
    # given owner reports to manager
    # when the manager is made to report to the owner
    with pytest.raises(ValidationError, match="loop"):
        person_set_manager(person=org.manager, manager=org.owner)
    with pytest.raises(ValidationError, match="loop"):
        person_set_manager(person=org.owner, manager=org.owner)
    org.manager.refresh_from_db()
    assert org.manager.manager is None


def test_reporting_line_queries(org: Org) -> None:
    ceo = make_person("Cee Eo")
    person_set_manager(person=org.manager, manager=ceo)
    assert reporting_line_below(person_id=ceo.id) == {org.manager.id, org.owner.id, org.peer.id}
    assert [p.id for p in managers_above(person=org.owner)] == [org.manager.id, ceo.id]


def test_skill_levels_and_teaching_rules(org: Org) -> None:
    with pytest.raises(ValidationError) as error:
        person_skill_set(person=org.owner, skill=org.python, level=5)
    assert "level" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        person_skill_set(person=org.owner, skill=org.python, level=1, can_teach=True)
    assert "can_teach" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        person_skill_set(person=org.owner, skill=org.python, level=2, confidence=0)
    assert "confidence" in error.value.message_dict
    assert not PersonSkill.objects.exists()


def test_person_skill_set_upserts(org: Org) -> None:
    person_skill_set(person=org.owner, skill=org.sql, level=1, wants_to_learn=True)
    person_skill_set(person=org.owner, skill=org.sql, level=2, wants_to_learn=True, confidence=3)
    edge = PersonSkill.objects.get(person=org.owner, skill=org.sql)
    assert (edge.level, edge.confidence) == (2, 3)


def test_teachers_are_ranked_by_level_then_endorsements(org: Org) -> None:
    # given three teachers of SQL: the peer at 3 with two endorsements, the manager at 3 with
    # none, the admin at 4
    peer_edge = person_skill_set(person=org.peer, skill=org.sql, level=3, can_teach=True)
    person_skill_set(person=org.manager, skill=org.sql, level=3, can_teach=True)
    person_skill_set(person=org.admin, skill=org.sql, level=4, can_teach=True)
    endorsement_create(endorser=org.owner, person_skill=peer_edge)
    endorsement_create(endorser=org.outsider, person_skill=peer_edge)
    person_skill_set(person=org.owner, skill=org.sql, level=1, wants_to_learn=True)
    # then
    ranked = [edge.person for edge in teachers_of(skill=org.sql)]
    assert ranked == [org.admin, org.peer, org.manager]
    assert [edge.person for edge in learners_of(skill=org.sql)] == [org.owner]
    assert teachers_of(skill=org.sql, viewer=org.owner)[1].endorsed_by_viewer  # type: ignore[attr-defined]


def test_people_search_filters_by_words_team_and_teaching(org: Org) -> None:
    person_skill_set(person=org.peer, skill=org.sql, level=3, can_teach=True)
    person_skill_set(person=org.owner, skill=org.sql, level=1, wants_to_learn=True)
    assert list(people_search(query="piet")) == [org.peer]
    assert list(people_search(skill=org.sql, can_teach=True)) == [org.peer]
    assert list(people_search(skill=org.sql, wants_to_learn=True)) == [org.owner]
    assert set(people_search(team=org.owner.team)) == {org.manager, org.owner, org.peer}
    engineering = org.owner.team.parent  # type: ignore[union-attr]
    assert set(people_search(team=engineering)) == {org.manager, org.owner, org.peer}
    assert org.outsider not in people_search(team=engineering)


def test_skills_resolve_by_name_slug_or_alias(org: Org) -> None:
    assert skill_resolve(name="PYTHON") == org.python
    assert skill_resolve(name="py") == org.python
    assert skill_resolve(name="sql") == org.sql
    assert skill_resolve(name="cobol") is None


def test_skill_names_and_aliases_are_unique_across_both(org: Org) -> None:
    with pytest.raises(ValidationError):
        skill_create(name="py")
    with pytest.raises(ValidationError):
        skill_add_alias(skill=org.sql, alias="Python")
    with pytest.raises(ValidationError):
        skill_create(name="  ")
    assert Skill.objects.count() == 3


def test_skill_tree_counts_teachers_and_learners(org: Org) -> None:
    person_skill_set(person=org.peer, skill=org.sql, level=3, can_teach=True)
    person_skill_set(person=org.owner, skill=org.sql, level=1, wants_to_learn=True)
    roots = {node.skill.name: node for node in skill_tree()}
    assert set(roots) == {"Data", "Python"}
    sql = roots["Data"].children[0]
    assert (sql.skill, sql.teachers, sql.learners) == (org.sql, 1, 1)


def test_goals_record_setting_and_achieving(org: Org) -> None:
    goal = goal_create(person=org.owner, title="Write SQL window functions", skill=org.sql)
    goal_update(
        goal=goal,
        title=goal.title,
        skill=org.sql,
        target_level=3,
        target_date=None,
        status=GoalStatus.ACHIEVED,
    )
    assert Goal.objects.get().status == GoalStatus.ACHIEVED
    actions = set(org.owner.participations.values_list("activity__action", flat=True))
    assert {"goal.set", "goal.achieved"} <= actions
    with pytest.raises(ValidationError):
        goal_create(person=org.owner, title="")


def test_a_new_goal_cannot_be_due_in_the_past_on_the_persons_own_calendar(org: Org) -> None:
    # given a person in Auckland, where "today" starts up to 13 hours before UTC's
    org.owner.time_zone = "Pacific/Auckland"
    org.owner.save(update_fields=["time_zone"])
    today_there = timezone.now().astimezone(org.owner.zone).date()

    # when they set a goal due yesterday (their time), it is refused; today is fine
    with pytest.raises(ValidationError) as refused:
        goal_create(person=org.owner, title="Ship it", target_date=today_there - dt.timedelta(1))
    goal = goal_create(person=org.owner, title="Ship it", target_date=today_there)

    assert refused.value.message_dict == {"target_date": [GOAL_DATE_IN_THE_PAST]}
    assert goal.target_date == today_there


def test_an_overdue_goal_keeps_its_date_when_edited_but_cannot_move_further_back(
    org: Org,
) -> None:
    # given a goal whose date has since passed
    with time_machine.travel(timezone.now() - dt.timedelta(days=30)):
        goal = goal_create(
            person=org.owner, title="Learn dbt", target_date=timezone.localdate() + dt.timedelta(5)
        )
    overdue = goal.target_date
    assert overdue is not None

    # when it is edited with its date unchanged, it saves; moving it further back is refused
    goal_update(
        goal=goal,
        title="Learn dbt well",
        skill=None,
        target_level=None,
        target_date=overdue,
        status=GoalStatus.OPEN,
    )
    with pytest.raises(ValidationError, match="from today on"):
        goal_update(
            goal=goal,
            title="Learn dbt well",
            skill=None,
            target_level=None,
            target_date=overdue - dt.timedelta(1),
            status=GoalStatus.OPEN,
        )

    goal.refresh_from_db()
    assert (goal.title, goal.target_date) == ("Learn dbt well", overdue)
