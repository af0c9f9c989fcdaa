"""Ask a peer: routing to experts with reasons, answering, voting, accepting, escalating and
turning a thread into a hub page; through the pages and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Org
from peerlearn.activities.models import LearningActivity
from peerlearn.core.permissions import actor_of
from peerlearn.knowledge.models import PageStatus
from peerlearn.knowledge.tests.factories import make_page, make_space
from peerlearn.notifications.models import Notification
from peerlearn.people.services import endorsement_create, person_skill_set
from peerlearn.people.tests.factories import login, make_person
from peerlearn.qa.models import ExpertRequest, Question, QuestionStatus
from peerlearn.qa.selectors import question_experts
from peerlearn.qa.services import (
    answer_accept,
    answer_post,
    question_ask,
    questions_escalate,
)


@pytest.fixture
def experts(org: Org) -> dict[str, object]:
    """A teacher of Python, an endorsed (non-teaching) expert, a page owner, a past answerer."""
    teacher = make_person("Tara Teacher", "tara@example.com")
    person_skill_set(person=teacher, skill=org.python, level=4, can_teach=True)
    endorsed = make_person("Eddie Endorsed", "eddie@example.com")
    edge = person_skill_set(person=endorsed, skill=org.python, level=3)
    endorsement_create(endorser=org.manager, person_skill=edge)
    author = make_person("Paula Pages", "paula@example.com")
    space = make_space(org.manager, "Engineering")
    make_page(space, author, "Python packaging guide", reviewer=org.manager, skills=[org.python])
    answerer = make_person("Andy Answers", "andy@example.com")
    earlier = question_ask(
        asker=org.outsider, title="Python virtualenv broken", skills=[org.python],
        experts_to_notify=0,
    )  # fmt: skip
    accepted = answer_post(question=earlier, author=answerer, body="Recreate it.")
    answer_accept(question=earlier, answer=accepted, accepted_by=org.outsider)
    return {"teacher": teacher, "endorsed": endorsed, "author": author, "answerer": answerer}


def test_the_expert_finder_explains_every_suggestion(org: Org, experts: dict[str, object]) -> None:
    question = question_ask(
        asker=org.owner, title="How do I package Python?", skills=[org.python],
        experts_to_notify=0,
    )  # fmt: skip

    found = {s.person.full_name: s.reasons for s in question_experts(
        actor=actor_of(org.owner), question=question
    )}  # fmt: skip

    assert "Can teach Python (expert)" in found["Tara Teacher"]
    assert "Endorsed for Python by 1 colleague" in found["Eddie Endorsed"]
    assert "Owns the hub page “Python packaging guide”" in found["Paula Pages"]
    assert "Gave the accepted answer to “Python virtualenv broken”" in found["Andy Answers"]
    assert "Olive Owner" not in found  # never the asker
    assert next(iter(found)) == "Tara Teacher"  # teaching the skill ranks first


def test_asking_notifies_the_best_few_experts_once(
    as_owner: Client, org: Org, experts: dict[str, object]
) -> None:
    response = as_owner.post(
        "/questions/ask/",
        {"title": "How do I package Python?", "body": "Details", "skills": [org.python.id]},
    )

    question = Question.objects.get(title="How do I package Python?")
    assert response.status_code == 302
    asked = list(question.requests.order_by("created_at"))
    assert len(asked) == 3
    assert all(r.via == ExpertRequest.Via.SUGGESTED and r.reason for r in asked)
    notified = Notification.objects.filter(kind="qa.answer_requested").values_list(
        "recipient__full_name", flat=True
    )
    assert sorted(notified) == sorted(r.person.full_name for r in asked)
    activity = LearningActivity.objects.get(action="question.asked", source_id=str(question.id))
    assert activity.format == "questions"
    assert activity.participants.get().role == "asker"


def test_the_asker_sees_suggestions_with_reasons_and_can_invite_more(
    as_owner: Client, org: Org, experts: dict[str, object]
) -> None:
    question = question_ask(
        asker=org.owner, title="How do I package Python?", skills=[org.python],
        experts_to_notify=1,
    )  # fmt: skip
    page = as_owner.get(f"/questions/{question.id}/").content.decode()

    assert "Suggested experts" in page
    assert "Endorsed for Python by 1 colleague" in page
    invited = as_owner.post(f"/questions/{question.id}/invite/", {"person": org.peer.id})
    again = as_owner.post(f"/questions/{question.id}/invite/", {"person": org.peer.id})
    assert invited.status_code == 302
    assert again.status_code == 422
    assert "has already been asked" in again.content.decode()
    assert question.requests.get(person=org.peer).via == ExpertRequest.Via.INVITED


def test_only_the_asker_invites_and_accepts(client: Client, org: Org) -> None:
    question = question_ask(asker=org.owner, title="Where are the SQL dumps?")
    answer = answer_post(question=question, author=org.peer, body="In the vault.")
    login(client, org.outsider)

    assert (
        client.post(f"/questions/{question.id}/invite/", {"person": org.peer.id}).status_code == 404
    )
    assert client.post(f"/answers/{answer.id}/accept/").status_code == 404
    login(client, org.owner)
    assert client.post(f"/answers/{answer.id}/accept/").status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.accepted_answer == answer


def test_answer_vote_accept_and_convert_to_a_hub_page(client: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    question = question_ask(asker=org.owner, title="How do we deploy on Fridays?", body="Do we?")
    login(client, org.peer)

    empty = client.post(f"/questions/{question.id}/answers/", {"body": "  "})
    client.post(f"/questions/{question.id}/answers/", {"body": "We **don't**."})
    answer = question.answers.get()
    own_vote = client.post(f"/answers/{answer.id}/vote/", {"value": 1}, follow=True)
    login(client, org.outsider)
    client.post(f"/answers/{answer.id}/vote/", {"value": 1})
    client.post(f"/questions/{question.id}/vote/", {"value": 1})
    login(client, org.owner)
    client.post(f"/answers/{answer.id}/accept/")
    converted = client.post(f"/questions/{question.id}/convert/", {"space": space.id})

    assert empty.status_code == 422
    assert "Write your answer first." in empty.content.decode()
    assert own_vote.status_code == 404  # nobody votes on their own answer
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.score == 1
    assert question.score == 1
    assert question.page is not None
    page = question.page
    assert converted["Location"] == f"/hub/pages/{page.id}/"
    assert page.status == PageStatus.DRAFT
    assert f"/questions/{question.id}/" in page.body
    assert "We **don't**." in page.body
    assert set(page.owners.all()) == {org.owner, org.peer}
    assert (
        "This page started as the question" in client.get(f"/hub/pages/{page.id}/").content.decode()
    )
    assert LearningActivity.objects.filter(action="answer.accepted").exists()
    answered = LearningActivity.objects.get(action="question.answered")
    assert {p.role for p in answered.participants.all()} == {"answerer", "asker"}
    assert Notification.objects.filter(recipient=org.owner, kind="qa.answered").exists()
    assert Notification.objects.filter(recipient=org.peer, kind="qa.accepted").exists()


def test_voting_twice_takes_the_vote_back(as_peer: Client, org: Org) -> None:
    question = question_ask(asker=org.owner, title="Is there a style guide?")

    as_peer.post(f"/questions/{question.id}/vote/", {"value": 1})
    as_peer.post(f"/questions/{question.id}/vote/", {"value": 1})
    question.refresh_from_db()
    assert question.score == 0
    as_peer.post(f"/questions/{question.id}/vote/", {"value": -1})
    question.refresh_from_db()
    assert question.score == -1


def test_unanswered_questions_escalate_after_a_day_once(
    org: Org, experts: dict[str, object]
) -> None:
    question = question_ask(
        asker=org.owner, title="How do I package Python?", skills=[org.python],
        experts_to_notify=1,
    )  # fmt: skip
    answered = question_ask(asker=org.owner, title="Answered one", experts_to_notify=0)
    answer_post(question=answered, author=org.peer, body="Done")
    first_asked = set(question.requests.values_list("person_id", flat=True))

    assert questions_escalate(now=timezone.now()) == 0  # not a day old yet
    later = timezone.now() + timedelta(days=1, minutes=1)
    assert questions_escalate(now=later) == 1
    assert questions_escalate(now=later) == 0

    question.refresh_from_db()
    assert question.escalated_at is not None
    escalated = question.requests.filter(via=ExpertRequest.Via.ESCALATED)
    assert escalated.count() == 3
    assert not first_asked & set(escalated.values_list("person_id", flat=True))
    assert Notification.objects.filter(recipient=org.owner, kind="qa.escalated").exists()


def test_an_unroutable_question_reaches_programme_admins(org: Org) -> None:
    question = question_ask(asker=org.owner, title="Who owns the fax machine?")
    questions_escalate(now=timezone.now() + timedelta(days=2))

    assert Notification.objects.filter(recipient=org.admin, kind="qa.unrouted").exists()
    question.refresh_from_db()
    assert question.escalated_at is not None


def test_bad_questions_get_field_errors(as_owner: Client) -> None:
    response = as_owner.post("/questions/ask/", {"title": "", "body": "x"})

    assert response.status_code == 422
    summary_link = '<a href="#id_title">Your question: Enter your question in one line.</a>'
    assert summary_link in response.content.decode()


def test_question_list_filters_and_costs_the_same_for_3_and_30(as_peer: Client, org: Org) -> None:
    def add(count: int) -> None:
        for n in range(count):
            q = question_ask(
                asker=org.owner, title=f"Question {n}", skills=[org.python, org.sql],
                experts_to_notify=0,
            )  # fmt: skip
            if n % 2:
                answer_post(question=q, author=org.peer, body="Yes")

    add(3)
    with CaptureQueriesContext(connection) as few:
        as_peer.get("/questions/", {"status": "unanswered", "skill": str(org.python.id)})
    add(27)
    with CaptureQueriesContext(connection) as many:
        page = as_peer.get("/questions/", {"status": "unanswered", "skill": str(org.python.id)})

    assert len(many) == len(few)
    assert "Unanswered" in page.content.decode()
    assert "Question 1<" not in page.content.decode()


def test_the_api_asks_answers_accepts_and_converts(client: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    login(client, org.owner)
    asked = client.post(
        "/api/v1/questions",
        {"title": "API question", "body": "*why*", "skill_ids": [str(org.python.id)]},
        content_type="application/json",
    )
    question_id = asked.json()["id"]
    login(client, org.peer)
    answered = client.post(
        f"/api/v1/questions/{question_id}/answers", {"body": "because"},
        content_type="application/json",
    )  # fmt: skip
    voted = client.post(
        f"/api/v1/answers/{answered.json()['id']}/vote", {"value": 1},
        content_type="application/json",
    )  # fmt: skip
    login(client, org.owner)
    accepted = client.post(
        f"/api/v1/answers/{answered.json()['id']}/accept", content_type="application/json"
    )
    experts = client.get(f"/api/v1/questions/{question_id}/experts")
    converted = client.post(
        f"/api/v1/questions/{question_id}/convert", {"space_id": str(space.id)},
        content_type="application/json",
    )  # fmt: skip
    listed = client.get("/api/v1/questions", {"status": "answered"})
    bad = client.post("/api/v1/questions", {"title": ""}, content_type="application/json")

    assert asked.status_code == 201
    assert asked.json()["body_html"] == "<p><em>why</em></p>\n"
    assert answered.status_code == 201
    assert voted.status_code == 403  # the peer wrote the answer: no voting on your own
    assert accepted.json()["accepted_answer_id"] == answered.json()["id"]
    assert experts.status_code == 200
    assert converted.status_code == 201
    assert converted.json()["status"] == "draft"
    assert [q["id"] for q in listed.json()["items"]] == [question_id]
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "title"


def test_a_question_page_costs_the_same_queries_for_5_or_50_colleagues(org: Org) -> None:
    """The invite box lists colleagues with their teams: one query for all of them."""
    question = question_ask(asker=org.owner, title="How do I profile SQL?", body="", skills=[])
    as_owner = login(Client(), org.owner)
    for index in range(5):
        make_person(f"Colleague {index}", team=org.owner.team)
    with CaptureQueriesContext(connection) as few:
        as_owner.get(f"/questions/{question.id}/")
    for index in range(5, 50):
        make_person(f"Colleague {index}", team=org.peer.team)

    with CaptureQueriesContext(connection) as many:
        page = as_owner.get(f"/questions/{question.id}/")

    assert page.status_code == 200
    assert "Colleague 49" in page.content.decode()
    assert len(many) == len(few)


def test_the_expert_finder_ignores_pages_that_share_only_common_words(org: Org) -> None:
    # given a page about hiring and a page about deploys, owned by different people
    space = make_space(org.manager, "Engineering")
    hiring = make_person("Hana Hiring")
    deploys = make_person("Dev Deploys")
    make_page(space, hiring, "How we do interviews and what they are for", reviewer=org.manager)
    make_page(space, deploys, "Deploying the billing service", reviewer=org.manager)

    # when someone asks how to deploy, without tagging a skill
    question = question_ask(
        asker=org.owner, title="How do I deploy the billing service?", experts_to_notify=0
    )
    found = {
        s.person.full_name for s in question_experts(actor=actor_of(org.owner), question=question)
    }

    # then the deploy page's owner is suggested, and the hiring page's owner is not
    assert "Dev Deploys" in found
    assert "Hana Hiring" not in found


def test_notifications_about_a_question_name_it(org: Org) -> None:
    """The bell lists messages without their e-mail subjects: each must say which question."""
    question = question_ask(
        asker=org.owner, title="Why is the nightly build red?", experts_to_notify=0
    )
    answer = answer_post(question=question, author=org.peer, body="A flaky test.")
    answer_accept(question=question, answer=answer, accepted_by=org.owner)

    answered = Notification.objects.get(recipient=org.owner, kind="qa.answered")
    accepted = Notification.objects.get(recipient=org.peer, kind="qa.accepted")
    assert "“Why is the nightly build red?”" in answered.message
    assert "“Why is the nightly build red?”" in accepted.message


def test_the_expert_finder_keeps_two_letter_topics(org: Org) -> None:
    # given a page about CI owned by someone
    space = make_space(org.manager, "Engineering")
    owner_of_ci = make_person("Cleo Builds")
    make_page(space, owner_of_ci, "CI pipelines explained", reviewer=org.manager)

    # when someone asks about CI in a short question
    question = question_ask(asker=org.owner, title="Is CI flaky?", experts_to_notify=0)
    found = {
        s.person.full_name for s in question_experts(actor=actor_of(org.owner), question=question)
    }

    # then the page's owner is suggested: "CI" is a topic, though two letters long
    assert "Cleo Builds" in found
