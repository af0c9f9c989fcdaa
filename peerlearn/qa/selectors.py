"""Reads of ask-a-peer, and the expert finder."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from peerlearn.core.permissions import Actor
from peerlearn.knowledge.models import Page, PageStatus
from peerlearn.knowledge.selectors import pages_visible_to
from peerlearn.people.models import Person, PersonSkill, Skill, SkillLevel
from peerlearn.people.selectors import teachers_of
from peerlearn.qa.models import Answer, ExpertRequest, Question, QuestionStatus, Vote
from peerlearn.qa.permissions import can_use_qa
from peerlearn.search.models import SearchKind
from peerlearn.search.selectors import related_entries

QUESTION_STATUS_FILTERS = {
    "unanswered": "Unanswered",
    "open": "Open",
    "answered": "Answered",
    "mine": "Asked by me",
    "for_me": "Asked of me",
}


def questions_visible_to(*, actor: Actor) -> QuerySet[Question]:
    return Question.objects.all() if can_use_qa(actor) else Question.objects.none()


def question_list(
    *, actor: Actor, status: str = "", skill_id: uuid.UUID | None = None
) -> QuerySet[Question]:
    questions = questions_visible_to(actor=actor)
    if status == "unanswered":
        questions = questions.filter(answer_count=0)
    elif status == "open":
        questions = questions.filter(status=QuestionStatus.OPEN)
    elif status == "answered":
        questions = questions.filter(status=QuestionStatus.ANSWERED)
    elif status in {"mine", "for_me"} and actor.person_id is None:
        questions = questions.none()
    elif status == "mine":
        questions = questions.filter(asker_id=actor.person_id)
    elif status == "for_me" and actor.person_id is not None:
        asked_of_me = ExpertRequest.objects.filter(
            question=OuterRef("pk"), person_id=actor.person_id
        )
        questions = questions.filter(Exists(asked_of_me))
    if skill_id is not None:
        questions = questions.filter(skills__id=skill_id)
    return (
        questions.select_related("asker")
        .prefetch_related("skills")
        .order_by("-created_at", "id")
        .distinct()
    )


def question_get_visible(*, actor: Actor, question_id: uuid.UUID) -> Question | None:
    if not can_use_qa(actor):
        return None
    return (
        Question.objects.select_related("asker", "accepted_answer", "page", "page__space")
        .prefetch_related("skills")
        .filter(pk=question_id)
        .first()
    )


def answer_get_visible(*, actor: Actor, answer_id: uuid.UUID) -> Answer | None:
    if not can_use_qa(actor):
        return None
    return Answer.objects.select_related("question", "author").filter(pk=answer_id).first()


def question_answers(*, question: Question) -> list[Answer]:
    """Accepted answer first, then by score, then oldest first."""
    answers = list(question.answers.select_related("author").order_by("-score", "created_at"))
    answers.sort(key=lambda a: a.id != question.accepted_answer_id)
    return answers


def my_votes(*, actor: Actor, question: Question) -> dict[str, int]:
    """The viewer's votes on the question and its answers, keyed by object id."""
    if actor.person_id is None:
        return {}
    votes = Vote.objects.filter(person_id=actor.person_id).filter(
        Q(question=question) | Q(answer__question=question)
    )
    return {str(v.question_id or v.answer_id): v.value for v in votes}


def question_requests(*, question: Question) -> QuerySet[ExpertRequest]:
    return question.requests.select_related("person", "person__team").order_by("created_at")


# --- expert finder --------------------------------------------------------------------------


@dataclass
class ExpertSuggestion:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class _Tally:
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

    def add(self, points: float, reason: str) -> None:
        self.score += points
        if reason not in self.reasons and len(self.reasons) < 4:
            self.reasons.append(reason)


def experts_for(
    *,
    actor: Actor,
    skills: Sequence[Skill],
    text: str,
    exclude_ids: Iterable[uuid.UUID] = (),
    exclude_question_id: uuid.UUID | None = None,
    limit: int = 8,
) -> list[ExpertSuggestion]:
    """Who can answer, and why: teachers of the skills, endorsed experts, owners of related hub
    pages (only pages the asker can see, so no title leaks), and people who answered similar
    questions. Each source adds points; people who left and the excluded are skipped."""
    tallies: dict[uuid.UUID, _Tally] = {}
    excluded = set(exclude_ids)
    skill_ids = [s.id for s in skills]

    def tally(person_id: uuid.UUID) -> _Tally:
        return tallies.setdefault(person_id, _Tally())

    for skill in skills:
        for edge in teachers_of(skill=skill)[:25]:
            level = SkillLevel(edge.level).label.lower()
            endorsed = getattr(edge, "endorsement_count", 0)
            tally(edge.person_id).add(
                3.0 + 0.5 * edge.level + 0.3 * min(endorsed, 5),
                f"Can teach {skill.name} ({level})",
            )
    endorsed_experts = (
        PersonSkill.objects.filter(
            skill_id__in=skill_ids,
            can_teach=False,
            level__gte=SkillLevel.ADVANCED,
            person__is_active=True,
        )
        .annotate(endorsement_count=Count("endorsements"))
        .filter(endorsement_count__gte=1)
        .select_related("skill")
        .order_by("-endorsement_count")[:25]
    )
    for edge in endorsed_experts:
        tally(edge.person_id).add(
            1.5 + 0.3 * min(edge.endorsement_count, 5),
            f"Endorsed for {edge.skill.name} by {edge.endorsement_count} "
            f"colleague{'s' if edge.endorsement_count != 1 else ''}",
        )

    visible_pages = pages_visible_to(actor=actor).filter(status=PageStatus.PUBLISHED)
    page_ids = set(visible_pages.filter(skills__id__in=skill_ids).values_list("id", flat=True)[:20])
    page_ids |= {e.object_id for e in related_entries(actor=actor, text=text, kind=SearchKind.PAGE)}
    owned = (
        Page.owners.through.objects.filter(page_id__in=page_ids, person__is_active=True)
        .select_related("page")
        .order_by("page__title")
    )
    for row in owned:
        tally(row.person_id).add(2.0, f"Owns the hub page “{row.page.title}”")

    question_ids = set(
        Question.objects.filter(skills__id__in=skill_ids).values_list("id", flat=True)[:50]
    )
    question_ids |= {
        e.object_id for e in related_entries(actor=actor, text=text, kind=SearchKind.QUESTION)
    }
    question_ids.discard(exclude_question_id)  # type: ignore[arg-type]
    answers = (
        Answer.objects.filter(question_id__in=question_ids, author__is_active=True)
        .select_related("question")
        .order_by("-score")[:50]
    )
    for answer in answers:
        accepted = answer.question.accepted_answer_id == answer.id
        tally(answer.author_id).add(  # type: ignore[arg-type]
            2.0 if accepted else 1.0,
            f"{'Gave the accepted answer to' if accepted else 'Answered'} "
            f"“{answer.question.title}”",
        )

    candidates = {pid: t for pid, t in tallies.items() if pid not in excluded}
    people = Person.objects.filter(id__in=list(candidates), is_active=True).select_related(
        "team", "user"
    )
    by_id = {p.id: p for p in people}
    ranked = sorted(
        (
            ExpertSuggestion(person=by_id[pid], score=round(t.score, 2), reasons=t.reasons)
            for pid, t in candidates.items()
            if pid in by_id
        ),
        key=lambda s: (-s.score, s.person.full_name),
    )
    return ranked[:limit]


def question_experts(*, actor: Actor, question: Question, limit: int = 8) -> list[ExpertSuggestion]:
    asked = set(question.requests.values_list("person_id", flat=True))
    answered = set(question.answers.values_list("author_id", flat=True))
    exclude = asked | {pid for pid in answered if pid is not None}
    if question.asker_id is not None:
        exclude.add(question.asker_id)
    return experts_for(
        actor=actor,
        skills=list(question.skills.all()),
        text=question.title,
        exclude_ids=exclude,
        exclude_question_id=question.id,
        limit=limit,
    )


def escalation_candidates() -> QuerySet[Question]:
    return Question.objects.filter(answer_count=0, escalated_at__isnull=True).prefetch_related(
        Prefetch("skills"), "requests"
    )


def questions_asked_of(*, person: Person, limit: int) -> list[ExpertRequest]:
    """Open questions the person was asked to answer and has not answered yet, oldest first."""
    answered = Answer.objects.filter(question=OuterRef("question_id"), author=person)
    return list(
        ExpertRequest.objects.filter(person=person, question__status=QuestionStatus.OPEN)
        .exclude(question__asker=person)
        .filter(~Exists(answered))
        .select_related("question__asker", "invited_by")
        .order_by("created_at", "id")[:limit]
    )
