"""The role table of the hub, ask-a-peer and search: every page route and every API operation
× every role, with the expected answer (tests/role_table.py); tests/test_route_coverage.py
fails on a route or operation without a row.

The owner wrote the pages and asked the question; the peer reviews, answers and belongs to the
owner's private space; the manager administers the public space; the admin runs programmes
(and looks after public spaces); the outsider has nothing to do with any of it. Pages answer
302 to sign in for anonymous visitors and 404 for what a role may not see or do; the API
answers 401 without valid credentials (and for people who left), 404 for what the caller may
not see, 403 for what they see but may not change.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import Org
from peerlearn.knowledge.services import attachment_add, page_submit_for_review
from peerlearn.knowledge.tests.factories import make_page, make_space
from peerlearn.people.tests.factories import make_person
from peerlearn.qa.services import answer_post, question_ask
from tests.role_table import ApiRow, ApiTable, PageRow, PageTable, api, everyone, pages, provides

pytestmark = pytest.mark.django_db


@provides(
    "public", "private", "published", "published_version", "draft", "in_review", "secret",
    "secret_version", "attachment", "question", "answer", "spare",
)  # fmt: skip
def hub_subject(org: Org) -> dict[str, str]:
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
    }


# --- pages -------------------------------------------------------------------------------------

EVERYONE_200 = everyone(200)
EVERYONE_302 = everyone(302)
PRIVATE_MEMBERS = pages(owner=200, peer=200)
PUBLIC_PAGE_KEEPERS = pages(owner=200, manager=200, admin=200)  # owner, space admin, L&D

PAGE_ROWS: dict[str, tuple[str, str, dict[str, str], dict[str, int]]] = {
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
        "post", "/questions/{question}/invite/", {"person": "{outsider_id}"},
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

PAGE_TABLE = PageTable(
    rows={
        route: PageRow(method, path, expected, data)
        for route, (method, path, data, expected) in PAGE_ROWS.items()
    },
    builders=[hub_subject],
)


@pytest.mark.parametrize(("route", "role"), PAGE_TABLE.cases())
def test_page_role_table(client: Client, org: Org, route: str, role: str) -> None:
    PAGE_TABLE.check(client, org, route, role)


# --- API ---------------------------------------------------------------------------------------


def see_but_not_change(**allowed: int) -> dict[str, int]:
    return api(default=403, **allowed)


ALL_200 = api(default=200)
ALL_201 = api(default=201)
MEMBERS_200 = api(owner=200, peer=200)
KEEPERS_200 = see_but_not_change(owner=200, manager=200, admin=200)

API_ROWS: dict[tuple[str, str], tuple[dict[str, Any] | None, dict[str, int]]] = {
    ("GET", "/hub/spaces"): (None, ALL_200),
    ("GET", "/hub/pages"): (None, ALL_200),
    ("POST", "/hub/pages"): ({"space_id": "{public}", "title": "New page"}, ALL_201),
    ("GET", "/hub/pages/{secret}"): (None, MEMBERS_200),
    ("PATCH", "/hub/pages/{published}"): ({"title": "Renamed"}, KEEPERS_200),
    ("POST", "/hub/pages/{draft}/submit"): ({"reviewer_id": "{spare}"}, api(owner=200)),
    ("POST", "/hub/pages/{in_review}/review"): (
        {"decision": "approve"}, api(owner=403, peer=200),
    ),
    ("POST", "/hub/pages/{published}/verify"): ({}, KEEPERS_200),
    ("GET", "/hub/pages/{secret}/versions"): (None, MEMBERS_200),
    ("GET", "/hub/pages/{secret}/versions/{secret_version}"): (None, MEMBERS_200),
    ("POST", "/hub/pages/{published}/restore"): (
        {"version_id": "{published_version}"}, KEEPERS_200,
    ),
    ("GET", "/questions"): (None, ALL_200),
    ("POST", "/questions"): ({"title": "Who knows dbt?"}, ALL_201),
    ("GET", "/questions/{question}"): (None, ALL_200),
    ("GET", "/questions/{question}/experts"): (None, ALL_200),
    ("POST", "/questions/{question}/answers"): ({"body": "Try this"}, ALL_201),
    ("POST", "/questions/{question}/invite"): (
        {"person_id": "{spare}"}, see_but_not_change(owner=204, admin=204),
    ),
    ("POST", "/questions/{question}/vote"): (
        {"value": 1}, see_but_not_change(peer=200, outsider=200, manager=200, admin=200),
    ),
    ("POST", "/questions/{question}/convert"): (
        {"space_id": "{public}"}, see_but_not_change(owner=201, peer=201),
    ),
    ("POST", "/answers/{answer}/vote"): (
        {"value": 1}, see_but_not_change(owner=200, outsider=200, manager=200, admin=200),
    ),
    ("POST", "/answers/{answer}/accept"): ({}, see_but_not_change(owner=200)),
    ("GET", "/search"): (None, ALL_200),
}  # fmt: skip

API_TABLE = ApiTable(
    rows={
        key: ApiRow(body, expected, query="?q=runbook" if key == ("GET", "/search") else "")
        for key, (body, expected) in API_ROWS.items()
    },
    builders=[hub_subject],
)


@pytest.mark.parametrize(("operation", "role"), API_TABLE.cases())
def test_api_role_table(org: Org, operation: tuple[str, str], role: str) -> None:
    API_TABLE.check(org, operation, role)
