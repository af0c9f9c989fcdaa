"""Large cohorts run in the background, through the real worker against the test database; the
e-mails of a published round go out through it too."""

from __future__ import annotations

import pytest
from django.core import mail
from pytest_django.fixtures import Settings

from conftest import Org
from peerlearn.jobs.tests.helpers import run_worker, task_rows
from peerlearn.matching import services
from peerlearn.matching.models import Match, MatchStatus, RunState
from peerlearn.matching.tests.factories import learner, make_round, skills_for_mentoring
from peerlearn.people.services import person_deactivate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def background_from_two_seekers(settings: Settings) -> None:
    settings.PEERLEARN_MATCHING_SYNC_SEEKERS = 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_large_cohort_is_matched_by_the_worker(org: Org) -> None:
    # given a round with more seekers than run at once
    skills_for_mentoring(org)
    learner("Lena Learner", org.sql)
    matching_round = make_round(org)

    # when the admin runs it
    assert services.round_run_request(matching_round=matching_round) == "queued"
    matching_round.refresh_from_db()
    assert (matching_round.run_state, matching_round.run_stage) == (
        RunState.QUEUED,
        "Waiting for a worker",
    )
    assert not Match.objects.exists()

    # then the worker makes and stores the proposal
    run_worker()
    matching_round.refresh_from_db()
    assert matching_round.run_state == RunState.DONE
    assert matching_round.proposal_is_current
    assert Match.objects.filter(round=matching_round, status=MatchStatus.PROPOSED).count() == 2
    assert matching_round.run_finished_at is not None
    [row] = task_rows("run_round")
    assert row.status == "SUCCESSFUL"


def test_a_queued_run_for_an_older_version_does_nothing(org: Org) -> None:
    skills_for_mentoring(org)
    learner("Lena Learner", org.sql)
    matching_round = make_round(org)
    services.round_run_request(matching_round=matching_round)

    # the admin changes the round before the worker gets to it
    services.round_update(matching_round=matching_round, name="Renamed", by=org.admin)
    matching_round.refresh_from_db()
    assert matching_round.run_state == RunState.IDLE  # the page stops polling
    run_worker()

    matching_round.refresh_from_db()
    assert not Match.objects.exists()
    assert not matching_round.proposal_is_current
    assert matching_round.run_state == RunState.IDLE
    [row] = task_rows("run_round")
    assert row.return_value == "out of date"


def test_a_run_the_organisation_no_longer_fits_fails_with_the_reason(
    org: Org, settings: Settings
) -> None:
    # given a round of one opted-in seeker, queued for the worker
    settings.PEERLEARN_MATCHING_SYNC_SEEKERS = 0
    skills_for_mentoring(org)
    lena = learner("Lena Learner", org.sql)
    matching_round = make_round(org, config={"seekers": {"people": [lena.user.email]}})
    services.round_run_request(matching_round=matching_round)

    # when she leaves before the worker runs it
    person_deactivate(person=lena)
    run_worker()

    # then the run fails with the reason, and is not retried (it could not succeed)
    matching_round.refresh_from_db()
    assert matching_round.run_state == RunState.FAILED
    assert "Nobody fits the rules for who is looking" in matching_round.run_error
    assert [row.return_value for row in task_rows("run_round")] == ["refused"]


def test_publishing_e_mails_everyone_their_match_with_the_reasons(
    org: Org, settings: Settings
) -> None:
    settings.PEERLEARN_MATCHING_SYNC_SEEKERS = 400
    skills_for_mentoring(org)
    matching_round = make_round(org, config={"places_per_provider": 1})
    services.round_run(matching_round=matching_round)

    services.round_publish(matching_round=matching_round, by=org.admin)
    run_worker()

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {org.owner.user.email, org.peer.user.email}
    to_olive = by_address[org.owner.user.email]
    assert "Piet Peer is suggested as a mentor" in to_olive.subject
    assert "Why: Piet Peer is level 3 in SQL" in to_olive.body
    assert "/matching/matches/" in to_olive.body
