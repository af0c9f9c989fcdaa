"""The home page tells each person what to do next; the navigation links only to real pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Org
from peerlearn.accounts.models import User
from peerlearn.core.navigation import nav_items
from peerlearn.people.services import (
    endorsement_create,
    goal_create,
    person_skill_set,
    person_update,
)
from peerlearn.people.tests.factories import make_person, make_skill
from peerlearn.people.tests.view_helpers import queries_for

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_a_new_person_gets_a_checklist_and_empty_states(as_owner: Client, org: Org) -> None:
    html = as_owner.get(HOME).content.decode()
    checklist = section(html, "checklist-heading")
    assert "1 of 6 done" in checklist  # only the time zone is set
    assert '<a href="/me/profile/">Add your job title</a>' in checklist
    assert '<a href="/me/skills/">Add at least 3 skills</a>' in checklist
    assert '<a href="/me/goals/">Set a learning goal</a>' in checklist
    assert "What do you want to learn?" in html
    assert "Share what you know" in html


def test_a_complete_profile_ticks_every_item(as_owner: Client, org: Org) -> None:
    person_update(person=org.owner, changed_by=org.owner, changes={"job_title": "Analyst"})
    person_skill_set(person=org.owner, skill=org.python, level=3, can_teach=True)
    person_skill_set(person=org.owner, skill=org.sql, level=0, wants_to_learn=True)
    person_skill_set(person=org.owner, skill=make_skill("Excel"), level=2)
    goal_create(person=org.owner, title="Learn SQL")
    html = as_owner.get(HOME).content.decode()
    assert "6 of 6 done" in section(html, "checklist-heading")
    assert "Finish your profile" not in html


def test_home_names_the_strongest_teachers_of_what_i_want_to_learn(
    as_owner: Client, org: Org
) -> None:
    # given the owner wants SQL, and four colleagues teach it
    person_skill_set(person=org.owner, skill=org.sql, level=1, wants_to_learn=True)
    person_skill_set(person=org.admin, skill=org.sql, level=2, can_teach=True)
    person_skill_set(person=org.manager, skill=org.sql, level=4, can_teach=True)
    person_skill_set(person=org.outsider, skill=org.sql, level=3, can_teach=True)
    strong = person_skill_set(person=org.peer, skill=org.sql, level=3, can_teach=True)
    endorsement_create(endorser=org.admin, person_skill=strong)
    # then the top three are shown, strongest first
    learn = section(as_owner.get(HOME).content.decode(), "learn-heading")
    order = [learn.index(name) for name in ("Mona Manager", "Piet Peer", "Oscar Outsider")]
    assert order == sorted(order)
    assert "Ada Admin" not in learn
    assert "mailto:manager@example.com" in learn


def test_home_names_colleagues_who_want_what_i_teach_but_not_me(as_owner: Client, org: Org) -> None:
    person_skill_set(
        person=org.owner, skill=org.python, level=3, can_teach=True, wants_to_learn=True
    )
    person_skill_set(person=org.peer, skill=org.python, level=1, wants_to_learn=True)
    teach = section(as_owner.get(HOME).content.decode(), "teach-heading")
    assert "Piet Peer" in teach
    assert "Olive Owner" not in teach


def test_home_lists_recent_endorsements_i_received(as_owner: Client, org: Org) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=3)
    endorsement_create(endorser=org.peer, person_skill=edge, note="Great teacher")
    endorsements = section(as_owner.get(HOME).content.decode(), "endorsements-heading")
    assert "Piet Peer" in endorsements
    assert "Python" in endorsements
    assert "Great teacher" in endorsements


def test_a_manager_sees_a_summary_of_their_reports(as_manager: Client, org: Org) -> None:
    person_skill_set(person=org.peer, skill=org.python, level=2)
    make_person("Ivy Indirect", manager=org.peer)
    team = section(as_manager.get(HOME).content.decode(), "manager-heading")
    assert "3 reports (2 direct)" in team
    assert "2 have not added any skills yet" in team
    assert "Olive Owner" in team
    assert "Ivy Indirect" in team
    assert "Piet Peer" not in team


def test_only_managers_get_the_team_summary(as_peer: Client, org: Org) -> None:
    assert 'id="manager-heading"' not in as_peer.get(HOME).content.decode()


def test_an_admin_sees_organisation_numbers_gaps_and_the_import(as_admin: Client, org: Org) -> None:
    person_skill_set(person=org.owner, skill=org.sql, level=0, wants_to_learn=True)
    person_skill_set(person=org.peer, skill=org.sql, level=0, wants_to_learn=True)
    person_skill_set(person=org.manager, skill=org.sql, level=3, can_teach=True)
    person_skill_set(person=org.manager, skill=org.python, level=3, can_teach=True)
    html = as_admin.get(HOME).content.decode()
    organisation = section(html, "org-heading")
    assert '<span class="stat">5</span> <span class="stat-label">people</span>' in organisation
    assert (
        '<span class="stat">1</span> <span class="stat-label">people teaching</span>'
        in organisation
    )
    gaps = organisation.split("<tbody>")[1]
    assert "SQL" in gaps
    assert "Python" not in gaps
    assert reverse("people:import") in organisation


def test_employees_do_not_see_organisation_numbers(as_owner: Client, org: Org) -> None:
    assert 'id="org-heading"' not in as_owner.get(HOME).content.decode()


def test_a_superuser_without_a_profile_gets_the_organisation_view(client: Client, org: Org) -> None:
    root = User.objects.create_superuser(email="root@example.com", password="x-Very-long-1")
    client.force_login(root)
    response = client.get(HOME)
    assert response.status_code == 200
    assert 'id="org-heading"' in response.content.decode()


def test_home_query_count_does_not_grow_with_teachers(as_owner: Client, org: Org) -> None:
    wanted = [make_skill() for _ in range(6)]
    for skill in wanted:
        person_skill_set(person=org.owner, skill=skill, level=0, wants_to_learn=True)
    person_skill_set(person=org.owner, skill=org.python, level=3, can_teach=True)

    def add_colleagues(count: int) -> None:
        for _ in range(count):
            person = make_person()
            person_skill_set(person=person, skill=org.python, level=0, wants_to_learn=True)
            for skill in wanted:
                edge = person_skill_set(person=person, skill=skill, level=3, can_teach=True)
                endorsement_create(endorser=org.peer, person_skill=edge)
            endorsement_create(endorser=person, person_skill=org.owner.skills.get(skill=org.python))

    add_colleagues(3)
    few = queries_for(as_owner, HOME)
    add_colleagues(27)
    many = queries_for(as_owner, HOME)
    assert few == many
    assert many <= 25


# --- navigation -----------------------------------------------------------------------------


def main_nav(html: str) -> str:
    return html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]


def nav_links(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in main_nav(html).split('href="')[1:]]


def nav_groups(html: str) -> dict[str, list[str]]:
    """Each disclosure menu's summary, with the labels of the links inside it."""
    groups: dict[str, list[str]] = {}
    for chunk in main_nav(html).split("<summary>")[1:]:
        label = chunk.split("<", 1)[0]
        inside = chunk.split("</details>", 1)[0]
        groups[label] = [part.split("<", 1)[0] for part in inside.split('">')[1:] if "</a>" in part]
    return groups


@pytest.mark.parametrize(
    ("viewer", "has_my_team", "has_organisation"),
    [("owner", False, False), ("manager", True, False), ("admin", False, True)],
)
def test_navigation_links_only_to_pages_the_viewer_can_open(
    client: Client, org: Org, viewer: str, has_my_team: bool, has_organisation: bool
) -> None:
    client.force_login(getattr(org, viewer).user)
    links = nav_links(client.get(HOME).content.decode())
    labels = [item.label for item in nav_items() if reverse(item.url_name) in links]
    assert labels[:5] == ["Home", "My learning", "People", "Skills", "Teams"]
    assert ("My team" in labels) is has_my_team
    assert ("Organisation" in labels) is has_organisation
    assert "Search" not in labels  # the header's search box replaced the link
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize(("viewer", "people"), [("owner", 3), ("manager", 4)])
def test_navigation_groups_related_areas_in_menus(
    client: Client, org: Org, viewer: str, people: int
) -> None:
    # given an employee or a manager on the home page
    client.force_login(getattr(org, viewer).user)
    groups = nav_groups(client.get(HOME).content.decode())
    # then three menus hold the areas, and only the manager's People menu has "My team"
    assert list(groups) == ["People", "Programmes", "Knowledge"]
    assert groups["People"] == ["People", "Skills", "Teams", "My team"][:people]
    assert groups["Programmes"] == ["Mentoring", "Onboarding", "Shadowing", "Matching"]
    assert groups["Knowledge"] == ["Hub", "Questions"]


def test_the_header_searches_everything(as_owner: Client, org: Org) -> None:
    html = as_owner.get(HOME).content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    search = header.split('<form class="site-search" role="search"', 1)[1].split("</form>", 1)[0]
    assert 'action="/search/"' in search
    assert 'method="get"' in search
    assert '<label class="visually-hidden" for="site-search">Search Peerlearn</label>' in search
    assert 'name="q"' in search


def test_the_current_section_is_marked(as_owner: Client, org: Org) -> None:
    html = as_owner.get(reverse("people:skill_detail", args=["sql"])).content.decode()
    assert '<a href="/skills/" aria-current="page">Skills</a>' in html
    assert main_nav(html).count('aria-current="page"') == 1
    # and the menu holding it is marked, the others are not
    assert html.count("nav-menu--current") == 1
    marked = html.split("nav-menu--current", 1)[1].split("</details>", 1)[0]
    assert "<summary>People<" in marked


def test_a_page_outside_every_group_marks_no_menu(as_owner: Client, org: Org) -> None:
    html = as_owner.get(reverse("activities:mine")).content.decode()
    assert '<a href="/learning/" aria-current="page">My learning</a>' in html
    assert "nav-menu--current" not in html


def test_the_phone_menu_button_names_what_it_opens(as_owner: Client, org: Org) -> None:
    html = as_owner.get(HOME).content.decode()
    button = html.split("<button", 1)[1].split("</button>", 1)[0]
    assert 'aria-expanded="false" aria-controls="site-menu"' in button
    assert "Menu" in button
    assert 'id="site-menu"' in html


def test_every_page_has_one_h1_a_skip_link_and_a_main_landmark(
    as_manager: Client, org: Org
) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=3)
    goal = goal_create(person=org.manager, title="Coach better")
    urls = [
        HOME,
        reverse("people:directory"),
        reverse("people:detail", args=[org.owner.id]),
        reverse("people:edit_profile"),
        reverse("people:edit_skills"),
        reverse("people:goals"),
        reverse("people:goal_edit", args=[goal.id]),
        reverse("people:skills"),
        reverse("people:skill_detail", args=["python"]),
        reverse("people:teams"),
        reverse("people:team_detail", args=["platform"]),
        reverse("people:my_team"),
        reverse("activities:mine"),
    ]
    assert edge.pk
    for url in urls:
        html = as_manager.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert 'class="skip-link" href="#main"' in html, url
        assert '<main id="main"' in html, url


def test_areas_of_the_taxonomy_are_not_counted_as_skills(as_admin: Client, org: Org) -> None:
    # given the org's taxonomy: Python, and Data (an area) holding SQL
    html = as_admin.get(reverse("core:home")).content.decode()
    # then the admin's numbers count the two skills, not the area
    assert '<span class="stat">2</span> <span class="stat-label">skills</span>' in html


def test_a_superuser_without_a_profile_is_only_offered_pages_they_can_open(
    client: Client, org: Org
) -> None:
    # given an installation's superuser, who is no employee (no profile to take part with)
    root = User.objects.create_superuser(email="root@example.com", password="x-Very-long-1")
    client.force_login(root)

    # when they follow every link of the navigation
    links = nav_links(client.get(HOME).content.decode())

    # then each one opens (a page of their own, or where it sends them)
    assert links
    for link in links:
        assert client.get(link, follow=True).status_code == 200, link
