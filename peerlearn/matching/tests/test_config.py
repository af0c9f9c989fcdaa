"""A round's configuration: defaults per format, every bad value a message on its field, and
the summary in sentences."""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from peerlearn.matching.config import config_summary, default_config, parse_config


def errors_of(document: Any, format: str = "mentoring") -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        parse_config(document, format=format)
    return caught.value.message_dict


def test_missing_settings_take_the_formats_defaults() -> None:
    config = parse_config({}, format="mentoring")

    assert config == default_config("mentoring")
    assert config.weights["skills"] == 1.0
    assert config.constraints.exclude_reporting_line
    assert config.places_per_provider == 2


def test_a_buddy_round_asks_how_recent_a_new_starter_is() -> None:
    assert parse_config({}, format="buddy").seekers.hired_within_days == 60

    errors = errors_of({"seekers": {"hired_within_days": None, "people": []}}, "buddy")

    assert "how recent a new starter is" in errors["seekers.hired_within_days"][0]


@pytest.mark.parametrize(
    ("weight", "fragment"),
    [
        (math.nan, "not NaN"),
        (math.inf, "not NaN or infinity"),
        (-0.5, "cannot be negative"),
        (1000, "100 or less"),
        ("heavy", "Enter a number"),
        (True, "Enter a number"),
    ],
)
def test_each_bad_weight_is_an_error_on_its_own_field(weight: Any, fragment: str) -> None:
    errors = errors_of({"weights": {"role": weight}})

    assert list(errors) == ["weights.role"]
    assert fragment in errors["weights.role"][0]


def test_weights_all_zero_cannot_tell_pairs_apart() -> None:
    errors = errors_of({"weights": dict.fromkeys(("skills", "role", "language", "timezone",
                                                   "cross_team", "preference"), 0)})  # fmt: skip

    assert "at least one criterion" in errors["weights"][0]


def test_an_unknown_criterion_is_named() -> None:
    assert "Unknown criteria: charm" in errors_of({"weights": {"charm": 1}})["weights"][0]


@pytest.mark.parametrize("places", [0, -1, 51])
def test_places_per_provider_must_be_1_to_50(places: int) -> None:
    message = errors_of({"places_per_provider": places})["places_per_provider"][0]

    assert "from 1 to 50 places" in message


def test_several_mistakes_are_reported_together_each_on_its_field() -> None:
    errors = errors_of(
        {
            "weights": {"skills": -1},
            "places_per_provider": 0,
            "level_gap_min": 3,
            "level_gap_max": 1,
            "constraints": {"team_rule": "sometimes", "max_timezone_difference_hours": 30},
            "method": "magic",
            "seekers": {"teams": "not-a-list-but-text-is-fine", "people": [1, 2]},
        }
    )

    assert set(errors) == {
        "weights.skills",
        "places_per_provider",
        "level_gap_max",
        "constraints.team_rule",
        "constraints.max_timezone_difference_hours",
        "method",
        "seekers.people",
    }


def test_a_document_that_is_not_an_object_is_refused() -> None:
    assert "config" in errors_of([1, 2, 3])


def test_coffee_rounds_group_two_to_four_people() -> None:
    assert parse_config({"group_size": 4}, format="coffee").group_size == 4
    assert "2, 3 or 4" in errors_of({"group_size": 5}, "coffee")["group_size"][0]


def test_the_summary_reads_as_sentences_with_names() -> None:
    config = parse_config(
        {
            "seekers": {"skills": ["sql"], "teams": ["platform"]},
            "constraints": {"max_timezone_difference_hours": 4, "team_rule": "different"},
            "places_per_provider": 3,
        },
        format="mentoring",
    )

    lines = config_summary(config, format="mentoring", names={"sql": "SQL", "platform": "Platform"})

    assert lines[0] == (
        "Mentees: everyone active who wants to learn SQL, in Platform (sub-teams included)."
    )
    assert lines[1] == "Mentors: everyone active who can teach something."
    assert "takes at most 3" in lines[2]
    assert "time zones at most 4 h apart" in lines[3]
    assert "always different teams" in lines[3]
    assert lines[4].startswith("Weights: skills 1, role 0.4")
