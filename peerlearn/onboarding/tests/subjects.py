"""The onboarding objects the role tables name, made through the services the product uses.

The owner is a new starter who began three days ago with the peer as their buddy (so day 1 has
come round and day 90 has not); the manager is the owner's; an onboarding plan with one item.
"""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from conftest import Org
from peerlearn.onboarding import services
from peerlearn.people.tests.factories import make_person
from tests.role_table import provides


@provides(
    "spare_id", "onboarding_id", "item_id", "day1_id", "day90_id", "due_date", "template_id",
    "template_item_id",
)  # fmt: skip
def onboarding_subject(org: Org) -> dict[str, str]:
    plan = services.onboarding_template_create(name="Everyone")
    template_item = services.onboarding_template_item_add(
        template=plan, category="tools", title="Laptop", due_day=1
    )
    services.buddy_volunteer_set(person=org.peer, is_available=True)
    with time_machine.travel(timezone.now() - dt.timedelta(days=3)):
        welcome = services.onboarding_start_for(
            person=org.owner, start_date=timezone.localdate(), buddy=org.peer
        )
    return {
        "spare_id": str(make_person("Sam Spare").id),
        "onboarding_id": str(welcome.id),
        "item_id": str(welcome.items.get().id),
        "day1_id": str(welcome.milestones.get(day=1).id),
        "day90_id": str(welcome.milestones.get(day=90).id),
        "due_date": (welcome.start_date + dt.timedelta(days=10)).isoformat(),
        "template_id": str(plan.id),
        "template_item_id": str(template_item.id),
    }
