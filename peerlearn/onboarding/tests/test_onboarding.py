"""Onboarding: plans, buddies from the pool, milestones and who sees what."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from conftest import Org
from peerlearn.activities.models import LearningActivity
from peerlearn.onboarding import services
from peerlearn.onboarding.models import (
    BuddyVolunteer,
    ChecklistItem,
    Milestone,
    MilestoneStatus,
    Onboarding,
    OnboardingStatus,
)
from peerlearn.people.models import Person
from peerlearn.people.tests.factories import login, make_person, make_team

pytestmark = pytest.mark.django_db

LONG_AGO = dt.date(2020, 1, 6)


def plan_for_everyone() -> None:
    template = services.onboarding_template_create(name="Everyone")
    services.onboarding_template_item_add(
        template=template, category="tools", title="Set up your laptop", due_day=1
    )
    services.onboarding_template_item_add(
        template=template,
        category="team_norms",
        title="Read how we review code",
        link_url="https://wiki.example/review",
        due_day=5,
    )


def volunteer(person: Person, limit: int = 1) -> None:
    services.buddy_volunteer_set(person=person, is_available=True, max_new_starters=limit)


@pytest.fixture
def starter(org: Org) -> Person:
    """A new starter in Platform, reporting to the manager, starting on a Monday."""
    return make_person(
        "Nia New",
        "nia@example.com",
        team=org.owner.team,
        manager=org.manager,
        time_zone="Asia/Kolkata",
        hire_date=timezone.localdate(),
    )


@pytest.fixture
def onboarding(org: Org, starter: Person) -> Onboarding:
    """Nia's onboarding with the owner (a teammate in the pool) as buddy."""
    plan_for_everyone()
    volunteer(org.owner)
    return services.onboarding_start_for(person=starter, created_by=org.manager)


class TestStarting:
    def test_the_checklist_comes_from_the_most_specific_plan(
        self, org: Org, starter: Person
    ) -> None:
        plan_for_everyone()
        team_plan = services.onboarding_template_create(name="Platform", team=starter.team)
        services.onboarding_template_item_add(
            template=team_plan, category="people", title="Meet the on-call lead", due_day=3
        )

        onboarding = services.onboarding_start_for(person=starter)

        assert onboarding.template == team_plan
        assert [i.title for i in onboarding.items.all()] == ["Meet the on-call lead"]
        assert onboarding.items.get().due_date == onboarding.start_date + dt.timedelta(days=2)

    def test_milestones_fall_on_day_1_7_30_90_at_ten_in_the_new_starters_zone(
        self, org: Org
    ) -> None:
        person = make_person("Kai", time_zone="Asia/Kolkata")
        onboarding = services.onboarding_start_for(
            person=person, start_date=timezone.localdate() + dt.timedelta(days=7)
        )
        kolkata = zoneinfo.ZoneInfo("Asia/Kolkata")
        milestones = list(onboarding.milestones.order_by("day"))
        assert [m.day for m in milestones] == [1, 7, 30, 90]
        for milestone in milestones:
            local = milestone.starts_at.astimezone(kolkata)
            assert (local.hour, local.minute) == (10, 0)
            assert local.weekday() < 5  # weekends move to Monday

    def test_a_buddy_is_chosen_from_the_pool_preferring_the_same_team(
        self, org: Org, starter: Person
    ) -> None:
        volunteer(org.outsider)  # Sales
        volunteer(org.owner)  # Platform, like Nia

        onboarding = services.onboarding_start_for(person=starter)

        assert onboarding.buddy == org.owner
        assert onboarding.buddy_reason.startswith("Chosen from your team:")

    def test_the_new_starters_manager_is_never_their_buddy(self, org: Org, starter: Person) -> None:
        volunteer(org.manager)
        onboarding = services.onboarding_start_for(person=starter)
        assert onboarding.buddy is None

    def test_a_full_buddy_is_not_chosen_again(self, org: Org, starter: Person) -> None:
        volunteer(org.owner, limit=1)
        volunteer(org.outsider, limit=1)
        services.onboarding_start_for(person=starter)
        second = make_person("Second Starter", team=org.owner.team)

        onboarding = services.onboarding_start_for(person=second)

        assert onboarding.buddy == org.outsider
        assert "Chosen from the buddy pool:" in onboarding.buddy_reason

    def test_choosing_a_buddy_over_their_limit_is_refused(
        self, org: Org, onboarding: Onboarding
    ) -> None:
        other = services.onboarding_start_for(person=make_person("Other"), assign_buddy=False)
        with pytest.raises(ValidationError, match="their limit"):
            services.onboarding_assign_buddy(onboarding=other, buddy=org.owner)

    def test_one_active_onboarding_per_person(
        self, onboarding: Onboarding, starter: Person
    ) -> None:
        with pytest.raises(ValidationError, match="already being onboarded"):
            services.onboarding_start_for(person=starter)

    def test_recent_hires_without_a_plan_get_one(self, org: Org) -> None:
        recent = make_person("Recent", hire_date=timezone.localdate() - dt.timedelta(days=3))
        make_person("Old hand", hire_date=LONG_AGO)
        make_person("No date")

        started = services.onboarding_start_for_new_hires(within_days=14)

        assert started == 1
        assert Onboarding.objects.get().new_starter == recent
        assert services.onboarding_start_for_new_hires(within_days=14) == 0

    def test_starting_records_activities_for_starter_and_buddy(
        self, onboarding: Onboarding
    ) -> None:
        started = LearningActivity.objects.get(action="onboarding.started")
        roles = {(p.person_id, p.role) for p in started.participants.all()}
        assert roles == {
            (onboarding.new_starter_id, "new_starter"),
            (onboarding.buddy_id, "buddy"),
        }
        assert LearningActivity.objects.filter(action="milestone.scheduled").count() == 4


class TestWorkingThePlan:
    def test_the_last_ticked_item_completes_the_checklist(
        self, org: Org, onboarding: Onboarding, starter: Person
    ) -> None:
        for item in onboarding.items.all():
            services.checklist_item_set_done(item=item, done=True, by=starter)
        assert LearningActivity.objects.filter(action="checklist.completed").exists()

    def test_only_the_new_starter_answers_the_confidence_question(
        self, org: Org, onboarding: Onboarding, starter: Person
    ) -> None:
        day1 = onboarding.milestones.get(day=1)
        with time_machine.travel(day1.starts_at + dt.timedelta(minutes=30)):
            with pytest.raises(ValidationError, match="Only the new starter"):
                services.milestone_record(milestone=day1, by=org.owner, confidence=4)
            services.milestone_record(milestone=day1, by=starter, confidence=2, comment="Lost")
        day1.refresh_from_db()
        assert (day1.status, day1.confidence) == (MilestoneStatus.HELD, 2)

    def test_a_future_milestone_cannot_be_recorded(
        self, onboarding: Onboarding, starter: Person
    ) -> None:
        day90 = onboarding.milestones.get(day=90)
        with pytest.raises(ValidationError, match="has not happened yet"):
            services.milestone_record(milestone=day90, by=starter, confidence=3)

    def test_the_day_90_check_in_completes_the_onboarding(
        self, onboarding: Onboarding, starter: Person
    ) -> None:
        for milestone in onboarding.milestones.order_by("day"):
            with time_machine.travel(milestone.starts_at + dt.timedelta(minutes=5)):
                services.milestone_record(milestone=milestone, by=starter, confidence=4)
        onboarding.refresh_from_db()
        assert onboarding.status == OnboardingStatus.COMPLETED


ROLES = ("starter", "buddy", "manager", "admin", "peer", "outsider")


def assert_contains_html(html: str, element: str) -> None:
    """`element` is in `html` as markup (attribute order and whitespace do not matter)."""
    assertInHTML(element, html)


def progress_html(starter: Person, *, done: int, total: int, oob: bool = False) -> str:
    """The onboarding page's overall progress, as the page shows it or as htmx swaps it."""
    swap = ' hx-swap-oob="true"' if oob else ""
    return (
        f'<div id="checklist-progress"{swap}><span class="progress" '
        f'title="{done} of {total} checklist items done"><progress max="{total}" value="{done}" '
        f'aria-label="Checklist progress of {starter.full_name}">{done}/{total}</progress>'
        f'<span class="small muted">{done} of {total}</span></span></div>'
    )


def count_html(category: str, *, done: int, total: int, oob: bool = False) -> str:
    swap = ' hx-swap-oob="true"' if oob else ""
    return (
        f'<span id="checklist-{category}-count" class="muted small"{swap}>{done} of {total}</span>'
    )


def person_for(org: Org, starter: Person, role: str) -> Person:
    return {
        "starter": starter,
        "buddy": org.owner,
        "manager": org.manager,
        "admin": org.admin,
        "peer": org.peer,
        "outsider": org.outsider,
    }[role]


class TestPages:
    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("starter", 200),
            ("buddy", 200),
            ("manager", 200),
            ("admin", 200),
            ("peer", 404),
            ("outsider", 404),
        ],
    )
    def test_who_sees_an_onboarding(
        self,
        client: Client,
        org: Org,
        starter: Person,
        onboarding: Onboarding,
        role: str,
        status: int,
    ) -> None:
        login(client, person_for(org, starter, role))
        response = client.get(reverse("onboarding:detail", args=[onboarding.id]))
        missing = client.get(reverse("onboarding:detail", args=[uuid.uuid4()]))
        assert response.status_code == status
        assert missing.status_code == 404
        if status == 200:
            assert "Set up your laptop" in response.text  # the manager sees the checklist

    @pytest.mark.parametrize("role", ROLES)
    def test_the_confidence_answer_is_shown_to_the_new_starter_only(
        self, client: Client, org: Org, starter: Person, onboarding: Onboarding, role: str
    ) -> None:
        day1 = onboarding.milestones.get(day=1)
        with time_machine.travel(day1.starts_at + dt.timedelta(minutes=30)):
            services.milestone_record(
                milestone=day1, by=starter, confidence=2, comment="COMMENT-OF-STARTER"
            )
        login(client, person_for(org, starter, role))
        pages = [
            reverse("onboarding:detail", args=[onboarding.id]),
            reverse("onboarding:milestone", args=[onboarding.id, day1.id]),
            reverse("onboarding:mine"),
            reverse("onboarding:programme"),
        ]
        texts = "".join(client.get(url).text for url in pages)
        assert ("confidence 2/5" in texts) is (role == "starter")
        assert ("COMMENT-OF-STARTER" in texts) is (role == "starter")

    @pytest.mark.parametrize(
        ("role", "ticks"),
        [
            ("starter", True),
            ("buddy", True),
            ("manager", False),
            ("admin", False),
            ("outsider", False),
        ],
    )
    def test_who_ticks_checklist_items(
        self,
        client: Client,
        org: Org,
        starter: Person,
        onboarding: Onboarding,
        role: str,
        ticks: bool,
    ) -> None:
        item = onboarding.items.first()
        assert item is not None
        login(client, person_for(org, starter, role))
        response = client.post(
            reverse("onboarding:item_toggle", args=[onboarding.id, item.id]), {"done": "1"}
        )
        item.refresh_from_db()
        assert item.is_done is ticks
        assert response.status_code == (302 if ticks else 404)

    def test_ticking_with_htmx_returns_the_row(
        self, client: Client, org: Org, starter: Person, onboarding: Onboarding
    ) -> None:
        item = onboarding.items.first()
        assert item is not None
        login(client, starter)
        response = client.post(
            reverse("onboarding:item_toggle", args=[onboarding.id, item.id]),
            {"done": "1"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert f'id="item-{item.id}"' in response.text
        assert "✓ Done" in response.text

    def test_ticking_with_htmx_updates_the_counters_out_of_band(
        self, client: Client, org: Org, starter: Person, onboarding: Onboarding
    ) -> None:
        # given Nia's plan: one tool to set up and one team norm to read, neither done
        laptop = onboarding.items.get(title="Set up your laptop")
        login(client, org.owner)
        page = client.get(reverse("onboarding:detail", args=[onboarding.id])).content.decode()
        assert_contains_html(page, progress_html(starter, done=0, total=2))
        assert_contains_html(page, count_html("tools", done=0, total=1))
        # when her buddy ticks the laptop item with htmx
        toggle = reverse("onboarding:item_toggle", args=[onboarding.id, laptop.id])
        html = client.post(toggle, {"done": "1"}, headers={"HX-Request": "true"}).text
        # then the answer carries the row, the overall progress and the tools count, the
        # counters swapped out of band, and a message for the live region
        assert html.lstrip().startswith(f'<li id="item-{laptop.id}" class="done">')
        assert_contains_html(html, progress_html(starter, done=1, total=2, oob=True))
        assert_contains_html(html, count_html("tools", done=1, total=1, oob=True))
        assert "checklist-team_norms-count" not in html
        assert_contains_html(
            html,
            '<p id="live-status" hx-swap-oob="innerHTML">'
            "“Set up your laptop” is done. 1 of 2 done.</p>",
        )
        # and the page, shown again, agrees with what was swapped in
        page = client.get(reverse("onboarding:detail", args=[onboarding.id])).content.decode()
        assert_contains_html(page, progress_html(starter, done=1, total=2))
        assert_contains_html(page, count_html("tools", done=1, total=1))
        # when it is unticked, the counters go back down
        html = client.post(toggle, {"done": "0"}, headers={"HX-Request": "true"}).text
        assert_contains_html(html, progress_html(starter, done=0, total=2, oob=True))
        assert_contains_html(html, count_html("tools", done=0, total=1, oob=True))
        assert "“Set up your laptop” is to do again. 0 of 2 done." in html

    def test_the_toggle_keeps_its_id_so_htmx_gives_focus_back(
        self, client: Client, starter: Person, onboarding: Onboarding
    ) -> None:
        # given an item, when the new starter ticks it with htmx
        item = onboarding.items.get(title="Read how we review code")
        login(client, starter)
        page = client.get(reverse("onboarding:detail", args=[onboarding.id])).text
        toggle = reverse("onboarding:item_toggle", args=[onboarding.id, item.id])
        html = client.post(toggle, {"done": "1"}, headers={"HX-Request": "true"}).text
        # then the pressed button comes back with the id it had, where htmx restores focus
        assert f'<button type="submit" id="toggle-{item.id}"' in page
        assert f'<button type="submit" id="toggle-{item.id}"' in html
        assert_contains_html(html, count_html("team_norms", done=1, total=1, oob=True))

    def test_an_item_due_before_the_first_day_is_a_field_error(
        self, client: Client, org: Org, onboarding: Onboarding
    ) -> None:
        login(client, org.manager)
        response = client.post(
            reverse("onboarding:item_new", args=[onboarding.id]),
            {
                "category": "people",
                "title": "Meet the CEO",
                "due_date": (onboarding.start_date - dt.timedelta(days=3)).isoformat(),
            },
        )
        assert response.status_code == 422
        assert "before the first day" in response.text

    @pytest.mark.parametrize(
        ("role", "status"), [("manager", 200), ("admin", 200), ("peer", 404), ("outsider", 404)]
    )
    def test_starting_onboarding_is_for_managers_and_admins(
        self, client: Client, org: Org, role: str, status: int
    ) -> None:
        login(client, getattr(org, role))
        assert client.get(reverse("onboarding:start")).status_code == status

    def test_a_manager_starts_onboarding_for_their_report_only(
        self, client: Client, org: Org
    ) -> None:
        login(client, org.manager)
        response = client.post(reverse("onboarding:start"), {"person": str(org.outsider.id)})
        assert response.status_code == 422
        assert not Onboarding.objects.exists()
        response = client.post(reverse("onboarding:start"), {"person": str(org.owner.id)})
        assert response.status_code == 302
        assert Onboarding.objects.get().new_starter == org.owner

    def test_plans_are_for_programme_admins(self, client: Client, org: Org) -> None:
        login(client, org.manager)
        assert client.get(reverse("onboarding:templates")).status_code == 404
        login(client, org.admin)
        response = client.post(reverse("onboarding:templates"), {"name": "Engineering"})
        assert response.status_code == 302

    def test_joining_the_buddy_pool(self, client: Client, org: Org) -> None:
        login(client, org.peer)
        client.post(reverse("onboarding:volunteer"), {"is_available": "on", "max_new_starters": 2})
        assert BuddyVolunteer.objects.get(person=org.peer).max_new_starters == 2


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    ("who", "url_name"), [("manager", "onboarding:mine"), ("admin", "onboarding:programme")]
)
def test_lists_cost_the_same_queries_for_3_or_30(
    client: Client,
    org: Org,
    count: int,
    who: str,
    url_name: str,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    team = make_team("Newcomers")
    for n in range(count):
        person = make_person(f"Starter {n}", team=team, manager=org.manager)
        onboarding = services.onboarding_start_for(person=person, assign_buddy=False)
        ChecklistItem.objects.create(
            onboarding=onboarding, category="tools", title="Laptop", due_date=onboarding.start_date
        )
    login(client, getattr(org, who))
    with django_assert_max_num_queries(20):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert Milestone.objects.count() == 4 * count
