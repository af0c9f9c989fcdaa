"""Who sees and changes what in the hub, with an owner, a peer, an outsider and an admin.

Private spaces are for members only; drafts for their authors and reviewer only. Whatever a
viewer may not open answers exactly like something missing (404), and lists, search and the
API agree with the detail pages.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from conftest import Org
from peerlearn.knowledge.models import Page
from peerlearn.knowledge.services import page_submit_for_review
from peerlearn.knowledge.tests.factories import make_page, make_space
from peerlearn.people.tests.factories import login


def _visible_everywhere(client: Client, page: Page) -> dict[str, bool]:
    """Where the page shows up for this client: detail, space list, search, API list/detail."""
    detail = client.get(f"/hub/pages/{page.id}/").status_code == 200
    space_list = str(page.id) in client.get(f"/hub/spaces/{page.space_id}/").content.decode()
    found = client.get("/search/", {"q": "zebracorn"}).content.decode()
    in_search = f"/hub/pages/{page.id}/" in found
    api_detail = client.get(f"/api/v1/hub/pages/{page.id}").status_code == 200
    api_hits = client.get("/api/v1/search", {"q": "zebracorn"}).json()["results"]
    in_api_search = any(hit["id"] == str(page.id) for hit in api_hits)
    return {
        "detail": detail,
        "space_list": space_list,
        "search": in_search,
        "api_detail": api_detail,
        "api_search": in_api_search,
    }


@pytest.fixture
def private_page(org: Org) -> Page:
    """A published page in a private space where the owner is admin and the peer a member."""
    space = make_space(org.owner, "Secret project", is_private=True, members=[org.peer])
    return make_page(space, org.owner, "Zebracorn launch plan", body="zebracorn", reviewer=org.peer)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("owner", True), ("peer", True), ("outsider", False), ("admin", False), ("manager", False)],
)
def test_private_space_pages_are_for_members_only_everywhere(
    client: Client, org: Org, private_page: Page, who: str, allowed: bool
) -> None:
    login(client, getattr(org, who))

    seen = _visible_everywhere(client, private_page)

    assert seen == dict.fromkeys(seen, allowed)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("owner", True), ("peer", False), ("outsider", False), ("admin", False)],
)
def test_drafts_are_for_their_authors_only(
    client: Client, org: Org, who: str, allowed: bool
) -> None:
    space = make_space(org.admin, "Engineering")
    draft = make_page(space, org.owner, "Zebracorn draft", body="zebracorn")
    login(client, getattr(org, who))

    seen = _visible_everywhere(client, draft)

    assert seen["detail"] == seen["search"] == seen["api_detail"] == seen["api_search"] == allowed
    assert seen["space_list"] is False  # the space lists published pages only


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("owner", True), ("peer", True), ("outsider", False), ("admin", False)],
)
def test_a_page_in_review_is_also_visible_to_its_reviewer(
    client: Client, org: Org, who: str, allowed: bool
) -> None:
    space = make_space(org.admin, "Engineering")
    page = make_page(space, org.owner, "Zebracorn review", body="zebracorn")
    page_submit_for_review(page=page, submitted_by=org.owner, reviewer=org.peer)
    login(client, getattr(org, who))

    seen = _visible_everywhere(client, page)

    assert seen["detail"] == seen["search"] == seen["api_detail"] == allowed


def test_someone_elses_private_page_answers_exactly_like_a_missing_one(
    as_outsider: Client, private_page: Page
) -> None:
    hidden = as_outsider.get(f"/hub/pages/{private_page.id}/")
    missing = as_outsider.get(f"/hub/pages/{uuid.uuid4()}/")
    api_hidden = as_outsider.get(f"/api/v1/hub/pages/{private_page.id}")
    api_missing = as_outsider.get(f"/api/v1/hub/pages/{uuid.uuid4()}")

    assert hidden.status_code == missing.status_code == 404
    assert api_hidden.status_code == api_missing.status_code == 404
    assert api_hidden.json() == api_missing.json()
    for sub in ("edit/", "history/", "owners/", "submit/"):
        assert as_outsider.get(f"/hub/pages/{private_page.id}/{sub}").status_code == 404
    assert as_outsider.get(f"/hub/spaces/{private_page.space_id}/").status_code == 404


def test_private_attachments_follow_their_page(
    as_outsider: Client, org: Org, private_page: Page
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from peerlearn.knowledge.services import attachment_add

    attachment = attachment_add(
        page=private_page,
        upload=SimpleUploadedFile("notes.txt", b"launch notes", content_type="text/plain"),
        uploaded_by=org.owner,
    )

    assert as_outsider.get(f"/hub/attachments/{attachment.id}/").status_code == 404
    client = Client()
    login(client, org.peer)
    assert client.get(f"/hub/attachments/{attachment.id}/").status_code == 200


@pytest.mark.parametrize(
    ("who", "edit", "verify", "owners"),
    [
        ("owner", 200, 302, 200),  # the page's owner
        ("peer", 404, 404, 404),  # can read, cannot change
        ("admin", 200, 302, 200),  # programme admin looks after public spaces
        ("outsider", 404, 404, 404),
    ],
)
def test_who_may_edit_verify_and_manage_owners_of_a_published_page(
    client: Client, org: Org, who: str, edit: int, verify: int, owners: int
) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Runbook", reviewer=org.manager)
    login(client, getattr(org, who))

    assert client.get(f"/hub/pages/{page.id}/edit/").status_code == edit
    assert client.post(f"/hub/pages/{page.id}/verify/").status_code == verify
    assert client.get(f"/hub/pages/{page.id}/owners/").status_code == owners


def test_only_the_named_reviewer_can_publish(client: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Runbook")
    page_submit_for_review(page=page, submitted_by=org.owner, reviewer=org.peer)

    for who in ("owner", "manager", "admin"):
        login(client, getattr(org, who))
        response = client.post(f"/hub/pages/{page.id}/review/", {"decision": "approve"})
        assert response.status_code == 404, who
    login(client, org.peer)
    response = client.post(f"/hub/pages/{page.id}/review/", {"decision": "approve"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == "published"


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, private_page: Page) -> None:
    for url in ("/hub/", f"/hub/pages/{private_page.id}/", "/questions/", "/search/?q=x"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    assert client.get("/api/v1/search", {"q": "x"}).status_code == 401
