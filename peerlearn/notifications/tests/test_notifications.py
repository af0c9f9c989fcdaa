"""In-app notifications: only ever your own; the bell counts them; e-mail goes through the queue."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import Org
from peerlearn.jobs.tests.helpers import run_worker, task_rows
from peerlearn.notifications.models import Notification
from peerlearn.notifications.services import EmailContent, notification_create, notify
from peerlearn.people.models import Person
from peerlearn.people.tests.factories import login


def make_notifications(person: Person, count: int) -> list[Notification]:
    return [
        notification_create(
            recipient=person, kind="test", message=f"Note {n}", url=f"/people/?n={n}"
        )
        for n in range(count)
    ]


@pytest.mark.django_db
class TestNotificationPage:
    def test_the_page_lists_the_viewers_notifications_only(
        self, as_owner: Client, org: Org
    ) -> None:
        notification_create(recipient=org.owner, kind="test", message="For Olive")
        notification_create(recipient=org.peer, kind="test", message="For Piet")

        response = as_owner.get(reverse("notifications:list"))

        assert response.status_code == 200
        assert "For Olive" in response.text
        assert "For Piet" not in response.text

    def test_the_empty_page_says_what_will_appear(self, as_owner: Client) -> None:
        response = as_owner.get(reverse("notifications:list"))
        assert "No notifications yet." in response.text

    def test_the_bell_in_the_header_counts_unread_notifications(
        self, as_owner: Client, org: Org
    ) -> None:
        make_notifications(org.owner, 2)

        response = as_owner.get(reverse("notifications:list"))

        assert 'data-unread="2"' in response.text

    def test_opening_a_notification_marks_it_read_and_follows_its_link(
        self, as_owner: Client, org: Org
    ) -> None:
        [notification] = make_notifications(org.owner, 1)

        response = as_owner.post(reverse("notifications:open", args=[notification.id]))

        assert response.status_code == 302
        assert response["Location"] == "/people/?n=0"
        notification.refresh_from_db()
        assert notification.read_at is not None

    def test_an_external_link_is_not_followed(self, as_owner: Client, org: Org) -> None:
        notification = notification_create(
            recipient=org.owner, kind="test", message="x", url="https://evil.example/"
        )
        response = as_owner.post(reverse("notifications:open", args=[notification.id]))
        assert response["Location"] == reverse("notifications:list")

    @pytest.mark.parametrize("who", ["peer", "outsider", "manager", "admin"])
    def test_someone_elses_notification_answers_like_a_missing_one(
        self, client: Client, org: Org, who: str
    ) -> None:
        [notification] = make_notifications(org.owner, 1)
        login(client, getattr(org, who))

        theirs = client.post(reverse("notifications:open", args=[notification.id]))
        missing = client.post(reverse("notifications:open", args=[uuid.uuid4()]))

        assert theirs.status_code == missing.status_code == 404
        notification.refresh_from_db()
        assert notification.read_at is None

    def test_mark_all_read_touches_only_the_viewers(self, as_owner: Client, org: Org) -> None:
        make_notifications(org.owner, 3)
        [theirs] = make_notifications(org.peer, 1)

        as_owner.post(reverse("notifications:read_all"))

        assert not Notification.objects.filter(recipient=org.owner, read_at__isnull=True).exists()
        theirs.refresh_from_db()
        assert theirs.read_at is None

    def test_unread_filter(self, as_owner: Client, org: Org) -> None:
        first, second = make_notifications(org.owner, 2)
        as_owner.post(reverse("notifications:open", args=[first.id]))

        response = as_owner.get(reverse("notifications:list") + "?show=unread")

        assert second.message in response.text
        assert first.message not in response.text

    def test_anonymous_visitors_are_sent_to_log_in(self, client: Client) -> None:
        response = client.get(reverse("notifications:list"))
        assert response.status_code == 302
        assert "/login/" in response["Location"]

    @pytest.mark.parametrize("count", [3, 30])
    def test_the_list_costs_the_same_queries_for_3_or_30(
        self, as_owner: Client, org: Org, count: int, django_assert_max_num_queries: object
    ) -> None:
        make_notifications(org.owner, count)
        with django_assert_max_num_queries(10):  # type: ignore[operator]
            response = as_owner.get(reverse("notifications:list"))
        assert response.status_code == 200


@pytest.mark.django_db
class TestNotificationApi:
    def test_lists_own_notifications_with_unread_count(self, as_owner: Client, org: Org) -> None:
        make_notifications(org.owner, 2)
        make_notifications(org.peer, 1)

        listing = as_owner.get("/api/v1/notifications").json()
        count = as_owner.get("/api/v1/notifications/unread-count").json()

        assert listing["count"] == 2
        assert count == {"unread": 2}

    def test_marking_someone_elses_notification_is_not_found(
        self, as_peer: Client, org: Org
    ) -> None:
        [notification] = make_notifications(org.owner, 1)
        response = as_peer.post(
            f"/api/v1/notifications/{notification.id}/read", content_type="application/json"
        )
        assert response.status_code == 404

    def test_mark_read_and_read_all(self, as_owner: Client, org: Org) -> None:
        first, _second, _third = make_notifications(org.owner, 3)

        one = as_owner.post(
            f"/api/v1/notifications/{first.id}/read", content_type="application/json"
        )
        rest = as_owner.post("/api/v1/notifications/read-all", content_type="application/json")

        assert one.status_code == 200
        assert one.json()["read_at"] is not None
        assert rest.json() == {"marked": 2}

    def test_anonymous_is_refused(self, client: Client) -> None:
        assert client.get("/api/v1/notifications").status_code == 401


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_notify_creates_the_notification_now_and_e_mails_through_the_worker(org: Org) -> None:
    content = EmailContent(
        subject="Piet asked you to mentor them",
        message="Piet Peer asked you to mentor them.",
        lines=["<script>alert(1)</script> is how Piet signs."],
        url="/mentoring/",
        action_label="Answer the request",
    )
    notify(recipient=org.owner, kind="mentoring.request", key="request:1:owner", content=content)
    notify(recipient=org.owner, kind="mentoring.request", key="request:1:owner", content=content)

    assert Notification.objects.filter(recipient=org.owner).count() == 1
    assert mail.outbox == []  # nothing is sent before the worker runs

    run_worker()

    [email] = mail.outbox
    assert email.to == ["owner@example.com"]
    assert email.subject == "Piet asked you to mentor them"
    assert "http://127.0.0.1:8000/mentoring/" in email.body
    html = email.alternatives[0][0]  # type: ignore[attr-defined]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert len(task_rows("send_email")) == 2  # both enqueued, the ledger let one through


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_people_who_left_are_not_notified(org: Org) -> None:
    from peerlearn.people.services import person_deactivate

    person_deactivate(person=org.peer)
    result = notify(
        recipient=org.peer, kind="x", key="k", content=EmailContent(subject="s", message="m")
    )
    run_worker()
    assert result is None
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_event_told_to_two_people_reaches_both_once(org: Org) -> None:
    """A key names the event; each person is told once, whoever else shares the key."""
    content = EmailContent(subject="Round published", message="The autumn round is out.", url="/")

    for person in (org.owner, org.peer, org.owner):
        notify(recipient=person, kind="matching.published", key="round:42", content=content)
    run_worker()

    told = Notification.objects.filter(key="round:42").values_list("recipient", flat=True)
    assert sorted(told) == sorted([org.owner.pk, org.peer.pk])
    assert sorted(email.to[0] for email in mail.outbox) == ["owner@example.com", "peer@example.com"]
