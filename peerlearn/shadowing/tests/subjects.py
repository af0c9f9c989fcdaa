"""The shadowing objects the role tables name, made through the services the product uses.

The owner asked to observe the peer (requested), observed them before (done), and hosts the
peer in a booked session with an observation plan.
"""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from conftest import Org
from peerlearn.shadowing import services
from tests.role_table import provides


@provides("shadow_requested_id", "shadow_booked_id", "shadow_done_id", "plan_item_id")
def shadowing_subject(org: Org) -> dict[str, str]:
    done = services.shadowing_request(
        observer=org.owner, host=org.peer, what_to_observe="Ops", why="Learn"
    )
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        services.shadowing_accept(
            request=done, by=org.peer, starts_at=timezone.now() + dt.timedelta(hours=2)
        )
    services.shadowing_complete(request=done, by=org.owner)
    asked = services.shadowing_request(
        observer=org.owner, host=org.peer, what_to_observe="Planning", why="Learn"
    )
    # The other way round: the peer observes the owner, who hosts.
    booked = services.shadowing_request(
        observer=org.peer, host=org.owner, what_to_observe="Calls", why="Learn"
    )
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        services.shadowing_accept(
            request=booked, by=org.owner, starts_at=timezone.now() + dt.timedelta(days=1)
        )
    plan_item = services.observation_item_add(request=booked, by=org.owner, text="Standup")
    return {
        "shadow_requested_id": str(asked.id),
        "shadow_booked_id": str(booked.id),
        "shadow_done_id": str(done.id),
        "plan_item_id": str(plan_item.id),
    }


# The page table's requests: the owner observes the peer in each of them. One open request per
# observer and host is allowed, so each state is made by its own builder, and a row names one.


@provides("asked_id")
def shadowing_asked(org: Org) -> dict[str, str]:
    """The owner asked to observe the peer; the peer has not answered."""
    asked = services.shadowing_request(
        observer=org.owner, host=org.peer, what_to_observe="Planning", why="Learn"
    )
    return {"asked_id": str(asked.id)}


@provides("booked_id", "booked_item_id")
def shadowing_booked(org: Org) -> dict[str, str]:
    """The peer accepted: a session in three days, with one thing on the observation plan."""
    booked = services.shadowing_request(
        observer=org.owner, host=org.peer, what_to_observe="Calls", why="Learn"
    )
    services.shadowing_accept(
        request=booked, by=org.peer, starts_at=timezone.now() + dt.timedelta(days=3)
    )
    item = services.observation_item_add(request=booked, by=org.owner, text="Standup")
    return {"booked_id": str(booked.id), "booked_item_id": str(item.id)}


@provides("observed_id")
def shadowing_observed(org: Org) -> dict[str, str]:
    """The session happened and is marked as done: time for both debriefs."""
    observed = services.shadowing_request(
        observer=org.owner, host=org.peer, what_to_observe="Ops", why="Learn"
    )
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        services.shadowing_accept(
            request=observed, by=org.peer, starts_at=timezone.now() + dt.timedelta(hours=2)
        )
    services.shadowing_complete(request=observed, by=org.owner)
    return {"observed_id": str(observed.id)}
