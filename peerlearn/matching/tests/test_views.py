"""The matching pages over real HTTP: configure, preview, pin, publish, answer; bad input as
field errors; lists that cost the same for 3 or 30 rows."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Org
from peerlearn.matching.config import default_config
from peerlearn.matching.forms import RoundForm
from peerlearn.matching.models import Match, MatchingRound, MatchStatus, RoundRule
from peerlearn.matching.tests.factories import (
    coffee_rounds,
    groups_round,
    learner,
    pairs_round,
    proposed_round,
    published_round,
    skills_for_mentoring,
    teacher,
)
from peerlearn.mentoring.models import Mentorship, MentorshipStatus

pytestmark = pytest.mark.django_db


def form_data(format: str = "mentoring", **changes: Any) -> dict[str, Any]:
    """What the new-round form posts when the admin changes only `changes`."""
    data: dict[str, Any] = {"name": "Spring mentoring", "description": ""}
    for key, value in RoundForm.initial_from(default_config(format)).items():
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is None:
            data[key] = ""
        else:
            data[key] = value
    hidden = ("group_size", "avoid_repeats", "prefer_cross_team")  # coffee rounds only
    if format != "coffee":
        for key in hidden:
            data.pop(key, None)
    for key, value in changes.items():
        if value is False:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def field_errors(response: Any) -> dict[str, str]:
    """Field id → first error message, as the GOV.UK error summary links them."""
    body = html.unescape(response.content.decode())
    return dict(re.findall(r'<li><a href="#id_(\w+?)(?:_0)?">(.*?)</a></li>', body))


# --- the admin's flow, end to end -----------------------------------------------------------------


def test_create_preview_pin_publish_accept_and_decline(client: Client, org: Org) -> None:
    # given Olive and Lena want SQL; Piet, Oscar and Tom teach it
    skills_for_mentoring(org)
    lena = learner("Lena Learner", org.sql)
    teacher("Tom Teacher", org.sql)
    client.force_login(org.admin.user)

    # when the admin creates a round with one place per mentor
    response = client.post(
        "/matching/rounds/new/?format=mentoring", form_data(places_per_provider="1")
    )
    matching_round = MatchingRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/matching/rounds/{matching_round.id}/"

    # then the preview shows every pair with its reasons and the summary statistics
    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Mentees: everyone active who wants to learn something." in page
    assert "Piet Peer is level 3 in SQL, which Olive Owner wants to learn" in page
    assert "100%" in page  # coverage
    assert 'id="scores-table"' in page
    assert 'id="loads-table"' in page
    assert "Publish 2 pairs" in page

    # when she pins Lena to Piet (Olive's best mentor)
    response = client.post(
        f"/matching/rounds/{matching_round.id}/rules/",
        {"kind": "must", "seeker": lena.user.email, "provider": org.peer.user.email},
    )
    assert response.status_code == 302

    # then the matching ran again around the pin
    assert Match.objects.get(round=matching_round, seeker=lena).provider == org.peer
    assert Match.objects.get(round=matching_round, seeker=org.owner).provider != org.peer
    assert "Pinned" in client.get(f"/matching/rounds/{matching_round.id}/").content.decode()

    # when she publishes, and Olive's mentor and then Olive accept
    client.post(f"/matching/rounds/{matching_round.id}/publish/")
    olive_match = Match.objects.get(round=matching_round, seeker=org.owner)
    assert olive_match.status == MatchStatus.OFFERED
    mentor = olive_match.provider
    assert mentor is not None
    client.force_login(mentor.user)
    client.post(f"/matching/matches/{olive_match.id}/answer/", {"answer": "accept"})
    client.force_login(org.owner.user)
    page = client.get(f"/matching/matches/{olive_match.id}/").content.decode()
    assert "Why this match" in page
    response = client.post(
        f"/matching/matches/{olive_match.id}/answer/", {"answer": "accept", "message": "Yes!"}
    )

    # then her mentorship exists and has started
    assert response.status_code == 302
    mentorship = Mentorship.objects.get(mentee=org.owner)
    assert mentorship.mentor == mentor
    assert mentorship.status == MentorshipStatus.ACTIVE
    assert f"/mentoring/{mentorship.id}/" in client.get(response["Location"]).content.decode()

    # when Piet declines Lena, she is matched again from the places left
    lena_match = Match.objects.get(round=matching_round, seeker=lena)
    client.force_login(org.peer.user)
    response = client.post(
        f"/matching/matches/{lena_match.id}/answer/",
        {"answer": "decline", "message": "Not this quarter"},
    )
    assert response.status_code == 302
    replacement = Match.objects.get(replaces=lena_match)
    assert replacement.status == MatchStatus.OFFERED
    assert replacement.provider is not None
    assert replacement.provider not in (org.peer, mentor)
    client.force_login(lena.user)
    assert replacement.provider.full_name in client.get("/matching/").content.decode()


def test_the_preview_polls_while_the_worker_runs_and_reloads_when_done(
    client: Client, org: Org, settings: Any
) -> None:
    settings.PEERLEARN_MATCHING_SYNC_SEEKERS = 0
    skills_for_mentoring(org)
    client.force_login(org.admin.user)
    client.post("/matching/rounds/new/?format=mentoring", form_data())
    matching_round = MatchingRound.objects.get()

    page = client.get(f"/matching/rounds/{matching_round.id}/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Matching in progress" in page
    fragment = client.get(f"/matching/rounds/{matching_round.id}/progress/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "Waiting for a worker" in fragment.content.decode()

    # once the run is done the fragment asks htmx to reload the page
    MatchingRound.objects.filter(pk=matching_round.pk).update(run_state="done")
    done = client.get(f"/matching/rounds/{matching_round.id}/progress/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    # and without htmx the address is just the round's page
    plain = client.get(f"/matching/rounds/{matching_round.id}/progress/")
    assert plain["Location"] == f"/matching/rounds/{matching_round.id}/"


# --- bad input is a field error, never a crash ----------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"weight_skills": "NaN"}, "weight_skills", "Enter a number."),
        ({"weight_role": "-1"}, "weight_role", "A weight cannot be negative"),
        ({"weight_timezone": "inf"}, "weight_timezone", "Enter a number."),
        ({"places_per_provider": "0"}, "places_per_provider", "from 1 to 50 places"),
        ({"seekers_skills": "Python"}, "seekers_teams", "nobody to match"),
        (
            {"providers_people": "ghost@example.com"},
            "providers_people",
            "no active person with the e-mail or id “ghost@example.com”",
        ),
        (
            {"must_pairs": "owner@example.com, ghost@example.com"},
            "must_pairs",
            "nobody active has the e-mail or id “ghost@example.com”",
        ),
        ({"must_pairs": "owner@example.com"}, "must_pairs", "Line 1: write the seeker"),
        ({"seekers_skills": "Klingon"}, "seekers_skills", "There is no skill “Klingon”."),
        ({"level_gap_min": "3", "level_gap_max": "1"}, "level_gap_max", "at least the smallest"),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_bad_configuration_is_shown_on_its_field(
    client: Client, org: Org, changes: dict[str, str], field: str, message: str
) -> None:
    skills_for_mentoring(org)
    client.force_login(org.admin.user)

    response = client.post("/matching/rounds/new/?format=mentoring", form_data(**changes))

    assert response.status_code == 422
    errors = field_errors(response)
    assert field in errors, errors
    assert message in errors[field]
    assert not MatchingRound.objects.exists()


def test_an_answer_form_error_keeps_the_page(client: Client, org: Org) -> None:
    skills_for_mentoring(org)
    match = Match.objects.get(round=published_round(org, config={"places_per_provider": 1}))
    client.force_login(org.owner.user)

    response = client.post(
        f"/matching/matches/{match.id}/answer/", {"answer": "decline", "message": "x" * 2001}
    )

    assert response.status_code == 422
    assert "at most 2000 characters" in response.content.decode()
    match.refresh_from_db()
    assert match.status == MatchStatus.OFFERED


def test_removing_a_pin_runs_the_matching_again(client: Client, org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = proposed_round(org)
    client.force_login(org.admin.user)
    client.post(
        f"/matching/rounds/{matching_round.id}/rules/",
        {"kind": "must", "seeker": org.owner.user.email, "provider": org.outsider.user.email},
    )
    rule = RoundRule.objects.get()

    client.post(f"/matching/rounds/{matching_round.id}/rules/{rule.id}/remove/")

    assert not RoundRule.objects.exists()
    assert Match.objects.get(round=matching_round).provider == org.peer


def test_a_pin_with_an_unknown_person_is_a_field_error(client: Client, org: Org) -> None:
    skills_for_mentoring(org)
    matching_round = proposed_round(org)
    client.force_login(org.admin.user)

    response = client.post(
        f"/matching/rounds/{matching_round.id}/rules/",
        {"kind": "must", "seeker": "ghost@example.com", "provider": org.peer.user.email},
    )

    assert response.status_code == 422
    assert "Nobody active has this e-mail address or id." in field_errors(response)["seeker"]


# --- suggestions ------------------------------------------------------------------------------


def test_suggestions_rank_mentors_with_reasons_and_never_the_manager(
    client: Client, org: Org
) -> None:
    skills_for_mentoring(org)
    client.force_login(org.owner.user)

    page = client.get("/matching/suggestions/").content.decode()

    piet, oscar = page.index("Piet Peer"), page.index("Oscar Outsider")
    assert piet < oscar  # same family, two levels up: ranked first
    assert "Piet Peer is level 3 in SQL, which Olive Owner wants to learn" in page
    assert f"/mentoring/request/?mentor={org.peer.id}" in page
    assert "Mona Manager" not in page.split("How would a colleague fit?")[0]


def test_checking_a_colleague_explains_why_they_are_ruled_out(client: Client, org: Org) -> None:
    skills_for_mentoring(org)
    client.force_login(org.owner.user)

    manager = client.get(f"/matching/suggestions/?colleague={org.manager.user.email}")
    ghost = client.get("/matching/suggestions/?colleague=ghost@example.com")

    assert "Mona Manager is in Olive Owner's reporting line" in html.unescape(
        manager.content.decode()
    )
    assert ghost.status_code == 422
    assert "Nobody else active" in ghost.content.decode()


# --- lists cost the same for 3 or 30 rows --------------------------------------------------------


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("who", "url", "grow"),
    [
        ("admin", "/matching/rounds/", coffee_rounds),
        ("admin", "/matching/rounds/{round}/", pairs_round),
        ("admin", "/matching/rounds/{round}/?status=offered&q=Learner", pairs_round),
        ("admin", "/matching/rounds/{round}/", groups_round),
        ("manager", "/matching/team/", pairs_round),
        ("owner", "/matching/", coffee_rounds),
    ],
)
def test_list_pages_cost_the_same_for_3_or_30_rows(
    client: Client, org: Org, who: str, url: str, grow: Any
) -> None:
    skills_for_mentoring(org)
    client.force_login(getattr(org, who).user)
    few = grow(org, 3)
    few_cost = queries_for(client, url.format(round=few.id))

    many = grow(org, 30)
    many_cost = queries_for(client, url.format(round=many.id))

    assert many_cost == few_cost, (few_cost, many_cost)
