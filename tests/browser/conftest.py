"""Browser tests drive Debian's Chromium through pytest-playwright against Django's live server.

Playwright cannot download browsers here, so the tests use the distribution's package. When
it is missing they fail with the command that installs it: a browser test never skips.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import Page, Playwright, expect

from peerlearn.people.models import Person
from peerlearn.people.tests.factories import PASSWORD

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are still plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("PEERLEARN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM}, and it is missing. "
            "Install it with `sudo apt-get install -y chromium` (`make test` does this), "
            "or point PEERLEARN_CHROMIUM at a Chromium binary.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": browser_type_launch_args.get("headless", True),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def django_connections_before_playwright(django_db_setup: None) -> dict[str, Any]:
    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session")
def playwright(
    django_connections_before_playwright: dict[str, Any], playwright: Playwright
) -> Playwright:
    """Once Playwright's event loop runs in this thread, asgiref sees the thread as async and
    Django would hand out fresh connection objects, without the serialized data that
    `serialized_rollback` restores (the default levels). Keep the ones the test database was
    set up with, so each browser test starts from the migrated data, in any test order."""
    for alias, connection in django_connections_before_playwright.items():
        connections[alias] = connection
    return playwright


@pytest.fixture(autouse=True)
def page_timeouts(page: Page) -> None:
    # Fail in seconds, not the default 30, when an element never appears.
    page.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)


def sign_in(page: Page, base_url: str, person: Person) -> None:
    """Sign in through the real form, as a person would."""
    page.goto(f"{base_url}/login/")
    page.get_by_label("E-mail address").fill(person.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(person.full_name)


def open_from_menu(page: Page, group: str, link: str) -> None:
    """Follow `link` in the main navigation's `group` menu, opening the menu first."""
    nav = page.get_by_role("navigation", name="Main")
    nav.locator("summary").filter(has_text=re.compile(f"^{re.escape(group)}$")).click()
    nav.get_by_role("link", name=link, exact=True).click()
