"""The `peerlearn` command: the management commands a user needs, under friendlier names.

peerlearn import people FILE.csv     import or update people, teams, managers and skills
peerlearn import skills FILE.csv     import the skill taxonomy
peerlearn seed-demo                  create the demo organisation
peerlearn serve                      run the web server (gunicorn)
peerlearn worker                     run background jobs and the periodic scheduler
peerlearn jobs-status                periodic jobs, when each last ran, and the queue
peerlearn <any manage.py command>    e.g. migrate, createsuperuser, shell
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    ("import", "people"): "import_people",
    ("import", "skills"): "import_skills",
    ("seed-demo",): "seed_demo",
    ("serve",): "serve",
    ("worker",): "worker",
    ("jobs-status",): "jobs_status",
    ("match",): "match",
}


def translate(argv: list[str]) -> list[str]:
    """Map `peerlearn import people f.csv` to `manage.py import_people f.csv`."""
    for words, command in sorted(ALIASES.items(), key=lambda item: -len(item[0])):
        if tuple(argv[: len(words)]) == words:
            return [command, *argv[len(words) :]]
    return argv


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        if not args:
            return
    execute_from_command_line(["peerlearn", *translate(args)])


if __name__ == "__main__":
    main()
