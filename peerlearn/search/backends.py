"""Full-text search engines behind one interface, chosen by the database vendor.

`SearchBackend` is what selectors and services use; they never write engine-specific SQL:

- `sync(entry)` / `forget(ids)`: keep the engine's own index in step with SearchEntry rows
  (called by the index services in the same transaction as the content change);
- `match(entries, text)`: narrow an already permission-filtered queryset of entries to those
  matching the words, annotated with `rank` (higher is better) and ordered best first;
- `highlights(ids, text)`: title and snippet for the shown hits, with matches between
  MARK_START and MARK_END sentinels (escaped and turned into <mark> by `marked_html`);
- `close_matches(entries, text)`: typo tolerance where the engine allows it.

PostgreSQL uses a generated tsvector (GIN) and pg_trgm; SQLite uses FTS5 with bm25. Semantic
search can be added as a third implementation of `match` (an embedding column with pgvector,
ordered by cosine distance, or fused with a full-text backend by reciprocal rank) without
changing callers: the permission filter is applied before `match` sees the queryset.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from peerlearn.search.models import SearchEntry

MARK_START = "\ue000"
MARK_END = "\ue001"
MAX_QUERY_WORDS = 8
DEFAULT_WINDOW = 100  # how many of the best matches are ranked exactly
_WORD = re.compile(r"\w+", re.UNICODE)


def clean_indexed_text(text: str) -> str:
    """Text as stored in the index: without the sentinels used to mark matches."""
    return text.replace(MARK_START, "").replace(MARK_END, "")


def query_words(text: str) -> list[str]:
    """The words of a query, lower-cased, at most MAX_QUERY_WORDS."""
    return [w.lower() for w in _WORD.findall(text)][:MAX_QUERY_WORDS]


def marked_html(text: str) -> SafeString:
    """Escape first, then turn the engine's sentinels into <mark>: nothing indexed can inject."""
    escaped = str(escape(text))
    escaped = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped above; only our own <mark> tags added


def remark(original: str, marked: str) -> str:
    """The original text with the words the engine marked in `marked` marked again.

    Engines' highlighters may alter text (PostgreSQL's drops trailing punctuation and reads
    angle brackets as tags), so titles are rebuilt from their stored form: exact, and still
    escaped later by `marked_html` like everything else.
    """
    words = {w for w in re.findall(f"{MARK_START}(.*?){MARK_END}", marked) if w.strip()}
    if not words:
        return original
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )
    return pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", original)


@dataclass(frozen=True)
class Highlight:
    title: str
    snippet: str


class SearchBackend(Protocol):
    name: str
    typo_tolerant: bool

    def sync(self, entry: SearchEntry) -> None: ...

    def forget(self, entry_ids: Sequence[int]) -> None: ...

    def match(
        self,
        entries: QuerySet[SearchEntry],
        text: str,
        *,
        any_word: bool = False,
        window: int = DEFAULT_WINDOW,
    ) -> QuerySet[SearchEntry]: ...

    def count(self, entries: QuerySet[SearchEntry], text: str, *, cap: int) -> int: ...

    def rank(
        self, entries: QuerySet[SearchEntry], text: str, *, window: int = DEFAULT_WINDOW
    ) -> Ranked: ...

    def highlights(self, entry_ids: Sequence[int], text: str) -> dict[int, Highlight]: ...

    def close_matches(self, entries: QuerySet[SearchEntry], text: str) -> ClosedMatch: ...


@dataclass(frozen=True)
class Ranked:
    """Matches best first. `total` when the engine already knows how many there are, or at
    least (`capped`) how many; None when the caller must count."""

    entries: QuerySet[SearchEntry]
    total: int | None
    capped: bool = False
    # Set when the engine ordered the matches itself: entry ids best first, with their rank.
    order: list[int] | None = None
    ranks: dict[int, float] | None = None


@dataclass(frozen=True)
class ClosedMatch:
    """What a typo-tolerant retry found: the corrected query (if any) and the hits."""

    suggestion: str
    entries: QuerySet[SearchEntry] | None


class PostgresSearch:
    """tsvector + GIN for matching and ranking; pg_trgm on titles for close matches."""

    name = "PostgreSQL full-text (tsvector, GIN, pg_trgm)"
    typo_tolerant = True
    headline_options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    config = "english"
    _tsquery = "websearch_to_tsquery('english', %s)"

    def sync(self, entry: SearchEntry) -> None:
        """The tsvector is a generated column: PostgreSQL updates it with the row."""

    def forget(self, entry_ids: Sequence[int]) -> None:
        """Deleting the row removes it from the GIN index."""

    def _query_text(self, text: str, *, any_word: bool = False) -> str:
        # websearch syntax: plain words are all required; "or" between them makes any do.
        return (" or " if any_word else " ").join(query_words(text))

    def _matching(
        self, entries: QuerySet[SearchEntry], words: str, *, column: str = "document"
    ) -> QuerySet[SearchEntry]:
        table = SearchEntry._meta.db_table
        where = f'"{table}"."{column}" @@ {self._tsquery}'
        return entries.extra(where=[where], params=[words])  # noqa: S610 - our names; words bound

    def match(
        self,
        entries: QuerySet[SearchEntry],
        text: str,
        *,
        any_word: bool = False,
        window: int = DEFAULT_WINDOW,
    ) -> QuerySet[SearchEntry]:
        return self._rank(entries, text, any_word=any_word, window=window).entries

    def rank(
        self, entries: QuerySet[SearchEntry], text: str, *, window: int = DEFAULT_WINDOW
    ) -> Ranked:
        return self._rank(entries, text, any_word=False, window=window)

    def _rank(
        self, entries: QuerySet[SearchEntry], text: str, *, any_word: bool, window: int
    ) -> Ranked:
        """Rank a bounded set of candidates exactly, never every match.

        Candidates are (1) the best title matches (GIN on the small title vector) and (2) the
        best matches anywhere by quality and recency: for a rare word PostgreSQL collects the
        few matches from the GIN index; for a common one it walks the (boost, updated_at)
        index and stops after `window` matches. Ranking all matches of a common word would
        read tens of thousands of documents. When step 2 finds fewer than `window` matches,
        it has seen them all, and that is the total; otherwise there are more than `window`.
        """
        words = self._query_text(text, any_word=any_word)
        table = SearchEntry._meta.db_table
        title_rank = f'ts_rank("{table}"."title_vector", {self._tsquery})'
        by_title = RawSQL(title_rank, [words], output_field=FloatField())  # noqa: S611 - our names; words bound
        in_titles = list(
            self._matching(entries, words, column="title_vector")
            .annotate(title_rank=by_title)
            .order_by(F("title_rank").desc(), "-boost", "-updated_at", "id")
            .values_list("id", flat=True)[:window]
        )
        anywhere = list(
            self._matching(entries, words)
            .order_by("-boost", "-updated_at", "id")
            .values_list("id", flat=True)[:window]
        )
        # Lists, not subqueries: the raw SQL names the table, which inside a subquery would
        # refer to the outer query and make it correlated (a scan per row).
        rank = RawSQL(  # noqa: S611 - our names; words bound
            f'(ts_rank("{table}"."document", {self._tsquery}, 1) + 2 * {title_rank}) '
            f'* (1 + "{table}"."boost")',
            [words, words],
            output_field=FloatField(),
        )
        # The highlights come with the page of results: PostgreSQL computes these costly
        # expressions only for the rows the LIMIT keeps, and it saves a round trip.
        marked_title = RawSQL(  # noqa: S611 - our names; words bound
            f"ts_headline('english', translate(\"{table}\".\"title\", '<>', '‹›'), "
            f"{self._tsquery}, %s)",
            [words, f"{self.headline_options}, HighlightAll=true"],
        )
        marked_snippet = RawSQL(  # noqa: S611 - our names; words bound
            f"ts_headline('english', translate(left(\"{table}\".\"body\", 20000), '<>', '‹›'), "
            f"{self._tsquery}, %s)",
            [words, self.headline_options],
        )
        ranked: QuerySet[SearchEntry] = (
            SearchEntry.objects.filter(id__in=list(dict.fromkeys(in_titles + anywhere)))
            .annotate(rank=rank, marked_title=marked_title, marked_snippet=marked_snippet)
            .order_by(F("rank").desc(), "-updated_at", "id")
        )
        # Past the window the exact number is not worth a count over every match of a common
        # word: "more than N" is what the page says.
        return Ranked(entries=ranked, total=len(anywhere), capped=len(anywhere) >= window)

    def count(self, entries: QuerySet[SearchEntry], text: str, *, cap: int) -> int:
        return self._matching(entries, self._query_text(text))[:cap].count()

    def highlights(self, entry_ids: Sequence[int], text: str) -> dict[int, Highlight]:
        if not entry_ids:
            return {}
        words = self._query_text(text)
        options = self.headline_options
        sql = f"""
            SELECT id,
                   ts_headline('english', translate(title, '<>', '‹›'), q, %s),
                   ts_headline('english', translate(left(body, 20000), '<>', '‹›'), q, %s)
            FROM {SearchEntry._meta.db_table}, {self._tsquery} AS q
            WHERE id = ANY(%s)
        """  # noqa: S608 - table name from our model, values bound
        with connection.cursor() as cursor:
            cursor.execute(sql, [f"{options}, HighlightAll=true", options, words, list(entry_ids)])
            return {row[0]: Highlight(title=row[1], snippet=row[2]) for row in cursor.fetchall()}

    def close_matches(self, entries: QuerySet[SearchEntry], text: str) -> ClosedMatch:
        words = self._query_text(text)
        if not words:
            return ClosedMatch(suggestion="", entries=None)
        table = SearchEntry._meta.db_table
        # word_similarity with the <% operator uses the trigram index on titles.
        similarity = RawSQL(  # noqa: S611 - our column names; words bound as params
            f'word_similarity(%s, "{table}"."title")', [words], output_field=FloatField()
        )
        close = (
            entries.extra(where=[f'%s <%% "{table}"."title"'], params=[words])  # noqa: S610 - our table names; words bound as params
            .annotate(rank=similarity)
            .order_by(F("rank").desc(), "id")
        )
        return ClosedMatch(suggestion="", entries=close)


class SqliteSearch:
    """FTS5 with bm25 ranking; a did-you-mean from the FTS5 vocabulary for typos."""

    name = "SQLite FTS5 (bm25)"
    typo_tolerant = True
    title_weight = 8.0
    body_weight = 1.0

    def sync(self, entry: SearchEntry) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry.id])
            cursor.execute(
                "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [entry.id, entry.title, entry.body],
            )

    def forget(self, entry_ids: Sequence[int]) -> None:
        if not entry_ids:
            return
        marks = ", ".join(["%s"] * len(entry_ids))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", list(entry_ids))  # noqa: S608

    @staticmethod
    def fts_query(text: str, *, any_word: bool = False) -> str:
        """Each word quoted (so no input is FTS5 syntax), all required unless `any_word`; the
        last may be a prefix so "deploy kube" finds "kubernetes"."""
        words = query_words(text)
        if not words:
            return ""
        quoted = [f'"{w}"' for w in words]
        if len(words[-1]) >= 3 and not any_word:
            quoted[-1] += "*"
        return (" OR " if any_word else " ").join(quoted)

    def match(
        self,
        entries: QuerySet[SearchEntry],
        text: str,
        *,
        any_word: bool = False,
        window: int = DEFAULT_WINDOW,
    ) -> QuerySet[SearchEntry]:
        """bm25 is cheap enough to rank every match (FTS5 keeps what it needs in its index),
        so `window` is not needed here."""
        query = self.fts_query(text, any_word=any_word)
        if not query:
            return entries.none()
        table = SearchEntry._meta.db_table
        # bm25 is negative (lower is better): negate it so `rank` reads higher-is-better.
        return entries.extra(  # noqa: S610 - our table names; words bound as params
            tables=["search_fts"],
            where=[f'search_fts.rowid = "{table}"."id"', "search_fts MATCH %s"],
            params=[query],
            select={
                "rank": f"-bm25(search_fts, {self.title_weight}, {self.body_weight}) "
                f'* (1 + "{table}"."boost")'
            },
        ).order_by("-rank", "-updated_at", "id")

    candidates = 300

    def rank(
        self, entries: QuerySet[SearchEntry], text: str, *, window: int = DEFAULT_WINDOW
    ) -> Ranked:
        """FTS5 picks its best `candidates` (300) by weighted bm25 inside the index (`ORDER BY rank`
        with a LIMIT is its fast path); only those are checked against the viewer's scope and
        filters and ordered with the quality boost. Joining every match of a common word to
        the entry table would cost far more. When the scope leaves too few of them for the
        page asked for, the full join answers instead."""
        query = self.fts_query(text)
        if not query:
            return Ranked(entries=entries.none(), total=0)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, -rank FROM search_fts WHERE search_fts MATCH %s "
                "ORDER BY rank LIMIT %s",
                [query, self.candidates],
            )
            scores = {row[0]: float(row[1]) for row in cursor.fetchall()}
        visible = list(entries.filter(id__in=list(scores)).values_list("id", "boost", "updated_at"))
        complete = len(scores) < self.candidates
        if not complete and len(visible) < window:
            return Ranked(entries=self.match(entries, text), total=None)
        combined = {row[0]: scores[row[0]] * (1 + row[1]) for row in visible}
        visible.sort(key=lambda row: (-combined[row[0]], -row[2].timestamp(), row[0]))
        ordered = [row[0] for row in visible[:window]]
        return Ranked(
            entries=SearchEntry.objects.filter(id__in=ordered),
            total=len(visible),
            capped=not complete,
            order=ordered,
            ranks={entry_id: combined[entry_id] for entry_id in ordered},
        )

    def count(self, entries: QuerySet[SearchEntry], text: str, *, cap: int) -> int:
        query = self.fts_query(text)
        if not query:
            return 0
        table = SearchEntry._meta.db_table
        matching = entries.extra(  # noqa: S610 - our names; the query is bound
            tables=["search_fts"],
            where=[f'search_fts.rowid = "{table}"."id"', "search_fts MATCH %s"],
            params=[query],
        )
        return matching[:cap].count()

    def highlights(self, entry_ids: Sequence[int], text: str) -> dict[int, Highlight]:
        query = self.fts_query(text)
        if not entry_ids or not query:
            return {}
        marks = ", ".join(["%s"] * len(entry_ids))
        sql = f"""
            SELECT rowid,
                   highlight(search_fts, 0, %s, %s),
                   snippet(search_fts, 1, %s, %s, ' … ', 30)
            FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({marks})
        """  # noqa: S608 - placeholders only
        params: list[str | int] = [MARK_START, MARK_END, MARK_START, MARK_END, query, *entry_ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0]: Highlight(title=row[1], snippet=row[2]) for row in cursor.fetchall()}

    def _known_terms(self, word: str) -> list[str]:
        """Indexed terms near a word: the same first two letters (typos there are rare) and a
        similar length, the most common first; a short list keeps difflib fast."""
        start = word[:2]
        end = start[:-1] + chr(ord(start[-1]) + 1)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM search_fts_vocab WHERE term >= %s AND term < %s "
                "AND length(term) BETWEEN %s AND %s ORDER BY doc DESC LIMIT 500",
                [start, end, len(word) - 2, len(word) + 2],
            )
            return [row[0] for row in cursor.fetchall()]

    def _term_exists(self, word: str) -> bool:
        """Whether the word (after stemming, as FTS5 sees it) occurs anywhere in the index."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT 1", [f'"{word}"']
            )
            return cursor.fetchone() is not None

    def close_matches(self, entries: QuerySet[SearchEntry], text: str) -> ClosedMatch:
        words = query_words(text)
        corrected: list[str] = []
        changed = False
        for word in words:
            if len(word) < 4 or self._term_exists(word):
                corrected.append(word)
                continue
            best = difflib.get_close_matches(word, self._known_terms(word), n=1, cutoff=0.75)
            if best:
                corrected.append(best[0])
                changed = True
            else:
                corrected.append(word)
        if not changed:
            return ClosedMatch(suggestion="", entries=None)
        suggestion = " ".join(corrected)
        return ClosedMatch(suggestion=suggestion, entries=self.match(entries, suggestion))


def search_backend() -> SearchBackend:
    """The engine for the database in use (PostgreSQL in production, SQLite by default)."""
    if connection.vendor == "postgresql":
        return PostgresSearch()
    if connection.vendor == "sqlite":
        return SqliteSearch()
    raise ImproperlyConfigured(
        f"Search supports PostgreSQL and SQLite, not {connection.vendor}; set DATABASE_URL."
    )


def ids_of(entries: Iterable[SearchEntry]) -> list[int]:
    return [entry.id for entry in entries]
