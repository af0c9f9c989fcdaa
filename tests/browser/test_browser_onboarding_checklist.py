"""Ticking onboarding checklist items in a real browser: the counters follow every tick."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Org
from peerlearn.onboarding import services
from peerlearn.onboarding.models import Onboarding
from peerlearn.people.models import Person
from peerlearn.people.tests.factories import make_person
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def starter(org: Org) -> Person:
    return make_person(
        "Nia New",
        "nia@example.com",
        team=org.owner.team,
        manager=org.manager,
        hire_date=timezone.localdate(),
    )


@pytest.fixture
def onboarding(org: Org, starter: Person) -> Onboarding:
    """Nia's plan: two tools to set up and one team norm to read."""
    plan = services.onboarding_template_create(name="Everyone")
    for title, category, day in [
        ("Set up your laptop", "tools", 1),
        ("Get a VPN account", "tools", 2),
        ("Read how we review code", "team_norms", 5),
    ]:
        services.onboarding_template_item_add(
            template=plan, category=category, title=title, due_day=day
        )
    return services.onboarding_start_for(person=starter, created_by=org.manager)


def named(action: str, title: str) -> re.Pattern[str]:
    """A toggle's accessible name; Chromium puts a space before the visually hidden part."""
    return re.compile(f"^{re.escape(action)} ?: {re.escape(title)}$")


def test_ticking_items_by_keyboard_updates_every_counter(
    page: Page, live_server: LiveServer, starter: Person, onboarding: Onboarding
) -> None:
    # given Nia on her onboarding plan, nothing done yet
    sign_in(page, live_server.url, starter)
    page.goto(f"{live_server.url}/onboarding/{onboarding.id}/")
    progress = page.locator("#checklist-progress")
    bar = progress.locator("progress")
    tools = page.locator("#checklist-tools-count")
    expect(progress).to_contain_text("0 of 3")
    expect(tools).to_have_text("0 of 2")

    # when she reaches "Mark done: Set up your laptop" and presses Enter
    page.get_by_role("button", name=named("Mark done", "Set up your laptop")).focus()
    page.keyboard.press("Enter")

    # then the row says done, and the overall and per-category counters follow
    laptop = page.get_by_role("button", name=named("✓ Done", "Set up your laptop"))
    expect(laptop).to_have_attribute("aria-pressed", "true")
    expect(progress).to_contain_text("1 of 3")
    expect(bar).to_have_attribute("value", "1")
    expect(tools).to_have_text("1 of 2")
    expect(page.locator("#checklist-team_norms-count")).to_have_text("0 of 1")
    expect(page.locator("#live-status")).to_have_text("“Set up your laptop” is done. 1 of 3 done.")
    # and focus stays on the button she pressed, so Enter undoes it
    expect(laptop).to_be_focused()
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("button", name=named("Mark done", "Set up your laptop"))
    ).to_be_focused()
    expect(progress).to_contain_text("0 of 3")
    expect(bar).to_have_attribute("value", "0")
    expect(tools).to_have_text("0 of 2")
    expect(page.locator("#live-status")).to_have_text(
        re.compile("^“Set up your laptop” is to do again. 0 of 3 done.$")
    )
