"""Schedules map "now" to the slot that was last due; nothing here needs a database."""

from __future__ import annotations

import datetime as dt

import pytest

from peerlearn.jobs.schedules import DailyAt, Every, WeeklyAt

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        ("2025-03-10 10:14:59", "2025-03-10 10:00:00"),
        ("2025-03-10 10:15:00", "2025-03-10 10:15:00"),
        ("2025-03-10 00:00:01", "2025-03-10 00:00:00"),
    ],
)
def test_every_fifteen_minutes_is_aligned_to_the_clock(now: str, slot: str) -> None:
    assert Every(minutes=15).latest_slot(at(now)) == at(slot)


def test_daily_slot_is_today_once_the_hour_has_passed_and_yesterday_before() -> None:
    schedule = DailyAt(hour=7)
    assert schedule.latest_slot(at("2025-03-10 07:00:00")) == at("2025-03-10 07:00:00")
    assert schedule.latest_slot(at("2025-03-10 06:59:59")) == at("2025-03-09 07:00:00")


def test_daily_slot_is_computed_in_utc_whatever_the_zone_of_now() -> None:
    kolkata = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))
    # 12:00 in Kolkata is 06:30 UTC, before today's 07:00 UTC slot.
    assert DailyAt(hour=7).latest_slot(kolkata) == at("2025-03-09 07:00:00")


def test_weekly_slot_is_the_last_monday_at_the_hour() -> None:
    schedule = WeeklyAt(weekday=0, hour=7)
    # 2025-03-12 is a Wednesday; the Monday before is the 10th.
    assert schedule.latest_slot(at("2025-03-12 09:00:00")) == at("2025-03-10 07:00:00")
    assert schedule.latest_slot(at("2025-03-10 06:00:00")) == at("2025-03-03 07:00:00")


def test_descriptions_read_as_sentences() -> None:
    assert Every(minutes=15).describe() == "every 15 minutes"
    assert DailyAt(hour=7).describe() == "daily at 07:00 UTC"
    assert WeeklyAt(weekday=0, hour=7, minute=30).describe() == "weekly on Monday at 07:30 UTC"


def test_a_schedule_more_often_than_every_minute_is_refused() -> None:
    with pytest.raises(ValueError, match="once a minute"):
        Every(minutes=0)
