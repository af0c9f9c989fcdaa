"""The home page's "Next steps": what waits for the viewer in every format, most urgent first,
each a sentence linking to where it is done; never anyone else's; same cost however much waits."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Org
from peerlearn.core.next_steps import NEXT_STEP_SOURCES, NextStep, Urgency, in_order
from peerlearn.knowledge.services import page_submit_for_review, space_member_remove
from peerlearn.knowledge.tests.factories import make_page, make_space, make_stale
from peerlearn.matching.models import MatchMember
from peerlearn.matching.tests.factories import published_round
from peerlearn.mentoring.services import mentorship_request
from peerlearn.mentoring.tests.factories import make_mentorship, schedule
from peerlearn.onboarding.models import Onboarding
from peerlearn.onboarding.services import (
    buddy_volunteer_set,
    checklist_item_add,
    onboarding_start_for,
)
from peerlearn.people.models import Person
from peerlearn.people.services import person_deactivate
from peerlearn.people.tests.factories import make_person
from peerlearn.people.tests.view_helpers import queries_for
from peerlearn.qa.services import question_ask, question_invite
from peerlearn.shadowing.models import ShadowingRequest
from peerlearn.shadowing.services import (
    shadowing_accept,
    shadowing_complete,
    shadowing_request,
)

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
LEARNING = reverse("activities:mine")


@dataclass(frozen=True)
class Step:
    text: str  # the start of the link's text
    url: str


def shown_steps(html: str) -> list[tuple[str, str]]:
    """(link text, href) of each step in the page's Next steps section, in order."""
    section = html.split('id="next-steps"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'<a class="grow" href="([^"]+)">([^<]+)</a>', section)
    return [(text.replace("&quot;", '"').replace("&#x27;", "'"), url) for url, text in links]


def next_steps_section(client: Client, url: str = HOME) -> str:
    html = client.get(url).content.decode()
    return html.split('id="next-steps"', 1)[1].split("</section>", 1)[0]


def completed_shadowing(*, observer: Person, host: Person) -> ShadowingRequest:
    """A session that happened yesterday and was marked as done, with no debriefs yet."""
    request = shadowing_request(observer=observer, host=host, what_to_observe="Ops", why="Learn")
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        shadowing_accept(request=request, by=host, starts_at=timezone.now() + dt.timedelta(hours=2))
    return shadowing_complete(request=request, by=observer)


def onboard(person: Person, *, buddy: Person, by: Person) -> Onboarding:
    """Started three days ago: the day-1 check-in is past (to record), day 7 is this week; one
    checklist item was due on the first day."""
    onboarding = onboarding_start_for(
        person=person,
        start_date=timezone.localdate() - dt.timedelta(days=3),
        buddy=buddy,
        assign_buddy=False,
    )
    checklist_item_add(
        onboarding=onboarding,
        by=by,
        category="tools",
        title=f"Set up a laptop for {person.full_name}",
        due_date=onboarding.start_date,
    )
    return onboarding


def coffee_with(org: Org, *, people: list[Person], name: str) -> MatchMember:
    emails = [person.user.email for person in people]
    matching_round = published_round(
        org,
        name=name,
        format="coffee",
        config={"seekers": {"people": emails}, "avoid_repeats": False},
    )
    return MatchMember.objects.get(match__round=matching_round, person=people[0])


def olive_has_one_of_each(org: Org) -> dict[str, Step]:
    """Olive (the owner) has one thing of every kind waiting for her, from colleagues."""
    owner, peer, outsider, admin = org.owner, org.peer, org.outsider, org.admin
    request = mentorship_request(mentor=owner, mentee=peer, requested_by=peer, message="Please?")
    pair = make_mentorship(mentor=outsider, mentee=owner)
    check_in = schedule(pair, hours=48)
    with time_machine.travel(timezone.now() - dt.timedelta(days=40)):
        quiet = make_mentorship(mentor=admin, mentee=owner)
    member = coffee_with(org, people=[owner, peer], name="Coffee roulette")
    onboarding = onboard(owner, buddy=peer, by=org.manager)
    item = onboarding.items.get()
    day1 = onboarding.milestones.get(day=1)
    day7 = onboarding.milestones.get(day=7)
    asked = shadowing_request(observer=peer, host=owner, what_to_observe="Calls", why="Learn")
    done = completed_shadowing(observer=owner, host=outsider)
    space = make_space(admin)
    draft = make_page(space, peer, "Deploy guide")
    page_submit_for_review(page=draft, submitted_by=peer, reviewer=owner)
    stale = make_stale(make_page(space, owner, "On-call handbook", reviewer=peer))
    question = question_ask(asker=peer, title="How do we rotate the API keys?")
    question_invite(question=question, invited_by=peer, person=owner)
    onboarding_url = reverse("onboarding:detail", args=[onboarding.id])
    return {
        "mentoring request": Step(
            "Piet Peer would like you as their mentor",
            reverse("mentoring:detail", args=[request.id]),
        ),
        "check-in": Step(
            "Mentoring check-in with Oscar Outsider",
            reverse("mentoring:check_in", args=[pair.id, check_in.id]),
        ),
        "pair needing attention": Step(
            "Nothing has happened with Ada Admin", reverse("mentoring:detail", args=[quiet.id])
        ),
        "match": Step(
            "Accept or decline your match with Piet Peer (Coffee roulette)",
            reverse("matching:match", args=[member.match_id]),
        ),
        "checklist item": Step(
            "Onboarding checklist: Set up a laptop for Olive Owner",
            f"{onboarding_url}#item-{item.id}",
        ),
        "milestone to record": Step(
            "Record how the day-1 onboarding check-in with Piet Peer went",
            reverse("onboarding:milestone", args=[onboarding.id, day1.id]),
        ),
        "milestone this week": Step(
            "Day-7 onboarding check-in with Piet Peer",
            reverse("onboarding:milestone", args=[onboarding.id, day7.id]),
        ),
        "shadowing request": Step(
            "Piet Peer would like to shadow you", reverse("shadowing:detail", args=[asked.id])
        ),
        "debrief": Step(
            "Write your debrief of the shadowing with Oscar Outsider",
            reverse("shadowing:detail", args=[done.id]) + "#debriefs-heading",
        ),
        "page to review": Step(
            "Review “Deploy guide” by Piet Peer", reverse("knowledge:page", args=[draft.id])
        ),
        "page to verify": Step(
            "Check that “On-call handbook” is still right",
            reverse("knowledge:page", args=[stale.id]),
        ),
        "question": Step(
            "Piet Peer asked you to answer “How do we rotate the API keys?”",
            reverse("qa:detail", args=[question.id]),
        ),
    }


def test_every_app_with_waiting_work_contributes_steps() -> None:
    assert set(NEXT_STEP_SOURCES) == {
        "mentoring",
        "matching",
        "onboarding",
        "shadowing",
        "knowledge",
        "qa",
    }


def test_each_kind_of_work_is_a_step_linking_to_where_it_is_done(
    as_owner: Client, org: Org
) -> None:
    # given Olive with one thing of each kind waiting
    expected = olive_has_one_of_each(org)
    # when she opens My learning, which lists every step
    shown = shown_steps(as_owner.get(LEARNING).content.decode())
    # then each kind is there once, as a sentence linking to its page
    for kind, step in expected.items():
        matching = [(text, url) for text, url in shown if text.startswith(step.text)]
        assert len(matching) == 1, (kind, shown)
        assert matching[0][1] == step.url, kind
    assert len(shown) == len(expected)
    # and every link opens for her
    for _, url in shown:
        assert as_owner.get(url.split("#")[0]).status_code == 200, url


def test_home_shows_the_most_urgent_first_and_links_to_the_rest(as_owner: Client, org: Org) -> None:
    expected = olive_has_one_of_each(org)
    html = as_owner.get(HOME).content.decode()
    shown = [text for text, _ in shown_steps(html)]
    # then eight steps: first the five that people wait on her for, longest waiting first ...
    assert len(shown) == 8
    waiting = ["mentoring request", "match", "shadowing request", "page to review", "question"]
    for kind, text in zip(waiting, shown[:5], strict=True):
        assert text.startswith(expected[kind].text), (kind, shown)
    # ... then the three that are overdue
    overdue = {"checklist item", "milestone to record", "page to verify"}
    assert {
        kind for kind in overdue if any(t.startswith(expected[kind].text) for t in shown[5:])
    } == overdue
    assert html.count('<span class="badge badge--warn">Overdue</span>') == 3
    # and the rest are one link away, on My learning
    assert f'<a href="{LEARNING}#next-steps">See all 12 in My learning</a>' in html


def test_a_person_with_nothing_waiting_gets_a_friendly_empty_state(
    client: Client, org: Org
) -> None:
    olive_has_one_of_each(org)
    newcomer = make_person("Nina New")
    client.force_login(newcomer.user)
    section = next_steps_section(client)
    assert "Nothing is waiting for you" in section
    assert reverse("people:skills") in section
    assert "<li>" not in section


@pytest.mark.parametrize("viewer", ["manager", "admin", "outsider"])
def test_no_one_sees_someone_elses_steps(client: Client, org: Org, viewer: str) -> None:
    # given Olive's private pair with Piet, with a check-in tomorrow
    pair = make_mentorship(mentor=org.peer, mentee=org.owner)
    check_in = schedule(pair, hours=24)
    onboard(org.owner, buddy=org.peer, by=org.manager)
    # when her manager, a programme admin or a colleague from another team opens home or My
    # learning, neither shows the check-in nor any of Olive's steps
    client.force_login(getattr(org, viewer).user)
    for url in (HOME, LEARNING):
        section = next_steps_section(client, url)
        assert reverse("mentoring:check_in", args=[pair.id, check_in.id]) not in section
        assert "Olive Owner" not in section
        assert "Nothing is waiting for you" in section


def test_a_partner_sees_their_own_side_only(client: Client, org: Org) -> None:
    # given Olive's pair with Piet, and Olive's own checklist, with Piet as her buddy
    pair = make_mentorship(mentor=org.peer, mentee=org.owner)
    check_in = schedule(pair, hours=24)
    onboard(org.owner, buddy=org.peer, by=org.manager)
    client.force_login(org.peer.user)
    shown = shown_steps(client.get(LEARNING).content.decode())
    texts = [text for text, _ in shown]
    # then Piet sees the check-in he takes part in, and as buddy that Olive fell behind ...
    assert (
        "Mentoring check-in with Olive Owner",
        reverse("mentoring:check_in", args=[pair.id, check_in.id]),
    ) in shown
    assert "Olive Owner has 1 overdue checklist item: go through them together" in texts
    # ... but not Olive's checklist items themselves
    assert not any(text.startswith("Onboarding checklist:") for text in texts)


def test_a_page_in_a_private_space_one_has_left_is_no_longer_a_step(
    as_owner: Client, org: Org
) -> None:
    # given Olive was asked to review a page in a private space, then left the space
    space = make_space(org.peer, "Incidents", is_private=True, members=[org.owner])
    draft = make_page(space, org.peer, "Postmortem template")
    page_submit_for_review(page=draft, submitted_by=org.peer, reviewer=org.owner)
    assert any("Postmortem" in text for text, _ in shown_steps(as_owner.get(HOME).content.decode()))
    space_member_remove(space=space, person=org.owner)
    # then the page no longer shows, not even its title
    assert "Postmortem" not in next_steps_section(as_owner)


def test_work_with_colleagues_who_left_is_no_longer_a_step(as_owner: Client, org: Org) -> None:
    # given one thing of every kind waiting for Olive, several with Piet, Oscar or Ada
    expected = olive_has_one_of_each(org)

    # when Piet, Oscar and Ada leave the company
    for person in (org.peer, org.outsider, org.admin):
        person_deactivate(person=person)

    # then she is no longer asked to answer, meet or plan with them; her own work stays
    shown = {text for text, _ in shown_steps(as_owner.get(LEARNING).content.decode())}
    gone = {"mentoring request", "check-in", "pair needing attention", "match", "shadowing request"}
    for kind, step in expected.items():
        listed = any(text.startswith(step.text) for text in shown)
        assert listed == (kind not in gone), kind


def test_a_buddy_is_not_asked_about_a_new_starter_who_left(client: Client, org: Org) -> None:
    # given Piet buddies Olive, whose day-7 check-in is this week
    onboard(org.owner, buddy=org.peer, by=org.manager)
    client.force_login(org.peer.user)
    before = {text for text, _ in shown_steps(client.get(LEARNING).content.decode())}

    # when Olive leaves
    person_deactivate(person=org.owner)

    # then Piet's check-ins with her are no longer steps
    after = {text for text, _ in shown_steps(client.get(LEARNING).content.decode())}
    assert any("check-in with Olive Owner" in text for text in before)
    assert not any("Olive Owner" in text for text in after)


def test_answered_and_done_work_leaves_the_list(as_owner: Client, org: Org) -> None:
    from peerlearn.mentoring.services import mentorship_accept
    from peerlearn.qa.services import answer_post

    request = mentorship_request(mentor=org.owner, mentee=org.peer, requested_by=org.peer)
    question = question_ask(asker=org.peer, title="Where are the runbooks?")
    question_invite(question=question, invited_by=org.peer, person=org.owner)
    assert len(shown_steps(as_owner.get(HOME).content.decode())) == 2
    mentorship_accept(mentorship=request, by=org.owner)
    answer_post(question=question, author=org.owner, body="In the hub, under Operations.")
    assert "Nothing is waiting for you" in next_steps_section(as_owner)


# --- order ------------------------------------------------------------------------------------


def test_steps_are_ordered_today_then_waiting_then_overdue_then_soon_then_the_rest() -> None:
    noon = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)
    with timezone.override(dt.UTC):
        later = NextStep("Write a debrief", "/d", "Shadowing")
        soon = NextStep("Check-in on Friday", "/c", "Mentoring", due=noon + dt.timedelta(days=2))
        overdue = NextStep("Overdue item", "/o", "Onboarding", due=dt.date(2026, 3, 1))
        older_wait = NextStep(
            "Answer Ann", "/a", "Mentoring", waiting_since=noon - dt.timedelta(days=5)
        )
        newer_wait = NextStep(
            "Answer Bo", "/b", "Questions", waiting_since=noon - dt.timedelta(days=1)
        )
        today = NextStep("Check-in at four", "/t", "Mentoring", due=noon + dt.timedelta(hours=4))
        due_today = NextStep("Item due today", "/i", "Onboarding", due=dt.date(2026, 3, 4))
        steps = [later, soon, overdue, newer_wait, older_wait, today, due_today]
        ordered = in_order(steps, now=noon)
        assert ordered == [due_today, today, older_wait, newer_wait, overdue, soon, later]
        assert [step.urgency(noon) for step in ordered] == [
            Urgency.TODAY,
            Urgency.TODAY,
            Urgency.WAITING,
            Urgency.WAITING,
            Urgency.OVERDUE,
            Urgency.SOON,
            Urgency.LATER,
        ]
        # a check-in earlier today that has passed is no longer "today"
        assert NextStep("x", "/", "M", due=noon - dt.timedelta(hours=1)).urgency(noon) == (
            Urgency.OVERDUE
        )


# --- cost ---------------------------------------------------------------------------------------


def give_work(org: Org, index: int) -> None:
    """One more of each kind of work for Olive, from two new colleagues."""
    owner = org.owner
    first = make_person(f"Colleague {index}a")
    second = make_person(f"Colleague {index}b")
    mentorship_request(mentor=owner, mentee=first, requested_by=first)
    schedule(make_mentorship(mentor=first, mentee=owner), hours=30 + index)
    with time_machine.travel(timezone.now() - dt.timedelta(days=40)):
        make_mentorship(mentor=second, mentee=owner)
    coffee_with(org, people=[owner, first], name=f"Coffee {index}")
    onboarding = Onboarding.objects.get(new_starter=owner)
    checklist_item_add(
        onboarding=onboarding,
        by=org.manager,
        category="people",
        title=f"Meet colleague {index}",
        due_date=timezone.localdate() + dt.timedelta(days=2),
    )
    onboard(second, buddy=owner, by=org.manager)
    shadowing_request(observer=first, host=owner, what_to_observe="Calls", why="Learn")
    completed_shadowing(observer=owner, host=second)
    space = make_space(first)
    draft = make_page(space, first)
    page_submit_for_review(page=draft, submitted_by=first, reviewer=owner)
    make_stale(make_page(space, owner, reviewer=first))
    question = question_ask(asker=first, title=f"Question number {index}?")
    question_invite(question=question, invited_by=first, person=owner)


def test_the_cost_of_next_steps_does_not_grow_with_the_work_waiting(
    as_owner: Client, org: Org
) -> None:
    buddy_volunteer_set(person=org.owner, is_available=True, max_new_starters=5)
    onboard(org.owner, buddy=org.peer, by=org.manager)
    give_work(org, 1)
    few_home, few_learning = queries_for(as_owner, HOME), queries_for(as_owner, LEARNING)
    few = len(shown_steps(as_owner.get(LEARNING).content.decode()))
    for index in range(2, 5):
        give_work(org, index)
    many = len(shown_steps(as_owner.get(LEARNING).content.decode()))
    assert many >= few * 3  # the lists did grow ...
    assert queries_for(as_owner, HOME) == few_home  # ... and the queries did not
    assert queries_for(as_owner, LEARNING) == few_learning
