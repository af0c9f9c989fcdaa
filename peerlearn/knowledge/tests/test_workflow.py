"""Writing, reviewing, versioning and reading hub pages, through the real pages."""

from __future__ import annotations

from django.test import Client

from conftest import Org
from peerlearn.activities.models import LearningActivity
from peerlearn.knowledge.models import Page, PageStatus
from peerlearn.knowledge.services import page_update
from peerlearn.knowledge.tests.factories import make_page, make_space
from peerlearn.notifications.models import Notification
from peerlearn.people.tests.factories import login


def test_write_a_walkthrough_send_it_for_review_and_publish_it(client: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    login(client, org.owner)

    response = client.post(
        "/hub/pages/new/",
        {
            "space": space.id,
            "title": "Set up your laptop",
            "kind": "walkthrough",
            "summary": "From unboxing to first deploy.",
            "body": "You will need **admin rights**.",
            "skills": [org.python.id],
            "review_interval_days": 30,
            "steps-TOTAL_FORMS": 3,
            "steps-INITIAL_FORMS": 0,
            "steps-0-title": "Install the tools",
            "steps-0-body": "Run `make setup`.",
            "steps-0-ORDER": 2,
            "steps-1-title": "Get access",
            "steps-1-body": "Ask IT.",
            "steps-1-ORDER": 1,
            "steps-2-title": "",
            "steps-2-body": "",
        },
    )

    page = Page.objects.get(title="Set up your laptop")
    assert response.status_code == 302
    assert page.status == PageStatus.DRAFT
    assert [s.title for s in page.steps.all()] == ["Get access", "Install the tools"]
    assert set(page.owners.all()) == {org.owner}
    assert page.versions.count() == 1

    response = client.post(f"/hub/pages/{page.id}/submit/", {"reviewer": org.peer.id})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=org.peer, kind="knowledge.review_requested")

    login(client, org.peer)
    detail = client.get(f"/hub/pages/{page.id}/").content.decode()
    assert "Review it now" in detail
    response = client.post(
        f"/hub/pages/{page.id}/review/", {"decision": "approve", "note": "Clear, thanks"}
    )
    page.refresh_from_db()
    assert response.status_code == 302
    assert page.status == PageStatus.PUBLISHED
    assert page.review_due_at is not None
    assert page.last_verified_at is not None
    assert (page.review_due_at - page.last_verified_at).days == 30
    published = LearningActivity.objects.get(action="page.published")
    roles = {(p.person_id, p.role) for p in published.participants.all()}
    assert roles == {(org.owner.id, "owner"), (org.peer.id, "reviewer")}
    assert list(published.skills.all()) == [org.python]
    assert published.format == "knowledge"


def test_a_reviewer_sends_a_page_back_with_a_note(client: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Half done")
    client.force_login(org.owner.user)
    client.post(f"/hub/pages/{page.id}/submit/", {"reviewer": org.peer.id})
    login(client, org.peer)

    empty = client.post(f"/hub/pages/{page.id}/review/", {"decision": "changes", "note": ""})
    response = client.post(
        f"/hub/pages/{page.id}/review/", {"decision": "changes", "note": "Add the rollback"}
    )

    assert empty.status_code == 422
    assert "Say what should change" in empty.content.decode()
    page.refresh_from_db()
    assert response.status_code == 302
    assert page.status == PageStatus.DRAFT
    assert page.comments.get().body == "Add the rollback"
    assert Notification.objects.filter(recipient=org.owner, kind="knowledge.changes_requested")


def test_every_edit_is_a_version_with_a_diff_and_any_version_can_be_restored(
    as_owner: Client, org: Org
) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Release", body="Step one\nStep two", reviewer=org.peer)
    response = as_owner.post(
        f"/hub/pages/{page.id}/edit/",
        {
            "title": "Release",
            "kind": "guide",
            "summary": "",
            "body": "Step one\nStep 2, faster",
            "review_interval_days": 90,
            "note": "Faster step two",
            "steps-TOTAL_FORMS": 0,
            "steps-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    first, second = page.versions.order_by("number")

    diff = as_owner.get(f"/hub/pages/{page.id}/versions/{second.id}/").content.decode()
    history = as_owner.get(f"/hub/pages/{page.id}/history/").content.decode()
    restored = as_owner.post(f"/hub/pages/{page.id}/versions/{first.id}/restore/")

    assert 'class="removed"' in diff
    assert "Step two" in diff
    assert 'class="added"' in diff
    assert "Step 2, faster" in diff
    assert "Faster step two" in history
    assert restored.status_code == 302
    page.refresh_from_db()
    assert page.body == "Step one\nStep two"
    assert page.versions.count() == 3
    assert page.versions.order_by("-number").first().note == "Restored version 1"  # type: ignore[union-attr]


def test_the_first_version_shows_its_text_without_marking_every_line_added(
    as_owner: Client, org: Org
) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Release", body="Step one\nStep two", reviewer=org.peer)
    first = page.versions.get()

    html = as_owner.get(f"/hub/pages/{page.id}/versions/{first.id}/").content.decode()

    assert "First version" in html
    assert "Step two" in html
    assert 'class="added"' not in html
    assert "Added: " not in html


def test_saving_without_changes_adds_no_version(org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Same", body="x")

    page_update(
        page=page, editor=org.owner, title="Same", kind=page.kind, summary="", body="x",
        steps=[], skills=[], review_interval_days=page.review_interval_days,
    )  # fmt: skip

    assert page.versions.count() == 1


def test_links_between_pages_show_as_linked_from(as_peer: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    target = make_page(space, org.owner, "Glossary", reviewer=org.peer)
    make_page(
        space,
        org.owner,
        "Onboarding",
        body=f"See [the glossary](/hub/pages/{target.id}/).",
        reviewer=org.peer,
    )
    hidden = make_page(space, org.owner, "Secret draft", body=f"[x](/hub/pages/{target.id}/)")

    html = as_peer.get(f"/hub/pages/{target.id}/").content.decode()

    assert "Linked from" in html
    assert "Onboarding" in html
    assert hidden.title not in html  # a draft the reader cannot open is not listed


def test_readers_say_whether_it_helped_comment_and_are_counted(as_peer: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Guide", reviewer=org.manager)

    as_peer.get(f"/hub/pages/{page.id}/")
    as_peer.get(f"/hub/pages/{page.id}/")
    as_peer.post(f"/hub/pages/{page.id}/feedback/", {"helpful": "no", "comment": "Outdated"})
    as_peer.post(f"/hub/pages/{page.id}/feedback/", {"helpful": "yes"})
    as_peer.post(f"/hub/pages/{page.id}/comments/", {"body": "Step 3 changed in May."})
    login(as_peer, org.owner)
    as_peer.get(f"/hub/pages/{page.id}/")  # owners reading their page are not counted

    page.refresh_from_db()
    assert page.view_count == 2
    assert (page.helpful_count, page.unhelpful_count) == (1, 0)
    assert page.comments.get().body == "Step 3 changed in May."
    assert Notification.objects.filter(recipient=org.owner, kind="knowledge.comment")


def test_an_owner_hands_a_page_on(as_owner: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Guide", reviewer=org.manager)

    response = as_owner.post(
        f"/hub/pages/{page.id}/owners/", {"person": org.peer.id, "action": "hand_over"}
    )

    assert response.status_code == 302
    assert list(page.owners.all()) == [org.peer]
    assert Notification.objects.filter(recipient=org.peer, kind="knowledge.owner_added")
    assert LearningActivity.objects.filter(action="page.handed_over").exists()


def test_the_last_owner_cannot_just_step_down(as_owner: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Guide", reviewer=org.manager)

    response = as_owner.post(f"/hub/pages/{page.id}/owners/", {"remove": org.owner.id}, follow=True)

    assert "A page needs an owner" in response.content.decode()
    assert list(page.owners.all()) == [org.owner]


def test_private_space_admin_manages_members(client: Client, org: Org) -> None:
    space = make_space(org.owner, "Secret", is_private=True)
    login(client, org.owner)

    client.post(f"/hub/spaces/{space.id}/members/", {"person": org.peer.id, "role": "member"})
    login(client, org.peer)
    assert client.get(f"/hub/spaces/{space.id}/").status_code == 200
    assert (
        client.post(
            f"/hub/spaces/{space.id}/members/", {"person": org.outsider.id, "role": "member"}
        ).status_code
        == 404
    )  # members are not admins
    login(client, org.owner)
    client.post(f"/hub/spaces/{space.id}/members/", {"remove": org.peer.id})
    login(client, org.peer)
    assert client.get(f"/hub/spaces/{space.id}/").status_code == 404


def test_creating_a_space_makes_you_its_admin(as_peer: Client, org: Org) -> None:
    response = as_peer.post("/hub/spaces/new/", {"name": "Data", "description": "Analytics"})

    assert response.status_code == 302
    html = as_peer.get(response["Location"]).content.decode()
    assert "Write the first one" in html
    assert "Settings" in html
