"""Reminders, nudges and digests, run by the real worker against the test database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from pytest_django.fixtures import Settings

from conftest import Org
from peerlearn.calendars.tasks import send_event_reminders
from peerlearn.jobs.schedules import PERIODIC_JOBS
from peerlearn.jobs.tests import sample_jobs
from peerlearn.jobs.tests.helpers import run_worker, task_rows
from peerlearn.mentoring.models import Mentorship
from peerlearn.mentoring.services import check_in_reschedule
from peerlearn.mentoring.tasks import nudge_pairs_needing_attention, send_stalled_pairs_digest
from peerlearn.mentoring.tests.factories import make_mentorship, schedule
from peerlearn.notifications.models import Notification
from peerlearn.people.models import Person
from peerlearn.people.tests.factories import make_person

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def mail_server(settings: Settings) -> Iterator[type[sample_jobs.FlakyEmailBackend]]:
    settings.EMAIL_BACKEND = "peerlearn.jobs.tests.sample_jobs.FlakyEmailBackend"
    settings.PEERLEARN_JOB_RETRY_BASE_SECONDS = 0
    sample_jobs.FlakyEmailBackend.refuse_once = set()
    yield sample_jobs.FlakyEmailBackend
    sample_jobs.FlakyEmailBackend.refuse_once = set()


@pytest.fixture
def only(request: pytest.FixtureRequest) -> Iterator[None]:
    """Only the periodic jobs a test names are scheduled."""
    saved = dict(PERIODIC_JOBS)
    yield
    PERIODIC_JOBS.clear()
    PERIODIC_JOBS.update(saved)


def keep_only(*names: str) -> None:
    kept = {name: PERIODIC_JOBS[name] for name in names}
    PERIODIC_JOBS.clear()
    PERIODIC_JOBS.update(kept)


@pytest.fixture
def pair(org: Org) -> Mentorship:
    """Kavya in Kolkata mentors Noah in New York."""
    mentor = make_person("Kavya Mentor", "kavya@example.com", time_zone="Asia/Kolkata")
    mentee = make_person("Noah Mentee", "noah@example.com", time_zone="America/New_York")
    return make_mentorship(mentor=mentor, mentee=mentee)


def reminders_to(person: Person) -> list[Any]:
    return [m for m in mail.outbox if m.to == [person.user.email] and "Reminder" in m.subject]


def clear_mail() -> None:
    mail.outbox.clear()


class TestCheckInReminders:
    def test_a_due_reminder_is_sent_once_by_the_scheduled_worker(
        self, pair: Mentorship, only: None
    ) -> None:
        keep_only("calendars.event_reminders")
        check_in = schedule(pair, hours=10)
        run_worker()  # deliver the "scheduled" notification e-mails first
        clear_mail()

        run_worker(scheduler=True)
        run_worker(scheduler=True)  # the same slot again: nothing more is enqueued
        send_event_reminders.enqueue(slot="another run")
        run_worker()  # a second run of the job sends nothing twice

        assert len(reminders_to(pair.mentor)) == 1
        assert len(reminders_to(pair.mentee)) == 1
        key = f"reminder:mentoring-checkin-{check_in.id}@"
        assert Notification.objects.filter(key__startswith=key).count() == 2

    def test_each_person_reads_the_time_in_their_own_zone(self, pair: Mentorship) -> None:
        # 04:30 UTC in January is 10:00 in Kolkata and 23:30 the evening before in New York.
        starts = dt.datetime(2031, 1, 15, 4, 30, tzinfo=dt.UTC)
        with time_machine.travel(starts - dt.timedelta(hours=30), tick=False):
            schedule(pair, hours=30)
        with time_machine.travel(starts - dt.timedelta(hours=5), tick=False):
            clear_mail()
            send_event_reminders.enqueue(slot="x")
            run_worker()

        [to_mentor] = reminders_to(pair.mentor)
        [to_mentee] = reminders_to(pair.mentee)
        assert "Wednesday 15 January at 10:00 (Asia/Kolkata)" in to_mentor.body
        assert "Tuesday 14 January at 23:30 (America/New_York)" in to_mentee.body

    def test_a_crashed_run_is_retried_without_duplicates(
        self, pair: Mentorship, mail_server: type[sample_jobs.FlakyEmailBackend]
    ) -> None:
        schedule(pair, hours=10)
        run_worker()
        clear_mail()
        # The mail server drops the connection at one of the two reminders, once.
        mail_server.refuse_once = {pair.mentee.user.email}

        send_event_reminders.enqueue(slot="x")
        run_worker()

        assert len(reminders_to(pair.mentor)) == 1
        assert len(reminders_to(pair.mentee)) == 1
        statuses = [row.status for row in task_rows("send_event_reminders")]
        assert statuses == [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]

    def test_a_moved_check_in_is_reminded_again_and_a_far_one_not_yet(
        self, pair: Mentorship
    ) -> None:
        check_in = schedule(pair, hours=10)
        schedule(pair, hours=60)  # beyond the 24-hour lead: no reminder yet
        send_event_reminders.enqueue(slot="1")
        run_worker()
        check_in_reschedule(
            check_in=check_in,
            by=pair.mentee,
            starts_at=check_in.starts_at + dt.timedelta(hours=2),
            duration_minutes=45,
            agenda="",
        )
        clear_mail()

        send_event_reminders.enqueue(slot="2")
        run_worker()

        assert len(reminders_to(pair.mentor)) == 1
        assert len(reminders_to(pair.mentee)) == 1


class TestNudgesAndDigest:
    @pytest.fixture
    def quiet_pair(self, org: Org) -> Mentorship:
        with time_machine.travel(timezone.now() - dt.timedelta(days=30)):
            return make_mentorship(mentor=org.peer, mentee=org.owner)

    def test_a_quiet_pair_is_nudged_once(self, quiet_pair: Mentorship, org: Org) -> None:
        run_worker()
        clear_mail()

        nudge_pairs_needing_attention.enqueue(slot="day 1")
        nudge_pairs_needing_attention.enqueue(slot="day 2")
        run_worker()

        nudges = [m for m in mail.outbox if "needs a nudge" in m.subject]
        assert sorted(m.to[0] for m in nudges) == ["owner@example.com", "peer@example.com"]

    def test_a_fresh_pair_is_not_nudged(self, org: Org) -> None:
        make_mentorship(mentor=org.peer, mentee=org.owner)
        run_worker()
        clear_mail()
        nudge_pairs_needing_attention.enqueue(slot="x")
        run_worker()
        assert mail.outbox == []

    def test_programme_admins_get_one_digest_a_week(self, quiet_pair: Mentorship, org: Org) -> None:
        run_worker()
        clear_mail()
        slot = "2031-01-13T07:00:00+00:00"

        send_stalled_pairs_digest.enqueue(slot=slot)
        send_stalled_pairs_digest.enqueue(slot=slot)
        run_worker()

        [digest] = mail.outbox
        assert digest.to == ["admin@example.com"]
        assert digest.subject == "1 mentoring pair needs attention"
        assert "Piet Peer and Olive Owner: quiet since" in digest.body
        # Names and dates only: nothing the pair wrote.
        assert "Please?" not in digest.body
