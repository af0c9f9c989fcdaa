"""Removing skills from "Your skills" by keyboard: the count follows, focus stays in the list,
and the live region says what happened."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Org
from peerlearn.people.models import PersonSkill
from peerlearn.people.services import person_skill_set
from peerlearn.people.tests.factories import make_skill
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ACTIVE = "document.activeElement"


def focused_name(page: Page) -> str:
    """What a screen reader would call the focused element: its text, hidden parts included."""
    return str(page.evaluate(f"{ACTIVE}.textContent.replace(/\\s+/g, ' ').trim()"))


def test_removing_skills_by_keyboard_updates_the_count_and_keeps_focus_in_the_list(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    # given the owner with three skills, listed Python, SQL, Terraform (strongest first)
    person_skill_set(person=org.owner, skill=org.python, level=4)
    person_skill_set(person=org.owner, skill=org.sql, level=3)
    person_skill_set(person=org.owner, skill=make_skill("Terraform"), level=2)
    sign_in(page, live_server.url, org.owner)
    page.goto(f"{live_server.url}/me/skills/")
    heading = page.locator("#your-skills-heading")
    expect(heading).to_have_text(re.compile(r"^Your skills\s*\(3\)$"))

    # when they reach "Remove Python" by keyboard and press Enter
    remove_python = page.get_by_role("button", name="Remove Python")
    remove_python.focus()
    page.keyboard.press("Enter")

    # then the row goes, the heading counts two, and the live region says so
    expect(page.get_by_role("rowheader", name=re.compile("^Python"))).to_have_count(0)
    expect(heading).to_have_text(re.compile(r"^Your skills\s*\(2\)$"))
    expect(page.locator("#live-status")).to_have_text("Removed Python. 2 skills left.")
    # and focus is on the next row's Remove button, not dropped to the top of the page
    expect(page.get_by_role("button", name="Remove SQL")).to_be_focused()
    assert page.evaluate(f"{ACTIVE} !== document.body")
    assert focused_name(page) == "Remove SQL"

    # when they press Enter again, twice (focus is where the next removal happens)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Remove Terraform")).to_be_focused()
    expect(heading).to_have_text(re.compile(r"^Your skills\s*\(1\)$"))
    page.keyboard.press("Enter")

    # then the last removal leaves the empty list explained, focus on its heading, count zero
    expect(heading).to_have_text(re.compile(r"^Your skills\s*\(0\)$"))
    expect(heading).to_be_focused()
    assert page.evaluate(f"{ACTIVE}.id") == "your-skills-heading"
    expect(page.get_by_text("No skills yet")).to_be_visible()
    expect(page.locator("#live-status")).to_have_text("Removed Terraform. No skills left.")
    assert not PersonSkill.objects.filter(person=org.owner).exists()


def test_removing_the_last_row_moves_focus_to_the_row_above(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    # given two skills, Python above SQL
    person_skill_set(person=org.owner, skill=org.python, level=4)
    person_skill_set(person=org.owner, skill=org.sql, level=3)
    sign_in(page, live_server.url, org.owner)
    page.goto(f"{live_server.url}/me/skills/")
    # when the bottom row, SQL, is removed by keyboard
    page.get_by_role("button", name="Remove SQL").focus()
    page.keyboard.press("Enter")
    # then focus moves up to the row that is left, and the count follows
    expect(page.get_by_role("button", name="Remove Python")).to_be_focused()
    expect(page.locator("#your-skills-heading")).to_have_text(re.compile(r"^Your skills\s*\(1\)$"))
    expect(page.locator("#live-status")).to_have_text("Removed SQL. 1 skill left.")
