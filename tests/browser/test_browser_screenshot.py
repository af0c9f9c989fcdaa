"""The README's picture of the home page, taken from a small demo-like organisation.

Every run renders and photographs the page (to a temporary file); set
PEERLEARN_SCREENSHOT=docs/screenshot-home.png to refresh the picture in the docs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from peerlearn.mentoring.services import mentorship_request
from peerlearn.people.models import Person, Skill
from peerlearn.people.services import endorsement_create, person_skill_set
from peerlearn.people.tests.factories import make_family, make_person, make_skill, make_team
from peerlearn.qa.services import question_ask, question_invite
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def seed_demo_colleagues() -> Person:
    """A handful of colleagues around one engineer, Priya; returns Priya."""
    engineering = make_team("Engineering")
    platform = make_team("Platform", parent=engineering)
    data_team = make_team("Data", parent=engineering)
    family = make_family("Software Engineering")
    skills: dict[str, Skill] = {
        name: make_skill(name) for name in ["Python", "PostgreSQL", "Kubernetes", "Data modelling"]
    }
    make_skill("Terraform", aliases=["tf"])

    def colleague(name: str, title: str, team: object) -> Person:
        email = name.lower().replace(" ", ".") + "@example.com"
        return make_person(name, email, job_title=title, team=team, job_family=family)

    priya = make_person(
        "Priya Patel",
        "priya@example.com",
        job_title="Backend engineer",
        team=platform,
        job_family=family,
        time_zone="Europe/London",
        location="London",
        languages=["en", "hi"],
    )
    sam = colleague("Sam Okafor", "Staff engineer", platform)
    lena = colleague("Lena Fischer", "Site reliability engineer", platform)
    marta = colleague("Marta Silva", "Analytics engineer", data_team)
    tom = colleague("Tom Becker", "Data analyst", data_team)
    aiko = colleague("Aiko Tanaka", "Product engineer", platform)

    python = person_skill_set(person=priya, skill=skills["Python"], level=3, can_teach=True)
    person_skill_set(person=priya, skill=skills["PostgreSQL"], level=2)
    person_skill_set(person=priya, skill=skills["Kubernetes"], level=1, wants_to_learn=True)
    person_skill_set(person=priya, skill=skills["Data modelling"], level=0, wants_to_learn=True)
    person_skill_set(person=sam, skill=skills["Kubernetes"], level=4, can_teach=True)
    person_skill_set(person=lena, skill=skills["Kubernetes"], level=3, can_teach=True)
    person_skill_set(person=marta, skill=skills["Data modelling"], level=4, can_teach=True)
    person_skill_set(person=tom, skill=skills["Python"], level=1, wants_to_learn=True)
    person_skill_set(person=aiko, skill=skills["Python"], level=0, wants_to_learn=True)
    for endorser in (sam, lena, aiko):
        endorsement_create(endorser=endorser, person_skill=python)
    k8s = person_skill_set(person=sam, skill=skills["Kubernetes"], level=4, can_teach=True)
    endorsement_create(endorser=lena, person_skill=k8s)
    # What waits for her: Tom asks her to mentor him, and Marta to answer a question.
    mentorship_request(mentor=priya, mentee=tom, requested_by=tom, message="Python, please?")
    question = question_ask(asker=marta, title="How do we pin Python versions in CI?")
    question_invite(question=question, invited_by=marta, person=priya)
    return priya


def test_home_page_of_a_demo_colleague(page: Page, live_server: LiveServer, tmp_path: Path) -> None:
    # given Priya, who wants to learn Kubernetes and teaches Python
    priya = seed_demo_colleagues()
    page.set_viewport_size({"width": 1280, "height": 900})
    # when she signs in
    sign_in(page, live_server.url, priya)
    # then her home page starts with what waits for her
    steps = page.get_by_role("region", name="Next steps")
    expect(steps.get_by_role("link")).to_have_count(2)
    expect(steps).to_contain_text("Tom Becker would like you as their mentor")
    expect(steps).to_contain_text("Marta Silva asked you to answer")
    # and names who can teach her, who wants to learn from her, and who
    # endorsed her, and what is left to do on her profile
    learn = page.get_by_role("region", name="People who can teach what you want to learn")
    expect(learn.get_by_role("link", name="Sam Okafor", exact=True)).to_be_visible()
    teach = page.get_by_role("region", name="Colleagues who want to learn what you teach")
    expect(teach.get_by_role("link", name="Tom Becker", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Recent endorsements")).to_contain_text("Aiko Tanaka")
    expect(page.get_by_role("link", name="Set a learning goal")).to_be_visible()
    target = Path(os.environ.get("PEERLEARN_SCREENSHOT") or tmp_path / "home.png")
    page.screenshot(path=str(target), full_page=True)
    assert target.read_bytes().startswith(b"\x89PNG")
