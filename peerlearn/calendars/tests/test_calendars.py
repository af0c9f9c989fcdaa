"""iCalendar files parse back with the icalendar library, at the right instant for everyone,
and the private feed is private, revocable and rotatable."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from conftest import Org
from peerlearn.calendars.models import CalendarFeed
from peerlearn.calendars.services import calendar_feed_revoke, calendar_feed_rotate
from peerlearn.mentoring.models import Mentorship
from peerlearn.mentoring.services import check_in_cancel, check_in_reschedule, check_in_schedule
from peerlearn.mentoring.tests.factories import make_mentorship
from peerlearn.onboarding.services import onboarding_start_for
from peerlearn.people.tests.factories import login, make_person
from peerlearn.shadowing.services import shadowing_accept, shadowing_request

pytestmark = pytest.mark.django_db

KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# 10:00 in Kolkata on 15 July 2031 is 04:30 UTC and 00:30 the same day in New York (EDT).
MEETING = dt.datetime(2031, 7, 15, 10, 0, tzinfo=KOLKATA)


@pytest.fixture
def pair(org: Org) -> Mentorship:
    mentor = make_person("Kavya Mentor", "kavya@example.com", time_zone="Asia/Kolkata")
    mentee = make_person("Noah Mentee", "noah@example.com", time_zone="America/New_York")
    with time_machine.travel(MEETING - dt.timedelta(days=10), tick=False):
        pairing = make_mentorship(mentor=mentor, mentee=mentee)
        check_in_schedule(
            mentorship=pairing, by=mentor, starts_at=MEETING, duration_minutes=60, agenda="Plan"
        )
    return pairing


def events(body: bytes) -> list[Any]:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def invite_for(client: Client, pair: Mentorship) -> bytes:
    check_in = pair.check_ins.get()
    response = client.get(reverse("mentoring:check_in_invite", args=[pair.id, check_in.id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return bytes(response.content)


@pytest.mark.parametrize(
    ("who", "zone", "local_start"),
    [
        ("mentor", KOLKATA, dt.datetime(2031, 7, 15, 10, 0)),
        ("mentee", NEW_YORK, dt.datetime(2031, 7, 15, 0, 30)),
    ],
)
def test_the_invite_parses_back_at_the_right_time_for_each_reader(
    client: Client, pair: Mentorship, who: str, zone: zoneinfo.ZoneInfo, local_start: dt.datetime
) -> None:
    login(client, getattr(pair, who))
    calendar = Calendar.from_ical(invite_for(client, pair))
    [event] = calendar.walk("VEVENT")

    start = event.decoded("dtstart")
    end = event.decoded("dtend")
    assert start == MEETING  # the same instant, whatever the zone it is written in
    assert end - start == dt.timedelta(minutes=60)
    assert start.astimezone(zone).replace(tzinfo=None) == local_start
    assert str(event["dtstart"].params["TZID"]) == zone.key
    assert [tz.tz_name for tz in calendar.timezones] == [zone.key]  # VTIMEZONE included


def test_the_invite_names_organizer_attendees_uid_and_sequence(
    client: Client, pair: Mentorship
) -> None:
    login(client, pair.mentee)
    [event] = events(invite_for(client, pair))
    check_in = pair.check_ins.get()

    assert str(event["uid"]).startswith(f"mentoring-checkin-{check_in.id}@")
    assert int(event["sequence"]) == 0
    assert str(event["organizer"]) == "mailto:kavya@example.com"
    assert sorted(str(a) for a in event["attendee"]) == [
        "mailto:kavya@example.com",
        "mailto:noah@example.com",
    ]
    assert str(event["summary"]) == "Mentoring check-in: Kavya Mentor & Noah Mentee"
    assert str(event["status"]) == "CONFIRMED"


def test_a_moved_check_in_keeps_its_uid_and_raises_its_sequence(
    client: Client, pair: Mentorship
) -> None:
    login(client, pair.mentee)
    [before] = events(invite_for(client, pair))
    with time_machine.travel(MEETING - dt.timedelta(days=5), tick=False):
        check_in_reschedule(
            check_in=pair.check_ins.get(),
            by=pair.mentee,
            starts_at=MEETING + dt.timedelta(hours=1),
            duration_minutes=60,
            agenda="Plan",
        )
    [after] = events(invite_for(client, pair))

    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == 1
    assert after.decoded("dtstart") == MEETING + dt.timedelta(hours=1)


@pytest.mark.parametrize("role", ["manager", "admin", "outsider"])
def test_only_the_pair_downloads_the_invite(
    client: Client, org: Org, pair: Mentorship, role: str
) -> None:
    login(client, getattr(org, role))
    check_in = pair.check_ins.get()
    response = client.get(reverse("mentoring:check_in_invite", args=[pair.id, check_in.id]))
    assert response.status_code == 404


class TestFeed:
    def test_the_feed_has_every_format_and_cancelled_events_say_so(
        self, client: Client, org: Org, pair: Mentorship
    ) -> None:
        noah = pair.mentee
        with time_machine.travel(MEETING - dt.timedelta(days=10), tick=False):
            extra = check_in_schedule(
                mentorship=pair, by=noah, starts_at=MEETING + dt.timedelta(days=7)
            )
            check_in_cancel(check_in=extra, by=noah)
            shadowing = shadowing_request(
                observer=noah, host=org.peer, what_to_observe="Deploys", why="Curious"
            )
            shadowing_accept(
                request=shadowing, by=org.peer, starts_at=MEETING + dt.timedelta(days=3)
            )
            onboarding_start_for(person=noah, start_date=MEETING.date(), assign_buddy=False)
        secret = calendar_feed_rotate(person=noah).secret

        with time_machine.travel(MEETING - dt.timedelta(days=9), tick=False):
            response = client.get(reverse("calendars:feed", args=[secret]))

        assert response.status_code == 200
        found = events(response.content)
        kinds = sorted(str(e["uid"]).split("-")[0] for e in found)
        assert kinds == ["mentoring"] * 2 + ["onboarding"] * 4 + ["shadowing"]
        cancelled = [e for e in found if str(e["uid"]).startswith(f"mentoring-checkin-{extra.id}")]
        assert str(cancelled[0]["status"]) == "CANCELLED"
        assert int(cancelled[0]["sequence"]) == 1

    def test_the_feed_needs_no_login_but_the_right_secret(
        self, client: Client, pair: Mentorship
    ) -> None:
        secret = calendar_feed_rotate(person=pair.mentee).secret
        assert client.get(reverse("calendars:feed", args=[secret])).status_code == 200
        assert client.get(reverse("calendars:feed", args=["wrong" + secret])).status_code == 404

    def test_rotating_makes_the_old_address_stop_working(
        self, client: Client, pair: Mentorship
    ) -> None:
        old = calendar_feed_rotate(person=pair.mentee).secret
        new = calendar_feed_rotate(person=pair.mentee).secret
        assert client.get(reverse("calendars:feed", args=[old])).status_code == 404
        assert client.get(reverse("calendars:feed", args=[new])).status_code == 200
        assert CalendarFeed.objects.filter(person=pair.mentee, revoked_at__isnull=True).count() == 1

    def test_revoking_turns_the_feed_off(self, client: Client, pair: Mentorship) -> None:
        secret = calendar_feed_rotate(person=pair.mentee).secret
        calendar_feed_revoke(person=pair.mentee)
        assert client.get(reverse("calendars:feed", args=[secret])).status_code == 404

    def test_a_person_who_left_has_no_feed(self, client: Client, pair: Mentorship) -> None:
        from peerlearn.people.services import person_deactivate

        secret = calendar_feed_rotate(person=pair.mentee).secret
        person_deactivate(person=pair.mentee)
        assert client.get(reverse("calendars:feed", args=[secret])).status_code == 404

    def test_a_leavers_old_address_stays_off_when_they_come_back(
        self, client: Client, pair: Mentorship
    ) -> None:
        from peerlearn.people.services import person_deactivate, person_reactivate

        secret = calendar_feed_rotate(person=pair.mentee).secret
        person_deactivate(person=pair.mentee)

        person_reactivate(person=pair.mentee)

        assert client.get(reverse("calendars:feed", args=[secret])).status_code == 404

    def test_the_settings_page_shows_the_address_once(self, client: Client, org: Org) -> None:
        login(client, org.owner)
        client.post(reverse("calendars:rotate"))
        first = client.get(reverse("calendars:settings")).text
        second = client.get(reverse("calendars:settings")).text
        assert "/calendar/feed/" in first
        assert "/calendar/feed/" not in second
        assert "Your calendar address is on" in second

    def test_the_feed_costs_the_same_for_3_or_30_events(
        self,
        client: Client,
        pair: Mentorship,
        django_assert_max_num_queries: Callable[..., Any],
    ) -> None:
        secret = calendar_feed_rotate(person=pair.mentee).secret
        with time_machine.travel(MEETING - dt.timedelta(days=10), tick=False):
            for n in range(30):
                check_in_schedule(
                    mentorship=pair, by=pair.mentee, starts_at=MEETING + dt.timedelta(days=n + 1)
                )
            with django_assert_max_num_queries(10):
                response = client.get(reverse("calendars:feed", args=[secret]))
        assert len(events(response.content)) == 31
