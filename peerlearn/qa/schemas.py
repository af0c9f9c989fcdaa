"""What the API says about questions, answers and experts, and what it accepts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from peerlearn.knowledge.schemas import PersonRef, SkillRef


def _field(obj: object, name: str) -> object:
    return obj.get(name, "") if isinstance(obj, dict) else getattr(obj, name, "")


def _rendered(obj: object) -> str:
    from peerlearn.core.markdown import render_markdown

    return str(render_markdown(str(_field(obj, "body"))))


class QuestionOut(Schema):
    id: uuid.UUID
    title: str
    body: str
    body_html: str = ""
    status: str
    asker: PersonRef | None
    skills: list[SkillRef]
    score: int
    answer_count: int
    accepted_answer_id: uuid.UUID | None
    page_id: uuid.UUID | None = Field(None, description="The hub page made from this thread.")
    escalated_at: datetime | None
    created_at: datetime
    url: str = ""

    @staticmethod
    def resolve_url(obj: object) -> str:
        return f"/questions/{_field(obj, 'id')}/"

    @staticmethod
    def resolve_body_html(obj: object) -> str:
        return _rendered(obj)


class AnswerOut(Schema):
    id: uuid.UUID
    question_id: uuid.UUID
    author: PersonRef | None
    body: str
    body_html: str = ""
    score: int
    accepted: bool = False
    created_at: datetime

    @staticmethod
    def resolve_body_html(obj: object) -> str:
        return _rendered(obj)


class QuestionDetailOut(QuestionOut):
    answers: list[AnswerOut]


class ExpertOut(Schema):
    person: PersonRef
    score: float
    reasons: list[str]


class QuestionIn(Schema):
    title: str = Field(..., max_length=500)
    body: str = Field("", max_length=40_000)
    skill_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)


class AnswerIn(Schema):
    body: str = Field(..., max_length=40_000)


class VoteIn(Schema):
    value: Literal[1, -1]


class VoteOut(Schema):
    score: int


class InviteIn(Schema):
    person_id: uuid.UUID


class ConvertIn(Schema):
    space_id: uuid.UUID


class QuestionFilters(Schema):
    status: Literal["unanswered", "open", "answered", "mine", "for_me"] | None = None
    skill: uuid.UUID | None = None
