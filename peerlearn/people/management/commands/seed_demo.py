"""`peerlearn seed-demo`: create the demo organisation and print the logins to try it with."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from peerlearn.accounts.models import User
from peerlearn.people.demo import (
    COMPANY,
    DEFAULT_PEOPLE,
    DEFAULT_SEED,
    DEMO_PASSWORD,
    MIN_PEOPLE,
    database_reset,
    demo_logins,
    seed_demo,
)
from peerlearn.people.models import Person


class Command(BaseCommand):
    help = (
        f"Create the demo organisation ({COMPANY}: people, teams, skills, goals, endorsements) "
        "in an empty database and print the demo logins."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="If people exist already, seed nothing and only print the demo logins.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed; the same seed gives the same company (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--people",
            type=int,
            default=DEFAULT_PEOPLE,
            help=f"How many people (default {DEFAULT_PEOPLE}, at least {MIN_PEOPLE}).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the whole database first (every table); needs --force if it has people.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Confirm that --reset may delete existing data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["people"] < MIN_PEOPLE:
            raise CommandError(f"--people must be at least {MIN_PEOPLE}.")
        existing = Person.objects.count()
        if options["reset"]:
            logins = User.objects.count()
            if logins and not options["force"]:
                raise CommandError(
                    f"The database is not empty ({logins:,} logins, {existing:,} people). "
                    "--reset deletes everything in it; add --force if that is what you want."
                )
            database_reset()
        elif existing:
            if not options["if_empty"]:
                raise CommandError(
                    f"The database already has {existing:,} people. Use --if-empty to keep "
                    "them, or --reset --force to delete everything and seed again."
                )
            if demo_logins():
                self.stdout.write(f"The demo organisation is already there ({existing:,} people).")
            else:
                self.stdout.write(
                    f"The database has {existing:,} people but not the demo organisation; "
                    "nothing seeded."
                )
            self._print_logins()
            return

        started = time.perf_counter()
        ctx = seed_demo(seed=options["seed"], people=options["people"])
        took = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Seeded {ctx.summary()} ({took:.1f} s)."))
        self._print_logins()

    def _print_logins(self) -> None:
        logins = demo_logins()
        if not logins:
            return
        self.stdout.write(f"\nDemo logins (password for everyone: {DEMO_PASSWORD})")
        label_width = max(len(login.label) for login in logins)
        email_width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(
                f"  {login.label:<{label_width}}  {login.email:<{email_width}}  {login.description}"
            )
