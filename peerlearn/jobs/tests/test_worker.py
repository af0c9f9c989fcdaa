"""The worker, the scheduler, retries and exactly-once e-mail, run for real against the test DB.

These tests are transactional: the worker commits as it would in production, and e-mail claims
must commit before anything is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings as SettingsWrapper

from peerlearn.jobs.models import ScheduledRun
from peerlearn.jobs.retries import ATTEMPT_KWARG
from peerlearn.jobs.schedules import PERIODIC_JOBS, DailyAt, Every, register_periodic
from peerlearn.jobs.services import enqueue_after_commit, scheduler_tick, stale_runs_recover
from peerlearn.jobs.tests import sample_jobs
from peerlearn.jobs.tests.helpers import in_parallel, run_worker, task_rows
from peerlearn.notifications.models import OutboundEmail, OutboundEmailStatus
from peerlearn.notifications.services import EmailContent, email_send_once
from peerlearn.people.models import Person
from peerlearn.people.tests.factories import make_person

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FLAKY = "peerlearn.jobs.tests.sample_jobs.FlakyEmailBackend"
UTC = dt.UTC


@pytest.fixture
def only_test_schedules() -> Iterator[dict[str, Any]]:
    """The scheduler sees only the periodic jobs a test registers."""
    saved = dict(PERIODIC_JOBS)
    PERIODIC_JOBS.clear()
    yield PERIODIC_JOBS
    PERIODIC_JOBS.clear()
    PERIODIC_JOBS.update(saved)


@pytest.fixture
def flaky_mail(settings: SettingsWrapper) -> Iterator[type[sample_jobs.FlakyEmailBackend]]:
    settings.EMAIL_BACKEND = FLAKY
    sample_jobs.FlakyEmailBackend.refuse_once = set()
    yield sample_jobs.FlakyEmailBackend
    sample_jobs.FlakyEmailBackend.refuse_once = set()


@pytest.fixture
def no_backoff(settings: SettingsWrapper) -> None:
    """Retries become due at once, so one batch run sees a job through all its attempts."""
    settings.PEERLEARN_JOB_RETRY_BASE_SECONDS = 0


@pytest.fixture
def people() -> list[Person]:
    return [make_person(f"Person {n}", f"person-{n}@example.com") for n in range(3)]


def ids(people: list[Person]) -> list[str]:
    return [str(p.pk) for p in people]


def sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


# --- running jobs ---------------------------------------------------------------------------


def test_a_queued_job_is_run_by_the_worker_and_its_e_mails_go_out_once(
    people: list[Person], flaky_mail: type
) -> None:
    sample_jobs.greet.enqueue(person_ids=ids(people), occasion="welcome")

    run_worker()

    assert sent_to() == sorted(p.user.email for p in people)
    [row] = task_rows("greet")
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 3


def test_the_same_job_enqueued_twice_sends_each_e_mail_once(
    people: list[Person], flaky_mail: type
) -> None:
    sample_jobs.greet.enqueue(person_ids=ids(people), occasion="welcome")
    sample_jobs.greet.enqueue(person_ids=ids(people), occasion="welcome")

    run_worker()

    assert len(mail.outbox) == 3
    assert [row.return_value for row in task_rows("greet")] == [3, 0]


def test_a_job_that_crashes_halfway_is_retried_and_sends_the_rest_without_duplicates(
    people: list[Person], flaky_mail: type[sample_jobs.FlakyEmailBackend], no_backoff: None
) -> None:
    # Given a mail server that drops the connection on the second of three e-mails
    ordered = sorted(people, key=lambda p: p.pk)
    flaky_mail.refuse_once = {ordered[1].user.email}
    sample_jobs.greet.enqueue(person_ids=ids(people), occasion="welcome")

    # When the worker runs it (the first attempt fails, the retry is due at once)
    run_worker()

    # Then everyone got exactly one e-mail, and the queue shows the failed and the good attempt
    assert sent_to() == sorted(p.user.email for p in people)
    first, second = task_rows("greet")
    assert first.status == TaskResultStatus.FAILED
    assert "SMTPServerDisconnected" in first.exception_class_path
    assert second.status == TaskResultStatus.SUCCESSFUL
    assert second.args_kwargs["kwargs"][ATTEMPT_KWARG] == 2
    assert second.return_value == 2  # the first e-mail was not sent again
    ledger = OutboundEmail.objects.get(key=f"greeting:welcome:{ordered[1].pk}")
    assert (ledger.status, ledger.attempts) == (OutboundEmailStatus.SENT, 2)


def test_retries_back_off_exponentially(people: list[Person], settings: SettingsWrapper) -> None:
    settings.PEERLEARN_JOB_RETRY_BASE_SECONDS = 30
    sample_jobs.always_fails.enqueue(reason="broken")
    before = timezone.now()

    run_worker()  # attempt 1 fails; attempt 2 is not due yet, so the batch ends

    first, second = task_rows("always_fails")
    assert first.status == TaskResultStatus.FAILED
    assert second.status == TaskResultStatus.READY
    assert dt.timedelta(seconds=29) < second.run_after - before < dt.timedelta(seconds=40)

    # Time passes; attempt 2 fails and attempt 3 waits twice as long.
    DBTaskResult.objects.filter(pk=second.pk).update(run_after=timezone.now())
    before = timezone.now()
    run_worker()
    third = task_rows("always_fails")[2]
    assert dt.timedelta(seconds=59) < third.run_after - before < dt.timedelta(seconds=70)


def test_a_job_that_keeps_failing_gives_up_after_its_last_attempt(no_backoff: None) -> None:
    sample_jobs.always_fails.enqueue(reason="broken")

    run_worker()

    rows = task_rows("always_fails")
    assert [row.status for row in rows] == [TaskResultStatus.FAILED] * 3
    assert [row.args_kwargs["kwargs"].get(ATTEMPT_KWARG, 1) for row in rows] == [1, 2, 3]


def test_a_job_left_running_by_a_dead_worker_is_retried_without_resending(
    people: list[Person],
    flaky_mail: type,
    settings: SettingsWrapper,
    only_test_schedules: dict[str, Any],
) -> None:
    # Given a worker that claimed the job, sent the first e-mail and then died (kill -9):
    result = sample_jobs.greet.enqueue(person_ids=ids(people), occasion="welcome")
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("worker-that-died")
    first = sorted(people, key=lambda p: p.pk)[0]
    email_send_once(
        key=f"greeting:welcome:{first.pk}",
        recipient=first,
        content=EmailContent(subject="Hello for welcome", message="Hello!"),
    )
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - dt.timedelta(hours=2))
    settings.PEERLEARN_JOB_LEASE_SECONDS = 3600
    settings.PEERLEARN_JOB_RETRY_BASE_SECONDS = 0

    # When another worker starts (its scheduler pass recovers jobs past their lease)
    run_worker(scheduler=True)

    # Then the job ran again, and nobody got a second e-mail
    assert sent_to() == sorted(p.user.email for p in people)
    lost, retried = task_rows("greet")
    assert lost.status == TaskResultStatus.FAILED
    assert lost.exception_class_path == "peerlearn.jobs.WorkerLost"
    assert retried.status == TaskResultStatus.SUCCESSFUL
    assert retried.return_value == 2


def test_a_job_still_within_its_lease_is_left_alone(settings: SettingsWrapper) -> None:
    settings.PEERLEARN_JOB_LEASE_SECONDS = 3600
    result = sample_jobs.tick.enqueue(slot="x")
    DBTaskResult.objects.get(pk=result.id).claim("busy-worker")

    assert stale_runs_recover() == 0
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


def test_a_job_enqueued_in_a_transaction_that_rolls_back_never_runs() -> None:
    class Abort(Exception):
        pass

    def change_that_fails() -> None:
        with transaction.atomic():
            enqueue_after_commit(sample_jobs.tick, slot="x")
            raise Abort

    with pytest.raises(Abort):
        change_that_fails()

    assert task_rows("tick") == []


# --- the periodic scheduler -----------------------------------------------------------------


def test_each_due_slot_is_enqueued_once_however_often_the_scheduler_looks(
    only_test_schedules: dict[str, Any],
) -> None:
    register_periodic(name="test.tick", task=sample_jobs.tick, schedule=Every(minutes=15))
    now = dt.datetime(2025, 3, 10, 10, 7, tzinfo=UTC)

    first = scheduler_tick(now=now)
    again = scheduler_tick(now=now + dt.timedelta(minutes=5))
    next_slot = scheduler_tick(now=now + dt.timedelta(minutes=8))

    assert [run.slot for run in first] == [dt.datetime(2025, 3, 10, 10, 0, tzinfo=UTC)]
    assert again == []
    assert [run.slot for run in next_slot] == [dt.datetime(2025, 3, 10, 10, 15, tzinfo=UTC)]
    assert [row.args_kwargs["kwargs"]["slot"] for row in task_rows("tick")] == [
        "2025-03-10T10:00:00+00:00",
        "2025-03-10T10:15:00+00:00",
    ]


def test_after_downtime_a_missed_daily_job_runs_once_not_once_per_missed_day(
    only_test_schedules: dict[str, Any],
) -> None:
    register_periodic(name="test.daily", task=sample_jobs.tick, schedule=DailyAt(hour=7))
    ScheduledRun.objects.create(name="test.daily", slot=dt.datetime(2025, 3, 6, 7, tzinfo=UTC))

    # The workers were down from the 6th until the 10th at 09:00.
    runs = scheduler_tick(now=dt.datetime(2025, 3, 10, 9, 0, tzinfo=UTC))

    assert [run.slot for run in runs] == [dt.datetime(2025, 3, 10, 7, tzinfo=UTC)]
    assert len(task_rows("tick")) == 1


def test_the_worker_runs_due_periodic_jobs(only_test_schedules: dict[str, Any]) -> None:
    register_periodic(name="test.tick", task=sample_jobs.tick, schedule=Every(minutes=1))

    run_worker(scheduler=True)

    [row] = task_rows("tick")
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert ScheduledRun.objects.get(name="test.tick").task_result_id == str(row.pk)


def test_many_schedulers_at_once_enqueue_a_due_slot_exactly_once(
    only_test_schedules: dict[str, Any],
) -> None:
    register_periodic(name="test.tick", task=sample_jobs.tick, schedule=Every(minutes=15))
    now = timezone.now()

    results = in_parallel(lambda: scheduler_tick(now=now))

    assert sum(len(runs) for runs in results if isinstance(runs, list)) == 1
    assert ScheduledRun.objects.count() == 1
    assert len(task_rows("tick")) == 1


def test_concurrent_sends_of_one_e_mail_deliver_it_once(flaky_mail: type) -> None:
    person = make_person("Solo", "solo@example.com")

    def send() -> bool:
        recipient = Person.objects.select_related("user").get(pk=person.pk)
        return email_send_once(
            key="greeting:race", recipient=recipient, content=EmailContent("Hi", "Hi")
        )

    results = in_parallel(send)

    assert sorted(results, key=bool) == [False, False, False, True]
    assert len(mail.outbox) == 1


def test_jobs_status_lists_periodic_jobs_and_the_queue(only_test_schedules: dict[str, Any]) -> None:
    from io import StringIO

    from django.core.management import call_command

    register_periodic(name="test.daily", task=sample_jobs.tick, schedule=DailyAt(hour=7))
    scheduler_tick(now=dt.datetime(2025, 3, 10, 9, 0, tzinfo=UTC))
    out = StringIO()

    call_command("jobs_status", stdout=out)

    assert "test.daily" in out.getvalue()
    assert "daily at 07:00 UTC" in out.getvalue()
    assert "last slot: 2025-03-10T07:00:00+00:00" in out.getvalue()
    assert "queue: 1 waiting, 0 running" in out.getvalue()
