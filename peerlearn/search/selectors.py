"""One search over hub pages, questions (with their answers) and people by skill.

The permission filter is applied to index entries *before* the engine ranks them, using the
same rules as the detail pages (`knowledge.selectors.visible_space_ids` and the viewer's own
drafts), so a result is never something the viewer cannot open and counts never leak.
People are found live from the skill graph (`people.selectors.teachers_of`), not copied into
the index, so a person who leaves disappears from search at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from peerlearn.core.permissions import Actor, can_use_directory
from peerlearn.knowledge.models import Page
from peerlearn.knowledge.selectors import own_unpublished_page_ids, visible_space_ids
from peerlearn.people.models import Person, PersonSkill, Skill
from peerlearn.people.selectors import people_search, teachers_of
from peerlearn.qa.models import Question
from peerlearn.search.backends import (
    DEFAULT_WINDOW,
    Highlight,
    marked_html,
    query_words,
    remark,
    search_backend,
)
from peerlearn.search.models import SearchEntry, SearchKind

RESULT_TYPES = {"page": "Hub pages", "question": "Questions", "person": "People"}
FRESHNESS = {"fresh": "Up to date", "needs_review": "Needs review"}
COUNT_CAP = 1000
PEOPLE_PANEL_SIZE = 5
# English function words, which say nothing about a topic. SQLite's FTS5 has no stop-word list
# (PostgreSQL's english configuration does), so the "any word" match needs its own.
FUNCTION_WORDS = frozenset(
    {
        "about", "after", "again", "all", "also", "and", "any", "are", "because", "been",
        "before", "being", "but", "can", "cannot", "could", "did", "does", "doing", "done", "for",
        "from", "get", "gets", "got", "had", "has", "have", "having", "her", "here", "hers",
        "him", "his", "how", "into", "its", "just", "may", "might", "more", "most", "much",
        "must", "not", "now", "off", "once", "only", "other", "our", "ours", "out", "over", "own",
        "same", "she", "should", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "then", "there", "these", "they", "this", "those", "through", "too", "under", "until",
        "use", "used", "using", "very", "was", "way", "ways", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
        "a", "am", "an", "as", "at", "be", "by", "do", "he", "i", "if", "in", "is", "it", "me",
        "my", "no", "of", "on", "or", "so", "to", "up", "us", "we"
    }
)  # fmt: skip


@dataclass(frozen=True)
class SearchFilters:
    text: str
    type: str = ""
    space_id: uuid.UUID | None = None
    skill_id: uuid.UUID | None = None
    owner_id: uuid.UUID | None = None
    freshness: str = ""

    @property
    def has_words(self) -> bool:
        return bool(query_words(self.text))


@dataclass
class SearchHit:
    kind: str
    url: str
    title: SafeString
    snippet: SafeString
    rank: float
    page: Page | None = None
    question: Question | None = None


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    total_is_capped: bool
    page_number: int
    page_size: int
    suggestion: str = ""
    people: list[PersonSkill] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    colleagues: list[Person] = field(default_factory=list)
    backend: str = ""

    @property
    def has_next(self) -> bool:
        seen = self.page_number * self.page_size
        return seen < COUNT_CAP and (self.total_is_capped or seen < self.total)

    @property
    def has_previous(self) -> bool:
        return self.page_number > 1


def entries_visible_to(*, actor: Actor, now: datetime | None = None) -> QuerySet[SearchEntry]:
    """Index entries the actor may open: questions, published pages in visible spaces, and
    their own drafts and reviews. Mirrors the detail pages' permission rules."""
    if not can_use_directory(actor):
        return SearchEntry.objects.none()
    spaces = visible_space_ids(actor=actor)
    own_drafts = own_unpublished_page_ids(actor=actor)
    visible_pages = Q(kind=SearchKind.PAGE, is_published=True, space_id__in=spaces)
    if own_drafts:
        visible_pages |= Q(kind=SearchKind.PAGE, object_id__in=own_drafts, space_id__in=spaces)
    return SearchEntry.objects.filter(Q(kind=SearchKind.QUESTION) | visible_pages)


def _filtered(
    entries: QuerySet[SearchEntry], filters: SearchFilters, now: datetime
) -> QuerySet[SearchEntry]:
    if filters.type in {SearchKind.PAGE, SearchKind.QUESTION}:
        entries = entries.filter(kind=filters.type)
    if filters.space_id is not None:
        entries = entries.filter(kind=SearchKind.PAGE, space_id=filters.space_id)
    if filters.skill_id is not None:
        entries = entries.filter(skills__id=filters.skill_id)
    if filters.owner_id is not None:
        entries = entries.filter(owners__id=filters.owner_id)
    if filters.freshness == "needs_review":
        entries = entries.filter(kind=SearchKind.PAGE, review_due_at__lte=now)
    elif filters.freshness == "fresh":
        entries = entries.filter(kind=SearchKind.PAGE).filter(
            Q(review_due_at__gt=now) | Q(review_due_at__isnull=True)
        )
    return entries


def skills_in_query(*, text: str) -> list[Skill]:
    """Skills named in the query by name or alias (the whole query, or single words)."""
    words = query_words(text)
    if not words:
        return []
    named = Q()
    for phrase in {" ".join(words), *words}:
        named |= Q(name__iexact=phrase) | Q(aliases__name__iexact=phrase)
    return list(Skill.objects.filter(named).distinct().order_by("name")[:5])


def colleagues_named(*, text: str, limit: int) -> list[Person]:
    """People whose name holds a word starting with each word typed, or whose e-mail address is
    the text typed: "sofia", "marq" and "sofia.marques@kestrel.example" all find Sofia Marques.

    Words must start a name's word, so "ai" does not find Kai or Aisha, and a query naming only
    a team or job title ("data") does not fill the panel. The directory's indexed search text
    narrows first.
    """
    typed = text.strip()
    if "@" in typed:
        return list(people_search().filter(user__email__iexact=typed)[:limit])
    words = query_words(typed)[:6]
    if not words:
        return []
    named = Q()
    for word in words:
        starts_a_word = Q(full_name__istartswith=word)
        for separator in (" ", "-"):
            starts_a_word |= Q(full_name__icontains=f"{separator}{word}")
        named &= starts_a_word
    return list(people_search(query=" ".join(words)).filter(named)[:limit])


def people_for_skills(*, skills: Sequence[Skill], limit: int) -> list[PersonSkill]:
    """Who can teach the skills named in the query, strongest first, each person once."""
    seen: set[uuid.UUID] = set()
    found: list[PersonSkill] = []
    for skill in skills:
        for edge in teachers_of(skill=skill).select_related("skill")[: limit * 2]:
            if edge.person_id not in seen:
                seen.add(edge.person_id)
                found.append(edge)
    return found[:limit]


def people_search_by_skill(*, skill_ids: Sequence[uuid.UUID]) -> QuerySet[PersonSkill]:
    """The people tab: everyone who can teach one of the skills (a paginated list)."""
    return (
        PersonSkill.objects.filter(
            skill_id__in=list(skill_ids), can_teach=True, person__is_active=True
        )
        .select_related("person", "person__team", "skill")
        .order_by("-level", "person__full_name", "id")
    )


def _hydrate(entries: list[SearchEntry], highlights: dict[int, Highlight]) -> list[SearchHit]:
    page_ids = [e.object_id for e in entries if e.kind == SearchKind.PAGE]
    question_ids = [e.object_id for e in entries if e.kind == SearchKind.QUESTION]
    # Only what a result line shows: no bodies, no owners.
    pages = Page.objects.select_related("space").defer("body", "space__description")
    questions = Question.objects.defer("body")
    pages_by_id = pages.in_bulk(page_ids) if page_ids else {}
    questions_by_id = questions.in_bulk(question_ids) if question_ids else {}
    hits: list[SearchHit] = []
    for entry in entries:
        light = highlights.get(entry.id, Highlight(title=entry.title, snippet=entry.body[:240]))
        light = Highlight(title=remark(entry.title, light.title), snippet=light.snippet)
        rank = float(getattr(entry, "rank", 0.0) or 0.0)
        if entry.kind == SearchKind.PAGE and entry.object_id in pages_by_id:
            page = pages_by_id[entry.object_id]
            hits.append(
                SearchHit(
                    kind="page",
                    url=f"/hub/pages/{page.id}/",
                    title=marked_html(light.title),
                    snippet=marked_html(light.snippet),
                    rank=rank,
                    page=page,
                )
            )
        elif entry.kind == SearchKind.QUESTION and entry.object_id in questions_by_id:
            question = questions_by_id[entry.object_id]
            hits.append(
                SearchHit(
                    kind="question",
                    url=f"/questions/{question.id}/",
                    title=marked_html(light.title),
                    snippet=marked_html(light.snippet),
                    rank=rank,
                    question=question,
                )
            )
    return hits


def search(
    *,
    actor: Actor,
    filters: SearchFilters,
    page_number: int = 1,
    page_size: int = 20,
    now: datetime | None = None,
) -> SearchResults:
    """Ranked, highlighted, permission-filtered results for one query and set of filters."""
    now = now or timezone.now()
    backend = search_backend()
    page_number = max(1, min(page_number, COUNT_CAP // page_size + 1))
    results = SearchResults(
        hits=[],
        total=0,
        total_is_capped=False,
        page_number=page_number,
        page_size=page_size,
        backend=backend.name,
    )
    if not filters.has_words or not can_use_directory(actor):
        return results
    if filters.type in {"", "person"}:
        results.skills = skills_in_query(text=filters.text)
        results.people = people_for_skills(skills=results.skills, limit=PEOPLE_PANEL_SIZE)
        results.colleagues = colleagues_named(text=filters.text, limit=PEOPLE_PANEL_SIZE)
    if filters.type == "person":
        return results
    scoped = _filtered(entries_visible_to(actor=actor, now=now), filters, now)
    text = filters.text
    offset = (page_number - 1) * page_size
    ranked = backend.rank(scoped, text, window=max(DEFAULT_WINDOW, offset + page_size))
    if ranked.order is not None:  # ordered by the engine: fetch just this page's rows
        page_ids = ranked.order[offset : offset + page_size]
        rows = SearchEntry.objects.in_bulk(page_ids)
        shown = [rows[entry_id] for entry_id in page_ids if entry_id in rows]
        for entry in shown:
            entry.rank = (ranked.ranks or {}).get(entry.id, 0.0)  # type: ignore[attr-defined]
    else:
        shown = list(ranked.entries[offset : offset + page_size])
    capped = ranked.capped
    if ranked.total is not None:
        total = ranked.total
    elif shown or page_number > 1:
        total = backend.count(scoped, text, cap=COUNT_CAP + 1)
    else:
        total = 0
    if not shown and page_number == 1:
        closer = backend.close_matches(scoped, filters.text)
        if closer.entries is not None:
            shown = list(closer.entries[:page_size])
            total = len(shown)
            results.suggestion = closer.suggestion
            text = closer.suggestion or filters.text
    # PostgreSQL's ranking query brings the highlights with it; otherwise ask for them.
    highlights = {
        e.id: Highlight(title=e.marked_title, snippet=e.marked_snippet)  # type: ignore[attr-defined]
        for e in shown
        if getattr(e, "marked_title", None) is not None
    }
    missing = [e.id for e in shown if e.id not in highlights]
    highlights.update(backend.highlights(missing, text))
    results.hits = _hydrate(shown, highlights)
    results.total = min(total, COUNT_CAP)
    results.total_is_capped = capped or total > COUNT_CAP
    return results


def related_entries(
    *,
    actor: Actor,
    text: str,
    kind: SearchKind,
    exclude_id: uuid.UUID | None = None,
    limit: int = 5,
) -> list[SearchEntry]:
    """Entries sharing any of the meaningful words (for "related pages" and the expert finder).

    Words such as "how", "do" or "the" are dropped first: matched on any word, they would
    relate a question to every page that uses them, and suggest those pages' owners.
    """
    words = [word for word in query_words(text) if word not in FUNCTION_WORDS]
    if not words:
        return []
    text = " ".join(words)
    scoped = entries_visible_to(actor=actor).filter(kind=kind)
    if kind == SearchKind.PAGE:
        scoped = scoped.filter(is_published=True)
    if exclude_id is not None:
        scoped = scoped.exclude(object_id=exclude_id)
    return list(search_backend().match(scoped, text, any_word=True)[:limit])
