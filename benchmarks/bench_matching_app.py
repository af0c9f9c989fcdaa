"""Matching in the app, end to end on the demo company: selectors → engine → stored proposal.

Run with `python -m benchmarks --only matching_app` (`--quick`: a 120-person company). The
child process seeds the demo organisation (300 people) into a fresh SQLite file, creates a
peer-mentoring round over everyone who wants to learn something and everyone who teaches, and
times, each as the median of three runs after a warm-up:

- reading the cohort (`matching.selectors.round_cohort`: eligibility, profiles, skills,
  reporting lines, capacities, earlier pairs), with its query count;
- the engine alone on that input;
- the whole run as the admin's button does it (read, solve, explanations, statistics, and the
  proposal stored);
- the preview page an admin then opens, and one person's ranked suggestions;
- a decline, which re-matches the seeker at once from the places left (the reason it can be
  synchronous).

Django is configured only in the child, as in bench_people.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.report import Table

REPO_ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("step", "people", "median ms", "queries", "result")
REPEATS = 3


def run(*, quick: bool) -> list[Table]:
    with tempfile.TemporaryDirectory(prefix="bench-matching-app-") as folder:
        output = Path(folder) / "table.json"
        command = [sys.executable, "-m", "benchmarks.bench_matching_app", "--json-out", str(output)]
        command += ["--people", "120" if quick else "300", "--folder", folder]
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        subprocess.run(command, cwd=REPO_ROOT, env=env, check=True)
        data = json.loads(output.read_text())
    return [Table(data["title"], data["columns"], data["rows"], data["notes"])]


def say(message: str) -> None:
    print(f"  [bench_matching_app] {message}", file=sys.stderr, flush=True)


def median_ms(action: Callable[[], Any]) -> tuple[float, Any, int]:
    """Median wall time of REPEATS runs after a warm-up, the last result and its query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action()
    samples = []
    result: Any = None
    queries = 0
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = action()
            samples.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(samples) * 1000, result, queries


def measure(people: int) -> Table:
    import django

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from matching_engine import match
    from peerlearn.matching import selectors, services
    from peerlearn.matching.models import Match, MatchStatus
    from peerlearn.people.demo import seed_demo

    settings.ALLOWED_HOSTS = ["*"]
    say("migrating")
    call_command("migrate", verbosity=0)
    say(f"seeding the demo company ({people} people)")
    seed_started = time.perf_counter()
    context = seed_demo(people=people)
    seeded = time.perf_counter() - seed_started
    admin = context.person("admin")
    table = Table(f"Matching in the app: the demo company ({people} people, SQLite)", COLUMNS)

    matching_round = services.round_create(
        name="Everyone who wants to learn", format="mentoring", config={}, by=admin
    )
    config = selectors.round_config(matching_round)
    read_ms, cohort, read_queries = median_ms(
        lambda: selectors.round_cohort(matching_round=matching_round, config=config)
    )
    size = f"{len(cohort.seekers)} + {len(cohort.providers)}"
    table.add(
        "read the cohort (selectors)",
        size,
        read_ms,
        read_queries,
        f"{sum(cohort.capacities)} places",
    )
    problem = selectors.engine_problem(config, cohort)
    solve_ms, result, _ = median_ms(lambda: match(problem))
    table.add("engine only (optimal, explained)", size, solve_ms, 0, f"{len(result.pairs)} pairs")
    run_ms, report, run_queries = median_ms(
        lambda: services.round_run(matching_round=matching_round)
    )
    table.add(
        "run end to end, proposal stored",
        size,
        run_ms,
        run_queries,
        f"{len(report.pairs)} pairs, coverage {report.stats['coverage']:.0%}",
    )
    client = Client()
    client.force_login(admin.user)
    page_ms, response, page_queries = median_ms(
        lambda: client.get(f"/matching/rounds/{matching_round.id}/")
    )
    table.add(
        "preview page (GET, 25 pairs a page)", size, page_ms, page_queries, response.status_code
    )
    seeker = next(p for p in context.people.values() if p.full_name == "Rohan Mehta")
    suggest_ms, ranked, suggest_queries = median_ms(
        lambda: selectors.suggestions_for(person=seeker, format="mentoring")
    )
    table.add(
        "suggestions for one person",
        f"1 + {ranked.considered}",
        suggest_ms,
        suggest_queries,
        f"{len(ranked.suggestions)} ranked",
    )
    services.round_publish(matching_round=matching_round, by=admin)
    offered = list(
        Match.objects.filter(round=matching_round, status=MatchStatus.OFFERED)
        .select_related("provider")
        .order_by("position")[: REPEATS + 1]
    )
    samples = []
    replaced = 0
    for match_row in offered:
        assert match_row.provider is not None
        started = time.perf_counter()
        replacement = services.match_decline(match=match_row, person=match_row.provider)
        samples.append(time.perf_counter() - started)
        replaced += replacement is not None
    table.add(
        "decline → re-match at once",
        size,
        statistics.median(samples[1:] or samples) * 1000,
        "-",
        f"{replaced} of {len(samples)} re-matched",
    )
    table.notes.append(
        f"Seeding the demo took {seeded:.1f} s (not timed above). Median of {REPEATS} runs "
        "after a warm-up; queries counted on the last run."
    )
    return table


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_matching_app")
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    table = measure(args.people)
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


if __name__ == "__main__":
    raise SystemExit(main())
