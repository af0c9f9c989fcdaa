"""The directory, profiles and endorsements, through real HTTP."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Org
from peerlearn.activities.models import LearningActivity
from peerlearn.people.models import Endorsement
from peerlearn.people.services import (
    endorsement_create,
    goal_create,
    person_deactivate,
    person_skill_set,
    person_update,
)
from peerlearn.people.tests.factories import make_person, make_skill, make_team
from peerlearn.people.tests.view_helpers import queries_for

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("people:directory")


def profile(person_id: object) -> str:
    return reverse("people:detail", args=[person_id])


def tag_with_id(html: str, element_id: str) -> str:
    """The start tag of the element with this id."""
    found = re.search(rf'<[^<>]*\bid="{re.escape(element_id)}"[^<>]*>', html)
    assert found is not None, element_id
    return found.group(0)


def results(client: Client, **params: str) -> str:
    """The directory's result region (the page header names the viewer too)."""
    html = client.get(DIRECTORY, params).content.decode()
    return html.split('id="directory-results"', 1)[1]


# --- directory ------------------------------------------------------------------------------


def test_directory_lists_colleagues_with_title_team_and_top_skills(
    as_owner: Client, org: Org
) -> None:
    person_skill_set(person=org.peer, skill=org.python, level=4, can_teach=True)
    response = as_owner.get(DIRECTORY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Piet Peer" in html
    assert "Oscar Outsider" in html
    assert 'aria-label="Top skills of Piet Peer"' in html
    assert "Python" in html


def test_directory_search_matches_name_title_and_team(as_owner: Client, org: Org) -> None:
    html = results(as_owner, q="sales")
    assert "Oscar Outsider" in html
    assert "Piet Peer" not in html


def test_directory_filters_teachers_of_a_skill(as_owner: Client, org: Org) -> None:
    # given Piet teaches SQL and Mona only knows it
    person_skill_set(person=org.peer, skill=org.sql, level=3, can_teach=True)
    person_skill_set(person=org.manager, skill=org.sql, level=2)
    # when filtering by the skill and "can teach"
    html = results(as_owner, skill="sql", teaches="on")
    # then only the teacher is listed
    assert "Piet Peer" in html
    assert "Mona Manager" not in html
    # and without "can teach", everyone who has the skill
    html = results(as_owner, skill="sql")
    assert "Piet Peer" in html
    assert "Mona Manager" in html


def test_directory_filters_by_team_family_and_level(as_owner: Client, org: Org) -> None:
    html = results(as_owner, team="engineering")
    assert "Piet Peer" in html  # Platform is below Engineering
    assert "Oscar Outsider" not in html
    html = results(as_owner, family="software-engineering", level="L4")
    assert "Piet Peer" in html
    assert "Olive Owner" not in html


UNKNOWN_TEAM_ID = "6f1c2a4e-0b7d-4c1e-9a55-2f1d3c4b5a69"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"team": "no-such-team"}, "team", "There is no team “no-such-team”."),
        ({"team": UNKNOWN_TEAM_ID}, "team", f"There is no team “{UNKNOWN_TEAM_ID}”."),
        ({"team": "<b>x</b>"}, "team", "There is no team “&lt;b&gt;x&lt;/b&gt;”."),
        ({"family": "astronauts"}, "family", "There is no job family “astronauts”."),
        ({"level": "nonsense"}, "level", "There is no level “nonsense”."),
        ({"skill": "unknown", "teaches": "on"}, "skill", "There is no skill called “unknown”."),
    ],
)
def test_directory_explains_a_filter_it_cannot_use(
    as_owner: Client, org: Org, params: dict[str, str], field: str, message: str
) -> None:
    # when the directory is opened with a filter value that names nothing
    response = as_owner.get(DIRECTORY, params)
    html = response.content.decode()
    form, found = html.split('id="directory-results"', 1)
    # then the page answers normally, and the form marks the field with what is wrong
    assert response.status_code == 200
    assert f'<p class="field-error" id="id_{field}_error">' in form
    assert message in form.split(f'id="id_{field}_error">', 1)[1].split("</p>", 1)[0]
    assert "field--error" in form
    control = tag_with_id(form, f"id_{field}")
    assert 'aria-invalid="true"' in control
    assert f'aria-describedby="id_{field}_error"' in control
    # and the results say there is a problem, link to the field, and list no one
    assert "There is a problem with the filters" in found
    assert f'href="#id_{field}"' in found
    assert message in found
    assert "No one is listed until the filters are fixed" in found
    for name in ("Piet Peer", "Olive Owner", "Oscar Outsider"):
        assert name not in found
    assert "people match" not in found


def test_directory_names_every_bad_filter_at_once(as_owner: Client, org: Org) -> None:
    # when a good filter comes with two bad ones
    html = results(as_owner, team="engineering", level="L99", skill="cobol")
    # then both bad ones are listed, and the good one does not list people on its own
    assert "There is no level “L99”." in html
    assert "There is no skill called “cobol”." in html
    assert "There is no team" not in html
    assert "Piet Peer" not in html


def live_results(client: Client, **params: str) -> str:
    """What the live filter form gets back: the results, and the filter lists out of band."""
    response = client.get(
        DIRECTORY, params, headers={"HX-Request": "true", "HX-Target": "directory-results"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    return html


def test_directory_htmx_answer_explains_bad_filters_too(as_owner: Client, org: Org) -> None:
    # when the live filter form sends a value that no longer exists (a team renamed meanwhile)
    html = live_results(as_owner, team="old-team-name")
    # then the results region carries the explanation, and the live region says it too
    assert 'role="alert"' in html
    assert "There is no team “old-team-name”." in html
    assert 'hx-swap-oob="innerHTML">No one listed: a filter is not valid.' in html
    assert "Piet Peer" not in html
    # and the team list is redrawn out of band with its error beside it
    wrapper = tag_with_id(html, "filter-team")
    assert 'hx-swap-oob="true"' in wrapper
    assert "field--error" in wrapper
    assert '<p class="field-error" id="id_team_error">' in html
    assert 'aria-invalid="true"' in tag_with_id(html, "id_team")


def test_directory_htmx_answer_clears_an_error_once_the_filter_is_fixed(
    as_owner: Client, org: Org
) -> None:
    # given a page that showed "There is no team" (the list then reads "Any team")
    assert "There is no team" in as_owner.get(DIRECTORY, {"team": "old-team-name"}).text
    # when the person picks a team from the list
    html = live_results(as_owner, team="engineering")
    # then every filter list is redrawn without an error, and the results are listed
    for name in ("team", "family", "level", "skill"):
        wrapper = tag_with_id(html, f"filter-{name}")
        assert 'hx-swap-oob="true"' in wrapper
        assert "field--error" not in wrapper
    assert "field-error" not in html
    assert "aria-invalid" not in html
    assert "selected>Engineering</option>" in html
    assert "Piet Peer" in html


def test_directory_searches_by_the_first_100_characters_of_a_long_query(
    as_owner: Client, org: Org
) -> None:
    # the search box takes 100 characters; a longer address is cut there, not refused
    html = results(as_owner, q="piet" + " " * 96 + "this part is past the box")
    assert "There is a problem" not in html
    assert "Piet Peer" in html
    assert "Olive Owner" not in html


def test_directory_without_bad_filters_shows_no_problem(as_owner: Client, org: Org) -> None:
    # given no filters, good filters, or a page number that is not a number (not a filter)
    for params in ({}, {"team": "engineering", "teaches": "on"}, {"page": "x"}):
        response = as_owner.get(DIRECTORY, params)
        html = response.content.decode()
        # then the page lists people without an error
        assert response.status_code == 200
        assert "There is a problem" not in html
        assert "field-error" not in html
        assert "Piet Peer" in html


def test_directory_htmx_search_answers_with_the_results_only(as_owner: Client, org: Org) -> None:
    response = as_owner.get(
        DIRECTORY, {"q": "piet"}, headers={"HX-Request": "true", "HX-Target": "directory-results"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Piet Peer" in html
    assert "Olive Owner" not in html
    assert 'hx-swap-oob="innerHTML">1 person found.' in html
    assert "HX-Request" in response["Vary"]


def test_directory_hides_people_who_left(as_owner: Client, org: Org) -> None:
    person_deactivate(person=org.outsider)
    assert "Oscar Outsider" not in results(as_owner)
    assert "Oscar Outsider" not in results(as_owner, departed="on")


def test_admins_can_list_people_who_left_as_they_can_open_them(as_admin: Client, org: Org) -> None:
    person_deactivate(person=org.outsider)
    assert "Oscar Outsider" not in results(as_admin)
    html = results(as_admin, departed="on")
    assert "Oscar Outsider" in html
    assert "Left" in html


def test_directory_needs_sign_in(client: Client, org: Org) -> None:
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_directory_query_count_does_not_grow_with_people(as_owner: Client, org: Org) -> None:
    team = make_team("Big team")
    for _ in range(3):
        person = make_person(team=team)
        person_skill_set(person=person, skill=org.python, level=2)
    few = queries_for(as_owner, DIRECTORY)
    for _ in range(27):
        person = make_person(team=team)
        person_skill_set(person=person, skill=org.python, level=2)
        person_skill_set(person=person, skill=org.sql, level=3, can_teach=True)
    many = queries_for(as_owner, DIRECTORY)
    assert few == many
    assert many <= 15


# --- profile --------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["owner", "peer", "outsider", "manager", "admin"])
def test_every_colleague_sees_a_profile(client: Client, org: Org, viewer: str) -> None:
    client.force_login(getattr(org, viewer).user)
    person_skill_set(person=org.owner, skill=org.python, level=3, can_teach=True)
    response = client.get(profile(org.owner.id))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Olive Owner" in html
    assert "Europe/Berlin" in html  # their local time zone
    assert "Python" in html


def test_profile_groups_skills_with_level_and_endorsements(as_peer: Client, org: Org) -> None:
    teach = person_skill_set(person=org.owner, skill=org.python, level=3, can_teach=True)
    person_skill_set(person=org.owner, skill=org.sql, level=0, wants_to_learn=True)
    endorsement_create(endorser=org.manager, person_skill=teach)
    html = as_peer.get(profile(org.owner.id)).content.decode()
    teach_section = html.split('id="group-teach"')[1].split("</section>")[0]
    learn_section = html.split('id="group-learn"')[1].split("</section>")[0]
    assert "Python" in teach_section
    assert "SQL" not in teach_section
    assert "SQL" in learn_section
    assert 'aria-label="Level 3 of 4"' in teach_section
    assert "1 endorsement" in teach_section
    assert "Mona Manager" in teach_section


def test_unknown_or_departed_person_is_not_found(as_peer: Client, org: Org) -> None:
    assert as_peer.get(profile("00000000-0000-0000-0000-000000000000")).status_code == 404
    person_deactivate(person=org.owner)
    assert as_peer.get(profile(org.owner.id)).status_code == 404


def test_admin_still_sees_a_departed_person(as_admin: Client, org: Org) -> None:
    person_deactivate(person=org.owner)
    response = as_admin.get(profile(org.owner.id))
    assert response.status_code == 200
    assert b"has left the organisation" in response.content


@pytest.mark.parametrize(
    ("viewer", "sees_goals"),
    [("owner", True), ("manager", True), ("admin", True), ("peer", False), ("outsider", False)],
)
def test_goals_show_only_to_the_person_their_managers_and_admins(
    client: Client, org: Org, viewer: str, sees_goals: bool
) -> None:
    goal_create(person=org.owner, title="Lead a design review")
    client.force_login(getattr(org, viewer).user)
    html = client.get(profile(org.owner.id)).content.decode()
    assert ("Lead a design review" in html) is sees_goals


def test_profile_activity_blanks_content_below_full_access(client: Client, org: Org) -> None:
    # given the owner updated their profile (a private, participants-only activity)
    person_update(person=org.owner, changed_by=org.owner, changes={"job_title": "Analyst"})
    title = "Olive Owner updated their profile"
    # then the owner reads it, their manager sees only that it happened, a peer nothing
    client.force_login(org.owner.user)
    assert title in client.get(profile(org.owner.id)).content.decode()
    client.force_login(org.manager.user)
    html = client.get(profile(org.owner.id)).content.decode()
    assert title not in html
    assert "profile.updated" in html
    client.force_login(org.peer.user)
    html = client.get(profile(org.owner.id)).content.decode()
    assert title not in html
    assert "profile.updated" not in html


# --- endorsements ---------------------------------------------------------------------------


def endorse_url(org: Org, edge_id: object, action: str = "endorse") -> str:
    return reverse(f"people:{action}", args=[org.owner.id, edge_id])


def test_endorsing_records_it_and_returns_to_the_profile(as_peer: Client, org: Org) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=3)
    response = as_peer.post(endorse_url(org, edge.id))
    assert response.status_code == 302
    assert response["Location"] == f"{profile(org.owner.id)}#skill-{edge.id}"
    assert Endorsement.objects.filter(person_skill=edge, endorser=org.peer).exists()
    page = as_peer.get(response["Location"]).content.decode()
    assert "You endorsed Olive Owner for Python." in page
    assert "Withdraw endorsement" in page
    assert LearningActivity.objects.filter(action="skill.endorsed").count() == 1


def test_endorsing_with_htmx_swaps_just_the_skill(as_peer: Client, org: Org) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=3)
    response = as_peer.post(endorse_url(org, edge.id), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="skill-item" id="skill-{edge.id}">')
    assert "1 endorsement" in html
    assert "Withdraw endorsement" in html
    assert 'id="live-status" hx-swap-oob="innerHTML">You endorsed Olive Owner for Python.' in html


def test_endorsing_twice_says_so_without_failing(as_peer: Client, org: Org) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=3)
    endorsement_create(endorser=org.peer, person_skill=edge)
    response = as_peer.post(endorse_url(org, edge.id), follow=True)
    assert response.status_code == 200
    assert b"You have already endorsed this skill." in response.content
    assert Endorsement.objects.filter(person_skill=edge).count() == 1


def test_withdrawing_an_endorsement_removes_it_and_its_activity(as_peer: Client, org: Org) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=3)
    endorsement_create(endorser=org.peer, person_skill=edge)
    response = as_peer.post(endorse_url(org, edge.id, "unendorse"))
    assert response.status_code == 302
    assert not Endorsement.objects.exists()
    assert not LearningActivity.objects.filter(action="skill.endorsed").exists()
    assert as_peer.post(endorse_url(org, edge.id, "unendorse")).status_code == 404


def test_nobody_endorses_themselves(as_owner: Client, org: Org) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=3)
    assert as_owner.post(endorse_url(org, edge.id)).status_code == 403
    assert not Endorsement.objects.exists()


def test_endorse_needs_post_and_a_matching_person(as_peer: Client, org: Org) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=3)
    assert as_peer.get(endorse_url(org, edge.id)).status_code == 405
    wrong_person = reverse("people:endorse", args=[org.outsider.id, edge.id])
    assert as_peer.post(wrong_person).status_code == 404


def test_a_departed_persons_skills_cannot_be_endorsed(as_peer: Client, org: Org) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=3)
    person_deactivate(person=org.owner)
    assert as_peer.post(endorse_url(org, edge.id)).status_code == 404


def test_profile_query_count_does_not_grow_with_skills_and_endorsements(
    as_peer: Client, org: Org
) -> None:
    for skill in (org.python, org.sql):
        endorsement_create(
            endorser=org.manager,
            person_skill=person_skill_set(person=org.owner, skill=skill, level=2),
        )
    few = queries_for(as_peer, profile(org.owner.id))
    for _ in range(20):
        edge = person_skill_set(person=org.owner, skill=make_skill(), level=3, can_teach=True)
        endorsement_create(endorser=org.manager, person_skill=edge)
        endorsement_create(endorser=org.outsider, person_skill=edge)
    many = queries_for(as_peer, profile(org.owner.id))
    assert few == many
    assert many <= 15
