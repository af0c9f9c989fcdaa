"""Ask a peer: questions tagged with skills, routed to the colleagues who know.

Questions and answers are open to every colleague (as in Stack Overflow for Teams): asking in
the open is what lets the next person find the answer. The expert finder suggests who can
answer and a few of them are asked; the asker may invite more; an unanswered question is
escalated after a day. A good thread can become a hub page that keeps a link back here.
"""

from __future__ import annotations

from django.db import models

from peerlearn.core.models import BaseModel
from peerlearn.knowledge.models import Page
from peerlearn.people.models import Person, Skill


class QuestionStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"


class Question(BaseModel):
    asker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, max_length=20_000)
    skills = models.ManyToManyField(Skill, related_name="questions", blank=True)
    status = models.CharField(
        max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    accepted_answer = models.OneToOneField(
        "Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.IntegerField(default=0)
    answer_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    page = models.OneToOneField(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_question"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="question_status_recent"),
            models.Index(fields=["answer_count", "escalated_at"], name="question_escalation"),
        ]

    def __str__(self) -> str:
        return self.title


class Answer(BaseModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    body = models.TextField(max_length=20_000)
    score = models.IntegerField(default=0)

    class Meta:
        ordering = ["question", "-score", "created_at"]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class Vote(BaseModel):
    """+1 or −1 from one person on a question or an answer (exactly one of the two)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qa_votes")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    value = models.SmallIntegerField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 1]), name="vote_value_plus_or_minus_one"
            ),
            models.CheckConstraint(
                condition=(models.Q(question__isnull=True) & models.Q(answer__isnull=False))
                | (models.Q(question__isnull=False) & models.Q(answer__isnull=True)),
                name="vote_on_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["person", "question"],
                condition=models.Q(question__isnull=False),
                name="vote_once_per_question",
            ),
            models.UniqueConstraint(
                fields=["person", "answer"],
                condition=models.Q(answer__isnull=False),
                name="vote_once_per_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.value:+d}"


class ExpertRequest(BaseModel):
    """Someone asked to answer: suggested by the expert finder, invited by the asker, or
    reached by the escalation of an unanswered question. Never asked twice."""

    class Via(models.TextChoices):
        SUGGESTED = "suggested", "Suggested expert"
        INVITED = "invited", "Invited by the asker"
        ESCALATED = "escalated", "Escalated"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="requests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="answer_requests")
    via = models.CharField(max_length=10, choices=Via.choices)
    reason = models.CharField(max_length=300, blank=True)
    invited_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["question", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["question", "person"], name="expert_request_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} asked about {self.question_id}"
