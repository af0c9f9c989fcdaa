"""Mentoring in a real browser: a mentee accepts a match, schedules a check-in and writes a
private and a shared note; the mentor reads the shared note only; the admin reads neither."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Org
from peerlearn.mentoring.models import CheckIn, Mentorship, MentorshipStatus
from peerlearn.mentoring.services import mentorship_create_from_match
from tests.browser.conftest import open_from_menu, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHARED = "We agreed to pair on the migration next week."
PRIVATE = "I felt lost when we talked about indexes; read up before Friday."


def test_a_mentee_accepts_a_match_and_notes_stay_private(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    # given a matching round paired Piet (mentor) with Olive (mentee)
    mentorship_create_from_match(
        mentor=org.peer,
        mentee=org.owner,
        reason="Piet teaches SQL at level 3; Olive wants to learn it.",
        focus_skills=[org.sql],
    )

    # when Olive accepts the match from her mentoring page
    sign_in(page, live_server.url, org.owner)
    open_from_menu(page, "Programmes", "Mentoring")
    waiting = page.get_by_role("region", name="Waiting for your answer")
    expect(waiting).to_contain_text("Piet Peer was matched with you as your mentor")
    waiting.get_by_role("link", name="Answer").click()
    expect(page.get_by_text("Piet teaches SQL at level 3")).to_be_visible()
    page.get_by_label("Message (optional)").fill("Yes please!")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_contain_text("Accepted")
    mentorship = Mentorship.objects.get()
    assert mentorship.status == MentorshipStatus.ACTIVE

    # and schedules a check-in (in her own time zone, Europe/Berlin)
    page.get_by_role("link", name="Schedule a check-in").first.click()
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    day = (timezone.now() + dt.timedelta(days=10)).astimezone(berlin).date()
    page.get_by_label("When").fill(f"{day.isoformat()}T10:00")
    page.get_by_label("Agenda (optional)").fill("Indexes, and the migration plan")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check-in on")
    check_in = CheckIn.objects.get()
    assert check_in.starts_at == dt.datetime.combine(day, dt.time(10), tzinfo=berlin)

    # and writes a private note and a shared note
    page.get_by_label("Note", exact=True).fill(PRIVATE)
    page.get_by_label("Private: only you can read it").check()
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("status")).to_contain_text("only you can read it")
    page.get_by_label("Note", exact=True).fill(SHARED)
    page.get_by_label("Shared with your mentoring partner").check()
    page.get_by_role("button", name="Save note").click()
    notes = page.locator("#notes")
    expect(notes).to_contain_text(PRIVATE)
    expect(notes).to_contain_text(SHARED)
    check_in_url = page.url

    # then Piet, the mentor, reads the shared note and not the private one
    page.context.clear_cookies()
    sign_in(page, live_server.url, org.peer)
    page.goto(check_in_url)
    expect(page.locator("#notes")).to_contain_text(SHARED)
    expect(page.get_by_text(PRIVATE)).to_have_count(0)
    expect(page.get_by_text("Indexes, and the migration plan")).to_be_visible()

    # and Ada, a programme admin, sees the pair's status and dates but neither note
    page.context.clear_cookies()
    sign_in(page, live_server.url, org.admin)
    page.goto(f"{live_server.url}/mentoring/{mentorship.id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Piet Peer mentoring Olive Owner")
    expect(page.get_by_text("Goals, agendas and notes belong to the pair")).to_be_visible()
    expect(page.get_by_text(SHARED)).to_have_count(0)
    expect(page.get_by_text(PRIVATE)).to_have_count(0)
    page.goto(check_in_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text(SHARED)).to_have_count(0)
    expect(page.get_by_text(PRIVATE)).to_have_count(0)
