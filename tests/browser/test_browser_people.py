"""The people pages in a real browser: sign in, edit skills, find a teacher, endorse."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Org
from peerlearn.people.models import Endorsement
from peerlearn.people.services import endorsement_create, person_skill_set
from tests.browser.conftest import open_from_menu, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_sign_in_lands_on_the_home_page(page: Page, live_server: LiveServer, org: Org) -> None:
    # given the owner's account
    # when they sign in through the form
    sign_in(page, live_server.url, org.owner)
    # then the home page tells them what to do next
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.get_by_role("link", name="Add at least 3 skills")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def test_edit_my_skills_and_see_them_on_my_profile(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    # given the owner, signed in, on their skills page
    sign_in(page, live_server.url, org.owner)
    page.goto(f"{live_server.url}/me/skills/")
    expect(page.get_by_text("No skills yet")).to_be_visible()
    # when they type, pick the suggestion, rate themselves and offer to teach
    page.get_by_label("Skill", exact=True).press_sequentially("pyt", delay=50)
    page.get_by_role("button", name="Python").click()
    expect(page.get_by_label("Skill", exact=True)).to_have_value("Python")
    page.get_by_label("Your level").select_option(label="3 · Advanced")
    page.get_by_label("I can teach this").check()
    page.get_by_role("button", name="Add skill").click()
    # then the skill is listed, and editing its row in place saves it
    expect(page.get_by_role("status").filter(has_text="Python is on your profile")).to_be_visible()
    page.get_by_label("Level in Python").select_option(label="4 · Expert")
    page.get_by_role("button", name="Save Python").click()
    expect(page.locator("#live-status")).to_have_text("Saved Python.")
    # and their profile shows it under "Can teach" at the new level
    page.get_by_role("link", name="View the profile").click()
    can_teach = page.get_by_role("region", name=re.compile("^Can teach"))
    expect(can_teach.get_by_role("link", name="Python")).to_be_visible()
    expect(can_teach.get_by_role("img", name="Level 4 of 4")).to_be_visible()


def test_find_who_can_teach_a_skill_strongest_first(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    # given two colleagues who teach SQL: Mona at level 3, Piet at level 4 (and endorsed)
    person_skill_set(person=org.manager, skill=org.sql, level=3, can_teach=True)
    piet_sql = person_skill_set(person=org.peer, skill=org.sql, level=4, can_teach=True)
    endorsement_create(endorser=org.outsider, person_skill=piet_sql)
    sign_in(page, live_server.url, org.owner)
    # when the owner searches the skills page and opens SQL
    open_from_menu(page, "People", "Skills")
    page.get_by_label("Search skills").press_sequentially("sq", delay=50)
    expect(page.locator("#skill-results").get_by_role("link")).to_have_count(1)
    page.locator("#skill-results").get_by_role("link", name="SQL").click()
    # then both teachers are listed, strongest first, with a way to ask them
    expect(page.get_by_role("heading", level=1)).to_have_text("SQL")
    teachers = page.locator("#teachers > li")
    expect(teachers).to_have_count(2)
    expect(teachers.nth(0)).to_contain_text("Piet Peer")
    expect(teachers.nth(1)).to_contain_text("Mona Manager")
    expect(page.get_by_role("link", name="Ask Piet Peer")).to_have_attribute(
        "href", re.compile("^mailto:peer@example.com")
    )
    # and the directory's filters find the same two people
    page.goto(f"{live_server.url}/people/")
    page.get_by_label("Skill", exact=True).select_option(label="SQL")
    page.get_by_label("Can teach the skill").check()
    expect(page).to_have_url(re.compile(r"teaches=on"))
    rows = page.locator("#directory-results tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#directory-results")).not_to_contain_text("Olive Owner")


def test_endorse_a_colleague_and_see_it_everywhere(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    # given Piet lists Python at level 3
    edge = person_skill_set(person=org.peer, skill=org.python, level=3, can_teach=True)
    sign_in(page, live_server.url, org.owner)
    # when the owner endorses him from his profile
    page.goto(f"{live_server.url}/people/{org.peer.id}/")
    page.get_by_role("button", name="Endorse Piet Peer for Python").click()
    # then the button turns into a way to take it back, and the page says what happened
    expect(
        page.get_by_role("button", name="Withdraw endorsement of Piet Peer for Python")
    ).to_be_focused()
    expect(page.locator("#live-status")).to_have_text("You endorsed Piet Peer for Python.")
    assert Endorsement.objects.filter(person_skill=edge, endorser=org.owner).exists()
    # and after a reload his profile still shows it, with who gave it
    page.reload()
    expect(page.locator(f"#skill-{edge.id}")).to_contain_text("1 endorsement from Olive Owner")
    # and the owner's "My learning" records it
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    expect(
        page.get_by_role("link", name="Olive Owner endorsed Piet Peer for Python")
    ).to_be_visible()


def test_keyboard_only_navigation_through_the_main_menu(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    sign_in(page, live_server.url, org.owner)
    # given the home page, when the first key pressed is Tab
    page.keyboard.press("Tab")
    # then the skip link is focused and visible, and it moves focus to the main content
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # when they tab from the top to the "People" menu in the main navigation
    page.goto(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Main")
    people_menu = nav.locator("summary").filter(has_text=re.compile("^People$"))
    for _ in range(15):
        page.keyboard.press("Tab")
        if people_menu.evaluate("el => el === document.activeElement"):
            break
    expect(people_menu).to_be_focused()
    # then focus is visible (an outline), Enter opens the menu and Tab reaches its first link
    outline = people_menu.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    people_link = nav.get_by_role("link", name="People", exact=True)
    expect(people_link).to_be_visible()
    page.keyboard.press("Tab")
    expect(people_link).to_be_focused()
    # and Escape closes the menu, returning focus to it
    page.keyboard.press("Escape")
    expect(people_link).to_be_hidden()
    expect(people_menu).to_be_focused()
    # and Enter, Tab, Enter opens the directory
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    current = nav.get_by_role("link", name="People", exact=True, include_hidden=True)
    expect(current).to_have_attribute("aria-current", "page")
    # and "/" jumps to the search box, where typing filters the list live
    page.keyboard.press("/")
    expect(page.get_by_label(re.compile("^Search people"))).to_be_focused()
    page.keyboard.type("piet", delay=30)
    expect(page.locator("#directory-results tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=piet"))
    # and Tab reaches the result, which Enter opens
    result = page.locator("#directory-results").get_by_role("link", name="Piet Peer")
    for _ in range(15):
        page.keyboard.press("Tab")
        if result.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Piet Peer")


def test_pages_work_without_javascript(
    browser_type_launch_args: dict[str, object], live_server: LiveServer, org: Org, page: Page
) -> None:
    # given a browser with JavaScript switched off
    context = page.context.browser.new_context(java_script_enabled=False)  # type: ignore[union-attr]
    plain = context.new_page()
    edge = person_skill_set(person=org.peer, skill=org.python, level=3)
    try:
        sign_in(plain, live_server.url, org.owner)
        # when the owner adds a skill with the plain form (the <datalist> picker)
        plain.goto(f"{live_server.url}/me/skills/")
        plain.get_by_label("Skill", exact=True).fill("SQL")
        plain.get_by_label("Your level").select_option(label="2 · Working")
        plain.get_by_role("button", name="Add skill").click()
        # then it is saved
        expect(plain.get_by_role("rowheader", name=re.compile("^SQL"))).to_be_visible()
        # and the endorse button works as a plain form post
        plain.goto(f"{live_server.url}/people/{org.peer.id}/")
        plain.get_by_role("button", name="Endorse Piet Peer for Python").click()
        expect(plain.get_by_text("You endorsed Piet Peer for Python.")).to_be_visible()
        assert Endorsement.objects.filter(person_skill=edge, endorser=org.owner).exists()
        # and the directory search is a normal GET form
        plain.goto(f"{live_server.url}/people/")
        plain.get_by_label(re.compile("^Search people")).fill("oscar")
        plain.get_by_role("button", name="Search").click()
        expect(plain).to_have_url(re.compile(r"q=oscar"))
        expect(plain.locator("#directory-results tbody tr")).to_have_count(1)
    finally:
        context.close()


def test_pages_fit_a_phone_screen(page: Page, live_server: LiveServer, org: Org) -> None:
    # given the owner with skills that fill every table column, on a 390-pixel-wide screen
    edge = person_skill_set(person=org.owner, skill=org.python, level=3, can_teach=True)
    person_skill_set(person=org.owner, skill=org.sql, level=0, wants_to_learn=True)
    person_skill_set(person=org.peer, skill=org.sql, level=4, can_teach=True)
    endorsement_create(endorser=org.peer, person_skill=edge)
    sign_in(page, live_server.url, org.owner)
    page.set_viewport_size({"width": 390, "height": 800})
    pages = ["/", "/people/", "/me/skills/", "/skills/", "/skills/sql/", "/learning/"]
    for path in [*pages, f"/people/{org.owner.id}/", "/teams/platform/", "/me/goals/"]:
        page.goto(f"{live_server.url}{path}")
        # then nothing makes the page scroll sideways (wide tables scroll inside their box)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
