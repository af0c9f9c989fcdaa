"""`peerlearn import skills FILE.csv [--dry-run]`: create or update the skill taxonomy."""

from __future__ import annotations

from peerlearn.people.importing import ImportResult, Progress, skills_import_csv
from peerlearn.people.management.commands.import_people import ImportCommand


class Command(ImportCommand):
    help = (
        "Create or update skills, their parents and aliases from a CSV file. All or nothing: "
        "a file with any problem imports nothing and every problem is listed with its line number."
    )

    def run_import(
        self, content: bytes, *, dry_run: bool, progress: Progress | None
    ) -> ImportResult:
        return skills_import_csv(content=content, dry_run=dry_run)
