"""The knowledge hub and ask-a-peer in a real browser: write a walkthrough, get it reviewed and
published, find it by search; ask a question, see who is asked and why, answer, accept, and
turn the thread into a hub page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Org
from peerlearn.knowledge.models import Page as HubPage
from peerlearn.knowledge.tests.factories import make_space
from peerlearn.people.services import person_skill_set
from peerlearn.people.tests.factories import make_person
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def switch_to(page: Page, live_server: LiveServer, person: object) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server.url, person)  # type: ignore[arg-type]


def test_write_a_walkthrough_get_it_published_and_find_it(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    # given a public Engineering space
    make_space(org.manager, "Engineering")
    # when the owner writes a walkthrough with two steps and saves the draft
    sign_in(page, live_server.url, org.owner)
    page.goto(f"{live_server.url}/hub/")
    page.get_by_role("link", name="Write a page").first.click()
    page.get_by_label("Space").select_option(label="Engineering")
    page.get_by_label("Title", exact=True).fill("Set up your laptop")
    page.get_by_label("Type of page").select_option(label="Walkthrough")
    page.get_by_label("Summary").fill("From unboxing to a running app.")
    page.get_by_label("Content").fill("You need **admin rights** on the laptop.")
    page.get_by_label("Step 1: title").fill("Install the tools")
    page.get_by_label("Step 1: what to do").fill("Run `make setup`.")
    page.get_by_label("Step 2: title").fill("Start the app")
    page.get_by_label("Step 2: what to do").fill("Run `make demo`.")
    page.get_by_role("button", name="Save draft").click()
    # then it is a draft only its author sees, with its steps in order
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your laptop")
    expect(page.get_by_role("note").filter(has_text="Draft.")).to_be_visible()
    steps = page.get_by_role("region", name="Step by step")
    expect(steps.get_by_role("heading", level=3)).to_have_text(
        ["Install the tools", "Start the app"]
    )
    # when they send it to the peer for review
    page.get_by_label("Reviewer").select_option(label="Piet Peer · Platform")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("note").filter(has_text="In review")).to_be_visible()
    # and the peer reviews and publishes it
    url = page.url
    switch_to(page, live_server, org.peer)
    page.goto(url)
    page.get_by_role("link", name="Review it now").click()
    page.get_by_label("Publish it").check()
    page.get_by_role("button", name="Send decision").click()
    expect(page.get_by_role("status").filter(has_text="Published")).to_be_visible()
    # then anyone finds it by searching for two of its words
    switch_to(page, live_server, org.outsider)
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("Search pages, questions and people").fill("laptop setup")
    page.get_by_role("button", name="Search").click()
    result = page.get_by_role("link", name="Set up your laptop")
    expect(result).to_be_visible()
    expect(page.locator("#search-results mark").first).to_be_visible()
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your laptop")
    assert HubPage.objects.get().status == "published"


def test_ask_see_experts_answer_accept_and_convert_to_a_page(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    # given four colleagues who can teach Python and a public space
    make_space(org.admin, "Engineering")
    person_skill_set(person=org.manager, skill=org.python, level=4, can_teach=True)
    for name in ("Tara Teacher", "Theo Teacher", "Tess Teacher"):
        person_skill_set(person=make_person(name), skill=org.python, level=3, can_teach=True)
    # when the owner asks a question tagged Python
    sign_in(page, live_server.url, org.owner)
    page.goto(f"{live_server.url}/questions/")
    page.get_by_role("link", name="Ask a question").click()
    page.get_by_label("Your question").fill("How do I pin Python dependencies?")
    page.get_by_label("Details").fill("We keep getting different versions in CI.")
    page.get_by_label("Skills").select_option(label="Python")
    page.get_by_role("button", name="Post question").click()
    # then three experts were asked, each with the reason, and one more is suggested
    expect(page.get_by_role("status").filter(has_text="We asked 3 colleagues")).to_be_visible()
    asked = page.get_by_role("region", name="Asked to answer")
    expect(asked.get_by_text("Can teach Python (expert)")).to_be_visible()
    suggested = page.locator("#suggested-experts")
    expect(suggested.get_by_text(re.compile("Can teach Python"))).to_have_count(1)
    # when the owner invites the remaining suggestion too
    suggested.get_by_role("button", name=re.compile("^Ask ")).click()
    expect(page.get_by_role("status").filter(has_text="We asked")).to_be_visible()
    url = page.url
    # and the manager answers
    switch_to(page, live_server, org.manager)
    page.goto(url)
    page.get_by_label("Your answer").fill("Use a lock file: `pip-compile` then `pip-sync`.")
    page.get_by_role("button", name="Post answer").click()
    expect(page.get_by_text("Answer posted.")).to_be_visible()
    # then the owner accepts it and turns the thread into a hub page
    switch_to(page, live_server, org.owner)
    page.goto(url)
    page.get_by_role("button", name="Accept this answer").click()
    expect(page.get_by_text("✓ Accepted answer")).to_be_visible()
    page.get_by_label("Hub space for the new page").select_option(label="Engineering")
    page.get_by_role("button", name="Turn into a hub page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How do I pin Python dependencies?")
    link_back = page.locator("p.notice").filter(has_text="This page started as the question")
    expect(link_back.get_by_role("link", name="How do I pin Python dependencies?")).to_be_visible()
    expect(page.get_by_text("pip-compile")).to_be_visible()
