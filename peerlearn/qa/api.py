"""Ask-a-peer under /api/v1/: questions, answers, votes, experts and conversion to a page."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from peerlearn.core.api import (
    ERROR_RESPONSES,
    Pagination,
    api_actor,
    forbid_unless,
    forbid_unless_employee,
)
from peerlearn.core.permissions import Actor, require
from peerlearn.knowledge.api import page_out
from peerlearn.knowledge.permissions import can_write_in_space
from peerlearn.knowledge.schemas import PageOut
from peerlearn.knowledge.selectors import page_get_visible, space_get_visible
from peerlearn.people.models import Person, Skill
from peerlearn.qa import selectors, services
from peerlearn.qa.models import Answer, Question
from peerlearn.qa.permissions import (
    can_accept,
    can_answer,
    can_ask,
    can_convert,
    can_invite,
    can_use_qa,
    can_vote_on_answer,
    can_vote_on_question,
)
from peerlearn.qa.schemas import (
    AnswerIn,
    AnswerOut,
    ConvertIn,
    ExpertOut,
    InviteIn,
    QuestionDetailOut,
    QuestionFilters,
    QuestionIn,
    QuestionOut,
    VoteIn,
    VoteOut,
)

router = Router(tags=["ask a peer"])


def _qa_actor(request: HttpRequest) -> Actor:
    actor = api_actor(request)
    require(can_use_qa(actor))
    return actor


def _question(actor: Actor, question_id: uuid.UUID) -> Question:
    question = selectors.question_get_visible(actor=actor, question_id=question_id)
    require(question is not None)
    assert question is not None
    return question


def _answer(actor: Actor, answer_id: uuid.UUID) -> Answer:
    answer = selectors.answer_get_visible(actor=actor, answer_id=answer_id)
    require(answer is not None)
    assert answer is not None
    return answer


def _detail(question: Question) -> dict[str, Any]:
    answers = selectors.question_answers(question=question)
    for answer in answers:
        answer.accepted = answer.id == question.accepted_answer_id  # type: ignore[attr-defined]
    return {**{f: getattr(question, f) for f in (
        "id", "title", "body", "status", "asker", "score", "answer_count",
        "accepted_answer_id", "page_id", "escalated_at", "created_at",
    )}, "skills": list(question.skills.all()), "answers": answers}  # fmt: skip


@router.get("/questions", response=list[QuestionOut], summary="List questions")
@paginate(Pagination)
def question_list(request: HttpRequest, filters: Query[QuestionFilters]) -> QuerySet[Question]:
    actor = _qa_actor(request)
    return selectors.question_list(actor=actor, status=filters.status or "", skill_id=filters.skill)


@router.post("/questions", response={201: QuestionDetailOut, **ERROR_RESPONSES}, summary="Ask")
def question_create(request: HttpRequest, payload: QuestionIn) -> Status[dict[str, Any]]:
    """Ask a question; the best few suggested experts are asked to answer straight away."""
    actor = _qa_actor(request)
    forbid_unless(can_ask(actor), "Only employees can ask.")
    skills = list(Skill.objects.filter(id__in=payload.skill_ids))
    if len(skills) != len(set(payload.skill_ids)):
        raise ValidationError({"skill_ids": "One or more skills do not exist."})
    question = services.question_ask(
        asker=forbid_unless_employee(actor), title=payload.title, body=payload.body, skills=skills
    )
    return Status(201, _detail(_question(actor, question.id)))


@router.get(
    "/questions/{question_id}",
    response={200: QuestionDetailOut, **ERROR_RESPONSES},
    summary="A question with its answers",
)
def question_detail(request: HttpRequest, question_id: uuid.UUID) -> dict[str, Any]:
    actor = _qa_actor(request)
    return _detail(_question(actor, question_id))


@router.get(
    "/questions/{question_id}/experts",
    response={200: list[ExpertOut], **ERROR_RESPONSES},
    summary="Who could answer, and why",
)
def question_experts(request: HttpRequest, question_id: uuid.UUID) -> list[Any]:
    actor = _qa_actor(request)
    return selectors.question_experts(actor=actor, question=_question(actor, question_id))


@router.post(
    "/questions/{question_id}/answers",
    response={201: AnswerOut, **ERROR_RESPONSES},
    summary="Answer a question",
)
def answer_create(
    request: HttpRequest, question_id: uuid.UUID, payload: AnswerIn
) -> Status[Answer]:
    actor = _qa_actor(request)
    question = _question(actor, question_id)
    forbid_unless(can_answer(actor, question), "Only employees can answer.")
    answer = services.answer_post(
        question=question, author=forbid_unless_employee(actor), body=payload.body
    )
    return Status(201, answer)


@router.post(
    "/questions/{question_id}/invite",
    response={204: None, **ERROR_RESPONSES},
    summary="Ask a colleague to answer",
)
def question_invite(
    request: HttpRequest, question_id: uuid.UUID, payload: InviteIn
) -> Status[None]:
    actor = _qa_actor(request)
    question = _question(actor, question_id)
    forbid_unless(can_invite(actor, question), "Only the asker can invite colleagues.")
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError({"person_id": "No person with that id."})
    services.question_invite(
        question=question, invited_by=forbid_unless_employee(actor), person=person
    )
    return Status(204, None)


@router.post(
    "/questions/{question_id}/vote",
    response={200: VoteOut, **ERROR_RESPONSES},
    summary="Vote on a question (again to take it back)",
)
def question_vote(request: HttpRequest, question_id: uuid.UUID, payload: VoteIn) -> VoteOut:
    actor = _qa_actor(request)
    question = _question(actor, question_id)
    forbid_unless(can_vote_on_question(actor, question), "You cannot vote on your own question.")
    score = services.vote_cast(
        person=forbid_unless_employee(actor), value=payload.value, question=question
    )
    return VoteOut(score=score)


@router.post(
    "/answers/{answer_id}/vote",
    response={200: VoteOut, **ERROR_RESPONSES},
    summary="Vote on an answer (again to take it back)",
)
def answer_vote(request: HttpRequest, answer_id: uuid.UUID, payload: VoteIn) -> VoteOut:
    actor = _qa_actor(request)
    answer = _answer(actor, answer_id)
    forbid_unless(can_vote_on_answer(actor, answer), "You cannot vote on your own answer.")
    score = services.vote_cast(
        person=forbid_unless_employee(actor), value=payload.value, answer=answer
    )
    return VoteOut(score=score)


@router.post(
    "/answers/{answer_id}/accept",
    response={200: QuestionDetailOut, **ERROR_RESPONSES},
    summary="Accept an answer",
)
def answer_accept(request: HttpRequest, answer_id: uuid.UUID) -> dict[str, Any]:
    actor = _qa_actor(request)
    answer = _answer(actor, answer_id)
    question = answer.question
    forbid_unless(can_accept(actor, question), "Only the asker can accept an answer.")
    services.answer_accept(
        question=question, answer=answer, accepted_by=forbid_unless_employee(actor)
    )
    return _detail(_question(actor, question.id))


@router.post(
    "/questions/{question_id}/convert",
    response={201: PageOut, **ERROR_RESPONSES},
    summary="Turn the thread into a hub page",
)
def question_convert(
    request: HttpRequest, question_id: uuid.UUID, payload: ConvertIn
) -> Status[dict[str, Any]]:
    actor = _qa_actor(request)
    question = _question(actor, question_id)
    author_ids = set(question.answers.values_list("author_id", flat=True))
    forbid_unless(
        can_convert(actor, question, author_ids),
        "The asker or someone who answered can convert a thread with answers, once.",
    )
    space = space_get_visible(actor=actor, space_id=payload.space_id)
    if space is None or not can_write_in_space(actor, space):
        raise ValidationError({"space_id": "No space with that id that you can write in."})
    page = services.question_convert_to_page(
        question=question, space=space, converted_by=forbid_unless_employee(actor)
    )
    found = page_get_visible(actor=actor, page_id=page.id)
    assert found is not None
    return Status(201, page_out(found[0]))
