"""The only way ask-a-peer changes: asking, routing to experts, answering, voting, accepting,
escalating and turning a thread into a hub page. Each write reindexes the question."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce

from peerlearn.activities.models import ActivityFormat, ActivityVisibility, ParticipantRole
from peerlearn.activities.services import Participant, activity_record
from peerlearn.core.markdown import markdown_to_text
from peerlearn.core.permissions import actor_of
from peerlearn.knowledge.models import Page, PageKind, Space
from peerlearn.knowledge.services import page_create
from peerlearn.people.models import Person, Skill
from peerlearn.qa.models import Answer, ExpertRequest, Question, QuestionStatus, Vote
from peerlearn.search.models import SearchKind
from peerlearn.search.services import SearchDocument, search_index_upsert

EXPERTS_NOTIFIED = 3
ESCALATE_AFTER = timedelta(days=1)
ESCALATION_EXPERTS = 3


def question_search_document(question: Question) -> SearchDocument:
    answers = list(question.answers.values_list("body", "author_id", "score"))
    parts = [markdown_to_text(question.body)]
    parts += [markdown_to_text(body) for body, _, _ in answers]
    boost = 0.0
    if question.accepted_answer_id is not None:
        boost += 0.2
    boost += min(max(question.score, -3), 5) * 0.03
    return SearchDocument(
        kind=SearchKind.QUESTION,
        object_id=question.id,
        title=question.title,
        body=" ".join(p for p in parts if p),
        boost=round(boost, 3),
        skill_ids=list(question.skills.values_list("id", flat=True)),
        owner_ids=[question.asker_id] if question.asker_id else [],
        updated_at=question.updated_at,
    )


def question_reindex(*, question: Question) -> None:
    search_index_upsert(document=question_search_document(question))


def _check_text(*, title: str | None, body: str, body_field: str = "body") -> None:
    errors: dict[str, str] = {}
    if title is not None:
        if not title.strip():
            errors["title"] = "Enter your question in one line."
        elif len(title.strip()) > 200:
            errors["title"] = "Keep the question to 200 characters; add detail below."
    if len(body) > 20_000:
        errors[body_field] = "Keep it to 20,000 characters."
    if errors:
        raise ValidationError(errors)


def _request_expert(
    *,
    question: Question,
    person: Person,
    via: ExpertRequest.Via,
    reason: str,
    invited_by: Person | None,
) -> ExpertRequest | None:
    request, created = ExpertRequest.objects.get_or_create(
        question=question,
        person=person,
        defaults={"via": via, "reason": reason[:300], "invited_by": invited_by},
    )
    if not created:
        return None
    asker = question.asker.full_name if question.asker else "A colleague"
    why = f"You were suggested because: {reason}." if reason else ""
    lines = [markdown_to_text(question.body)[:400], why]
    if via == ExpertRequest.Via.INVITED and invited_by is not None:
        message = f"{invited_by.full_name} asks for your help with “{question.title}”."
    elif via == ExpertRequest.Via.ESCALATED:
        message = (
            f"{asker}'s question “{question.title}” has had no answer for a day. Can you help?"
        )
    else:
        message = f"{asker} asked “{question.title}”: you may be able to answer."
    _notify(
        recipient=person,
        kind="qa.answer_requested",
        key=f"qa.request:{question.id}:{person.id}",
        subject=f"Can you answer “{question.title}”?",
        message=message,
        lines=lines,
        url=f"/questions/{question.id}/",
        action_label="Answer the question",
    )
    return request


@transaction.atomic
def question_ask(
    *,
    asker: Person,
    title: str,
    body: str = "",
    skills: Sequence[Skill] = (),
    experts_to_notify: int = EXPERTS_NOTIFIED,
) -> Question:
    """Ask, then route: the best few suggested experts are asked straight away."""
    from peerlearn.qa.selectors import question_experts

    _check_text(title=title, body=body)
    if len(skills) > 8:
        raise ValidationError({"skills": "Tag at most 8 skills."})
    question = Question.objects.create(asker=asker, title=title.strip(), body=body.strip())
    question.skills.set(list(skills))
    question_reindex(question=question)
    activity_record(
        format=ActivityFormat.QUESTIONS,
        action="question.asked",
        title=f"{asker.full_name} asked: {question.title}",
        participants=[Participant(person=asker, role=ParticipantRole.ASKER)],
        visibility=ActivityVisibility.ORGANISATION,
        skills=list(skills),
        source=question,
        created_by=asker,
    )
    for suggestion in question_experts(
        actor=actor_of(asker), question=question, limit=experts_to_notify
    ):
        _request_expert(
            question=question,
            person=suggestion.person,
            via=ExpertRequest.Via.SUGGESTED,
            reason="; ".join(suggestion.reasons[:2]),
            invited_by=None,
        )
    return question


@transaction.atomic
def question_invite(*, question: Question, invited_by: Person, person: Person) -> ExpertRequest:
    if not person.is_active:
        raise ValidationError({"person": f"{person.full_name} has left; choose someone else."})
    if person.id == question.asker_id:
        raise ValidationError({"person": "That is the person who asked."})
    if ExpertRequest.objects.filter(question=question, person=person).exists():
        raise ValidationError({"person": f"{person.full_name} has already been asked."})
    reason = f"Invited by {invited_by.full_name}"
    request = _request_expert(
        question=question,
        person=person,
        via=ExpertRequest.Via.INVITED,
        reason=reason,
        invited_by=invited_by,
    )
    assert request is not None
    return request


@transaction.atomic
def answer_post(*, question: Question, author: Person, body: str) -> Answer:
    if not body.strip():
        raise ValidationError({"body": "Write your answer first."})
    _check_text(title=None, body=body)
    answer = Answer.objects.create(question=question, author=author, body=body.strip())
    question.answer_count = question.answers.count()
    question.save(update_fields=["answer_count", "updated_at"])
    question_reindex(question=question)
    participants = [Participant(person=author, role=ParticipantRole.ANSWERER)]
    if question.asker is not None and question.asker_id != author.id:
        participants.append(Participant(person=question.asker, role=ParticipantRole.ASKER))
    activity_record(
        format=ActivityFormat.QUESTIONS,
        action="question.answered",
        title=f"{author.full_name} answered: {question.title}",
        participants=participants,
        visibility=ActivityVisibility.ORGANISATION,
        skills=list(question.skills.all()),
        source=answer,
        created_by=author,
    )
    if question.asker is not None and question.asker_id != author.id:
        _notify(
            recipient=question.asker,
            kind="qa.answered",
            key=f"qa.answer:{answer.id}:{question.asker_id}",
            subject=f"New answer to “{question.title}”",
            message=f"{author.full_name} answered your question “{question.title}”.",
            lines=[markdown_to_text(answer.body)[:500]],
            url=f"/questions/{question.id}/#answer-{answer.id}",
            action_label="Read the answer",
        )
    return answer


def _score(*, question: Question | None = None, answer: Answer | None = None) -> int:
    votes = (
        Vote.objects.filter(question=question) if question else Vote.objects.filter(answer=answer)
    )
    return int(votes.aggregate(total=Coalesce(Sum("value"), 0))["total"])


@transaction.atomic
def vote_cast(
    *, person: Person, value: int, question: Question | None = None, answer: Answer | None = None
) -> int:
    """Vote +1 or −1; voting the same way again takes the vote back. Returns the new score."""
    if value not in (-1, 1):
        raise ValidationError({"value": "A vote is +1 or −1."})
    if (question is None) == (answer is None):
        raise ValidationError({"__all__": "Vote on a question or on an answer."})
    target_author = question.asker_id if question is not None else answer.author_id  # type: ignore[union-attr]
    if target_author == person.id:
        raise ValidationError({"value": "You cannot vote on your own post."})
    votes = Vote.objects.select_for_update().filter(person=person)
    votes = votes.filter(question=question) if question is not None else votes.filter(answer=answer)
    existing = votes.first()
    if existing is not None and existing.value == value:
        existing.delete()
    elif existing is not None:
        existing.value = value
        existing.save(update_fields=["value", "updated_at"])
    else:
        Vote.objects.create(person=person, value=value, question=question, answer=answer)
    if question is not None:
        question.score = _score(question=question)
        question.save(update_fields=["score", "updated_at"])
        question_reindex(question=question)
        return question.score
    assert answer is not None
    answer.score = _score(answer=answer)
    answer.save(update_fields=["score", "updated_at"])
    question_reindex(question=answer.question)
    return answer.score


@transaction.atomic
def answer_accept(*, question: Question, answer: Answer, accepted_by: Person) -> Question:
    if answer.question_id != question.id:
        raise ValidationError({"answer": "That answer belongs to another question."})
    if question.asker_id != accepted_by.id:
        raise ValidationError({"answer": "Only the person who asked can accept an answer."})
    question.accepted_answer = answer
    question.status = QuestionStatus.ANSWERED
    question.save(update_fields=["accepted_answer", "status", "updated_at"])
    question_reindex(question=question)
    if answer.author is not None:
        activity_record(
            format=ActivityFormat.QUESTIONS,
            action="answer.accepted",
            title=f"{answer.author.full_name}'s answer accepted: {question.title}",
            participants=[
                Participant(person=answer.author, role=ParticipantRole.ANSWERER),
                Participant(person=accepted_by, role=ParticipantRole.ASKER),
            ]
            if answer.author_id != accepted_by.id
            else [Participant(person=accepted_by, role=ParticipantRole.ASKER)],
            visibility=ActivityVisibility.ORGANISATION,
            skills=list(question.skills.all()),
            source=answer,
            created_by=accepted_by,
        )
        if answer.author_id != accepted_by.id:
            _notify(
                recipient=answer.author,
                kind="qa.accepted",
                key=f"qa.accepted:{answer.id}",
                subject=f"Your answer to “{question.title}” was accepted",
                message=(
                    f"{accepted_by.full_name} accepted your answer to “{question.title}”. "
                    "Thank you for helping."
                ),
                url=f"/questions/{question.id}/#answer-{answer.id}",
                action_label="See the thread",
            )
    return question


def _thread_as_markdown(question: Question) -> str:
    answer = question.accepted_answer or question.answers.order_by("-score", "created_at").first()
    parts = []
    if question.body:
        parts += ["## The question", question.body]
    if answer is not None:
        who = answer.author.full_name if answer.author else "a colleague"
        parts += ["## The answer", answer.body, f"_Answer by {who}._"]
    parts.append(
        f"_This page started as the question [{question.title}](/questions/{question.id}/) "
        "in Ask a peer._"
    )
    return "\n\n".join(parts)


@transaction.atomic
def question_convert_to_page(*, question: Question, space: Space, converted_by: Person) -> Page:
    """One click: a draft hub page from the thread, linked both ways, owned by whoever made it
    and the author of the accepted answer. It then goes through review like any page."""
    if question.page_id is not None:
        raise ValidationError({"space": "This question is already a hub page."})
    if question.answer_count == 0:
        raise ValidationError({"space": "Wait for an answer before turning this into a page."})
    owners = []
    accepted = question.accepted_answer
    if accepted is not None and accepted.author is not None and accepted.author.is_active:
        owners.append(accepted.author)
    page = page_create(
        space=space,
        author=converted_by,
        title=question.title,
        kind=PageKind.GUIDE,
        summary=markdown_to_text(question.body)[:300],
        body=_thread_as_markdown(question),
        skills=list(question.skills.all()),
        owners=owners,
    )
    question.page = page
    question.save(update_fields=["page", "updated_at"])
    activity_record(
        format=ActivityFormat.KNOWLEDGE,
        action="question.converted",
        title=f"{converted_by.full_name} turned “{question.title}” into a hub page",
        participants=[Participant(person=converted_by, role=ParticipantRole.OWNER)],
        skills=list(question.skills.all()),
        source=page,
        created_by=converted_by,
    )
    return page


def questions_escalate(*, now: datetime) -> int:
    """Questions still unanswered a day after they were asked reach the next experts (and the
    asker is told); with nobody left to ask, programme admins are told so they can route it."""
    from peerlearn.qa.selectors import escalation_candidates, question_experts

    escalated = 0
    due = escalation_candidates().filter(created_at__lte=now - ESCALATE_AFTER)
    for question in due.select_related("asker", "asker__user")[:200]:
        with transaction.atomic():
            won = Question.objects.filter(
                pk=question.pk, escalated_at__isnull=True, answer_count=0
            ).update(escalated_at=now)
            if not won:
                continue
            experts = []
            if question.asker is not None:
                experts = question_experts(
                    actor=actor_of(question.asker), question=question, limit=ESCALATION_EXPERTS
                )
            for suggestion in experts:
                _request_expert(
                    question=question,
                    person=suggestion.person,
                    via=ExpertRequest.Via.ESCALATED,
                    reason="; ".join(suggestion.reasons[:2]),
                    invited_by=None,
                )
            if not experts:
                admins = Person.objects.filter(is_programme_admin=True, is_active=True)
                for admin in admins:
                    _notify(
                        recipient=admin,
                        kind="qa.unrouted",
                        key=f"qa.unrouted:{question.id}:{admin.id}",
                        subject=f"Nobody found to answer “{question.title}”",
                        message="This question has had no answer for a day and the expert "
                        "finder has nobody left to ask. Can you route it?",
                        url=f"/questions/{question.id}/",
                        action_label="Open the question",
                    )
            if question.asker is not None:
                names = ", ".join(s.person.full_name for s in experts)
                _notify(
                    recipient=question.asker,
                    kind="qa.escalated",
                    key=f"qa.escalated:{question.id}",
                    subject=f"No answer yet to “{question.title}”",
                    message=(
                        f"No answer yet to “{question.title}”: we have also asked {names}."
                        if names
                        else f"No answer yet to “{question.title}”: we have asked the learning "
                        "team to find someone who knows."
                    ),
                    lines=["You can invite colleagues yourself from the question page."],
                    url=f"/questions/{question.id}/",
                    action_label="Open your question",
                )
            escalated += 1
    return escalated


def _notify(
    *,
    recipient: Person,
    kind: str,
    key: str,
    subject: str,
    message: str,
    url: str,
    action_label: str,
    lines: Sequence[str] = (),
) -> None:
    from peerlearn.notifications.services import EmailContent, notify

    notify(
        recipient=recipient,
        kind=kind,
        key=key,
        content=EmailContent(
            subject=subject,
            message=message,
            lines=[line for line in lines if line],
            url=url,
            action_label=action_label,
        ),
    )
