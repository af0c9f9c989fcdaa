"""The people directory over the API: search, profiles, changes and (de)activation."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Org
from peerlearn.people.models import Person
from peerlearn.people.services import person_deactivate, person_skill_set
from peerlearn.people.tests.api_helpers import ApiClient, assert_problem, error_fields
from peerlearn.people.tests.factories import make_person, make_skill, make_team

pytestmark = pytest.mark.django_db


def names(response: object) -> list[str]:
    body = json.loads(response.content)  # type: ignore[attr-defined]
    return [item["full_name"] for item in body["items"]]


# --- search ---------------------------------------------------------------------------------


def test_search_matches_words_in_name_title_email_and_team(org: Org) -> None:
    api = ApiClient(org.owner)

    assert names(api.get("/people?q=olive")) == ["Olive Owner"]
    assert names(api.get("/people?q=SALES")) == ["Ada Admin", "Oscar Outsider"]
    assert names(api.get("/people?q=manager@example")) == ["Mona Manager"]
    assert names(api.get("/people?q=nobody-like-this")) == []


def test_team_filter_includes_sub_teams_by_slug_or_id(org: Org) -> None:
    api = ApiClient(org.owner)
    platform = org.owner.team
    assert platform is not None
    assert platform.parent is not None

    by_parent_slug = names(api.get("/people?team=engineering"))
    by_id = names(api.get(f"/people?team={platform.parent.id}"))

    assert by_parent_slug == ["Mona Manager", "Olive Owner", "Piet Peer"]
    assert by_id == by_parent_slug


def test_job_family_level_and_skill_filters(org: Org) -> None:
    person_skill_set(person=org.peer, skill=org.python, level=3, can_teach=True)
    person_skill_set(person=org.owner, skill=org.python, level=1, wants_to_learn=True)
    api = ApiClient(org.outsider)

    assert names(api.get("/people?job_family=software-engineering&level=l4")) == ["Piet Peer"]
    assert names(api.get("/people?skill=py")) == ["Olive Owner", "Piet Peer"]  # an alias
    assert names(api.get("/people?skill=Python&can_teach=true")) == ["Piet Peer"]
    assert names(api.get(f"/people?skill={org.python.id}&wants_to_learn=true")) == ["Olive Owner"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("team=no-such-team", "team", "There is no team “no-such-team”."),
        (
            "team=6f1c2a4e-0b7d-4c1e-9a55-2f1d3c4b5a69",
            "team",
            "There is no team “6f1c2a4e-0b7d-4c1e-9a55-2f1d3c4b5a69”.",
        ),
        ("skill=cobol", "skill", "There is no skill called “cobol”."),
        ("job_family=astronauts", "job_family", "There is no job family “astronauts”."),
        ("level=nonsense", "level", "There is no level “nonsense”."),
    ],
)
def test_an_unknown_filter_value_is_invalid(org: Org, query: str, field: str, message: str) -> None:
    # when the directory is asked for people in something that does not exist
    response = ApiClient(org.owner).get(f"/people?{query}")
    # then it is a 422 problem naming the filter, not an empty list that looks like an answer
    body = assert_problem(response, 422)
    assert body["errors"] == [{"field": field, "message": message}]


def test_every_unknown_filter_is_named_at_once(org: Org) -> None:
    response = ApiClient(org.owner).get("/people?team=nowhere&level=L99&skill=cobol&q=piet")

    assert_problem(response, 422)
    assert error_fields(response) == {"team", "level", "skill"}


def test_the_api_description_lists_the_422(client: Client) -> None:
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/people"]["get"]

    assert "422" in operation["responses"]
    assert "does not exist is invalid input (422" in operation["description"]


def test_blank_filters_are_no_filters(org: Org) -> None:
    assert "Piet Peer" in names(ApiClient(org.owner).get("/people?team=&level=%20&skill="))


def test_teaching_filter_without_a_skill_is_invalid(org: Org) -> None:
    response = ApiClient(org.owner).get("/people?can_teach=true")

    assert_problem(response, 422)
    assert error_fields(response) == {"skill"}


def test_people_who_left_are_listed_for_admins_only(org: Org) -> None:
    person_deactivate(person=org.peer)

    assert "Piet Peer" not in names(ApiClient(org.owner).get("/people"))
    assert_problem(ApiClient(org.owner).get("/people?include_inactive=true"), 403)
    assert "Piet Peer" in names(ApiClient(org.admin).get("/people?include_inactive=true"))
    assert "Piet Peer" not in names(ApiClient(org.admin).get("/people"))


def test_list_is_paginated_with_count_and_bounded_page_size(org: Org) -> None:
    api = ApiClient(org.owner)

    body = json.loads(api.get("/people?page=2&page_size=2").content)

    assert body["count"] == 5
    assert (body["page"], body["page_size"]) == (2, 2)
    assert [p["full_name"] for p in body["items"]] == ["Olive Owner", "Oscar Outsider"]
    assert json.loads(api.get("/people?page=99").content)["items"] == []
    assert error_fields(api.get("/people?page_size=101")) == {"page_size"}
    assert error_fields(api.get("/people?page=99999999999999999999")) == {"page"}


def test_search_query_count_does_not_grow_with_results(org: Org) -> None:
    api = ApiClient(org.owner)
    api.get("/people")  # the token's first use is recorded once; measure after it

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get("/people?page_size=100")
        assert response.status_code == 200
        return len(queries)

    few = queries_for_page()
    team = make_team("Growth")
    for n in range(30):
        make_person(f"Grower {n:02}", team=team, manager=org.manager)
    many = queries_for_page()

    assert len(json.loads(api.get("/people?page_size=100").content)["items"]) == 35
    assert many == few


def test_team_members_query_count_does_not_grow(org: Org) -> None:
    api = ApiClient(org.owner)
    team = make_team("Growth")
    make_person("Grower", team=team)
    api.get("/teams/growth/members")

    with CaptureQueriesContext(connection) as few:
        api.get("/teams/growth/members")
    for n in range(30):
        make_person(f"Grower {n:02}", team=team)
    with CaptureQueriesContext(connection) as many:
        response = api.get("/teams/growth/members")

    assert json.loads(response.content)["count"] == 31
    assert len(many) == len(few)


# --- profiles -------------------------------------------------------------------------------


def test_me_is_the_callers_profile(org: Org) -> None:
    body = json.loads(ApiClient(org.owner).get("/people/me").content)

    assert body["id"] == str(org.owner.id)
    assert body["email"] == "owner@example.com"
    assert body["team"]["slug"] == "platform"
    assert body["manager"] == {"id": str(org.manager.id), "full_name": "Mona Manager"}
    assert body["level"]["code"] == "L2"
    assert body["time_zone"] == "Europe/Berlin"


def test_profile_of_a_colleague_is_open_to_employees(org: Org) -> None:
    response = ApiClient(org.outsider).get(f"/people/{org.owner.id}")

    assert response.status_code == 200
    assert json.loads(response.content)["full_name"] == "Olive Owner"


def test_profile_of_someone_who_left_is_missing_except_for_admins(org: Org) -> None:
    person_deactivate(person=org.peer)

    assert_problem(ApiClient(org.owner).get(f"/people/{org.peer.id}"), 404)
    admin_view = ApiClient(org.admin).get(f"/people/{org.peer.id}")
    assert json.loads(admin_view.content)["is_active"] is False


def test_malformed_or_unknown_ids_are_not_found(org: Org) -> None:
    api = ApiClient(org.owner)

    assert_problem(api.get("/people/not-a-uuid"), 404)
    assert_problem(api.get("/people/00000000-0000-0000-0000-000000000000"), 404)


# --- changing a profile ---------------------------------------------------------------------


def test_owner_changes_their_own_profile(org: Org) -> None:
    response = ApiClient(org.owner).patch(
        f"/people/{org.owner.id}",
        {"job_title": "  Backend engineer ", "languages": ["EN", "de"], "bio": "SQL fan"},
    )

    assert response.status_code == 200
    org.owner.refresh_from_db()
    assert org.owner.job_title == "Backend engineer"
    assert org.owner.languages == ["en", "de"]
    assert json.loads(response.content)["bio"] == "SQL fan"


def test_admin_moves_someone_to_another_team(org: Org) -> None:
    response = ApiClient(org.admin).patch(f"/people/{org.owner.id}", {"team": "sales"})

    assert response.status_code == 200
    org.owner.refresh_from_db()
    assert org.owner.team is not None
    assert org.owner.team.slug == "sales"
    assert json.loads(response.content)["team"]["slug"] == "sales"


@pytest.mark.parametrize("who", ["peer", "manager", "outsider"])
def test_colleagues_cannot_change_someone_elses_profile(org: Org, who: str) -> None:
    api = ApiClient(getattr(org, who))

    response = api.patch(f"/people/{org.owner.id}", {"job_title": "Intern"})

    assert_problem(response, 403)
    org.owner.refresh_from_db()
    assert org.owner.job_title == ""


def test_admin_corrects_a_profile_and_sets_manager_and_admin_rights(org: Org) -> None:
    response = ApiClient(org.admin).patch(
        f"/people/{org.owner.id}",
        {"job_title": "Engineer", "manager": str(org.peer.id), "is_programme_admin": True},
    )

    assert response.status_code == 200, response.content
    org.owner.refresh_from_db()
    assert (org.owner.job_title, org.owner.manager, org.owner.is_programme_admin) == (
        "Engineer",
        org.peer,
        True,
    )


def test_owner_cannot_change_their_manager_or_admin_rights(org: Org) -> None:
    api = ApiClient(org.owner)

    assert_problem(api.patch(f"/people/{org.owner.id}", {"manager": str(org.peer.id)}), 403)
    assert_problem(api.patch(f"/people/{org.owner.id}", {"is_programme_admin": True}), 403)
    # Sending back unchanged values (as a client echoing a GET would) is fine.
    echo = {"manager": str(org.manager.id), "is_programme_admin": False, "bio": "Hi"}
    assert api.patch(f"/people/{org.owner.id}", echo).status_code == 200
    org.owner.refresh_from_db()
    assert (org.owner.manager, org.owner.is_programme_admin) == (org.manager, False)


def test_manager_loop_is_refused_and_nothing_else_changes(org: Org) -> None:
    response = ApiClient(org.admin).patch(
        f"/people/{org.manager.id}", {"manager": str(org.owner.id), "job_title": "Boss"}
    )

    assert_problem(response, 422)
    assert error_fields(response) == {"manager"}
    org.manager.refresh_from_db()
    assert (org.manager.manager, org.manager.job_title) == (None, "")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"full_name": None}, "full_name"),
        ({"full_name": ""}, "full_name"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"languages": ["english"]}, "languages"),
        ({"monthly_capacity": 41}, "monthly_capacity"),
        ({"team": "no-such-team"}, "team"),
        ({"level": "L99"}, "level"),
        ({"job_family": "astronauts"}, "job_family"),
        ({"hire_date": "yesterday"}, "hire_date"),
    ],
)
def test_invalid_profile_changes_name_the_field(
    org: Org, change: dict[str, object], field: str
) -> None:
    response = ApiClient(org.owner).patch(f"/people/{org.owner.id}", change)

    assert_problem(response, 422)
    assert error_fields(response) == {field}


def test_fields_that_allow_it_are_cleared_with_null(org: Org) -> None:
    response = ApiClient(org.admin).patch(f"/people/{org.owner.id}", {"team": None, "level": None})

    assert response.status_code == 200
    org.owner.refresh_from_db()
    assert (org.owner.team, org.owner.level) == (None, None)


def test_profile_change_of_someone_who_left_is_missing_for_employees(org: Org) -> None:
    person_deactivate(person=org.peer)

    assert_problem(ApiClient(org.owner).patch(f"/people/{org.peer.id}", {"bio": "x"}), 404)


# --- adding, deactivating and reactivating people -------------------------------------------


def test_admin_adds_a_person(org: Org) -> None:
    response = ApiClient(org.admin).post(
        "/people",
        {
            "email": "Nia@Example.com",
            "full_name": "Nia Newstarter",
            "team": "platform",
            "level": "L1",
            "job_family": "software-engineering",
            "manager": str(org.manager.id),
            "languages": ["en"],
        },
    )

    assert response.status_code == 201, response.content
    body = json.loads(response.content)
    assert (body["email"], body["team"]["slug"], body["manager"]["full_name"]) == (
        "nia@example.com",
        "platform",
        "Mona Manager",
    )
    assert Person.objects.filter(full_name="Nia Newstarter", manager=org.manager).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "owner@example.com", "full_name": "Twin"}, "email"),
        ({"email": "not-an-address", "full_name": "X"}, "email"),
        ({"email": "x@example.com"}, "full_name"),
        ({"email": "x@example.com", "full_name": "X", "manager": "nobody"}, "manager"),
    ],
)
def test_adding_a_person_with_bad_input_names_the_field(
    org: Org, payload: dict[str, object], field: str
) -> None:
    response = ApiClient(org.admin).post("/people", payload)

    assert_problem(response, 422)
    assert error_fields(response) == {field}


def test_employees_cannot_add_people(org: Org) -> None:
    response = ApiClient(org.manager).post("/people", {"email": "x@example.com", "full_name": "X"})

    assert_problem(response, 403)
    assert not Person.objects.filter(full_name="X").exists()


def test_deactivation_ends_the_persons_tokens_and_sessions_at_once(
    org: Org, client: object
) -> None:
    peer_api = ApiClient(org.peer)
    assert peer_api.get("/people/me").status_code == 200

    response = ApiClient(org.admin).post(f"/people/{org.peer.id}/deactivate")

    assert response.status_code == 200
    assert json.loads(response.content)["is_active"] is False
    assert_problem(peer_api.get("/people/me"), 401)


def test_employees_cannot_deactivate_or_reactivate(org: Org) -> None:
    assert_problem(ApiClient(org.manager).post(f"/people/{org.owner.id}/deactivate"), 403)
    person_deactivate(person=org.peer)
    # Someone who left is invisible to employees, so reactivating them answers "not found".
    assert_problem(ApiClient(org.manager).post(f"/people/{org.peer.id}/reactivate"), 404)


def test_admin_reactivates_and_a_new_token_works(org: Org) -> None:
    person_deactivate(person=org.peer)

    response = ApiClient(org.admin).post(f"/people/{org.peer.id}/reactivate")

    assert response.status_code == 200
    assert ApiClient(org.peer).get("/people/me").status_code == 200


def test_someone_who_left_cannot_be_found_by_skill(org: Org) -> None:
    sql_teacher = make_person("Sam Sequel")
    person_skill_set(person=sql_teacher, skill=org.sql, level=4, can_teach=True)
    person_deactivate(person=sql_teacher)

    assert names(ApiClient(org.owner).get("/people?skill=sql&can_teach=true")) == []


def test_skill_filter_by_name_resolves_aliases_case_insensitively(org: Org) -> None:
    kubernetes = make_skill("Kubernetes", aliases=["k8s"])
    person_skill_set(person=org.outsider, skill=kubernetes, level=2, can_teach=True)

    assert names(ApiClient(org.owner).get("/people?skill=K8S&can_teach=true")) == ["Oscar Outsider"]
