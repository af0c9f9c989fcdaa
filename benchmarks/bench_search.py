"""Search benchmark: latency of one search over 100,000 hub pages and 50,000 questions, on
SQLite (FTS5) and PostgreSQL (tsvector + GIN + pg_trgm), and the cost of keeping the index
current on every write.

Each engine runs in its own process against its own throwaway database (a temporary SQLite
file; a PostgreSQL database `peerlearn_bench_search`, created and dropped here), so Django's
settings stay per-process. The corpus is generated with bulk inserts from a Zipf-distributed
vocabulary of workplace words (a long tail of rarer terms, as in real wikis), with spaces
public and private, drafts, stale pages, owners and skills, so the permission filter and
ranking do their real work. Latency is the whole `search.selectors.search` call a page view
makes: permission scope, match and rank, capped count, highlighted snippets, hydration.

    python -m benchmarks --only search            # 100k pages + 50k questions per engine
    python -m benchmarks --only search --quick    # small sizes, a smoke run
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from benchmarks.report import Table, percentiles_ms

BENCH_DB = "peerlearn_bench_search"
POSTGRES_ADMIN_URL = os.environ.get(
    "PEERLEARN_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
TARGET_P95_MS = 50.0


def _words(text: str) -> list[str]:
    """A word list written as prose, which reads better than a list literal."""
    return text.split()


COMMON = _words(
    "the a to of and in for is on with how we you it this that be are as at by from or your "
    "our can not will when what use if do new all should need any more one about which"
)
DOMAIN = _words(
    "deploy deployment release rollback staging production pipeline build test tests testing "
    "review code merge branch commit repository service services api endpoint database "
    "migration schema query index cache queue worker job retry timeout latency monitoring "
    "alert alerts incident postmortem oncall runbook dashboard metrics logging logs trace "
    "security access permission token secret vault password login account onboarding "
    "offboarding laptop setup install configure configuration network vpn wifi printer "
    "expense expenses travel booking invoice payroll holiday leave policy benefits pension "
    "hiring interview candidate offer contract manager team meeting standup retrospective "
    "planning sprint roadmap goal goals okr feedback performance promotion career level "
    "mentoring mentor learning training course workshop lunch presentation slides demo "
    "customer customers support ticket escalation sla refund order orders shipping warehouse "
    "inventory supplier pricing discount quote proposal sales pipeline lead leads forecast "
    "marketing campaign newsletter brand website content seo analytics report reports "
    "spreadsheet excel python sql java kotlin typescript react django kubernetes docker "
    "terraform aws azure cloud cluster node pod container image registry helm chart "
    "backup restore disaster recovery failover replica replication shard storage bucket "
    "encryption certificate tls dns domain load balancer firewall proxy gateway authentication "
    "authorisation sso oidc scim ldap directory group role admin owner reviewer approval "
    "workflow process checklist template guide handbook best practice practices standard "
    "style naming convention documentation wiki page pages draft publish version history "
    "accessibility design prototype figma research user users interview survey persona "
    "journey mobile ios android app release notes changelog bug bugs issue issues fix patch "
    "hotfix performance profiling memory cpu disk scaling capacity cost budget finance audit "
    "compliance gdpr privacy retention legal risk vendor procurement purchase approval "
    "office desk parking kitchen coffee meeting room calendar booking event events party "
    "volunteer charity wellbeing health safety fire first aid evacuation emergency contact "
    "phone email slack channel chat announcement update weekly monthly quarterly annual"
)
SYLLABLES = _words("ka lo mi ne ru ta shi ven dor pla tri sto gra fen bel cor dun mar pex quo zin")


def _vocabulary(rng: np.random.Generator, size: int = 6_000) -> list[str]:
    """Common words, domain words, then a long tail of rarer (made-up) terms."""
    words = list(dict.fromkeys(COMMON + DOMAIN))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES, size=int(rng.integers(2, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class TextMaker:
    """Zipf-distributed word streams over the vocabulary, drawn in bulk with numpy."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.words = np.array(_vocabulary(rng))
        ranks = np.arange(1, len(self.words) + 1)
        weights = 1.0 / ranks**1.07
        self.p = weights / weights.sum()

    def words_for(self, total: int) -> np.ndarray[Any, Any]:
        return self.rng.choice(self.words, size=total, p=self.p)

    def texts(self, lengths: Sequence[int]) -> list[str]:
        flat = self.words_for(int(sum(lengths)))
        out, start = [], 0
        for length in lengths:
            out.append(" ".join(flat[start : start + length]))
            start += length
        return out

    def query_words(self, count: int) -> list[str]:
        """Words people search for: content words, weighted by how common they are."""
        content = [i for i, w in enumerate(self.words) if w not in COMMON][:2_000]
        p = self.p[content] / self.p[content].sum()
        return [str(self.words[i]) for i in self.rng.choice(content, size=count, p=p)]


# --- the child process: one engine, one database ----------------------------------------------


def _build_corpus(n_pages: int, n_questions: int, seed: int) -> dict[str, Any]:
    import uuid
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from peerlearn.accounts.models import User
    from peerlearn.knowledge.models import Page, PageStatus, Space, SpaceMembership, SpaceRole
    from peerlearn.people.models import Person, Skill
    from peerlearn.qa.models import Answer, Question
    from peerlearn.search.models import SearchEntry, SearchKind

    rng = np.random.default_rng(seed)
    maker = TextMaker(rng)
    now = timezone.now()
    batch = 5_000
    with transaction.atomic():
        users = [
            User(email=f"bench{i}@example.com", password="!")  # noqa: S106 - unusable password
            for i in range(2_000)
        ]
        User.objects.bulk_create(users, batch_size=batch)
        people = [Person(user=u, full_name=f"Person {i}") for i, u in enumerate(users)]
        Person.objects.bulk_create(people, batch_size=batch)
        skills = [Skill(name=f"Skill {i}", slug=f"skill-{i}") for i in range(300)]
        Skill.objects.bulk_create(skills)
        spaces = [
            Space(name=f"Space {i}", slug=f"space-{i}", is_private=i % 6 == 0) for i in range(60)
        ]
        Space.objects.bulk_create(spaces)
        viewer = people[0]
        SpaceMembership.objects.bulk_create(
            [
                SpaceMembership(space=s, person=viewer, role=SpaceRole.MEMBER)
                for s in spaces
                if s.is_private
            ][:3]
        )

        title_words = maker.texts(rng.integers(3, 9, n_pages).tolist())
        bodies = maker.texts(rng.integers(80, 320, n_pages).tolist())
        page_space = rng.integers(0, len(spaces), n_pages)
        status_roll = rng.random(n_pages)
        due_days = rng.integers(-60, 300, n_pages)
        pages = []
        for i in range(n_pages):
            status = PageStatus.PUBLISHED if status_roll[i] > 0.05 else PageStatus.DRAFT
            pages.append(
                Page(
                    id=uuid.uuid4(),
                    space=spaces[int(page_space[i])],
                    title=title_words[i].capitalize()[:200],
                    body=bodies[i],
                    status=status,
                    author=people[int(rng.integers(0, len(people)))],
                    published_at=now if status == PageStatus.PUBLISHED else None,
                    review_due_at=now + timedelta(days=int(due_days[i])),
                    version_number=1,
                )
            )
        Page.objects.bulk_create(pages, batch_size=batch)
        through = Page.owners.through
        through.objects.bulk_create(
            [
                through(page_id=p.id, person_id=people[int(rng.integers(0, len(people)))].id)
                for p in pages
            ],
            batch_size=batch,
        )
        entries = [
            SearchEntry(
                kind=SearchKind.PAGE,
                object_id=p.id,
                title=p.title,
                body=p.body,
                space_id=p.space_id,
                is_published=p.status == PageStatus.PUBLISHED,
                review_due_at=p.review_due_at,
                updated_at=now,
            )
            for p in pages
        ]
        q_titles = maker.texts(rng.integers(4, 12, n_questions).tolist())
        q_bodies = maker.texts(rng.integers(20, 120, n_questions).tolist())
        questions = [
            Question(
                id=uuid.uuid4(),
                asker=people[int(rng.integers(0, len(people)))],
                title=q_titles[i].capitalize()[:200] + "?",
                body=q_bodies[i],
            )
            for i in range(n_questions)
        ]
        Question.objects.bulk_create(questions, batch_size=batch)
        answer_counts = rng.integers(0, 4, n_questions)
        answer_texts = maker.texts(rng.integers(15, 80, int(answer_counts.sum())).tolist())
        answers, texts_by_question, k = [], [], 0
        for i, question in enumerate(questions):
            texts = []
            for _ in range(int(answer_counts[i])):
                answers.append(
                    Answer(question=question, author=people[int(rng.integers(0, 2_000))],
                           body=answer_texts[k])
                )  # fmt: skip
                texts.append(answer_texts[k])
                k += 1
            texts_by_question.append(texts)
        Answer.objects.bulk_create(answers, batch_size=batch)
        entries += [
            SearchEntry(
                kind=SearchKind.QUESTION,
                object_id=q.id,
                title=q.title,
                body=" ".join([q.body, *texts_by_question[i]]),
                updated_at=now,
            )
            for i, q in enumerate(questions)
        ]
        SearchEntry.objects.bulk_create(entries, batch_size=batch)
        skill_through = SearchEntry.skills.through
        entry_ids = list(SearchEntry.objects.values_list("id", flat=True))
        skill_through.objects.bulk_create(
            [
                skill_through(searchentry_id=entry_id, skill_id=skills[int(s)].id)
                for entry_id, s in zip(
                    entry_ids, rng.integers(0, len(skills), len(entry_ids)), strict=True
                )
            ],
            batch_size=batch,
        )
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO search_fts (rowid, title, body) "
                    "SELECT id, title, body FROM search_searchentry"
                )
                cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    with connection.cursor() as cursor:
        # As a maintained production database would be: statistics fresh, GIN pending lists
        # merged, visibility map set (so the first measured writes do not pay for the load).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"maker": maker, "viewer_id": viewer.id, "skill_ids": [s.id for s in skills]}


def _time_each(calls: Sequence[Callable[[], object]]) -> list[float]:
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def child(n_pages: int, n_queries: int, n_writes: int, seed: int = 7) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0, interactive=False)
    from peerlearn.core.permissions import Actor
    from peerlearn.knowledge.models import Page, PageStatus
    from peerlearn.knowledge.services import page_search_document, page_update
    from peerlearn.people.models import Person
    from peerlearn.search.backends import search_backend
    from peerlearn.search.selectors import SearchFilters, search
    from peerlearn.search.services import search_index_upsert

    n_questions = n_pages // 2
    started = time.perf_counter()
    corpus = _build_corpus(n_pages, n_questions, seed)
    load_seconds = time.perf_counter() - started
    maker: TextMaker = corpus["maker"]
    viewer = Person.objects.select_related("user").get(pk=corpus["viewer_id"])
    actor = Actor(user=viewer.user, person=viewer)

    def run_search(text: str, **filters: Any) -> Callable[[], object]:
        return lambda: search(actor=actor, filters=SearchFilters(text=text, **filters))

    words = maker.query_words(4 * n_queries + 40)
    two_word = [f"{words[2 * i]} {words[2 * i + 1]}" for i in range(n_queries)]
    one_word = words[2 * n_queries : 3 * n_queries]
    warm = words[-40:]
    _time_each([run_search(w) for w in warm])  # warm caches as a running server would be

    results: dict[str, Any] = {
        "load_average": os.getloadavg()[0],
        "engine": search_backend().name,
        "vendor": connection.vendor,
        "pages": Page.objects.count(),
        "questions": n_questions,
        "load_seconds": load_seconds,
    }
    hits = [search(actor=actor, filters=SearchFilters(text=q)).total for q in two_word]
    results["two_word_median_hits"] = float(np.median(hits))
    results["two_word"] = percentiles_ms(_time_each([run_search(q) for q in two_word]))
    results["one_word"] = percentiles_ms(_time_each([run_search(q) for q in one_word]))
    skill = corpus["skill_ids"][3]
    results["two_word_skill_filter"] = percentiles_ms(
        _time_each([run_search(q, skill_id=skill) for q in two_word[: n_queries // 2]])
    )
    typos = [
        w[:-2] + w[-1] + w[-2] for w in words[3 * n_queries : 3 * n_queries + 20] if len(w) > 5
    ]
    results["typo"] = percentiles_ms(_time_each([run_search(q) for q in typos]))

    pages = list(
        Page.objects.filter(status=PageStatus.PUBLISHED).select_related("space")[:n_writes]
    )
    documents = [page_search_document(p) for p in pages]

    def upsert(document: Any) -> Callable[[], object]:
        def write() -> object:
            with transaction.atomic():
                return search_index_upsert(document=document)

        return write

    results["index_upsert"] = percentiles_ms(_time_each([upsert(d) for d in documents]))
    editor = viewer
    edits = []
    for n, page in enumerate(pages[: max(5, n_writes // 4)]):

        def edit(page: Page = page, n: int = n) -> object:
            return page_update(
                page=page, editor=editor, title=page.title, kind=page.kind, summary="",
                body=page.body + f" edited {n}", steps=[], skills=[],
                review_interval_days=page.review_interval_days,
            )  # fmt: skip

        edits.append(edit)
    results["page_update"] = percentiles_ms(_time_each(edits))
    results["load_average_after"] = os.getloadavg()[0]
    return results


# --- the parent: one child per engine, tables for the report -----------------------------------


def _postgres(statement: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(statement)


def _run_child(env_url: str, sizes: tuple[int, int, int]) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": env_url, "PEERLEARN_LOG_LEVEL": "ERROR"}
    pages, queries, writes = sizes
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_search", "--child", str(pages), str(queries),
         str(writes)],
        env=env, capture_output=True, text=True, check=False, timeout=3_600,
    )  # fmt: skip
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-3000:])
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def run(*, quick: bool) -> list[Table]:
    sizes = (2_000, 40, 40) if quick else (100_000, 300, 200)
    outcomes: list[dict[str, Any]] = []
    notes = []
    with tempfile.TemporaryDirectory() as folder:
        outcomes.append(_run_child(f"sqlite:///{folder}/bench.sqlite3", sizes))
    try:
        _postgres(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        _postgres(f"CREATE DATABASE {BENCH_DB}")
    except Exception as error:  # no server: report it rather than fail the whole bench run
        notes.append(f"PostgreSQL not measured: {type(error).__name__}: {error}")
    else:
        try:
            base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
            outcomes.append(_run_child(f"{base}/{BENCH_DB}", sizes))
        finally:
            _postgres(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")

    latency = Table(
        title=f"Search latency ({sizes[0]:,} pages + {sizes[0] // 2:,} questions, "
        f"{sizes[1]} queries each, ms)",
        columns=["engine", "query", "p50", "p95", "meets p95 < 50 ms"],
    )
    writes = Table(
        title="Index update cost per write (ms)",
        columns=["engine", "write", "p50", "p95"],
    )
    corpus = Table(title="Search corpus", columns=["engine", "pages", "questions", "load s",
                                                   "median hits, 2 words"])  # fmt: skip
    for result in outcomes:
        engine = result["engine"]
        corpus.add(engine, result["pages"], result["questions"], result["load_seconds"],
                   result["two_word_median_hits"])  # fmt: skip
        for key, label in (
            ("two_word", "two words"),
            ("one_word", "one word"),
            ("two_word_skill_filter", "two words + skill filter"),
            ("typo", "one misspelt word (close matches)"),
        ):
            p50, p95 = result[key]
            latency.add(engine, label, p50, p95, "yes" if p95 < TARGET_P95_MS else "no")
        for key, label in (
            ("index_upsert", "search_index_upsert (entry, skills, owners, engine)"),
            ("page_update", "page_update (version, links, index, activity)"),
        ):
            writes.add(engine, label, *result[key])
    machine = ", ".join(
        f"{r['engine'].split(' ')[0]} {r['load_average']:.1f}→{r['load_average_after']:.1f}"
        for r in outcomes
    )
    latency.notes += [
        f"Load average of the machine while measuring (2 cores; other work shares it): {machine}.",
        "End to end: permission scope, people by skill, match and rank, count, highlighted "
        "snippets and hydration of 20 hits, as the search page runs it.",
        f"Target: p95 under {TARGET_P95_MS:.0f} ms for a two-word query on PostgreSQL.",
        *notes,
    ]
    return [corpus, latency, writes]


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        output = child(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        print(json.dumps(output, default=str))
    else:
        for table in run(quick="--quick" in sys.argv):
            print(table.render())
