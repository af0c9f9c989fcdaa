"""The role table of the hub, ask-a-peer and search: every page route and every API operation
× every role, with the expected answer. A route or operation without a row fails.

The owner wrote the pages and asked the question; the peer reviews, answers and belongs to the
owner's private space; the manager administers the public space; the admin runs programmes
(and looks after public spaces); the outsider has nothing to do with any of it. Pages answer
302 to sign in for anonymous visitors and 404 for what a role may not see or do; the API
answers 401 without valid credentials (and for people who left), 404 for what the caller may
not see, 403 for what they see but may not change.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import Org
from peerlearn.knowledge.services import attachment_add, page_submit_for_review
from peerlearn.knowledge.tests.factories import make_page, make_space
from peerlearn.people.services import person_deactivate
from peerlearn.people.tests.api_helpers import API, bearer
from peerlearn.people.tests.factories import make_person
from peerlearn.qa.services import answer_post, question_ask

pytestmark = pytest.mark.django_db

PAGE_ROLES = ("anonymous", "owner", "peer", "outsider", "manager", "admin")
API_ROLES = ("anonymous", "left", "owner", "peer", "outsider", "manager", "admin")
NAMESPACES = ("knowledge", "qa", "search")
OWN_ROUTERS = ("peerlearn_knowledge_api", "peerlearn_qa_api", "peerlearn_search_api")


def build(org: Org) -> dict[str, str]:
    """Everything the rows name, made through the services."""
    public = make_space(org.manager, "Engineering")
    private = make_space(org.owner, "Secret", is_private=True, members=[org.peer])
    published = make_page(public, org.owner, "Published", reviewer=org.manager)
    draft = make_page(public, org.owner, "Draft")
    in_review = make_page(public, org.owner, "In review")
    page_submit_for_review(page=in_review, submitted_by=org.owner, reviewer=org.peer)
    secret = make_page(private, org.owner, "Secret page", reviewer=org.peer)
    attachment = attachment_add(
        page=secret,
        upload=SimpleUploadedFile("notes.txt", b"notes", content_type="text/plain"),
        uploaded_by=org.owner,
    )
    question = question_ask(asker=org.owner, title="Where is the runbook?", experts_to_notify=0)
    answer = answer_post(question=question, author=org.peer, body="In the hub.")
    return {
        "public": str(public.id),
        "private": str(private.id),
        "published": str(published.id),
        "published_version": str(published.versions.get().id),
        "draft": str(draft.id),
        "in_review": str(in_review.id),
        "secret": str(secret.id),
        "secret_version": str(secret.versions.get().id),
        "attachment": str(attachment.id),
        "question": str(question.id),
        "answer": str(answer.id),
        "spare": str(make_person("Sam Spare").id),
        "outsider": str(org.outsider.id),
    }


# --- pages -------------------------------------------------------------------------------------

Expect = dict[str, int]


def pages(**allowed: int) -> Expect:
    """Anonymous → sign in; the roles named get their status; everyone else 404."""
    return {"anonymous": 302, **{role: allowed.get(role, 404) for role in PAGE_ROLES[1:]}}


EVERYONE_200 = pages(owner=200, peer=200, outsider=200, manager=200, admin=200)
EVERYONE_302 = pages(owner=302, peer=302, outsider=302, manager=302, admin=302)
PRIVATE_MEMBERS = pages(owner=200, peer=200)
PUBLIC_PAGE_KEEPERS = pages(owner=200, manager=200, admin=200)  # owner, space admin, L&D

PAGE_TABLE: dict[str, tuple[str, str, dict[str, str], Expect]] = {
    "knowledge:home": ("get", "/hub/", {}, EVERYONE_200),
    "knowledge:health": ("get", "/hub/health/", {}, EVERYONE_200),
    "knowledge:space_new": ("get", "/hub/spaces/new/", {}, EVERYONE_200),
    "knowledge:space": ("get", "/hub/spaces/{private}/", {}, PRIVATE_MEMBERS),
    "knowledge:space_edit": ("get", "/hub/spaces/{private}/edit/", {}, pages(owner=200)),
    "knowledge:space_members": ("get", "/hub/spaces/{public}/members/", {}, EVERYONE_200),
    "knowledge:page_new": ("get", "/hub/pages/new/", {}, EVERYONE_200),
    "knowledge:page": ("get", "/hub/pages/{secret}/", {}, PRIVATE_MEMBERS),
    "knowledge:page_edit": ("get", "/hub/pages/{published}/edit/", {}, PUBLIC_PAGE_KEEPERS),
    "knowledge:page_submit": ("get", "/hub/pages/{draft}/submit/", {}, pages(owner=200)),
    "knowledge:page_review": ("get", "/hub/pages/{in_review}/review/", {}, pages(peer=200)),
    "knowledge:page_verify": (
        "post", "/hub/pages/{published}/verify/", {}, pages(owner=302, manager=302, admin=302),
    ),
    "knowledge:page_owners": ("get", "/hub/pages/{published}/owners/", {}, PUBLIC_PAGE_KEEPERS),
    "knowledge:page_history": ("get", "/hub/pages/{secret}/history/", {}, PRIVATE_MEMBERS),
    "knowledge:version": (
        "get", "/hub/pages/{secret}/versions/{secret_version}/", {}, PRIVATE_MEMBERS,
    ),
    "knowledge:version_restore": (
        "post",
        "/hub/pages/{published}/versions/{published_version}/restore/",
        {},
        pages(owner=302, manager=302, admin=302),
    ),
    # no file sent: the keepers get the form back with its error, the rest nothing
    "knowledge:attach": (
        "post", "/hub/pages/{published}/attachments/", {}, pages(owner=422, manager=422, admin=422),
    ),
    "knowledge:page_feedback": (
        "post", "/hub/pages/{published}/feedback/", {"helpful": "yes"}, EVERYONE_302,
    ),
    "knowledge:page_comment": (
        "post", "/hub/pages/{published}/comments/", {"body": "Thanks"}, EVERYONE_302,
    ),
    "knowledge:attachment": ("get", "/hub/attachments/{attachment}/", {}, PRIVATE_MEMBERS),
    "qa:list": ("get", "/questions/", {}, EVERYONE_200),
    "qa:ask": ("get", "/questions/ask/", {}, EVERYONE_200),
    "qa:detail": ("get", "/questions/{question}/", {}, EVERYONE_200),
    "qa:answer": ("post", "/questions/{question}/answers/", {"body": "Me too"}, EVERYONE_302),
    "qa:invite": (
        "post", "/questions/{question}/invite/", {"person": "{outsider}"},
        pages(owner=302, admin=302),
    ),
    "qa:vote": (
        "post", "/questions/{question}/vote/", {"value": "1"},
        pages(peer=302, outsider=302, manager=302, admin=302),
    ),
    "qa:convert": (
        "post", "/questions/{question}/convert/", {"space": "{public}"}, pages(owner=302, peer=302),
    ),
    "qa:answer_vote": (
        "post", "/answers/{answer}/vote/", {"value": "1"},
        pages(owner=302, outsider=302, manager=302, admin=302),
    ),
    "qa:accept": ("post", "/answers/{answer}/accept/", {}, pages(owner=302)),
    "search:search": ("get", "/search/", {"q": "runbook"}, EVERYONE_200),
}  # fmt: skip


def page_route_names() -> set[str]:
    names = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace in NAMESPACES:
            names |= {
                f"{pattern.namespace}:{p.name}"
                for p in pattern.url_patterns
                if isinstance(p, URLPattern) and p.name
            }
    return names


def test_every_page_route_has_a_row() -> None:
    assert page_route_names() == set(PAGE_TABLE)


def filled(template: str, objects: dict[str, str]) -> str:
    return template.format(**objects)


@pytest.mark.parametrize("role", PAGE_ROLES)
@pytest.mark.parametrize("route", sorted(PAGE_TABLE))
def test_page_role_table(client: Client, org: Org, route: str, role: str) -> None:
    method, path, data, expected = PAGE_TABLE[route]
    objects = build(org)
    if role != "anonymous":
        client.force_login(getattr(org, role).user)
    body = {key: filled(value, objects) for key, value in data.items()}

    response = getattr(client, method)(filled(path, objects), body)

    assert response.status_code == expected[role], (route, role, response.status_code)


# --- API ---------------------------------------------------------------------------------------


def api(**allowed: int) -> tuple[int, ...]:
    """401 for anonymous and people who left; the roles named get their status, others 404."""
    return (401, 401, *(allowed.get(role, 404) for role in API_ROLES[2:]))


def see_but_not_change(**allowed: int) -> tuple[int, ...]:
    return (401, 401, *(allowed.get(role, 403) for role in API_ROLES[2:]))


ALL_200 = api(owner=200, peer=200, outsider=200, manager=200, admin=200)
ALL_201 = api(owner=201, peer=201, outsider=201, manager=201, admin=201)
MEMBERS_200 = api(owner=200, peer=200)
KEEPERS_200 = see_but_not_change(owner=200, manager=200, admin=200)

API_TABLE: dict[tuple[str, str], tuple[dict[str, Any] | None, tuple[int, ...]]] = {
    ("GET", "/hub/spaces"): (None, ALL_200),
    ("GET", "/hub/pages"): (None, ALL_200),
    ("POST", "/hub/pages"): ({"space_id": "{public}", "title": "New page"}, ALL_201),
    ("GET", "/hub/pages/{page_id}"): (None, MEMBERS_200),
    ("PATCH", "/hub/pages/{page_id}"): ({"title": "Renamed"}, KEEPERS_200),
    ("POST", "/hub/pages/{page_id}/submit"): ({"reviewer_id": "{spare}"}, api(owner=200)),
    ("POST", "/hub/pages/{page_id}/review"): (
        {"decision": "approve"}, api(owner=403, peer=200),
    ),
    ("POST", "/hub/pages/{page_id}/verify"): ({}, KEEPERS_200),
    ("GET", "/hub/pages/{page_id}/versions"): (None, MEMBERS_200),
    ("GET", "/hub/pages/{page_id}/versions/{version_id}"): (None, MEMBERS_200),
    ("POST", "/hub/pages/{page_id}/restore"): ({"version_id": "{published_version}"}, KEEPERS_200),
    ("GET", "/questions"): (None, ALL_200),
    ("POST", "/questions"): ({"title": "Who knows dbt?"}, ALL_201),
    ("GET", "/questions/{question_id}"): (None, ALL_200),
    ("GET", "/questions/{question_id}/experts"): (None, ALL_200),
    ("POST", "/questions/{question_id}/answers"): ({"body": "Try this"}, ALL_201),
    ("POST", "/questions/{question_id}/invite"): (
        {"person_id": "{spare}"}, see_but_not_change(owner=204, admin=204),
    ),
    ("POST", "/questions/{question_id}/vote"): (
        {"value": 1}, see_but_not_change(peer=200, outsider=200, manager=200, admin=200),
    ),
    ("POST", "/questions/{question_id}/convert"): (
        {"space_id": "{public}"}, see_but_not_change(owner=201, peer=201),
    ),
    ("POST", "/answers/{answer_id}/vote"): (
        {"value": 1}, see_but_not_change(owner=200, outsider=200, manager=200, admin=200),
    ),
    ("POST", "/answers/{answer_id}/accept"): ({}, see_but_not_change(owner=200)),
    ("GET", "/search"): (None, ALL_200),
}  # fmt: skip

# Which object each path's placeholder means in each operation.
PATH_OBJECTS: dict[tuple[str, str], dict[str, str]] = {
    ("GET", "/hub/pages/{page_id}"): {"page_id": "secret"},
    ("PATCH", "/hub/pages/{page_id}"): {"page_id": "published"},
    ("POST", "/hub/pages/{page_id}/submit"): {"page_id": "draft"},
    ("POST", "/hub/pages/{page_id}/review"): {"page_id": "in_review"},
    ("POST", "/hub/pages/{page_id}/verify"): {"page_id": "published"},
    ("GET", "/hub/pages/{page_id}/versions"): {"page_id": "secret"},
    ("GET", "/hub/pages/{page_id}/versions/{version_id}"): {
        "page_id": "secret",
        "version_id": "secret_version",
    },
    ("POST", "/hub/pages/{page_id}/restore"): {"page_id": "published"},
}
QUERY: dict[tuple[str, str], str] = {("GET", "/search"): "?q=runbook"}


def own_operations() -> set[tuple[str, str]]:
    schema = api_schema()
    return {
        (method.upper(), path.removeprefix(API))
        for path, item in schema["paths"].items()
        for method, spec in item.items()
        if spec.get("operationId", "").startswith(OWN_ROUTERS)
    }


def api_schema() -> dict[str, Any]:
    from config.api import api as ninja_api

    return dict(ninja_api.get_openapi_schema())


def test_every_operation_has_a_row() -> None:
    assert own_operations() == set(API_TABLE)


def credentials(org: Org, role: str) -> dict[str, Any]:
    if role == "anonymous":
        return {}
    if role == "left":
        person = make_person("Lou Leaver")
        headers = bearer(person)
        person_deactivate(person=person)
        return headers
    return bearer(getattr(org, role))


def resolve(operation: tuple[str, str], objects: dict[str, str]) -> str:
    names = {"question_id": "question", "answer_id": "answer"}
    names.update(PATH_OBJECTS.get(operation, {}))
    path = operation[1]
    for placeholder, key in names.items():
        path = path.replace("{" + placeholder + "}", objects[key])
    return path + QUERY.get(operation, "")


@pytest.mark.parametrize("role_index", range(len(API_ROLES)), ids=API_ROLES)
@pytest.mark.parametrize("operation", sorted(API_TABLE), ids=" ".join)
def test_api_role_table(org: Org, operation: tuple[str, str], role_index: int) -> None:
    role = API_ROLES[role_index]
    body, expected = API_TABLE[operation]
    objects = build(org)
    headers = credentials(org, role)
    client = Client()
    kwargs: dict[str, Any] = dict(headers)
    if body is not None:
        kwargs["data"] = json.dumps(
            {k: v.format(**objects) if isinstance(v, str) else v for k, v in body.items()}
        )
        kwargs["content_type"] = "application/json"
    call: Callable[..., Any] = getattr(client, operation[0].lower())

    response = call(API + resolve(operation, objects), **kwargs)

    assert response.status_code == expected[role_index], (
        operation, role, response.status_code, response.content[:300],
    )  # fmt: skip
