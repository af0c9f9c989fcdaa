"""Pages of ask-a-peer. Thin: permission, selector or service, render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from peerlearn.core.forms import show_service_errors
from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import Actor, actor_for, require, require_employee
from peerlearn.knowledge.selectors import spaces_writable_by
from peerlearn.qa.forms import AnswerForm, AskForm, ConvertForm, InviteForm, QuestionFilterForm
from peerlearn.qa.models import Question
from peerlearn.qa.permissions import (
    can_accept,
    can_answer,
    can_ask,
    can_convert,
    can_invite,
    can_use_qa,
    can_vote_on_answer,
    can_vote_on_question,
    is_asker,
)
from peerlearn.qa.selectors import (
    answer_get_visible,
    my_votes,
    question_answers,
    question_experts,
    question_get_visible,
    question_list,
    question_requests,
)
from peerlearn.qa.services import (
    answer_accept,
    answer_post,
    question_ask,
    question_convert_to_page,
    question_invite,
    vote_cast,
)


def _qa_actor(request: AuthenticatedRequest) -> Actor:
    actor = actor_for(request)
    require(can_use_qa(actor))
    return actor


def _question_or_404(actor: Actor, question_id: uuid.UUID) -> Question:
    question = question_get_visible(actor=actor, question_id=question_id)
    if question is None:
        raise Http404("Not found")
    return question


@login_required
def question_list_view(request: AuthenticatedRequest) -> HttpResponse:
    actor = _qa_actor(request)
    form = QuestionFilterForm(request.GET or None)
    values: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    questions = question_list(
        actor=actor,
        status=values.get("status") or "",
        skill_id=values["skill"].id if values.get("skill") else None,
    )
    return render(
        request,
        "qa/question_list.html",
        {
            "form": form,
            "page_obj": paginate(request, questions),
            "querystring": query_without_page(request),
            "filtered": any(values.values()),
            "can_ask": can_ask(actor),
        },
    )


@login_required
def ask(request: AuthenticatedRequest) -> HttpResponse:
    actor = _qa_actor(request)
    require(can_ask(actor))
    person = require_employee(actor)
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = question_ask(
                asker=person,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                skills=list(form.cleaned_data["skills"]),
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            asked = question.requests.count()
            messages.success(
                request,
                f"Question posted. We asked {asked} colleague{'s' if asked != 1 else ''} who "
                "should know; you can invite more below."
                if asked
                else "Question posted. Invite colleagues who may know from the list below.",
            )
            return redirect("qa:detail", question_id=question.id)
    status = 422 if request.method == "POST" else 200
    return render(request, "qa/ask.html", {"form": form}, status=status)


def _detail_context(
    actor: Actor,
    question: Question,
    *,
    answer_form: AnswerForm | None = None,
    invite_form: InviteForm | None = None,
) -> dict[str, Any]:
    answers = question_answers(question=question)
    author_ids = {a.author_id for a in answers}
    votes = my_votes(actor=actor, question=question)
    for answer in answers:
        answer.my_vote = votes.get(str(answer.id), 0)  # type: ignore[attr-defined]
    return {
        "question": question,
        "answers": answers,
        "requests": question_requests(question=question),
        "experts": question_experts(actor=actor, question=question, limit=6),
        "question_vote": votes.get(str(question.id), 0),
        "answer_form": answer_form or AnswerForm(),
        "invite_form": invite_form or InviteForm(),
        "convert_form": ConvertForm(spaces=spaces_writable_by(actor=actor)),
        "can_answer": can_answer(actor, question),
        "can_invite": can_invite(actor, question),
        "can_accept": can_accept(actor, question),
        "can_vote_question": can_vote_on_question(actor, question),
        "can_convert": can_convert(actor, question, author_ids),
        "is_asker": is_asker(actor, question),
        "viewer_id": actor.person_id,
    }


@login_required
def question_detail(request: AuthenticatedRequest, question_id: uuid.UUID) -> HttpResponse:
    actor = _qa_actor(request)
    question = _question_or_404(actor, question_id)
    return render(request, "qa/question_detail.html", _detail_context(actor, question))


@login_required
@require_POST
def answer_create(request: AuthenticatedRequest, question_id: uuid.UUID) -> HttpResponse:
    actor = _qa_actor(request)
    question = _question_or_404(actor, question_id)
    require(can_answer(actor, question))
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answer = answer_post(
                question=question, author=require_employee(actor), body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Answer posted. The asker has been told.")
            return redirect(f"/questions/{question.id}/#answer-{answer.id}")
    return render(
        request,
        "qa/question_detail.html",
        _detail_context(actor, question, answer_form=form),
        status=422,
    )


@login_required
@require_POST
def invite(request: AuthenticatedRequest, question_id: uuid.UUID) -> HttpResponse:
    actor = _qa_actor(request)
    question = _question_or_404(actor, question_id)
    require(can_invite(actor, question))
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            question_invite(
                question=question,
                invited_by=require_employee(actor),
                person=form.cleaned_data["person"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, f"We asked {form.cleaned_data['person'].full_name}.")
            return redirect("qa:detail", question_id=question.id)
    return render(
        request,
        "qa/question_detail.html",
        _detail_context(actor, question, invite_form=form),
        status=422,
    )


def _vote_value(request: AuthenticatedRequest) -> int:
    try:
        value = int(request.POST.get("value", ""))
    except ValueError:
        value = 0
    return value


@login_required
@require_POST
def question_vote(request: AuthenticatedRequest, question_id: uuid.UUID) -> HttpResponse:
    actor = _qa_actor(request)
    question = _question_or_404(actor, question_id)
    require(can_vote_on_question(actor, question))
    try:
        vote_cast(person=require_employee(actor), value=_vote_value(request), question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("qa:detail", question_id=question.id)


@login_required
@require_POST
def answer_vote(request: AuthenticatedRequest, answer_id: uuid.UUID) -> HttpResponse:
    actor = _qa_actor(request)
    answer = answer_get_visible(actor=actor, answer_id=answer_id)
    require(answer is not None)
    assert answer is not None
    require(can_vote_on_answer(actor, answer))
    try:
        vote_cast(person=require_employee(actor), value=_vote_value(request), answer=answer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"/questions/{answer.question_id}/#answer-{answer.id}")


@login_required
@require_POST
def accept(request: AuthenticatedRequest, answer_id: uuid.UUID) -> HttpResponse:
    actor = _qa_actor(request)
    answer = answer_get_visible(actor=actor, answer_id=answer_id)
    require(answer is not None)
    assert answer is not None
    question = answer.question
    require(can_accept(actor, question))
    answer_accept(question=question, answer=answer, accepted_by=require_employee(actor))
    messages.success(
        request,
        "Answer accepted. Worth keeping? Turn the thread into a hub page so others find it.",
    )
    return redirect("qa:detail", question_id=question.id)


@login_required
@require_POST
def convert(request: AuthenticatedRequest, question_id: uuid.UUID) -> HttpResponse:
    actor = _qa_actor(request)
    question = _question_or_404(actor, question_id)
    author_ids = set(question.answers.values_list("author_id", flat=True))
    require(can_convert(actor, question, author_ids))
    form = ConvertForm(request.POST, spaces=spaces_writable_by(actor=actor))
    if form.is_valid():
        try:
            page = question_convert_to_page(
                question=question,
                space=form.cleaned_data["space"],
                converted_by=require_employee(actor),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                "Draft hub page created from the thread. Tidy it up, then send it for review.",
            )
            return redirect("knowledge:page", page_id=page.id)
    else:
        messages.error(request, "Choose a space for the new page.")
    return redirect("qa:detail", question_id=question.id)
