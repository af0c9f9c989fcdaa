"""Rounds through their life: configured, run, adjusted by hand, published, answered."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import Org
from peerlearn.activities.models import LearningActivity
from peerlearn.matching import selectors, services
from peerlearn.matching.models import (
    Match,
    MatchingRound,
    MatchMember,
    MatchStatus,
    Response,
    RoundOptOut,
    RoundStatus,
    RunState,
)
from peerlearn.matching.services import PairRef
from peerlearn.matching.tests.factories import (
    learner,
    make_round,
    proposed_round,
    published_round,
    skills_for_mentoring,
    teacher,
)
from peerlearn.mentoring.models import Mentorship, MentorshipOrigin, MentorshipStatus
from peerlearn.mentoring.tests.factories import make_mentorship
from peerlearn.notifications.models import Notification
from peerlearn.onboarding.models import Onboarding
from peerlearn.onboarding.services import buddy_volunteer_set
from peerlearn.people.tests.factories import make_person, make_skill
from peerlearn.shadowing.models import ShadowingRequest, ShadowingStatus

pytestmark = pytest.mark.django_db


def the_match(round_id: uuid.UUID, **filters: object) -> Match:
    return Match.objects.select_related("seeker", "provider", "round").get(
        round_id=round_id, **filters
    )


def errors(call: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()  # type: ignore[operator]
    return caught.value.message_dict


# --- configuring ----------------------------------------------------------------------------


def test_the_best_pair_is_proposed_with_reasons_and_never_the_manager(org: Org) -> None:
    # given Olive wants SQL; Piet (same family, two levels up) and Oscar teach it; Mona, her
    # manager, teaches it too
    skills_for_mentoring(org)

    # when a round is run with one place per mentor
    matching_round = proposed_round(org, config={"places_per_provider": 1})

    # then Olive gets Piet, with the reasons, and nobody is told yet
    match = the_match(matching_round.id)
    assert (match.seeker, match.provider) == (org.owner, org.peer)
    assert match.status == MatchStatus.PROPOSED
    assert match.explanation.startswith("Piet Peer is level 3 in SQL, which Olive Owner wants")
    assert "both in Software Engineering" in match.explanation
    assert match.score == pytest.approx(sum(c["contribution"] for c in match.criteria))
    assert not Notification.objects.filter(kind__startswith="matching").exists()
    assert matching_round.stats["coverage"] == 1.0
    assert matching_round.summary.splitlines()[0] == (
        "Mentees: everyone active who wants to learn something."
    )


def test_unknown_teams_skills_and_people_are_named_on_their_fields(org: Org) -> None:
    skills_for_mentoring(org)

    found = errors(
        lambda: make_round(
            org,
            config={
                "seekers": {"teams": ["Nowhere"], "skills": ["Klingon", "sql"]},
                "providers": {"people": ["ghost@example.com", org.peer.user.email]},
            },
        )
    )

    assert found == {
        "seekers.teams": ["There is no team “Nowhere”."],
        "seekers.skills": ["There is no skill “Klingon”."],
        "providers.people": [
            "There is no active person with the e-mail or id “ghost@example.com”."
        ],
    }


def test_names_aliases_and_e_mails_are_resolved_to_stable_keys(org: Org) -> None:
    skills_for_mentoring(org)

    matching_round = make_round(
        org,
        config={
            "seekers": {"teams": ["PLATFORM"], "skills": ["SQL"], "levels": ["l2"]},
            "providers": {"people": [org.peer.user.email.upper(), str(org.outsider.id)]},
        },
    )

    config = selectors.round_config(matching_round)
    assert config.seekers.teams == ("platform",)
    assert config.seekers.skills == ("sql",)
    assert config.seekers.levels == ("L2",)
    assert set(config.providers.people) == {str(org.peer.id), str(org.outsider.id)}
    assert "Mentees: everyone active who wants to learn SQL, in Platform" in (
        matching_round.summary
    )


def test_an_empty_cohort_is_an_error_that_says_which_side(org: Org) -> None:
    skills_for_mentoring(org)

    nobody_looking = errors(lambda: make_round(org, config={"seekers": {"skills": ["python"]}}))
    nobody_offering = errors(
        lambda: make_round(org, config={"providers": {"teams": ["sales"], "skills": ["python"]}})
    )

    assert list(nobody_looking) == ["seekers"]
    assert "nobody to match" in nobody_looking["seekers"][0]
    assert list(nobody_offering) == ["providers"]


def test_bad_numbers_are_refused_before_anything_is_stored(org: Org) -> None:
    skills_for_mentoring(org)

    found = errors(
        lambda: make_round(
            org, config={"weights": {"skills": float("nan"), "role": -1}, "places_per_provider": 0}
        )
    )

    assert set(found) == {"weights.skills", "weights.role", "places_per_provider"}
    assert not Match.objects.exists()


def test_a_pin_naming_an_unknown_or_ineligible_person_is_refused(org: Org) -> None:
    skills_for_mentoring(org)

    found = errors(
        lambda: make_round(
            org,
            must_pairs=[
                PairRef(org.owner.user.email, "nobody@example.com"),
                PairRef(org.admin.user.email, org.peer.user.email),
            ],
        )
    )

    assert found["must_pairs"] == [
        "Pair 1: nobody active has the e-mail or id “nobody@example.com”.",
        "Pair 2: Ada Admin is not among this round's eligible seekers.",
    ]


# --- pins and exclusions ------------------------------------------------------------------------


def test_a_rerun_keeps_the_pins_and_never_makes_an_excluded_pair(org: Org) -> None:
    skills_for_mentoring(org)
    extra = learner("Lena Learner", org.sql)
    matching_round = proposed_round(org, config={"places_per_provider": 1})

    # when the admin pins Olive to Oscar and excludes Lena with Piet
    services.round_rule_add(
        matching_round=matching_round, kind="must", seeker=org.owner, provider=org.outsider,
        by=org.admin,
    )  # fmt: skip
    services.round_rule_add(
        matching_round=matching_round, kind="must_not", seeker=extra, provider=org.peer,
        by=org.admin,
    )  # fmt: skip
    matching_round.refresh_from_db()
    assert not matching_round.proposal_is_current
    services.round_run(matching_round=matching_round)

    # then the pin holds and Lena gets nobody rather than Piet (Oscar is full)
    pinned = the_match(matching_round.id, seeker=org.owner)
    assert pinned.provider == org.outsider
    assert pinned.pinned
    assert not Match.objects.filter(round=matching_round, seeker=extra, provider=org.peer).exists()
    after = MatchingRound.objects.get(pk=matching_round.pk)
    assert after.proposal_is_current
    assert after.stats["pinned"] == 1


def test_a_pin_that_breaks_a_rule_blocks_publishing_and_says_why(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = make_round(org)
    services.round_rule_add(
        matching_round=matching_round, kind="must", seeker=org.owner, provider=org.manager,
        by=org.admin,
    )  # fmt: skip
    services.round_run(matching_round=matching_round)
    matching_round.refresh_from_db()

    assert matching_round.stats["solved"] is False
    [problem] = matching_round.infeasibilities
    assert problem["kind"] == "must_pair_violates_constraint"
    assert "Mona Manager is in Olive Owner's reporting line" in problem["message"]
    assert "refused" not in problem["message"]
    with pytest.raises(ValidationError, match="pinned pairs contradict the rules"):
        services.round_publish(matching_round=matching_round, by=org.admin)


def test_a_seeker_pinned_twice_is_refused(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = make_round(org)
    services.round_rule_add(
        matching_round=matching_round, kind="must", seeker=org.owner, provider=org.peer,
        by=org.admin,
    )  # fmt: skip

    found = errors(
        lambda: services.round_rule_add(
            matching_round=matching_round,
            kind="must",
            seeker=org.owner,
            provider=org.outsider,
            by=org.admin,
        )
    )

    assert found == {
        "seeker": ["Olive Owner is already pinned to Piet Peer; remove that pin first."]
    }


# --- statistics and problems --------------------------------------------------------------------


def test_seekers_nobody_can_take_are_listed_by_name(org: Org) -> None:
    # given three seekers in Tokyo, far from every mentor, and a limit of 2 hours apart
    skills_for_mentoring(org)
    far = [learner(f"Far {n}", org.sql, time_zone="Asia/Tokyo") for n in (1, 2, 3)]

    matching_round = proposed_round(
        org, config={"constraints": {"max_timezone_difference_hours": 2}}
    )

    problem = next(p for p in matching_round.infeasibilities if p["kind"] == "no_eligible_provider")
    assert problem["message"] == (
        "3 seekers have no eligible provider with a free place: Far 1, Far 2, Far 3."
    )
    assert {p["id"] for p in problem["people"]} == {str(p.id) for p in far}
    stats = matching_round.stats
    assert (stats["seekers"], stats["matched"]) == (4, 1)
    assert stats["coverage"] == pytest.approx(0.25)
    assert sum(b["count"] for b in stats["score_bins"]) == 1
    assert {b["load"]: b["providers"] for b in stats["load_bins"]} == {0: 2, 1: 1}


def test_a_providers_own_limit_and_current_load_leave_less_room(org: Org) -> None:
    # given Piet already mentors two people (his own limit is 2) and four people want SQL
    skills_for_mentoring(org)
    for n in (1, 2):
        make_mentorship(mentor=org.peer, mentee=make_person(f"Mentee {n}"))
    for n in (1, 2, 3):
        learner(f"Learner {n}", org.sql)

    # when the round offers three places each
    matching_round = proposed_round(org, config={"places_per_provider": 3})

    # then Piet takes nobody, and Oscar and Mona at most their own two each
    loads = {
        provider: Match.objects.filter(round=matching_round, provider=provider).count()
        for provider in (org.peer, org.outsider, org.manager)
    }
    assert loads == {org.peer: 0, org.outsider: 2, org.manager: 2}
    full = next(p for p in matching_round.infeasibilities if p["kind"] == "providers_without_room")
    assert full["message"] == (
        "1 eligible provider has no room left (their own limit or current load): Piet Peer."
    )
    assert matching_round.stats["places"] == 4


# --- publishing and answers -----------------------------------------------------------------------


def test_publishing_tells_and_asks_everyone_in_a_pair(org: Org) -> None:
    skills_for_mentoring(org)

    matching_round = published_round(org, config={"places_per_provider": 1})

    match = the_match(matching_round.id)
    assert matching_round.status == RoundStatus.PUBLISHED
    assert match.status == MatchStatus.OFFERED
    to_olive = Notification.objects.get(recipient=org.owner, kind="matching.offer")
    to_piet = Notification.objects.get(recipient=org.peer, kind="matching.offer")
    assert "we suggest Piet Peer as a mentor" in to_olive.message
    assert "we suggest you mentor Olive Owner" in to_piet.message
    assert to_olive.target_url == f"/matching/matches/{match.id}/"


def test_a_published_round_cannot_be_changed_or_published_again(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = published_round(org)

    with pytest.raises(ValidationError, match="published"):
        services.round_update(matching_round=matching_round, name="Renamed", by=org.admin)
    with pytest.raises(ValidationError, match="published"):
        services.round_publish(matching_round=matching_round, by=org.admin)


def test_an_out_of_date_proposal_cannot_be_published(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = proposed_round(org)
    services.round_update(matching_round=matching_round, name="Autumn mentoring", by=org.admin)

    with pytest.raises(ValidationError, match="out of date"):
        services.round_publish(matching_round=matching_round, by=org.admin)


def test_when_both_accept_the_mentorship_starts(org: Org) -> None:
    skills_for_mentoring(org)
    match = the_match(published_round(org, config={"places_per_provider": 1}).id)

    services.match_accept(match=match, person=org.peer)
    match.refresh_from_db()
    assert match.status == MatchStatus.OFFERED
    assert not Mentorship.objects.exists()

    services.match_accept(match=match, person=org.owner, message="Yes please")

    match.refresh_from_db()
    mentorship = Mentorship.objects.get()
    assert (mentorship.mentor, mentorship.mentee) == (org.peer, org.owner)
    assert mentorship.status == MentorshipStatus.ACTIVE
    assert mentorship.origin == MentorshipOrigin.MATCH
    assert "Piet Peer is level 3 in SQL" in mentorship.match_reason
    assert list(mentorship.focus_skills.all()) == [org.sql]
    assert match.status == MatchStatus.ACCEPTED
    assert match.outcome_id == mentorship.id
    assert match.outcome_url == f"/mentoring/{mentorship.id}/"


def test_a_mentorship_started_by_a_round_does_not_ask_anyone_to_accept_again(org: Org) -> None:
    skills_for_mentoring(org)
    match = the_match(published_round(org, config={"places_per_provider": 1}).id)

    services.match_accept(match=match, person=org.peer)
    services.match_accept(match=match, person=org.owner)

    assert not Notification.objects.filter(kind="mentoring.match").exists()
    started = Notification.objects.get(recipient=org.peer, kind="mentoring.accepted")
    assert "Agree your goals" in started.message


def test_a_declined_pair_is_matched_again_from_the_capacity_left(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = published_round(org, config={"places_per_provider": 1})
    first = the_match(matching_round.id)

    # when Piet declines
    replacement = services.match_decline(match=first, person=org.peer, message="Too busy")

    # then Olive is offered Oscar straight away, and both are asked
    first.refresh_from_db()
    assert first.status == MatchStatus.DECLINED
    assert replacement is not None
    assert (replacement.seeker, replacement.provider) == (org.owner, org.outsider)
    assert replacement.status == MatchStatus.OFFERED
    assert replacement.replaces == first
    assert Notification.objects.filter(
        recipient=org.outsider, kind="matching.offer", target_url__contains=str(replacement.id)
    ).exists()
    assert Notification.objects.filter(
        recipient=org.owner, kind="matching.update", message__contains="looking for someone else"
    ).exists()

    # and when Oscar declines too, nobody is left: Olive and the admin are told
    assert services.match_decline(match=replacement, person=org.outsider) is None
    assert Notification.objects.filter(
        recipient=org.owner, message__contains="Nobody else with room fits you"
    ).exists()
    assert Notification.objects.filter(
        recipient=org.admin, message__contains="Olive Owner's match was declined"
    ).exists()
    assert Match.objects.filter(round=matching_round, status=MatchStatus.OFFERED).count() == 0


def test_a_seeker_who_opts_out_is_not_matched_again(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = published_round(org, config={"places_per_provider": 1})
    match = the_match(matching_round.id)

    assert services.match_decline(match=match, person=org.owner, opt_out=True) is None

    assert RoundOptOut.objects.filter(round=matching_round, person=org.owner).exists()
    assert Match.objects.filter(round=matching_round).count() == 1


def test_answers_after_the_decision_and_from_others_are_refused(org: Org) -> None:
    skills_for_mentoring(org)
    match = the_match(published_round(org, config={"places_per_provider": 1}).id)

    with pytest.raises(ValidationError, match="Only the people in this match"):
        services.match_decline(match=match, person=org.admin)
    services.match_decline(match=match, person=org.owner, opt_out=True)
    with pytest.raises(ValidationError, match="already declined"):
        services.match_accept(match=match, person=org.peer)
    proposal = the_match(proposed_round(org, name="Another").id)
    with pytest.raises(ValidationError, match="not been published"):
        services.match_accept(match=proposal, person=org.owner)


# --- the other formats ----------------------------------------------------------------------------


def test_an_accepted_buddy_match_assigns_the_buddy_to_the_onboarding(org: Org) -> None:
    # given a new starter this week and a volunteer of long standing
    newcomer = make_person("Nia Newcomer", hire_date=timezone.localdate() - dt.timedelta(days=3))
    buddy_volunteer_set(person=org.outsider, is_available=True, max_new_starters=2)
    matching_round = published_round(
        org, name="Buddies", format="buddy", config={"seekers": {"hired_within_days": 30}}
    )
    match = the_match(matching_round.id)
    assert (match.seeker, match.provider) == (newcomer, org.outsider)

    for person in (org.outsider, newcomer):
        services.match_accept(match=match, person=person)

    onboarding = Onboarding.objects.get(new_starter=newcomer)
    assert onboarding.buddy == org.outsider
    assert "Buddies:" in onboarding.buddy_reason
    match.refresh_from_db()
    assert match.outcome_url == f"/onboarding/{onboarding.id}/"


def test_an_accepted_shadowing_match_sends_the_host_a_request(org: Org) -> None:
    skills_for_mentoring(org)
    match = the_match(
        published_round(
            org, name="Shadow", format="shadowing", config={"places_per_provider": 1}
        ).id
    )

    for member in MatchMember.objects.filter(match=match).select_related("person"):
        services.match_accept(match=match, person=member.person)

    request = ShadowingRequest.objects.get()
    assert (request.observer, request.host) == (match.seeker, match.provider)
    assert request.status == ShadowingStatus.REQUESTED
    assert "Shadow:" in request.why


def test_coffee_groups_record_a_date_and_regroup_someone_left_alone(org: Org) -> None:
    # given five people signed up for coffee in pairs: groups of 2 and 3
    people = [org.owner, org.peer, org.outsider, org.manager, org.admin]
    matching_round = published_round(
        org,
        name="Coffee",
        format="coffee",
        config={"seekers": {"people": [p.user.email for p in people]}, "group_size": 2},
    )
    groups = list(Match.objects.filter(round=matching_round).order_by("position"))
    assert sorted(g.members.count() for g in groups) == [2, 3]
    pair = next(g for g in groups if g.members.count() == 2)
    trio = next(g for g in groups if g.members.count() == 3)

    # when one of the pair declines, the other joins the trio
    leaving, staying = [m.person for m in pair.members.order_by("person__full_name")]
    services.match_decline(match=pair, person=leaving)
    pair.refresh_from_db()
    assert pair.status == MatchStatus.DECLINED
    assert trio.members.filter(person=staying, response=Response.PENDING).exists()

    # and once everyone in the foursome accepts, the coffee date is recorded
    for member in trio.members.select_related("person"):
        services.match_accept(match=trio, person=member.person)
    trio.refresh_from_db()
    assert trio.status == MatchStatus.ACCEPTED
    activity = LearningActivity.objects.get(action="coffee.matched")
    assert activity.participants.count() == 4


def test_a_decline_in_a_trio_leaves_a_pair_that_carries_on(org: Org) -> None:
    people = [org.owner, org.peer, org.outsider]
    matching_round = published_round(
        org,
        name="Coffee",
        format="coffee",
        config={"seekers": {"people": [p.user.email for p in people]}, "group_size": 3},
    )
    trio = Match.objects.get(round=matching_round)
    services.match_accept(match=trio, person=org.owner)
    services.match_accept(match=trio, person=org.peer)

    services.match_decline(match=trio, person=org.outsider)

    trio.refresh_from_db()
    assert trio.status == MatchStatus.ACCEPTED
    assert LearningActivity.objects.get(action="coffee.matched").participants.count() == 2


# --- runs ---------------------------------------------------------------------------------------


def test_a_run_whose_round_changed_meanwhile_is_not_stored(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = make_round(org)
    stale = services.RunReport(stats={"kind": "pairs"})

    stored = services._store_proposal(
        matching_round,
        matching_round.config_version - 1,
        stale,
        services._no_progress,
    )

    assert stored is False
    matching_round.refresh_from_db()
    assert matching_round.run_state == RunState.IDLE


def test_a_dry_run_stores_nothing(org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = make_round(org)

    report = services.round_run(matching_round=matching_round, dry_run=True)

    assert [(p.seeker_name, p.provider_name) for p in report.pairs] == [
        ("Olive Owner", "Piet Peer")
    ]
    assert report.stored is False
    assert not Match.objects.exists()


def test_a_small_cohort_runs_at_once_and_a_large_one_is_queued(org: Org, settings: object) -> None:
    skills_for_mentoring(org)
    small = make_round(org)
    assert services.round_run_request(matching_round=small) == "ran"
    assert small.proposal_is_current

    settings.PEERLEARN_MATCHING_SYNC_SEEKERS = 0  # type: ignore[attr-defined]
    large = make_round(org, name="Large")
    assert services.round_run_request(matching_round=large) == "queued"
    large.refresh_from_db()
    assert large.run_state == RunState.QUEUED
    assert large.is_running


def test_a_seeker_whose_skill_nobody_teaches_is_still_matched_and_told_why(org: Org) -> None:
    # given Lena wants to learn Rust, which nobody teaches; Tom teaches SQL
    lena = learner("Lena Learner", make_skill("Rust"))
    tom = teacher("Tom Teacher", org.sql)

    matching_round = proposed_round(org, config={"places_per_provider": 1})

    # then she gets Tom for the other criteria, and the skills line says it adds nothing
    match = the_match(matching_round.id, seeker=lena)
    assert match.provider == tom
    skills = next(c for c in match.criteria if c["criterion"] == "skills")
    assert skills["contribution"] == 0
    assert skills["sentence"] == "Tom Teacher offers none of the skills Lena Learner wants"
