"""The demo has a published mentoring round, a buddy round for recent hires and a coffee round,
answered in every way, and a draft round waiting to be published."""

from __future__ import annotations

import datetime as dt

import pytest

from peerlearn.matching.models import Match, MatchingRound, MatchStatus, Response, RoundStatus
from peerlearn.mentoring.models import Mentorship, MentorshipStatus
from peerlearn.onboarding.models import Onboarding
from peerlearn.people.demo import seed_demo
from peerlearn.people.models import Person

NOW = dt.datetime(2026, 3, 16, 12, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_the_demo_has_matching_rounds_in_every_state() -> None:
    seed_demo(seed=2024, people=300, now=NOW)

    rounds = {r.format: r for r in MatchingRound.objects.all()}
    assert set(rounds) == {"mentoring", "buddy", "coffee", "shadowing"}

    mentoring = rounds["mentoring"]
    assert mentoring.status == RoundStatus.PUBLISHED
    statuses = set(Match.objects.filter(round=mentoring).values_list("status", flat=True))
    assert statuses == {MatchStatus.OFFERED, MatchStatus.ACCEPTED, MatchStatus.DECLINED}
    assert Match.objects.filter(round=mentoring, replaces__isnull=False).exists()
    assert Match.objects.filter(round=mentoring, pinned=True).exists()
    for match in Match.objects.filter(round=mentoring, status=MatchStatus.ACCEPTED):
        assert match.outcome_id is not None
        mentorship = Mentorship.objects.get(pk=match.outcome_id)
        assert (mentorship.mentee_id, mentorship.mentor_id) == (match.seeker_id, match.provider_id)
        assert mentorship.status == MentorshipStatus.ACTIVE
    assert mentoring.stats["coverage"] > 0.7

    buddy = rounds["buddy"]
    assert buddy.status == RoundStatus.PUBLISHED
    assert buddy.config["seekers"]["hired_within_days"] == 30
    for match in Match.objects.filter(round=buddy).select_related("seeker"):
        assert match.seeker is not None
        assert match.seeker.hire_date is not None
        assert (NOW.date() - match.seeker.hire_date).days <= 30
        onboarding = Onboarding.objects.get(new_starter=match.seeker, status="active")
        assert onboarding.buddy_id == match.provider_id

    coffee = rounds["coffee"]
    assert coffee.status == RoundStatus.PUBLISHED
    assert Match.objects.filter(round=coffee, status=MatchStatus.ACCEPTED).exists()

    assert rounds["shadowing"].status == RoundStatus.DRAFT
    assert rounds["shadowing"].proposal_is_current

    # the personas have answers to give
    sofia = Person.objects.get(full_name="Sofia Marques")
    pending = Match.objects.filter(
        members__person=sofia, members__response=Response.PENDING, status=MatchStatus.OFFERED
    )
    assert pending.exists()
