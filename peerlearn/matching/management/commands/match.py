"""`peerlearn match --round ID [--dry-run]`: run a matching round from the command line.

With --dry-run the pairs (or groups) are printed as a table with their reasons and nothing is
stored; without it the proposal is stored, exactly as "Run the matching" does on the round's
page (the admin then checks and publishes it). A progress bar shows on standard error for
cohorts above a few hundred seekers (or with --progress).
"""

from __future__ import annotations

import shutil
import textwrap
import uuid
from argparse import ArgumentParser
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from peerlearn.matching import selectors, services
from peerlearn.matching.models import MatchingRound

PROGRESS_FROM_SEEKERS = 300
STAGES = 3


def render_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
) -> str:
    """A plain-text table whose cells wrap inside fixed column widths."""
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def render(cells: Sequence[str]) -> list[str]:
        wrapped = [textwrap.wrap(cell, w) or [""] for cell, w in zip(cells, widths, strict=True)]
        height = max(len(lines) for lines in wrapped)
        return [
            "| "
            + " | ".join(
                (lines[i] if i < len(lines) else "").ljust(w)
                for lines, w in zip(wrapped, widths, strict=True)
            )
            + " |"
            for i in range(height)
        ]

    out = [line, *render(headers), line.replace("-", "=")]
    for row in rows:
        out.extend(render(row))
        out.append(line)
    return "\n".join(out)


class Command(BaseCommand):
    help = "Run a matching round: print the pairs with reasons (--dry-run) or store them."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--round", required=True, dest="round_id", help="The round's id.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the proposal with its reasons; store nothing.",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="Print at most this many pairs or groups (all by default).",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help=f"Show the progress bar even below {PROGRESS_FROM_SEEKERS} seekers.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            round_id = uuid.UUID(str(options["round_id"]))
        except ValueError:
            raise CommandError(f"“{options['round_id']}” is not a round id.") from None
        matching_round = MatchingRound.objects.filter(pk=round_id).first()
        if matching_round is None:
            raise CommandError(f"There is no matching round {round_id}.")
        dry_run = bool(options["dry_run"])
        size = selectors.cohort_size(
            config=selectors.round_config(matching_round), format=matching_round.format
        )
        show_bar = options["progress"] or size.seekers >= PROGRESS_FROM_SEEKERS
        bar = tqdm(
            total=STAGES,
            disable=not show_bar,
            file=self.stderr._out,
            bar_format="{desc:<40} {bar} {percentage:3.0f}% {elapsed}",
        )

        def progress(stage: str, done: int, total: int) -> None:
            bar.set_description_str(stage[:40])
            if stage.startswith("Saving") and total:
                bar.n = min(STAGES, 2 + done / total)
            else:
                bar.n = min(STAGES, done)
            bar.refresh()

        try:
            report = services.round_run(
                matching_round=matching_round, progress=progress, dry_run=dry_run
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        finally:
            bar.close()
        self._print(matching_round, report, options["limit"])
        if dry_run:
            self.stdout.write("Dry run: nothing was stored.")
        elif report.stored:
            self.stdout.write(
                self.style.SUCCESS(
                    "Stored as the round's proposal. Check it and publish it on the round's page."
                )
            )
        else:
            self.stdout.write(
                self.style.WARNING("Not stored: the round changed while it ran; run it again.")
            )

    def _print(
        self, matching_round: MatchingRound, report: services.RunReport, limit: int | None
    ) -> None:
        columns = max(80, shutil.get_terminal_size((120, 24)).columns)
        self.stdout.write(f"{matching_round.name} ({matching_round.get_format_display()})")
        for line in matching_round.summary.splitlines():
            self.stdout.write(f"  {line}")
        self.stdout.write("")
        if report.pairs:
            pairs = report.pairs if limit is None else report.pairs[:limit]
            reason_width = max(30, columns - 4 * 3 - 4 - 22 - 22 - 6)
            rows = [
                [
                    str(n),
                    pair.seeker_name + (" (pinned)" if pair.pinned else ""),
                    pair.provider_name,
                    f"{pair.score:.3f}",
                    pair.explanation,
                ]
                for n, pair in enumerate(pairs, 1)
            ]
            self.stdout.write(
                render_table(
                    ["#", "Seeker", "Provider", "Score", "Why"],
                    rows,
                    [4, 22, 22, 6, reason_width],
                )
            )
        elif report.groups:
            groups = report.groups if limit is None else report.groups[:limit]
            rows = [[str(n), ", ".join(g.member_names)] for n, g in enumerate(groups, 1)]
            self.stdout.write(render_table(["#", "Members"], rows, [4, max(40, columns - 12)]))
        stats = report.stats
        if stats.get("kind") == "pairs":
            mean = stats.get("mean_score")
            self.stdout.write(
                f"{stats['matched']:,} of {stats['seekers']:,} seekers matched "
                f"({stats['coverage']:.0%}); mean score "
                f"{'-' if mean is None else f'{mean:.3f}'}; "
                f"{stats['providers_with_room']:,} of {stats['providers']:,} providers had room; "
                f"{report.seconds:.2f} s."
            )
        elif stats.get("kind") == "groups":
            self.stdout.write(
                f"{stats['grouped']:,} of {stats['participants']:,} people in "
                f"{stats['groups']:,} groups; {stats['repeated_pairs']} repeated pairs; "
                f"{report.seconds:.2f} s."
            )
        for item in report.infeasibilities:
            self.stdout.write(self.style.WARNING(f"! {item['message']}"))
