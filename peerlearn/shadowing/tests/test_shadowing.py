"""Role shadowing: requests, capacity (also under concurrent accepts), plans, debriefs, pages."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Org
from peerlearn.activities.models import ActivityStatus, LearningActivity
from peerlearn.jobs.tests.helpers import retry_while_table_locked
from peerlearn.people.models import Person
from peerlearn.people.tests.factories import login, make_person
from peerlearn.shadowing import services
from peerlearn.shadowing.models import ShadowingRequest, ShadowingStatus


def first_of_next_month(person: Person, days_in: int = 3) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(person.time_zone)
    now = timezone.now().astimezone(zone)
    start = (now.replace(day=1) + dt.timedelta(days=40)).replace(day=1)
    return start.replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(days=days_in)


def ask(observer: Person, host: Person) -> ShadowingRequest:
    return services.shadowing_request(
        observer=observer,
        host=host,
        what_to_observe="How you run sprint planning",
        why="I lead my first planning next month",
    )


@pytest.mark.django_db
class TestRequests:
    def test_a_request_notifies_the_host_and_records_an_activity(self, org: Org) -> None:
        request = ask(org.owner, org.peer)
        assert request.status == ShadowingStatus.REQUESTED
        assert org.peer.notifications.filter(kind="shadowing.request").exists()
        assert LearningActivity.objects.filter(action="shadowing.requested").exists()

    def test_accepting_books_a_slot_and_a_scheduled_activity(self, org: Org) -> None:
        request = ask(org.owner, org.peer)
        when = first_of_next_month(org.peer)

        services.shadowing_accept(request=request, by=org.peer, starts_at=when, location="Desk 4")

        request.refresh_from_db()
        assert (request.status, request.starts_at) == (ShadowingStatus.ACCEPTED, when)
        assert request.activity is not None
        assert request.activity.status == ActivityStatus.SCHEDULED

    def test_booking_a_host_over_their_monthly_capacity_is_refused(self, org: Org) -> None:
        services.shadowing_host_set(person=org.peer, monthly_capacity=1)
        first, second = ask(org.owner, org.peer), ask(org.outsider, org.peer)
        when = first_of_next_month(org.peer)
        services.shadowing_accept(request=first, by=org.peer, starts_at=when)

        with pytest.raises(ValidationError) as error:
            services.shadowing_accept(
                request=second, by=org.peer, starts_at=when + dt.timedelta(days=2)
            )

        [message] = error.value.message_dict["starts_at"]
        assert "hosts at most 1 shadowing session a month" in message
        assert "fully booked" in message
        # Another month is fine.
        services.shadowing_accept(
            request=second, by=org.peer, starts_at=when + dt.timedelta(days=35)
        )

    def test_a_host_who_is_not_hosting_cannot_be_asked(self, org: Org) -> None:
        services.shadowing_host_set(person=org.peer, monthly_capacity=0)
        with pytest.raises(ValidationError, match="not hosting shadowing right now"):
            ask(org.owner, org.peer)

    def test_cancelling_frees_the_place(self, org: Org) -> None:
        services.shadowing_host_set(person=org.peer, monthly_capacity=1)
        first, second = ask(org.owner, org.peer), ask(org.outsider, org.peer)
        when = first_of_next_month(org.peer)
        services.shadowing_accept(request=first, by=org.peer, starts_at=when)
        services.shadowing_cancel(request=first, by=org.owner)
        services.shadowing_accept(request=second, by=org.peer, starts_at=when)

    def test_a_request_from_someone_who_has_left_cannot_be_accepted(self, org: Org) -> None:
        from peerlearn.people.services import person_deactivate

        request = ask(org.owner, org.peer)
        person_deactivate(person=org.owner)

        with pytest.raises(ValidationError, match="Olive Owner has left the company"):
            services.shadowing_accept(
                request=request, by=org.peer, starts_at=first_of_next_month(org.peer)
            )

    def test_a_cancellation_names_the_day_of_the_session(self, org: Org) -> None:
        from peerlearn.notifications.models import Notification

        request = ask(org.owner, org.peer)
        when = first_of_next_month(org.peer)
        services.shadowing_accept(request=request, by=org.peer, starts_at=when)

        services.shadowing_cancel(request=request, by=org.owner)

        told = Notification.objects.get(recipient=org.peer, kind="shadowing.cancelled")
        day = when.astimezone(org.peer.zone)
        assert told.message == f"Olive Owner cancelled the shadowing session of {day:%A %-d %B}."

    def test_only_the_host_accepts_and_a_declined_request_stays_declined(self, org: Org) -> None:
        request = ask(org.owner, org.peer)
        with pytest.raises(ValidationError, match="Only the host"):
            services.shadowing_accept(
                request=request, by=org.owner, starts_at=first_of_next_month(org.peer)
            )
        services.shadowing_decline(request=request, by=org.peer, message="Busy quarter")
        with pytest.raises(ValidationError, match="it cannot be accepted"):
            services.shadowing_accept(
                request=request, by=org.peer, starts_at=first_of_next_month(org.peer)
            )

    def test_a_slot_in_the_past_is_refused(self, org: Org) -> None:
        request = ask(org.owner, org.peer)
        with pytest.raises(ValidationError, match="already passed"):
            services.shadowing_accept(
                request=request, by=org.peer, starts_at=timezone.now() - dt.timedelta(hours=2)
            )

    def test_after_the_session_both_write_a_debrief(self, org: Org) -> None:
        request = ask(org.owner, org.peer)
        when = first_of_next_month(org.peer)
        services.shadowing_accept(request=request, by=org.peer, starts_at=when)
        services.observation_item_add(request=request, by=org.owner, text="Estimation round")
        with pytest.raises(ValidationError, match="has not happened yet"):
            services.shadowing_complete(request=request, by=org.owner)

        with time_machine.travel(when + dt.timedelta(hours=3)):
            services.shadowing_complete(request=request, by=org.owner)
            services.debrief_write(
                request=request, author=org.owner, learned="Time-box the estimates"
            )
            services.debrief_write(request=request, author=org.peer, learned="Good questions")
            with pytest.raises(ValidationError, match="already written"):
                services.debrief_write(request=request, author=org.peer, learned="Again")

        assert request.debriefs.count() == 2
        assert LearningActivity.objects.filter(action="shadowing.debrief").count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_accepts_of_the_last_place_never_overbook(org: Org) -> None:
    """Two requests for the host's last session of a month, accepted at the same moment in two
    transactions: exactly one is booked, the other is refused."""
    services.shadowing_host_set(person=org.peer, monthly_capacity=1)
    requests = [ask(org.owner, org.peer), ask(org.outsider, org.peer)]
    when = first_of_next_month(org.peer)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(request_id: uuid.UUID, hours: int) -> None:
        try:
            barrier.wait()

            def attempt() -> None:
                request = ShadowingRequest.objects.get(pk=request_id)
                host = Person.objects.get(pk=org.peer.pk)
                services.shadowing_accept(
                    request=request, by=host, starts_at=when + dt.timedelta(hours=hours)
                )

            retry_while_table_locked(attempt)
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=accept, args=(request.pk, n)) for n, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["booked", "refused"]
    assert ShadowingRequest.objects.filter(status=ShadowingStatus.ACCEPTED).count() == 1


@pytest.mark.django_db
class TestPages:
    @pytest.fixture
    def booked(self, org: Org) -> ShadowingRequest:
        request = ask(org.owner, org.peer)
        services.shadowing_accept(
            request=request, by=org.peer, starts_at=first_of_next_month(org.peer)
        )
        services.observation_item_add(request=request, by=org.owner, text="PLAN-ITEM")
        return request

    @pytest.mark.parametrize(
        ("role", "status", "sees_plan"),
        [
            ("owner", 200, True),
            ("peer", 200, True),
            ("manager", 200, False),
            ("admin", 200, False),
            ("outsider", 404, False),
        ],
    )
    def test_who_sees_a_shadowing_request(
        self,
        client: Client,
        org: Org,
        booked: ShadowingRequest,
        role: str,
        status: int,
        sees_plan: bool,
    ) -> None:
        login(client, getattr(org, role))
        response = client.get(reverse("shadowing:detail", args=[booked.id]))
        assert response.status_code == status
        assert ("PLAN-ITEM" in response.text) is sees_plan
        assert client.get(reverse("shadowing:detail", args=[uuid.uuid4()])).status_code == 404

    def test_booking_over_capacity_is_a_field_error(self, client: Client, org: Org) -> None:
        services.shadowing_host_set(person=org.peer, monthly_capacity=1)
        first, second = ask(org.owner, org.peer), ask(org.outsider, org.peer)
        when = first_of_next_month(org.peer)
        services.shadowing_accept(request=first, by=org.peer, starts_at=when)
        login(client, org.peer)
        local = when.astimezone(zoneinfo.ZoneInfo(org.peer.time_zone)) + dt.timedelta(days=1)

        response = client.post(
            reverse("shadowing:accept", args=[second.id]),
            {"starts_at": local.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": 120},
        )

        assert response.status_code == 422
        assert "fully booked" in response.text
        assert 'href="#id_starts_at"' in response.text

    @pytest.mark.parametrize("role", ["owner", "manager", "admin", "outsider"])
    def test_only_the_host_accepts(self, client: Client, org: Org, role: str) -> None:
        request = ask(org.owner, org.peer)
        login(client, getattr(org, role))
        response = client.post(
            reverse("shadowing:accept", args=[request.id]),
            {"starts_at": "2099-01-01T10:00", "duration_minutes": 120},
        )
        assert response.status_code == 404
        request.refresh_from_db()
        assert request.status == ShadowingStatus.REQUESTED

    def test_the_request_form(self, client: Client, org: Org) -> None:
        login(client, org.owner)
        response = client.post(
            reverse("shadowing:new"),
            {"host": str(org.peer.id), "what_to_observe": "Incident review", "why": "Curious"},
        )
        assert response.status_code == 302
        assert ShadowingRequest.objects.get().host == org.peer
        empty = client.post(reverse("shadowing:new"), {"host": str(org.outsider.id)})
        assert empty.status_code == 422

    @pytest.mark.parametrize("count", [3, 30])
    def test_lists_cost_the_same_queries_for_3_or_30(
        self,
        client: Client,
        org: Org,
        count: int,
        django_assert_max_num_queries: Callable[..., Any],
    ) -> None:
        for n in range(count):
            ask(make_person(f"Observer {n}", manager=org.manager), org.peer)
        for who, url in (
            (org.peer, reverse("shadowing:mine")),
            (org.manager, reverse("shadowing:mine")),
            (org.admin, reverse("shadowing:programme")),
        ):
            login(client, who)
            with django_assert_max_num_queries(18):
                assert client.get(url).status_code == 200
