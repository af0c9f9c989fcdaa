"""People benchmark: CSV import of a generated organisation, then directory and skill-page latency.

Run with `python -m benchmarks --only people` (`--quick`: 500 people and 50 skills). The
Foundation's acceptance line: for 10,000 people and 200 skills, the import time and the p50/p95
latency of the people-search API (GET /api/v1/people) and of the "who can teach X" page
(GET /skills/<slug>/).

Each database runs in its own subprocess (`python -m benchmarks.bench_people --database sqlite`),
because Django is configured once per process and other benchmarks in the same `make bench`
process may configure it too: this module never sets Django up in the calling process. The child
migrates a fresh database (SQLite: a file in a temporary folder; PostgreSQL: a database created
and dropped around the run), imports the generated files through the real import service, and
sends its table back as JSON.

The organisation is the demo company's plan (`peerlearn.people.demo.plan_organisation`: team
tree, manager tree, job families, levels, languages, time zones) scaled to the size asked for,
with a fixed seed and day, so the files are the same byte for byte on every run (their digests
are printed). Only the skills column is redrawn here: exactly five skills a person over the whole
taxonomy, three from the person's craft as the demo plans it and two from a Zipf-like popularity
over all skills, so a few skills are held by thousands and most by a few dozen.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.report import Table, percentiles_ms

SEED = 2024
TODAY = date(2026, 1, 5)  # the plan dates hires and leavers from "today"; fixed for same bytes
FULL = {"people": 10_000, "skills": 200, "api_per_kind": 40, "page_skills": 10, "page_repeats": 5}
QUICK = {"people": 500, "skills": 50, "api_per_kind": 10, "page_skills": 5, "page_repeats": 2}
SKILLS_PER_PERSON = 5
CRAFT_SKILLS_PER_PERSON = 3
ZIPF_EXPONENT = 1.1
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
# One database per run (the process id), so two `make bench` runs at once cannot drop each other's.
POSTGRES_DATABASE = f"peerlearn_bench_people_{os.getpid()}"
REPO_ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("step", "n", "total s", "cpu s", "rows/s", "p50 ms", "p95 ms", "queries", "result")


# --- the parent: one subprocess per database ---------------------------------------------------


def run(*, quick: bool) -> list[Table]:
    sizes = QUICK if quick else FULL
    tables = [run_in_subprocess("sqlite", sizes)]
    if postgres_reachable():
        try:
            tables.append(run_in_subprocess("postgresql", sizes))
        except subprocess.CalledProcessError as failed:
            # The SQLite table is still worth printing; the child's traceback is on stderr.
            tables[-1].notes.append(f"PostgreSQL run failed (exit {failed.returncode}).")
    else:
        tables[-1].notes.append(f"PostgreSQL not reachable at {POSTGRES_SERVER}: not measured.")
    return tables


def postgres_reachable() -> bool:
    host_port = POSTGRES_SERVER.rsplit("@", 1)[-1]
    host, _, port = host_port.partition(":")
    try:
        with socket.create_connection((host, int(port or 5432)), timeout=1):
            return True
    except OSError:
        return False


def run_in_subprocess(database: str, sizes: dict[str, int]) -> Table:
    with tempfile.TemporaryDirectory(prefix="bench-people-") as folder:
        output = Path(folder) / "table.json"
        command = [sys.executable, "-m", "benchmarks.bench_people", "--database", database]
        command += [f"--{name.replace('_', '-')}={value}" for name, value in sizes.items()]
        command += ["--json-out", str(output)]
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run(command, cwd=REPO_ROOT, env=env, check=True)
        data = json.loads(output.read_text())
    return Table(data["title"], data["columns"], data["rows"], data["notes"])


# --- the child: one database, one process --------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_people")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    for name, value in FULL.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=value)
    parser.add_argument("--json-out", type=Path, help="write the table here as JSON")
    parser.add_argument("--profile", action="store_true", help="cProfile the requests to stderr")
    args = parser.parse_args()
    sizes = {name: getattr(args, name) for name in FULL}
    with fresh_database(args.database) as label:
        table = measure(label, sizes, profile=args.profile)
    if args.json_out:
        args.json_out.write_text(
            json.dumps(
                {
                    "title": table.title,
                    "columns": list(table.columns),
                    "rows": [list(r) for r in table.rows],
                    "notes": table.notes,
                }
            )
        )
    else:
        print(table.render())
    return 0


def say(message: str) -> None:
    print(f"  [bench_people] {message}", file=sys.stderr, flush=True)


@contextmanager
def fresh_database(database: str) -> Iterator[str]:
    """Point Django at a new empty database, set Django up, migrate; drop the database after."""
    import django
    from django.apps import apps

    # WhiteNoise looks for collected static files that tests and benchmarks never collect.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)

    if apps.ready:
        raise RuntimeError("bench_people configures Django itself; run it in its own process.")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    with tempfile.TemporaryDirectory(prefix="bench-people-db-") as folder:
        os.environ["PEERLEARN_DATA_DIR"] = folder  # media and anything else the app writes
        if database == "sqlite":
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        else:
            postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
            postgres_admin(f"CREATE DATABASE {POSTGRES_DATABASE}")
            os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
        try:
            django.setup()
            from django.core.management import call_command
            from django.db import connection

            say(f"migrating a fresh {database} database")
            started = time.perf_counter()
            call_command("migrate", verbosity=0, interactive=False)
            say(f"migrated in {time.perf_counter() - started:.1f} s")
            yield f"{connection.vendor} {database_version()}"
        finally:
            if database != "sqlite":
                from django.db import connections

                connections.close_all()
                postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")


def postgres_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(statement.encode())


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            cursor.execute("SHOW server_version")
        row = cursor.fetchone()
    return str(row[0]).split()[0] if row else "?"


# --- the generated organisation ------------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    skills_csv: bytes
    people_csv: bytes
    people: list[dict[str, str]]  # the people file's rows
    team_names: list[str]
    seconds: float


def generate(*, people: int, skills: int) -> Organisation:
    from peerlearn.people.demo import (
        PEOPLE_CSV_COLUMNS,
        SKILLS_CSV_COLUMNS,
        people_csv_rows,
        plan_organisation,
        skills_csv_rows,
    )

    started = time.perf_counter()
    skill_rows = list(skills_csv_rows(skills, seed=SEED))
    plan = plan_organisation(seed=SEED, people=people, today=TODAY)
    rows = list(people_csv_rows(plan))
    holdable = [row["name"] for row in skill_rows if row["parent"]]  # areas are headings
    rng = random.Random(f"bench-people/{SEED}/skills")
    by_popularity = holdable[:]
    rng.shuffle(by_popularity)
    weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(by_popularity) + 1)]
    known = set(holdable)
    for row, person in zip(rows, plan.people, strict=True):
        craft = [s for s in person.skills if s.name in known]
        cells = [
            skill_cell(s.name, s.level, teach=s.can_teach, learn=s.wants_to_learn)
            for s in rng.sample(craft, k=min(CRAFT_SKILLS_PER_PERSON, len(craft)))
        ]
        held = {cell.split(":")[0] for cell in cells}
        while len(held) < min(SKILLS_PER_PERSON, len(holdable)):
            name = rng.choices(by_popularity, weights=weights)[0]
            if name in held:
                continue
            held.add(name)
            level = rng.choices(range(5), weights=[1, 3, 3, 2, 1])[0]
            teach = level >= 3 and rng.random() < 0.5
            learn = level <= 1 and rng.random() < 0.6
            cells.append(skill_cell(name, level, teach=teach, learn=learn))
        row["skills"] = "; ".join(cells)
    return Organisation(
        skills_csv=to_csv(SKILLS_CSV_COLUMNS, skill_rows),
        people_csv=to_csv(PEOPLE_CSV_COLUMNS, rows),
        people=rows,
        team_names=sorted({team.name for team in plan.teams}),
        seconds=time.perf_counter() - started,
    )


def skill_cell(name: str, level: int, *, teach: bool, learn: bool) -> str:
    return f"{name}:{level}" + (":teach" if teach else "") + (":learn" if learn else "")


def to_csv(columns: Sequence[str], rows: Sequence[dict[str, str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:12]


# --- measuring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    kind: str
    path: str
    params: dict[str, str]


@dataclass
class Samples:
    seconds: list[float]
    cpu_seconds: list[float]
    queries: list[int]
    matches: list[int]


def measure(label: str, sizes: dict[str, int], *, profile: bool) -> Table:
    from django.db import connection

    from peerlearn.people.importing import people_import_csv, skills_import_csv

    people, skills = sizes["people"], sizes["skills"]
    say(f"generating {people:,} people and {skills} skills")
    org = generate(people=people, skills=skills)
    table = Table(f"People: import and directory latency, {people:,} people, {label}", COLUMNS)

    def import_row(step: str, rows: int, work: Callable[[], Any]) -> Any:
        say(step)
        count = [0]

        def counting(execute: Any, sql: Any, params: Any, many: Any, context: Any) -> Any:
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            started, cpu_started = time.perf_counter(), time.process_time()
            result = work()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if not result.ok:
            raise RuntimeError(f"{step} failed: {[str(e) for e in result.errors[:5]]}")
        table.add(step, rows, seconds, cpu, rows / seconds, "", "", count[0], result.summary())
        return result

    import_row("import skills", skills, lambda: skills_import_csv(content=org.skills_csv))
    import_row("import people", people, lambda: people_import_csv(content=org.people_csv))
    again = import_row(
        "re-import people", people, lambda: people_import_csv(content=org.people_csv)
    )
    if again.created or again.updated:
        table.notes.append(f"Re-import was not idempotent: {again.summary()}.")

    if connection.vendor == "postgresql":
        # Autovacuum would analyse the new rows within a minute or so; without statistics
        # the planner guesses ~750 people and picks plans that do not match a live system.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        table.notes.append("PostgreSQL: ANALYZE after the import, as autovacuum soon would.")
    api_client, page_client, viewer = clients(org)
    rng = random.Random(f"bench-people/{SEED}/requests")
    teachers = teacher_counts()
    by_teachers = sorted(teachers, key=lambda slug: (-teachers[slug], slug))
    api_probes = people_search_probes(org, by_teachers, rng, per_kind=sizes["api_per_kind"])
    page_probes = skill_page_probes(
        teachers, by_teachers, count=sizes["page_skills"], repeats=sizes["page_repeats"]
    )
    say(f"{len(api_probes)} people-search requests")
    api = run_probes(api_client, api_probes, matches=lambda r, _: int(r.json()["count"]))
    say(f"{len(page_probes)} skill-page requests")
    pages = run_probes(page_client, page_probes, matches=lambda _, p: teachers[slug_of(p)])
    add_latency_rows(table, "API /api/v1/people", api_probes, api)
    add_latency_rows(table, "page /skills/<slug>/", page_probes, pages)
    if profile:
        profile_probes(api_client, api_probes, page_client, page_probes)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    table.notes += [
        f"Machine: {os.cpu_count()} CPUs, load average {load} (1/5/15 min) when the requests"
        " finished; other work on the machine inflates wall-clock times. cpu s = CPU time of"
        " the benchmark process (Django, and SQLite itself; not the PostgreSQL server).",
        f"Files: people.csv {len(org.people_csv) / 2**20:.1f} MiB"
        f" (sha256 {digest(org.people_csv)}), skills.csv (sha256 {digest(org.skills_csv)});"
        f" seed {SEED}, day {TODAY}; generated in {org.seconds:.1f} s;"
        f" {SKILLS_PER_PERSON} skills a person, Zipf-like popularity.",
        "Import rows: the service as the CLI calls it, one transaction; queries counted with an"
        " execute_wrapper (CaptureQueriesContext's SQL formatting would slow bulk writes).",
        "Requests: Django's test Client through the full middleware and URL stack, in process (no"
        f" sockets), as {viewer} (an individual contributor); API with a personal access token"
        " (Bearer), page with a logged-in session.",
        "Each request runs once under CaptureQueriesContext (its query count; also the warm-up),"
        " then once timed without instrumentation. queries = min-max per request; result ="
        " median people matching (API: the response's count; page: active teachers of the skill).",
    ]
    return table


def clients(org: Organisation) -> tuple[Any, Any, str]:
    from django.test import Client

    from peerlearn.accounts.models import User
    from peerlearn.accounts.services import token_create

    # An individual contributor: most requests come from people without reports, and a
    # manager's pages also walk their reporting line, which is a different measurement.
    managers = {row["manager_email"] for row in org.people}
    viewer_row = next(
        row
        for row in org.people
        if row["active"] == "true"
        and row["is_programme_admin"] == "false"
        and row["manager_email"]
        and row["email"] not in managers
    )
    user = User.objects.get(email=viewer_row["email"])
    secret = token_create(user=user, name="bench_people").secret
    api_client = Client(headers={"authorization": f"Bearer {secret}"})
    page_client = Client()
    page_client.force_login(user)
    return api_client, page_client, viewer_row["full_name"]


def teacher_counts() -> dict[str, int]:
    """Active people who can teach each skill, by slug (zero included)."""
    from django.db.models import Count, Q

    from peerlearn.people.models import Skill

    teaching = Q(holders__can_teach=True, holders__person__is_active=True)
    return dict(
        Skill.objects.filter(parent__isnull=False)
        .annotate(teachers=Count("holders", filter=teaching))
        .values_list("slug", "teachers")
    )


def people_search_probes(
    org: Organisation, by_teachers: Sequence[str], rng: random.Random, *, per_kind: int
) -> list[Probe]:
    path = "/api/v1/people"
    active = [row for row in org.people if row["active"] == "true"]
    names = [row["full_name"].split(" ", 1) for row in active]
    first_names = sorted({first for first, _ in names})
    surnames = sorted({last for _, last in names if len(last) >= 4})
    half = max(1, len(by_teachers) // 2)
    kinds: dict[str, Callable[[int], dict[str, str]]] = {
        "q=<first name>": lambda _: {"q": rng.choice(first_names)},
        "q=<surname fragment>": lambda _: {"q": rng.choice(surnames)[:4].lower()},
        "q=<team name>": lambda _: {"q": rng.choice(org.team_names)},
        "q=<first> <surname>": lambda _: {"q": rng.choice(active)["full_name"]},
        "skill=<slug>&can_teach": lambda i: {
            "skill": rng.choice(by_teachers[:10] if i % 2 else by_teachers[half:]),
            "can_teach": "true",
        },
    }
    probes = [Probe(kind, path, make(i)) for kind, make in kinds.items() for i in range(per_kind)]
    rng.shuffle(probes)  # interleave kinds, as real traffic would
    return probes


def skill_page_probes(
    teachers: dict[str, int], by_teachers: Sequence[str], *, count: int, repeats: int
) -> list[Probe]:
    popular = by_teachers[:count]
    rare = sorted((s for s in by_teachers if teachers[s] > 0), key=lambda s: (teachers[s], s))
    return [
        Probe(kind, f"/skills/{slug}/", {})
        for _ in range(repeats)
        for kind, slugs in (("popular skill", popular), ("rare skill", rare[:count]))
        for slug in slugs
    ]


def slug_of(probe: Probe) -> str:
    return probe.path.removeprefix("/skills/").strip("/")


def run_probes(
    client: Any, probes: Sequence[Probe], *, matches: Callable[[Any, Probe], int]
) -> Samples:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples = Samples([], [], [], [])
    for probe in probes:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(probe.path, probe.params)
        if response.status_code != 200:
            raise RuntimeError(
                f"GET {probe.path} {probe.params} answered {response.status_code}: "
                f"{response.content[:300]!r}"
            )
        samples.queries.append(len(captured))
        samples.matches.append(matches(response, probe))
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(probe.path, probe.params)
        samples.seconds.append(time.perf_counter() - started)
        samples.cpu_seconds.append(time.process_time() - cpu_started)
    return samples


def add_latency_rows(table: Table, prefix: str, probes: Sequence[Probe], samples: Samples) -> None:
    kinds = list(dict.fromkeys(p.kind for p in sorted(probes, key=lambda p: p.kind)))
    for kind in [*kinds, "all"]:
        picked = [i for i, p in enumerate(probes) if kind in ("all", p.kind)]
        seconds = [samples.seconds[i] for i in picked]
        queries = [samples.queries[i] for i in picked]
        p50, p95 = percentiles_ms(seconds)
        spread = f"{min(queries)}-{max(queries)}" if min(queries) != max(queries) else queries[0]
        median_matches = statistics.median(samples.matches[i] for i in picked)
        table.add(
            f"{prefix} {kind}",
            len(picked),
            sum(seconds),
            sum(samples.cpu_seconds[i] for i in picked),
            "",
            p50,
            p95,
            spread,
            f"{median_matches:g}",
        )


def profile_probes(
    api_client: Any, api: Sequence[Probe], page_client: Any, pages: Sequence[Probe]
) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for probe in api:
        api_client.get(probe.path, probe.params)
    for probe in pages:
        page_client.get(probe.path, probe.params)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    raise SystemExit(main())
