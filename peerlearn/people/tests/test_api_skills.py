"""The skill graph over the API: a person's skills, endorsements and the taxonomy."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Org
from peerlearn.activities.models import LearningActivity
from peerlearn.people.models import Endorsement, PersonSkill, Skill
from peerlearn.people.services import endorsement_create, person_deactivate, person_skill_set
from peerlearn.people.tests.api_helpers import ApiClient, assert_problem, error_fields
from peerlearn.people.tests.factories import make_person, make_skill

pytestmark = pytest.mark.django_db


def body(response: Any) -> Any:
    return json.loads(response.content)


def assert_constant_queries(fetch: Callable[[], Any], grow: Callable[[], None]) -> None:
    """The same number of queries before and after `grow` adds ~30 rows to the list."""
    fetch()  # warm up: first token use, content types
    with CaptureQueriesContext(connection) as before:
        small = fetch()
    grow()
    with CaptureQueriesContext(connection) as after:
        large = fetch()
    assert body(large)["count"] >= body(small)["count"] + 27
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]


# --- a person's skills ----------------------------------------------------------------------


def test_owner_adds_a_skill_by_slug_alias_or_id(org: Org) -> None:
    api = ApiClient(org.owner)

    created = api.put(f"/people/{org.owner.id}/skills/py", {"level": 3, "can_teach": True})
    changed = api.put(f"/people/{org.owner.id}/skills/{org.python.id}", {"level": 4})

    assert created.status_code == 200, created.content
    assert body(created)["skill"]["slug"] == "python"
    assert body(created)["level_label"] == "Advanced"
    assert body(changed)["level"] == 4
    assert body(changed)["can_teach"] is False
    edge = PersonSkill.objects.get(person=org.owner, skill=org.python)
    assert (edge.level, edge.can_teach) == (4, False)


def test_admin_corrects_someones_skill(org: Org) -> None:
    response = ApiClient(org.admin).put(f"/people/{org.owner.id}/skills/sql", {"level": 2})

    assert response.status_code == 200
    assert PersonSkill.objects.filter(person=org.owner, skill=org.sql, level=2).exists()


@pytest.mark.parametrize("who", ["peer", "manager", "outsider"])
def test_colleagues_cannot_set_or_remove_someone_elses_skills(org: Org, who: str) -> None:
    person_skill_set(person=org.owner, skill=org.python, level=2)
    api = ApiClient(getattr(org, who))

    assert_problem(api.put(f"/people/{org.owner.id}/skills/sql", {"level": 4}), 403)
    assert_problem(api.delete(f"/people/{org.owner.id}/skills/python"), 403)
    assert list(
        PersonSkill.objects.filter(person=org.owner).values_list("skill__slug", "level")
    ) == [("python", 2)]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"level": 1, "can_teach": True}, "can_teach"),
        ({"level": 5}, "level"),
        ({"level": -1}, "level"),
        ({"level": 2, "confidence": 6}, "confidence"),
        ({"can_teach": True}, "level"),
        ({"level": "expert"}, "level"),
    ],
)
def test_invalid_skill_input_names_the_field(
    org: Org, payload: dict[str, object], field: str
) -> None:
    response = ApiClient(org.owner).put(f"/people/{org.owner.id}/skills/python", payload)

    assert_problem(response, 422)
    assert error_fields(response) == {field}


def test_unknown_skill_in_the_path_is_not_found(org: Org) -> None:
    api = ApiClient(org.owner)

    assert_problem(api.put(f"/people/{org.owner.id}/skills/cobol", {"level": 1}), 404)
    assert_problem(api.delete(f"/people/{org.owner.id}/skills/sql"), 404)  # not on the profile


def test_owner_removes_a_skill_and_its_activity(org: Org) -> None:
    person_skill_set(person=org.owner, skill=org.python, level=2)

    response = ApiClient(org.owner).delete(f"/people/{org.owner.id}/skills/python")

    assert response.status_code == 204
    assert not PersonSkill.objects.filter(person=org.owner).exists()
    assert not LearningActivity.objects.filter(action="skill.added").exists()


def test_skills_list_shows_endorsement_counts_and_whether_i_endorsed(org: Org) -> None:
    python = person_skill_set(person=org.owner, skill=org.python, level=3, can_teach=True)
    person_skill_set(person=org.owner, skill=org.sql, level=1, wants_to_learn=True)
    endorsement_create(endorser=org.peer, person_skill=python)
    endorsement_create(endorser=org.manager, person_skill=python)

    as_peer = body(ApiClient(org.peer).get(f"/people/{org.owner.id}/skills"))
    as_outsider = body(ApiClient(org.outsider).get(f"/people/{org.owner.id}/skills"))

    assert [(s["skill"]["name"], s["endorsement_count"]) for s in as_peer["items"]] == [
        ("Python", 2),
        ("SQL", 0),
    ]
    assert [s["endorsed_by_me"] for s in as_peer["items"]] == [True, False]
    assert [s["endorsed_by_me"] for s in as_outsider["items"]] == [False, False]


def test_skills_of_someone_who_left_are_missing_for_employees(org: Org) -> None:
    person_deactivate(person=org.peer)

    assert_problem(ApiClient(org.owner).get(f"/people/{org.peer.id}/skills"), 404)
    assert ApiClient(org.admin).get(f"/people/{org.peer.id}/skills").status_code == 200


def test_person_skills_list_query_count_does_not_grow(org: Org) -> None:
    api = ApiClient(org.peer)
    person_skill_set(person=org.owner, skill=org.python, level=3)

    def grow() -> None:
        for n in range(30):
            edge = person_skill_set(person=org.owner, skill=make_skill(f"Skill {n:02}"), level=2)
            endorsement_create(endorser=org.manager, person_skill=edge)

    assert_constant_queries(lambda: api.get(f"/people/{org.owner.id}/skills?page_size=100"), grow)


# --- endorsements ---------------------------------------------------------------------------


def test_a_colleague_endorses_a_skill_with_a_note(org: Org) -> None:
    person_skill_set(person=org.owner, skill=org.python, level=3)

    response = ApiClient(org.outsider).post(
        f"/people/{org.owner.id}/skills/python/endorsements", {"note": "Fixed our build."}
    )

    assert response.status_code == 201, response.content
    assert (body(response)["endorsement_count"], body(response)["endorsed_by_me"]) == (1, True)
    assert Endorsement.objects.get().note == "Fixed our build."


def test_endorsing_needs_no_body(org: Org) -> None:
    person_skill_set(person=org.owner, skill=org.python, level=3)

    response = ApiClient(org.peer).post(f"/people/{org.owner.id}/skills/python/endorsements")

    assert response.status_code == 201


def test_nobody_endorses_themselves(org: Org) -> None:
    person_skill_set(person=org.owner, skill=org.python, level=3)

    response = ApiClient(org.owner).post(f"/people/{org.owner.id}/skills/python/endorsements")

    assert_problem(response, 403)
    assert not Endorsement.objects.exists()


def test_endorsing_twice_or_a_skill_not_held_is_refused(org: Org) -> None:
    person_skill_set(person=org.owner, skill=org.python, level=3)
    api = ApiClient(org.peer)
    api.post(f"/people/{org.owner.id}/skills/python/endorsements")

    assert_problem(api.post(f"/people/{org.owner.id}/skills/python/endorsements"), 422)
    assert_problem(api.post(f"/people/{org.owner.id}/skills/sql/endorsements"), 404)
    assert Endorsement.objects.count() == 1


def test_endorser_withdraws_only_their_own_endorsement(org: Org) -> None:
    edge = person_skill_set(person=org.owner, skill=org.python, level=3)
    endorsement_create(endorser=org.peer, person_skill=edge)
    endorsement_create(endorser=org.manager, person_skill=edge)

    outsider = ApiClient(org.outsider).delete(f"/people/{org.owner.id}/skills/python/endorsements")
    peer = ApiClient(org.peer).delete(f"/people/{org.owner.id}/skills/python/endorsements")
    again = ApiClient(org.peer).delete(f"/people/{org.owner.id}/skills/python/endorsements")

    assert_problem(outsider, 404)
    assert peer.status_code == 204
    assert_problem(again, 404)
    assert list(Endorsement.objects.values_list("endorser__full_name", flat=True)) == [
        "Mona Manager"
    ]


# --- the taxonomy ---------------------------------------------------------------------------


def test_skills_are_found_by_part_of_name_or_alias(org: Org) -> None:
    make_skill("Kubernetes", aliases=["k8s"])
    api = ApiClient(org.owner)

    assert [s["name"] for s in body(api.get("/skills?q=k8"))["items"]] == ["Kubernetes"]
    assert [s["name"] for s in body(api.get("/skills?q=PYT"))["items"]] == ["Python"]
    assert body(api.get("/skills?q=py"))["items"][0]["aliases"] == ["py"]


def test_skills_filtered_by_parent(org: Org) -> None:
    api = ApiClient(org.owner)

    children = body(api.get("/skills?parent=data"))["items"]

    assert [(s["name"], s["parent"]["slug"]) for s in children] == [("SQL", "data")]
    assert body(api.get("/skills?parent=nothing"))["items"] == []


def test_skill_detail_by_slug_name_or_id(org: Org) -> None:
    person_skill_set(person=org.owner, skill=org.python, level=3, can_teach=True)
    person_skill_set(person=org.peer, skill=org.python, level=0, wants_to_learn=True)
    api = ApiClient(org.outsider)

    by_slug = body(api.get("/skills/python"))
    by_alias = body(api.get("/skills/PY"))
    by_id = body(api.get(f"/skills/{org.python.id}"))
    data = body(api.get("/skills/data"))

    assert by_slug == by_alias == by_id
    assert (by_slug["teacher_count"], by_slug["learner_count"]) == (1, 1)
    assert [child["name"] for child in data["children"]] == ["SQL"]
    assert_problem(api.get("/skills/cobol"), 404)


def test_teachers_are_ranked_by_level_then_endorsements(org: Org) -> None:
    person_skill_set(person=org.owner, skill=org.python, level=3, can_teach=True)
    endorsed = person_skill_set(person=org.peer, skill=org.python, level=3, can_teach=True)
    person_skill_set(person=org.manager, skill=org.python, level=4, can_teach=True)
    person_skill_set(person=org.outsider, skill=org.python, level=4)  # does not teach
    endorsement_create(endorser=org.owner, person_skill=endorsed)

    items = body(ApiClient(org.owner).get("/skills/python/teachers"))["items"]

    assert [i["person"]["full_name"] for i in items] == ["Mona Manager", "Piet Peer", "Olive Owner"]
    assert [i["endorsed_by_me"] for i in items] == [False, True, False]


def test_learners_exclude_people_who_left(org: Org) -> None:
    person_skill_set(person=org.owner, skill=org.sql, level=1, wants_to_learn=True)
    person_skill_set(person=org.peer, skill=org.sql, level=0, wants_to_learn=True)
    person_deactivate(person=org.owner)

    items = body(ApiClient(org.outsider).get("/skills/sql/learners"))["items"]

    assert [i["person"]["full_name"] for i in items] == ["Piet Peer"]


def test_teachers_and_learners_query_count_does_not_grow(org: Org) -> None:
    api = ApiClient(org.owner)
    person_skill_set(
        person=org.peer, skill=org.python, level=3, can_teach=True, wants_to_learn=True
    )

    def grow() -> None:
        for n in range(30):
            person = make_person(f"Teacher {n:02}")
            person_skill_set(
                person=person, skill=org.python, level=3, can_teach=True, wants_to_learn=True
            )

    assert_constant_queries(lambda: api.get("/skills/python/teachers?page_size=100"), grow)
    assert_constant_queries(lambda: api.get("/skills/python/learners?page_size=100"), grow)


def test_skill_list_query_count_does_not_grow(org: Org) -> None:
    api = ApiClient(org.owner)

    def grow() -> None:
        for n in range(30):
            make_skill(f"Skill {n:02}", parent=org.sql, aliases=[f"s{n}"])

    assert_constant_queries(lambda: api.get("/skills?page_size=100"), grow)


def test_admin_adds_a_skill_with_parent_and_aliases(org: Org) -> None:
    response = ApiClient(org.admin).post(
        "/skills", {"name": "PostgreSQL", "parent": "sql", "aliases": ["postgres", "pg"]}
    )

    assert response.status_code == 201, response.content
    assert body(response)["parent"]["slug"] == "sql"
    assert body(response)["aliases"] == ["pg", "postgres"]
    assert Skill.objects.get(slug="postgresql").parent == org.sql


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "python"}, "name"),
        ({"name": "Py"}, "name"),  # an alias already names it
        ({"name": "Rust", "parent": "nothing"}, "parent"),
        ({"name": "Rust", "aliases": ["sql"]}, "alias"),
        ({"name": ""}, "name"),
    ],
)
def test_adding_a_skill_with_bad_input_names_the_field(
    org: Org, payload: dict[str, object], field: str
) -> None:
    response = ApiClient(org.admin).post("/skills", payload)

    assert_problem(response, 422)
    assert error_fields(response) == {field}
    assert not Skill.objects.filter(name="Rust").exists()


def test_admin_adds_an_alias(org: Org) -> None:
    response = ApiClient(org.admin).post("/skills/sql/aliases", {"name": "Structured Query"})

    assert response.status_code == 201
    assert body(response)["aliases"] == ["Structured Query"]
    assert_problem(ApiClient(org.admin).post("/skills/sql/aliases", {"name": "py"}), 422)


def test_employees_cannot_change_the_taxonomy(org: Org) -> None:
    api = ApiClient(org.manager)

    assert_problem(api.post("/skills", {"name": "Rust"}), 403)
    assert_problem(api.post("/skills/sql/aliases", {"name": "sequel"}), 403)
    assert not Skill.objects.filter(name="Rust").exists()
