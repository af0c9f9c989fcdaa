"""Who may do what in ask-a-peer. Questions are open to every colleague by design (asking in
the open is what lets the next person find the answer); changes are limited as below."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from peerlearn.core.permissions import Actor, can_use_directory
from peerlearn.qa.models import Answer, Question


def can_use_qa(actor: Actor) -> bool:
    return can_use_directory(actor)


def can_ask(actor: Actor) -> bool:
    return actor.is_employee


def can_answer(actor: Actor, question: Question) -> bool:
    return actor.is_employee


def is_asker(actor: Actor, question: Question) -> bool:
    return actor.person_id is not None and actor.person_id == question.asker_id


def can_invite(actor: Actor, question: Question) -> bool:
    """The asker widens the circle; so may programme admins, who route questions."""
    return actor.is_employee and (is_asker(actor, question) or actor.is_programme_admin)


def can_accept(actor: Actor, question: Question) -> bool:
    return actor.is_employee and is_asker(actor, question)


def can_vote_on_question(actor: Actor, question: Question) -> bool:
    return actor.is_employee and not is_asker(actor, question)


def can_vote_on_answer(actor: Actor, answer: Answer) -> bool:
    return actor.is_employee and actor.person_id != answer.author_id


def can_convert(
    actor: Actor, question: Question, answer_author_ids: Collection[uuid.UUID | None]
) -> bool:
    """The asker or anyone who answered turns a thread with answers into a hub page."""
    if not actor.is_employee or question.answer_count == 0 or question.page_id is not None:
        return False
    return is_asker(actor, question) or actor.person_id in answer_author_ids
