"""`peerlearn match --round ID [--dry-run]`: the pairs with reasons, a progress bar, a stored
proposal."""

from __future__ import annotations

import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conftest import Org
from peerlearn.cli import translate
from peerlearn.matching.models import Match, MatchStatus
from peerlearn.matching.tests.factories import make_round, skills_for_mentoring

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # The reasons column takes the terminal's width; a fixed one keeps the lines comparable.
    monkeypatch.setenv("COLUMNS", "200")


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*translate(["match", *args]), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_prints_the_pairs_with_their_reasons_and_stores_nothing(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = make_round(org, config={"places_per_provider": 1})

    out, err = run("--round", str(matching_round.id), "--dry-run")

    assert "| #    | Seeker" in out
    assert "Olive Owner" in out
    assert "Piet Peer" in out
    assert "Piet Peer is level 3 in SQL, which" in out
    assert "1 of 1 seekers matched (100%)" in out
    assert "Dry run: nothing was stored." in out
    assert err == ""  # a small cohort shows no progress bar
    assert not Match.objects.exists()


def test_without_dry_run_the_proposal_is_stored(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = make_round(org)

    out, _ = run("--round", str(matching_round.id), "--progress")

    assert "Stored as the round's proposal" in out
    assert Match.objects.get(round=matching_round).status == MatchStatus.PROPOSED
    matching_round.refresh_from_db()
    assert matching_round.proposal_is_current


def test_the_progress_bar_shows_on_standard_error(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = make_round(org)

    _, err = run("--round", str(matching_round.id), "--dry-run", "--progress")

    assert "100%" in err
    assert "Done" in err


def test_problems_are_printed_with_names(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = make_round(org, config={"constraints": {"max_timezone_difference_hours": 0}})

    out, _ = run("--round", str(matching_round.id), "--dry-run")

    assert "! 1 seeker has no eligible provider with a free place: Olive Owner." in out


def test_an_unknown_or_malformed_round_is_a_clear_error(org: Org) -> None:
    with pytest.raises(CommandError, match="There is no matching round"):
        run("--round", str(uuid.uuid4()), "--dry-run")
    with pytest.raises(CommandError, match="is not a round id"):
        run("--round", "seven", "--dry-run")


def test_a_coffee_round_prints_its_groups(org: Org) -> None:
    people = [p.user.email for p in (org.owner, org.peer, org.outsider, org.manager)]
    matching_round = make_round(
        org, name="Coffee", format="coffee", config={"seekers": {"people": people}}
    )

    out, _ = run("--round", str(matching_round.id), "--dry-run")

    assert "| #    | Members" in out
    assert "4 of 4 people in 2 groups" in out
