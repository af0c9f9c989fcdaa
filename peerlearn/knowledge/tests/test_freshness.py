"""Pages past their review date are flagged, owners reminded, ownerless pages reported, and
the content-health page lists what needs attention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import Org
from peerlearn.jobs.tests.helpers import run_worker
from peerlearn.knowledge.models import Page
from peerlearn.knowledge.services import (
    freshness_reminders_send,
    ownerless_pages_flag,
    page_feedback_give,
)
from peerlearn.knowledge.tasks import knowledge_freshness
from peerlearn.knowledge.tests.factories import make_page, make_space, make_stale
from peerlearn.notifications.models import Notification
from peerlearn.people.services import person_deactivate
from peerlearn.people.tests.factories import make_person


def test_readers_see_needs_review_and_owners_can_verify(client: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_stale(make_page(space, org.owner, "Old guide", reviewer=org.manager))
    client.force_login(org.peer.user)

    reader_view = client.get(f"/hub/pages/{page.id}/").content.decode()
    client.force_login(org.owner.user)
    owner_view = client.get(f"/hub/pages/{page.id}/").content.decode()
    verified = client.post(f"/hub/pages/{page.id}/verify/")

    assert "Needs review." in reader_view
    assert "verify</button>" not in reader_view
    assert "It is still right: verify" in owner_view
    assert verified.status_code == 302
    page.refresh_from_db()
    assert not page.needs_review
    assert page.review_due_at is not None
    assert page.review_due_at > timezone.now() + timedelta(days=89)


def test_owners_are_reminded_once_a_week_whatever_the_job_does(org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    make_stale(make_page(space, org.owner, "One", reviewer=org.manager))
    make_stale(make_page(space, org.owner, "Two", reviewer=org.manager))
    make_page(space, org.owner, "Fresh", reviewer=org.manager)
    now = timezone.now()

    freshness_reminders_send(now=now)
    freshness_reminders_send(now=now + timedelta(hours=5))  # a retry, the same week

    [reminder] = Notification.objects.filter(recipient=org.owner, kind="knowledge.review_due")
    assert "2 of your hub pages need review" in reminder.message or reminder.target_url
    assert reminder.target_url == "/hub/health/?view=stale"
    assert Page.objects.filter(owners_reminded_at__isnull=False).count() == 2
    freshness_reminders_send(now=now + timedelta(days=8))
    assert (
        Notification.objects.filter(recipient=org.owner, kind="knowledge.review_due").count() == 2
    )


def test_pages_whose_owners_left_are_flagged_to_the_space_admin(org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    leaver = make_person("Lee Leaver", "lee@example.com")
    page = make_page(space, leaver, "Orphan", reviewer=org.manager)
    person_deactivate(person=leaver)

    flagged = ownerless_pages_flag(now=timezone.now())

    assert flagged == 1
    [notice] = Notification.objects.filter(kind="knowledge.ownerless")
    assert notice.recipient == org.manager
    assert str(space.id) in notice.target_url
    page.refresh_from_db()
    assert page.ownerless_flagged_at is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_daily_job_reminds_owners_by_email(org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    make_stale(make_page(space, org.owner, "Stale <b>guide</b>", reviewer=org.manager))

    knowledge_freshness.enqueue(slot=timezone.now().isoformat())
    run_worker()

    messages = [m for m in mail.outbox if "needs review" in m.subject]
    assert len(messages) == 1
    assert messages[0].to == ["owner@example.com"]
    html = messages[0].alternatives[0][0]  # type: ignore[attr-defined]
    assert "Stale &lt;b&gt;guide&lt;/b&gt;" in html


def test_content_health_lists_stale_ownerless_unhelpful_and_unread(
    client: Client, org: Org
) -> None:
    space = make_space(org.manager, "Engineering")
    stale = make_stale(make_page(space, org.owner, "Stale one", reviewer=org.manager))
    leaver = make_person("Lee Leaver", "lee@example.com")
    orphan = make_page(space, leaver, "Orphan one", reviewer=org.manager)
    person_deactivate(person=leaver)
    unhelpful = make_page(space, org.owner, "Unhelpful one", reviewer=org.manager)
    for reader in (org.peer, org.outsider):
        page_feedback_give(page=unhelpful, person=reader, helpful=False)
    unread = make_page(space, org.owner, "Unread one", reviewer=org.manager)
    Page.objects.filter(pk=unread.pk).update(published_at=timezone.now() - timedelta(days=200))
    client.force_login(org.manager.user)

    listed = {
        view: client.get("/hub/health/", {"view": view}).content.decode()
        for view in ("stale", "ownerless", "unhelpful", "unread")
    }

    assert stale.title in listed["stale"]
    assert orphan.title not in listed["stale"]
    assert orphan.title in listed["ownerless"]
    assert "Assign owner" in listed["ownerless"]
    assert unhelpful.title in listed["unhelpful"]
    assert unread.title in listed["unread"]
    assert "Needs review (1)" in listed["stale"]


def test_content_health_shows_a_peer_only_their_own_pages(client: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    make_stale(make_page(space, org.owner, "Olive stale page", reviewer=org.manager))
    make_stale(make_page(space, org.manager, "Mona stale page", reviewer=org.owner))
    client.force_login(org.owner.user)

    html = client.get("/hub/health/", {"view": "stale"}).content.decode()

    assert "Olive stale page" in html
    assert "Mona stale page" not in html
