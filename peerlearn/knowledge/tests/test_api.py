"""The hub's REST API: write, review, publish, verify, version and restore pages."""

from __future__ import annotations

from django.test import Client

from conftest import Org
from peerlearn.knowledge.tests.factories import make_page, make_space
from peerlearn.people.tests.factories import login

JSON = "application/json"


def test_write_review_publish_verify_and_restore_through_the_api(client: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    login(client, org.owner)
    created = client.post(
        "/api/v1/hub/pages",
        {
            "space_id": str(space.id),
            "title": "Rotate API keys",
            "kind": "walkthrough",
            "body": "Do it **monthly**. <script>x</script>",
            "steps": [{"title": "Open the vault"}, {"title": "Rotate", "body": "Click *rotate*"}],
            "skill_ids": [str(org.python.id)],
            "review_interval_days": 30,
        },
        content_type=JSON,
    )
    page_id = created.json()["id"]
    edited = client.patch(
        f"/api/v1/hub/pages/{page_id}", {"body": "Do it weekly.", "note": "More often"},
        content_type=JSON,
    )  # fmt: skip
    submitted = client.post(
        f"/api/v1/hub/pages/{page_id}/submit", {"reviewer_id": str(org.peer.id)}, content_type=JSON
    )
    login(client, org.peer)
    published = client.post(
        f"/api/v1/hub/pages/{page_id}/review", {"decision": "approve"}, content_type=JSON
    )
    login(client, org.owner)
    verified = client.post(f"/api/v1/hub/pages/{page_id}/verify", content_type=JSON)
    versions = client.get(f"/api/v1/hub/pages/{page_id}/versions").json()["items"]
    first = versions[-1]
    diff = client.get(f"/api/v1/hub/pages/{page_id}/versions/{versions[0]['id']}").json()
    restored = client.post(
        f"/api/v1/hub/pages/{page_id}/restore", {"version_id": first["id"]}, content_type=JSON
    )
    listed = client.get("/api/v1/hub/pages", {"space": str(space.id)}).json()

    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft"
    assert (
        body["body_html"]
        == "<p>Do it <strong>monthly</strong>. &lt;script&gt;x&lt;/script&gt;</p>\n"
    )
    assert [s["title"] for s in body["steps"]] == ["Open the vault", "Rotate"]
    assert body["steps"][1]["body_html"] == "<p>Click <em>rotate</em></p>\n"
    assert edited.json()["version"] == 2
    assert submitted.json()["status"] == "in_review"
    assert published.json()["status"] == "published"
    assert verified.json()["needs_review"] is False
    assert [v["number"] for v in versions] == [2, 1]
    assert {"op": "added", "text": "Do it weekly."} in diff["diff"]
    assert restored.json()["body"].startswith("Do it **monthly**.")
    assert restored.json()["version"] == 3
    assert [p["title"] for p in listed["items"]] == ["Rotate API keys"]
    assert listed["items"][0]["url"] == f"/hub/pages/{page_id}/"


def test_api_roles_for_changes(client: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Guide", reviewer=org.manager)
    login(client, org.peer)

    patch = client.patch(f"/api/v1/hub/pages/{page.id}", {"title": "Mine"}, content_type=JSON)
    verify = client.post(f"/api/v1/hub/pages/{page.id}/verify", content_type=JSON)
    review = client.post(
        f"/api/v1/hub/pages/{page.id}/review", {"decision": "approve"}, content_type=JSON
    )
    anonymous = Client().get(f"/api/v1/hub/pages/{page.id}")

    assert patch.status_code == 403
    assert verify.status_code == 403
    assert review.status_code == 403
    assert anonymous.status_code == 401


def test_api_page_list_costs_the_same_for_3_and_30(client: Client, org: Org) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    space = make_space(org.manager, "Engineering")
    login(client, org.peer)

    def add(count: int) -> None:
        for _ in range(count):
            make_page(space, org.owner, reviewer=org.manager, skills=[org.python])

    add(3)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/hub/pages", {"page_size": 50})
    add(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/hub/pages", {"page_size": 50})

    assert response.json()["count"] == 30
    assert len(many) == len(few)
