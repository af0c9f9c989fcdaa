"""Editing my profile, my skills and my goals: forms, field errors, and who may edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from conftest import Org
from peerlearn.activities.models import LearningActivity
from peerlearn.people.models import Goal, GoalStatus, PersonSkill
from peerlearn.people.services import endorsement_create, goal_create, person_skill_set
from peerlearn.people.tests.factories import make_skill
from peerlearn.people.tests.view_helpers import queries_for

pytestmark = pytest.mark.django_db

EDIT_PROFILE = reverse("people:edit_profile")
EDIT_SKILLS = reverse("people:edit_skills")
GOALS = reverse("people:goals")


def assert_contains_html(html: str, element: str) -> None:
    """`element` is in `html` as markup (attribute order and whitespace do not matter)."""
    assertInHTML(element, html)


def profile_data(**overrides: str) -> dict[str, str]:
    data = {
        "full_name": "Olive Owner",
        "job_title": "Data engineer",
        "location": "Berlin",
        "time_zone": "Europe/Berlin",
        "languages": "en, de",
        "monthly_capacity": "3",
        "bio": "I build pipelines.",
    }
    return {**data, **overrides}


# --- profile --------------------------------------------------------------------------------


def test_editing_my_profile_saves_it_and_records_the_update(as_owner: Client, org: Org) -> None:
    response = as_owner.post(EDIT_PROFILE, profile_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[org.owner.id])
    org.owner.refresh_from_db()
    assert org.owner.job_title == "Data engineer"
    assert org.owner.languages == ["en", "de"]
    assert org.owner.monthly_capacity == 3
    assert LearningActivity.objects.filter(action="profile.updated").count() == 1
    page = as_owner.get(reverse("activities:mine")).content.decode()
    assert "Olive Owner updated their profile" in page


def test_profile_form_has_labels_hints_and_my_values(as_owner: Client, org: Org) -> None:
    html = as_owner.get(EDIT_PROFILE).content.decode()
    assert '<label for="id_time_zone">Time zone</label>' in html
    assert '<option value="Europe/Berlin" selected>' in html
    assert 'aria-describedby="id_languages_helptext"' in html
    assert 'id="id_languages_helptext"' in html
    # an employee does not edit their place in the organisation
    assert 'name="team"' not in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("languages", "english", "is not a language code"),
        ("monthly_capacity", "99", "less than or equal to 40"),
        ("time_zone", "Mars/Olympus", "Select a valid choice"),
        ("full_name", "", "This field is required"),
    ],
)
def test_bad_profile_input_shows_an_error_summary_linked_to_the_field(
    as_owner: Client, org: Org, field: str, value: str, message: str
) -> None:
    response = as_owner.post(EDIT_PROFILE, profile_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_{field}"' in html
    assert message in html
    org.owner.refresh_from_db()
    assert org.owner.job_title == ""


@pytest.mark.parametrize("editor", ["peer", "outsider", "manager"])
def test_only_the_person_or_an_admin_edits_a_profile(client: Client, org: Org, editor: str) -> None:
    client.force_login(getattr(org, editor).user)
    url = f"{EDIT_PROFILE}?person={org.owner.id}"
    assert client.get(url).status_code == 404
    assert client.post(url, profile_data(job_title="Hacked")).status_code == 404
    org.owner.refresh_from_db()
    assert org.owner.job_title == ""


def test_an_admin_edits_someone_elses_profile_including_their_team(
    as_admin: Client, org: Org
) -> None:
    url = f"{EDIT_PROFILE}?person={org.owner.id}"
    page = as_admin.get(url).content.decode()
    assert "Edit Olive Owner’s profile" in page
    assert 'name="team"' in page
    team_id = str(org.outsider.team_id)
    response = as_admin.post(url, profile_data(team=team_id, level="", job_family=""))
    assert response.status_code == 302
    org.owner.refresh_from_db()
    assert str(org.owner.team_id) == team_id


def test_a_malformed_person_parameter_is_not_found(as_admin: Client, org: Org) -> None:
    assert as_admin.get(f"{EDIT_PROFILE}?person=not-a-uuid").status_code == 404


# --- skills ---------------------------------------------------------------------------------


def test_add_a_skill_by_alias_with_level_and_teaching(as_owner: Client, org: Org) -> None:
    response = as_owner.post(
        EDIT_SKILLS, {"skill": "PY", "level": "3", "can_teach": "on", "confidence": "4"}
    )
    assert response.status_code == 302
    edge = PersonSkill.objects.get(person=org.owner)
    assert (edge.skill, edge.level, edge.can_teach, edge.confidence) == (org.python, 3, True, 4)
    profile = as_owner.get(reverse("people:detail", args=[org.owner.id])).content.decode()
    assert "Python" in profile.split('id="group-teach"')[1].split("</section>")[0]


def test_adding_a_skill_i_have_does_not_overwrite_it(as_owner: Client, org: Org) -> None:
    # given Python at level 3 with confidence 4
    person_skill_set(person=org.owner, skill=org.python, level=3, confidence=4)
    # when I "add" Python again at level 0
    response = as_owner.post(EDIT_SKILLS, {"skill": "py", "level": "0"})
    # then the form says it is there already, and nothing changed
    assert response.status_code == 200
    assert "already on the profile" in response.content.decode()
    edge = PersonSkill.objects.get(person=org.owner)
    assert (edge.level, edge.confidence) == (3, 4)


def test_service_rules_become_field_errors(as_owner: Client, org: Org) -> None:
    # teaching needs level 2: the service says so, on the "can teach" field
    response = as_owner.post(EDIT_SKILLS, {"skill": "Python", "level": "1", "can_teach": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_can_teach"' in html
    assert "rate yourself at least Working" in html
    assert not PersonSkill.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"skill": "Underwater welding", "level": "1"}, "skill", "We do not know a skill called"),
        ({"skill": "Python", "level": "9"}, "level", "Select a valid choice"),
        ({"skill": "Python", "level": "1", "confidence": "7"}, "confidence", "valid choice"),
        ({"skill": "", "level": "1"}, "skill", "This field is required"),
    ],
)
def test_bad_skill_input_is_reported_on_its_field(
    as_owner: Client, org: Org, data: dict[str, str], field: str, message: str
) -> None:
    response = as_owner.post(EDIT_SKILLS, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="#id_{field}"' in html
    assert message in html


def test_skill_page_prefills_a_skill_from_the_link(as_owner: Client, org: Org) -> None:
    html = as_owner.get(EDIT_SKILLS, {"skill": "SQL", "learn": "1"}).content.decode()
    assert 'name="skill" id="id_skill" value="SQL"' in html
    assert 'name="wants_to_learn" id="id_wants_to_learn" checked' in html


def test_edit_a_skill_row_in_place_with_htmx(as_owner: Client, org: Org) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=1)
    prefix = f"s-{edge.id}"
    response = as_owner.post(
        reverse("people:skill_update", args=[edge.id]),
        {f"{prefix}-level": "3", f"{prefix}-can_teach": "on"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="skill-row-{edge.id}"')
    assert "Saved Python." in html
    edge.refresh_from_db()
    assert (edge.level, edge.can_teach) == (3, True)


def test_a_row_error_without_javascript_shows_the_whole_page_with_the_error(
    as_owner: Client, org: Org
) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=1)
    prefix = f"s-{edge.id}"
    response = as_owner.post(
        reverse("people:skill_update", args=[edge.id]),
        {f"{prefix}-level": "1", f"{prefix}-can_teach": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f'href="#id_{prefix}-can_teach"' in html
    edge.refresh_from_db()
    assert edge.can_teach is False


def test_remove_a_skill(as_owner: Client, org: Org) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=1)
    response = as_owner.post(reverse("people:skill_remove", args=[edge.id]))
    assert response.status_code == 302
    assert not PersonSkill.objects.exists()


def remove_with_htmx(
    client: Client, edge: PersonSkill, shown: Sequence[PersonSkill | str], page_url: str = ""
) -> str:
    """Press a row's Remove button as htmx does: with the rows the page shows, in order."""
    response = client.post(
        reverse("people:skill_remove", args=[edge.id]),
        {"shown": [str(row.id) if isinstance(row, PersonSkill) else row for row in shown]},
        headers={
            "HX-Request": "true",
            "HX-Target": f"skill-row-{edge.id}",
            "HX-Current-URL": f"http://testserver{page_url or EDIT_SKILLS}",
        },
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_skills_page_names_its_rows_for_htmx_removal(as_owner: Client, org: Org) -> None:
    # given two skills
    python = person_skill_set(person=org.owner, skill=org.python, level=3)
    sql = person_skill_set(person=org.owner, skill=org.sql, level=1)
    # when the page is shown
    html = as_owner.get(EDIT_SKILLS).content.decode()
    # then each row carries its id, in order, and each Remove form sends them all along
    assert html.index(f'name="shown" value="{python.id}"') < html.index(f'value="{sql.id}"')
    assert html.count("hx-include=\"#skill-rows [name='shown']\"") == 2
    assert_contains_html(
        html,
        f'<button type="submit" id="remove-{sql.id}" class="button button--secondary '
        'button--small">Remove<span class="visually-hidden"> SQL</span></button>',
    )


def test_removing_with_htmx_updates_the_count_and_focuses_the_next_row(
    as_owner: Client, org: Org
) -> None:
    # given three skills shown as Python, SQL, Go
    python = person_skill_set(person=org.owner, skill=org.python, level=4)
    sql = person_skill_set(person=org.owner, skill=org.sql, level=3)
    go = person_skill_set(person=org.owner, skill=make_skill("Go"), level=2)
    # when Python is removed with htmx
    html = remove_with_htmx(as_owner, python, [python, sql, go])
    # then the heading's count says two, swapped out of band
    assert_contains_html(
        html,
        '<h2 id="your-skills-heading" tabindex="-1" hx-swap-oob="true">'
        'Your skills <span class="muted small">(2)</span></h2>',
    )
    # and the next row's Remove button is swapped in with autofocus, so focus lands on it
    assert_contains_html(
        html,
        f'<button type="submit" id="remove-{sql.id}" class="button button--secondary '
        'button--small" hx-swap-oob="true" autofocus>'
        'Remove<span class="visually-hidden"> SQL</span></button>',
    )
    assert html.count("autofocus") == 1
    # and the live region announces it
    assert_contains_html(
        html, '<p id="live-status" hx-swap-oob="innerHTML">Removed Python. 2 skills left.</p>'
    )
    # and the row's own target gets nothing; the skill is gone
    assert "skill-row-" not in html
    assert set(PersonSkill.objects.filter(person=org.owner)) == {sql, go}


def test_removing_the_bottom_row_focuses_the_row_above_skipping_rows_gone_since(
    as_owner: Client, org: Org
) -> None:
    # given the page shows Python, SQL, Go, and SQL was since removed in another tab
    python = person_skill_set(person=org.owner, skill=org.python, level=4)
    sql = person_skill_set(person=org.owner, skill=org.sql, level=3)
    go = person_skill_set(person=org.owner, skill=make_skill("Go"), level=2)
    shown: list[PersonSkill | str] = [python, sql, go, "not-a-uuid"]
    sql.delete()
    # when Go, the bottom row, is removed
    html = remove_with_htmx(as_owner, go, shown)
    # then focus goes up past the vanished SQL row to Python, and the count is one
    assert f'id="remove-{python.id}"' in html
    assert f'id="remove-{sql.id}"' not in html
    assert 'tabindex="-1" hx-swap-oob="true" autofocus' not in html
    assert '<span class="muted small">(1)</span>' in html
    assert "Removed Go. 1 skill left." in html


def test_removing_the_last_skill_focuses_the_heading_and_explains_the_empty_list(
    as_owner: Client, org: Org
) -> None:
    # given one skill
    python = person_skill_set(person=org.owner, skill=org.python, level=4)
    # when it is removed with htmx
    html = remove_with_htmx(as_owner, python, [python])
    # then the heading, counting zero, takes focus, and the list says there is nothing yet
    assert_contains_html(
        html,
        '<h2 id="your-skills-heading" tabindex="-1" hx-swap-oob="true" autofocus>'
        'Your skills <span class="muted small">(0)</span></h2>',
    )
    assert '<div id="skill-list" hx-swap-oob="true">' in html
    assert "No skills yet" in html
    assert "Removed Python. No skills left." in html


def test_removing_on_a_later_page_updates_that_pages_total(
    as_admin: Client, org: Org, settings: Any
) -> None:
    # given an admin on page 2 of someone's 5 skills, two to a page
    settings.PEERLEARN_PAGE_SIZE = 2
    edges = [person_skill_set(person=org.owner, skill=make_skill(), level=2) for _ in range(5)]
    page_url = f"{EDIT_SKILLS}?person={org.owner.id}&page=2"
    # when they remove a skill there
    html = remove_with_htmx(as_admin, edges[2], edges[2:4], page_url=page_url)
    # then the heading (theirs, not "your") and the pagination count four, still on page 2
    assert "Their skills" in html
    assert '<span class="muted small">(4)</span>' in html
    assert '<div id="skill-pages" hx-swap-oob="true">' in html
    assert "Page 2 of 2 · 4 in all" in html
    assert f'href="?person={org.owner.id}&page=1"' in html


def test_removing_without_javascript_still_redirects(as_owner: Client, org: Org) -> None:
    # given a skill, when its Remove form is posted without htmx
    python = person_skill_set(person=org.owner, skill=org.python, level=4)
    response = as_owner.post(reverse("people:skill_remove", args=[python.id]))
    # then the page is shown again with a message, not a fragment
    assert response.status_code == 302
    assert response["Location"] == EDIT_SKILLS
    assert not PersonSkill.objects.filter(person=org.owner).exists()


@pytest.mark.parametrize("editor", ["peer", "outsider", "manager"])
def test_nobody_else_changes_my_skills(client: Client, org: Org, editor: str) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=1)
    client.force_login(getattr(org, editor).user)
    prefix = f"s-{edge.id}"
    update = client.post(reverse("people:skill_update", args=[edge.id]), {f"{prefix}-level": "4"})
    remove = client.post(reverse("people:skill_remove", args=[edge.id]))
    page = client.get(f"{EDIT_SKILLS}?person={org.owner.id}")
    assert (update.status_code, remove.status_code, page.status_code) == (404, 404, 404)
    edge.refresh_from_db()
    assert edge.level == 1


def test_an_admin_corrects_someones_skills(as_admin: Client, org: Org) -> None:
    url = f"{EDIT_SKILLS}?person={org.owner.id}"
    response = as_admin.post(url, {"skill": "SQL", "level": "2"})
    assert response.status_code == 302
    assert response["Location"] == url
    assert PersonSkill.objects.get(person=org.owner).skill == org.sql


def test_suggestions_find_skills_by_alias(as_owner: Client, org: Org) -> None:
    make_skill("Kubernetes", aliases=["k8s"])
    html = as_owner.get(reverse("people:skill_suggest"), {"skill": "k8"}).content.decode()
    assert 'data-value="Kubernetes"' in html
    assert "also “k8s”" in html
    html = as_owner.get(reverse("people:skill_suggest"), {"skill": "zzz"}).content.decode()
    assert "No skill matches “zzz”" in html


def test_my_skills_query_count_does_not_grow(as_owner: Client, org: Org) -> None:
    for _ in range(3):
        person_skill_set(person=org.owner, skill=make_skill(), level=2)
    few = queries_for(as_owner, EDIT_SKILLS)
    for _ in range(27):
        edge = person_skill_set(person=org.owner, skill=make_skill(), level=2)
        endorsement_create(endorser=org.peer, person_skill=edge)
    many = queries_for(as_owner, EDIT_SKILLS)
    assert few == many
    assert many <= 15


# --- goals ----------------------------------------------------------------------------------


def test_add_edit_status_and_delete_a_goal(as_owner: Client, org: Org) -> None:
    response = as_owner.post(
        GOALS, {"title": "Write SQL reports", "skill": "sql", "target_level": "2"}
    )
    assert response.status_code == 302
    goal = Goal.objects.get(person=org.owner)
    assert (goal.skill, goal.target_level) == (org.sql, 2)
    assert b"Write SQL reports" in as_owner.get(GOALS).content

    response = as_owner.post(reverse("people:goal_status", args=[goal.id]), {"status": "achieved"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED
    assert LearningActivity.objects.filter(action="goal.achieved").exists()

    response = as_owner.post(
        reverse("people:goal_edit", args=[goal.id]),
        {"title": "Write SQL dashboards", "skill": "", "target_level": "", "status": "open"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.skill) == ("Write SQL dashboards", None)

    assert as_owner.post(reverse("people:goal_remove", args=[goal.id])).status_code == 302
    assert not Goal.objects.exists()


def test_bad_goal_input_is_reported(as_owner: Client, org: Org) -> None:
    response = as_owner.post(GOALS, {"title": "", "skill": "Basket weaving", "target_date": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("title", "skill", "target_date"):
        assert f'href="#id_{field}"' in html
    status = as_owner.post(
        reverse("people:goal_status", args=[goal_create(person=org.owner, title="G").id]),
        {"status": "exploded"},
        follow=True,
    )
    assert b"Choose a status from the list." in status.content


@pytest.mark.parametrize("editor", ["peer", "outsider", "manager"])
def test_nobody_else_changes_my_goals(client: Client, org: Org, editor: str) -> None:
    goal = goal_create(person=org.owner, title="Private ambition")
    client.force_login(getattr(org, editor).user)
    assert client.get(reverse("people:goal_edit", args=[goal.id])).status_code == 404
    assert client.post(reverse("people:goal_remove", args=[goal.id])).status_code == 404
    status_url = reverse("people:goal_status", args=[goal.id])
    assert client.post(status_url, {"status": "dropped"}).status_code == 404
    assert client.get(f"{GOALS}?person={org.owner.id}").status_code == 404
    goal.refresh_from_db()
    assert goal.status == GoalStatus.OPEN
    # and their own goals page does not list it
    assert b"Private ambition" not in client.get(GOALS).content


def test_goals_query_count_does_not_grow(as_owner: Client, org: Org) -> None:
    for n in range(3):
        goal_create(person=org.owner, title=f"Goal {n}", skill=org.python)
    few = queries_for(as_owner, GOALS)
    for n in range(27):
        goal_create(person=org.owner, title=f"More {n}", skill=make_skill())
    many = queries_for(as_owner, GOALS)
    assert few == many
    assert many <= 15


def test_a_date_round_trips_through_the_profile_form_unchanged(as_admin: Client, org: Org) -> None:
    # given the owner's hire date is on record
    org.owner.hire_date = dt.date(2022, 11, 26)
    org.owner.save(update_fields=["hire_date"])
    url = f"{EDIT_PROFILE}?person={org.owner.id}"
    # when an admin opens the form, the browser's date input gets an ISO value it can show
    html = as_admin.get(url).content.decode()
    assert 'value="2022-11-26"' in html
    # and saving the form as shown keeps the date
    response = as_admin.post(
        url,
        {
            "full_name": org.owner.full_name,
            "job_title": "",
            "team": str(org.owner.team_id),
            "job_family": str(org.owner.job_family_id),
            "level": str(org.owner.level_id),
            "hire_date": "2022-11-26",
            "location": "",
            "time_zone": org.owner.time_zone,
            "languages": "",
            "monthly_capacity": "2",
            "bio": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org.owner.refresh_from_db()
    assert org.owner.hire_date == dt.date(2022, 11, 26)
