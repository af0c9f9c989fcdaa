"""A directory address with a filter that names nothing, fixed in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Org
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_bad_filter_is_explained_and_goes_away_once_fixed(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    # given an old link to the directory, with a team that no longer exists
    sign_in(page, live_server.url, org.owner)
    page.goto(f"{live_server.url}/people/?team=old-platform")
    results = page.locator("#directory-results")
    team = page.get_by_label("Team", exact=True)
    # then the page explains it beside the list and above the (empty) results
    expect(page.locator("#id_team_error")).to_have_text("Error: There is no team “old-platform”.")
    expect(team).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("There is a problem with the filters")
    expect(results.locator("tbody tr")).to_have_count(0)
    # and the summary's link takes keyboard users to the list
    page.get_by_role("link", name="Team: There is no team “old-platform”.").click()
    expect(team).to_be_focused()

    # when they choose Engineering, the first team, from the list with the keyboard
    page.keyboard.press("ArrowDown")

    # then the error is gone from the list and the results, which list the team
    expect(page.locator("#id_team_error")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(team).not_to_have_attribute("aria-invalid", "true")
    expect(results.locator("tbody tr")).to_have_count(3)
    expect(results).to_contain_text("Piet Peer")
    expect(page).to_have_url(re.compile(r"team=engineering"))
    # and focus is still on the list they used
    expect(page.get_by_label("Team", exact=True)).to_be_focused()
