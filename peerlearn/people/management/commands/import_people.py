"""`peerlearn import people FILE.csv [--dry-run]`: create or update people from a CSV file."""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from peerlearn.people.importing import ImportResult, Progress, people_import_csv


class ImportCommand(BaseCommand, ABC):
    """Shared by the people and skills imports: read the file, report every problem or a summary."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a UTF-8 CSV file (see docs/importing.md); - reads stdin")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change, without writing anything",
        )

    @abstractmethod
    def run_import(
        self, content: bytes, *, dry_run: bool, progress: Progress | None
    ) -> ImportResult:
        """Call the import service this command stands for."""

    def handle(self, *args: Any, file: str, dry_run: bool, **options: Any) -> None:
        content = self.read(file)
        bar: tqdm[Any] | None = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit=" rows", desc="Checking", file=sys.stderr, leave=False)
            bar.update(done - bar.n)

        show_progress = options["verbosity"] > 0 and self.stderr.isatty()
        try:
            result = self.run_import(
                content, dry_run=dry_run, progress=progress if show_progress else None
            )
        finally:
            if bar is not None:
                bar.close()
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            lines = len({error.line for error in result.errors})
            raise CommandError(
                f"{len(result.errors)} problem{'s' if len(result.errors) != 1 else ''} "
                f"on {lines} line{'s' if lines != 1 else ''} of {file}; nothing was imported."
            )
        if dry_run:
            self.stdout.write(
                f"Checked {file} (dry run, nothing written): would have {result.summary()}."
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {file}: {result.summary()}."))
        for note in result.notes:
            self.stdout.write(note)

    @staticmethod
    def read(file: str) -> bytes:
        if file == "-":
            return sys.stdin.buffer.read()
        try:
            return Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}.") from None


class Command(ImportCommand):
    help = (
        "Create or update people, their teams, managers and skills from a CSV file. "
        "All or nothing: a file with any problem imports nothing and every problem is listed "
        "with its line number. Importing the same file again changes nothing."
    )

    def run_import(
        self, content: bytes, *, dry_run: bool, progress: Progress | None
    ) -> ImportResult:
        return people_import_csv(content=content, dry_run=dry_run, progress=progress)
