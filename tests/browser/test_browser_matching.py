"""Matching in a real browser: a programme admin configures a mentoring round, previews the
pairs with their reasons and statistics, pins a pair by hand and publishes; the mentee then
accepts from her matches page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Org
from peerlearn.matching.models import Match, MatchingRound, MatchStatus, RoundStatus
from peerlearn.matching.tests.factories import learner, skills_for_mentoring
from tests.browser.conftest import open_from_menu, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_admin_configures_previews_pins_and_publishes_a_round(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    # given Olive and Lena want to learn SQL; Piet and Oscar teach it
    skills_for_mentoring(org)
    lena = learner("Lena Learner", org.sql)

    # when the programme admin starts a peer-mentoring round from the navigation
    sign_in(page, live_server.url, org.admin)
    open_from_menu(page, "Programmes", "Matching")
    page.get_by_role("link", name="Matching rounds").click()
    page.get_by_role("link", name="New round").click()
    page.get_by_role("link", name="Peer mentoring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New round: peer mentoring")

    # and makes a mistake first: no places per mentor
    page.get_by_label("Name of the round").fill("SQL mentoring")
    page.get_by_label("Places per provider").fill("0")
    page.get_by_role("button", name="Save and see the proposal").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link", name="from 1 to 50 places").click()
    expect(page.get_by_label("Places per provider")).to_be_focused()

    # and corrects it: one place each, mentors at most 4 hours away
    page.get_by_label("Places per provider").fill("1")
    page.get_by_label("Largest time-zone difference, in hours").fill("4")
    page.get_by_role("button", name="Save and see the proposal").click()

    # then the preview shows the configuration, the statistics and each pair's reasons
    expect(page.get_by_role("heading", level=1)).to_have_text("SQL mentoring")
    expect(page.get_by_text("time zones at most 4 h apart")).to_be_visible()
    stats = page.locator("#stats")
    expect(stats).to_contain_text("100%")
    expect(stats).to_contain_text("2 of 2 seekers")
    pairs = page.locator("#pairs")
    expect(pairs).to_contain_text("Piet Peer is level 3 in SQL, which Olive Owner wants to learn")
    page.get_by_text("This chart as a table").first.click()
    expect(page.locator("#scores-table")).to_be_visible()

    # when she pins Olive to Piet and excludes Lena with Oscar, the matching runs again
    page.get_by_role("button", name="Pin Olive Owner with Piet Peer").click()
    expect(page.locator(".messages")).to_contain_text("Pinned: Olive Owner with Piet Peer")
    lena_row = page.locator("#pairs > tbody > tr", has_text="Lena Learner")
    lena_row.get_by_role("button", name="Exclude").click()
    expect(page.locator(".messages")).to_contain_text("Excluded: Lena Learner with")
    rules = page.locator("#rules")
    expect(rules).to_contain_text("Pinned: always pair Olive Owner with Piet Peer")
    expect(rules).to_contain_text("Excluded: never pair Lena Learner with")
    excluded = Match.objects.get(seeker=lena).provider  # the new proposal's partner
    expect(page.locator("#pairs > tbody > tr", has_text="Lena Learner")).to_contain_text(
        excluded.full_name if excluded else ""
    )

    # and publishes
    page.get_by_role("button", name="Publish 2 pairs").click()
    expect(page.locator(".messages")).to_contain_text("Published")
    matching_round = MatchingRound.objects.get()
    assert matching_round.status == RoundStatus.PUBLISHED
    match = Match.objects.get(round=matching_round, seeker=org.owner)
    assert (match.provider, match.pinned) == (org.peer, True)
    rule = matching_round.rules.get(kind="must_not")
    assert not Match.objects.filter(seeker=lena, provider=rule.provider).exists()

    # then Olive finds the match with its reasons and accepts it
    page.context.clear_cookies()
    sign_in(page, live_server.url, org.owner)
    open_from_menu(page, "Programmes", "Matching")
    expect(page.get_by_role("status")).to_contain_text("1 match waiting for your answer")
    page.get_by_role("link", name="Answer", exact=True).click()
    expect(page.locator("#criteria")).to_contain_text("Piet Peer is level 3 in SQL")
    page.get_by_label("Message (optional)").fill("Looking forward to it")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_contain_text("We will tell you when the others answer")
    match.refresh_from_db()
    assert match.status == MatchStatus.OFFERED
