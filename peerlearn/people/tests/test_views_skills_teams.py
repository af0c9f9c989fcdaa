"""The skill taxonomy, who can teach a skill, teams, and a manager's view of their team."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Org
from peerlearn.activities.models import ActivityFormat, ParticipantRole
from peerlearn.activities.services import Participant, activity_record
from peerlearn.people.models import Person
from peerlearn.people.services import (
    endorsement_create,
    goal_create,
    goal_update,
    person_deactivate,
    person_skill_set,
)
from peerlearn.people.tests.factories import make_person, make_skill, make_team
from peerlearn.people.tests.view_helpers import queries_for

pytestmark = pytest.mark.django_db

SKILLS = reverse("people:skills")


def skill_page(slug: str) -> str:
    return reverse("people:skill_detail", args=[slug])


# --- the taxonomy ---------------------------------------------------------------------------


def test_skills_page_shows_the_tree_with_teacher_and_learner_counts(
    as_owner: Client, org: Org
) -> None:
    person_skill_set(person=org.peer, skill=org.sql, level=3, can_teach=True)
    person_skill_set(person=org.manager, skill=org.sql, level=0, wants_to_learn=True)
    person_skill_set(person=org.outsider, skill=org.sql, level=0, wants_to_learn=True)
    html = as_owner.get(SKILLS).content.decode()
    sql_row = html.split('href="/skills/sql/">SQL</a>')[1].split("</tr>")[0]
    assert '<th scope="row" class="depth-1">' in html.split("/skills/sql/")[0][-80:]
    assert '<td class="num">1</td>' in sql_row
    assert ">2</span>" in sql_row  # more learners than teachers is flagged


def test_skill_search_finds_aliases(as_owner: Client, org: Org) -> None:
    html = as_owner.get(SKILLS, {"q": "py"}).content.decode()
    assert "/skills/python/" in html
    assert "/skills/sql/" not in html
    html = as_owner.get(SKILLS, {"q": "nothing-like-it"}).content.decode()
    assert "No skill matches" in html


def test_skills_htmx_search_returns_the_results_only(as_owner: Client, org: Org) -> None:
    response = as_owner.get(
        SKILLS, {"q": "sq"}, headers={"HX-Request": "true", "HX-Target": "skill-results"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "/skills/sql/" in html
    assert 'hx-swap-oob="innerHTML">1 skill found.' in html


def test_skills_query_count_does_not_grow(as_owner: Client, org: Org) -> None:
    few = queries_for(as_owner, SKILLS)
    parent = make_skill("Area")
    for _ in range(30):
        skill = make_skill(parent=parent)
        person_skill_set(person=org.peer, skill=skill, level=3, can_teach=True)
    many = queries_for(as_owner, SKILLS)
    assert few == many
    assert many <= 10


# --- who can teach a skill ------------------------------------------------------------------


def test_teachers_are_ranked_by_level_then_endorsements(as_owner: Client, org: Org) -> None:
    person_skill_set(person=org.manager, skill=org.sql, level=3, can_teach=True)
    strong = person_skill_set(person=org.peer, skill=org.sql, level=3, can_teach=True)
    endorsement_create(endorser=org.outsider, person_skill=strong)
    person_skill_set(person=org.admin, skill=org.sql, level=4, can_teach=True)
    person_skill_set(person=org.outsider, skill=org.sql, level=1, wants_to_learn=True)
    html = as_owner.get(skill_page("sql")).content.decode()
    teachers = html.split('id="teachers"')[1].split("</ol>")[0]
    order = [teachers.index(name) for name in ("Ada Admin", "Piet Peer", "Mona Manager")]
    assert order == sorted(order)
    assert "mailto:peer@example.com" in teachers
    learners = html.split('id="learners"')[1].split("</ul>")[0]
    assert "Oscar Outsider" in learners
    assert "Piet Peer" not in learners


def test_people_who_left_are_not_offered_as_teachers(as_owner: Client, org: Org) -> None:
    person_skill_set(person=org.peer, skill=org.sql, level=3, can_teach=True)
    person_deactivate(person=org.peer)
    html = as_owner.get(skill_page("sql")).content.decode()
    assert "Piet Peer" not in html
    assert "Nobody has offered to teach SQL yet" in html


def test_skill_page_calls_to_action_follow_what_i_have(as_owner: Client, org: Org) -> None:
    html = as_owner.get(skill_page("sql")).content.decode()
    assert "Add it to your skills" in html
    assert "I want to learn this" in html
    # the one-click "I want to learn this" posts to my skills
    response = as_owner.post(
        reverse("people:edit_skills"), {"skill": "SQL", "level": "0", "wants_to_learn": "on"}
    )
    assert response.status_code == 302
    html = as_owner.get(skill_page("sql")).content.decode()
    assert "and want to learn it" in html
    assert "Add it to your skills" not in html


def test_teachers_and_learners_page_separately(
    as_owner: Client, org: Org, settings: object
) -> None:
    settings.PEERLEARN_PAGE_SIZE = 2  # type: ignore[attr-defined]
    for n in range(3):
        person_skill_set(person=make_person(f"Teacher {n}"), skill=org.sql, level=3, can_teach=True)
        person_skill_set(
            person=make_person(f"Learner {n}"), skill=org.sql, level=0, wants_to_learn=True
        )
    html = as_owner.get(skill_page("sql"), {"teach_page": "2"}).content.decode()
    teachers = html.split('id="teachers"')[1].split("</ol>")[0]
    assert "Teacher 2" in teachers
    assert "Teacher 0" not in teachers
    assert 'start="3"' in html
    learners = html.split('id="learners"')[1].split("</ul>")[0]
    assert "Learner 0" in learners
    # the learners' pager keeps the teachers' page
    assert 'href="?teach_page=2&learn_page=2"' in html


def test_unknown_skill_is_not_found(as_owner: Client, org: Org) -> None:
    assert as_owner.get(skill_page("no-such-skill")).status_code == 404


def test_skill_page_query_count_is_fixed(as_owner: Client, org: Org) -> None:
    def add_people(count: int) -> None:
        for _ in range(count):
            teacher = make_person()
            edge = person_skill_set(person=teacher, skill=org.sql, level=3, can_teach=True)
            endorsement_create(endorser=org.peer, person_skill=edge)
            person_skill_set(person=make_person(), skill=org.sql, level=0, wants_to_learn=True)

    add_people(3)
    few = queries_for(as_owner, skill_page("sql"))
    add_people(27)
    many = queries_for(as_owner, skill_page("sql"))
    assert few == many
    assert many <= 15


# --- teams ----------------------------------------------------------------------------------


def test_teams_tree_with_member_counts(as_outsider: Client, org: Org) -> None:
    html = as_outsider.get(reverse("people:teams")).content.decode()
    platform = html.split("/teams/platform/")[1].split("</tr>")[0]
    assert '<td class="num">3</td>' in platform
    assert 'class="depth-1"><a href="/teams/platform/"' in html


def test_team_page_lists_members_and_optionally_sub_teams(as_outsider: Client, org: Org) -> None:
    html = as_outsider.get(reverse("people:team_detail", args=["engineering"])).content.decode()
    assert "Platform · 3" in html  # sub-team link with its count
    assert "Piet Peer" not in html
    html = as_outsider.get(
        reverse("people:team_detail", args=["engineering"]), {"all": "1"}
    ).content.decode()
    assert "Piet Peer" in html
    assert "Olive Owner" in html
    assert as_outsider.get(reverse("people:team_detail", args=["nope"])).status_code == 404


def test_team_pages_query_count_does_not_grow(as_owner: Client, org: Org) -> None:
    team = make_team("Growing")
    for _ in range(3):
        make_person(team=team)
    few = (
        queries_for(as_owner, reverse("people:team_detail", args=[team.slug])),
        queries_for(as_owner, reverse("people:teams")),
    )
    for _ in range(27):
        person = make_person(team=team)
        person_skill_set(person=person, skill=org.python, level=2)
        make_team(parent=team)
    many = (
        queries_for(as_owner, reverse("people:team_detail", args=[team.slug])),
        queries_for(as_owner, reverse("people:teams")),
    )
    assert few == many
    assert max(many) <= 15


# --- my team --------------------------------------------------------------------------------

MY_TEAM = reverse("people:my_team")


@pytest.mark.parametrize("viewer", ["owner", "peer", "outsider", "admin"])
def test_my_team_is_for_managers_only(client: Client, org: Org, viewer: str) -> None:
    client.force_login(getattr(org, viewer).user)
    assert client.get(MY_TEAM).status_code == 404


def test_manager_sees_counts_of_their_reports_but_never_content(
    as_manager: Client, org: Org
) -> None:
    # given the owner has skills, goals and a private mentoring session
    person_skill_set(person=org.owner, skill=org.python, level=3, can_teach=True)
    goal = goal_create(person=org.owner, title="Secret plan")
    goal_update(
        goal=goal,
        title=goal.title,
        skill=None,
        target_level=None,
        target_date=None,
        status="achieved",  # type: ignore[arg-type]
    )
    activity_record(
        format=ActivityFormat.MENTORING,
        action="checkin.held",
        title="Talked about leaving the company",
        outcome="Very private",
        participants=[
            Participant(person=org.owner, role=ParticipantRole.MENTEE),
            Participant(person=org.outsider, role=ParticipantRole.MENTOR),
        ],
    )
    # and a report of a report
    indirect = make_person("Ivy Indirect", manager=org.peer)
    # when the manager opens "My team"
    html = as_manager.get(MY_TEAM).content.decode()
    # then they see who, counts by format, skills and goals progress
    assert "Olive Owner" in html
    assert "Piet Peer" in html
    assert "Ivy Indirect" in html
    owner_row = html.split("Olive Owner")[1].split("</tr>")[0]
    assert "Peer mentoring 1" in owner_row
    assert "1 achieved · 0 open" in owner_row
    # but not what was said, nor the goal's title
    assert "leaving the company" not in html
    assert "Very private" not in html
    assert "Secret plan" not in html
    # and "direct only" leaves out the indirect report
    html = as_manager.get(MY_TEAM, {"direct": "1"}).content.decode()
    assert "Ivy Indirect" not in html
    assert "Olive Owner" in html
    assert indirect.manager == org.peer


def test_my_team_query_count_does_not_grow(as_manager: Client, org: Org) -> None:
    def add_reports(count: int) -> None:
        for _ in range(count):
            report = make_person(manager=org.manager)
            person_skill_set(person=report, skill=org.python, level=2)
            goal_create(person=report, title="Grow")

    add_reports(1)
    few = queries_for(as_manager, MY_TEAM)
    add_reports(28)
    many = queries_for(as_manager, MY_TEAM)
    assert few == many
    assert many <= 15
    assert Person.objects.filter(manager=org.manager).count() == 31
