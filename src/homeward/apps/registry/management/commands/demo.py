from __future__ import annotations

import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.apps.accounts.roles import ROLES, ROLES_BY_CODE
from homeward.apps.accounts.services import ensure_user
from homeward.apps.audit.context import audit_context
from homeward.apps.registry.demo import demo_loaded, load_demo
from homeward.apps.registry.models import Person

# Generated passwords: 16 characters, which the password rules (12 or more) accept.
DEMO_PASSWORD_BYTES = 12


class Command(BaseCommand):
    help = (
        "Prepare the demo: migrate, create one user per role, load the synthetic registry "
        "(once), then serve http://127.0.0.1:8000 unless --no-serve."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Prepare without serving.")
        parser.add_argument(
            "--persons", type=int, default=5000, help="Registry size (default 5000)."
        )
        parser.add_argument(
            "--password", help="Password for every demo user (default: generated and printed)."
        )
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Where to serve.")
        parser.add_argument(
            "--no-exchange",
            action="store_true",
            help="Do not run the demo exchange (the registry alone; for quick checks).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["password"] is not None:
            try:
                validate_password(options["password"])
            except ValidationError as exc:
                raise CommandError(f"--password: {' '.join(exc.messages)}") from exc
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        with audit_context("command"):
            users = self._users(options["password"])
            if demo_loaded():
                count = Person.objects.count()
                self.stdout.write(f"Demo data already loaded ({count} persons); not loading again.")
            else:
                started = time.monotonic()
                stats = load_demo(
                    count=options["persons"],
                    registrar=users["registrar"],
                    confirmer=users["administrator"],
                )
                self.stdout.write(
                    f"Loaded {sum(stats.values())} persons ({stats['own']} own, {stats['held']} "
                    f"held) in {time.monotonic() - started:.0f} s."
                )
            if not options["no_exchange"]:
                self._exchange(users)
                self._returns(users)
                self._payments(users)
        if not options["no_serve"]:
            self._serve(options["addr"])

    def _users(self, password: str | None) -> dict[str, Any]:
        self.stdout.write("Demo users (user name / password / role):")
        users = {}
        for role in ROLES:
            pw = password or secrets.token_urlsafe(DEMO_PASSWORD_BYTES)
            user, _ = ensure_user(
                actor=None,
                username=role.code,
                password=pw,
                roles=[role.code],
                full_name=f"Demo {role.label}",
            )
            users[role.code] = user
            self.stdout.write(f"  {role.code:<18} {pw:<16} {role.label}")
        # A second payments officer: a batch is approved by someone other than its preparer.
        pw = password or secrets.token_urlsafe(DEMO_PASSWORD_BYTES)
        users["payments_officer_2"], _ = ensure_user(
            actor=None,
            username="payments_officer_2",
            password=pw,
            roles=["payments_officer"],
            full_name="Demo Payments officer 2",
        )
        self.stdout.write(
            f"  {'payments_officer_2':<18} {pw:<16} {ROLES_BY_CODE['payments_officer'].label}"
        )
        self.stdout.write(
            "  administrator signs in with two factors, as every account does in production: "
            "the first sign-in asks to set up an authenticator app (ADR 33)."
        )
        return users

    def _exchange(self, users: dict[str, Any]) -> None:
        # The demo command prepares the whole product: the exchange demo runs on the
        # registry's demo sources and users.
        from homeward.apps.exchanges.demo import exchange_demo_loaded, load_exchange_demo

        if exchange_demo_loaded():
            self._negotiation(users)
            return
        started = time.monotonic()
        received = load_exchange_demo(
            officer=users["exchange_officer"],
            registrar=users["registrar"],
            confirmer=users["administrator"],
        )
        self.stdout.write(
            f"Ran the demo exchange: {received} persons received and as many handed over "
            f"in three stages, in {time.monotonic() - started:.0f} s."
        )
        self._negotiation(users)

    def _returns(self, users: dict[str, Any]) -> None:
        from homeward.apps.returns.demo import load_returns_demo

        counts = load_returns_demo(
            coordinator=users["return_coordinator"], medic=users["medical_officer"]
        )
        if counts["opened"] or counts["moved"]:
            self.stdout.write(
                f"After return: {counts['opened']} return cases opened for persons received "
                f"earlier, {counts['moved']} steps moved to where 18 months of work left them."
            )

    def _payments(self, users: dict[str, Any]) -> None:
        from homeward.apps.payments.demo import load_payments_demo

        counts = load_payments_demo(
            payer=users["payments_officer"], second_payer=users["payments_officer_2"]
        )
        if counts:
            self.stdout.write(
                f"Payments: {counts['computed']} entitlements computed; a batch of "
                f"{counts['paid']} paid, one of {counts['waiting']} awaiting the approval of "
                "payments_officer."
            )

    def _negotiation(self, users: dict[str, Any]) -> None:
        from homeward.apps.exchanges.list_demo import (
            TITLE,
            load_negotiation_demo,
            negotiation_demo_loaded,
            write_their_offer,
        )

        if not negotiation_demo_loaded():
            load_negotiation_demo(officer=users["exchange_officer"])
        path = write_their_offer(Path(settings.VAR_DIR) / "demo" / "their-offer.csv")
        self.stdout.write(
            f"The other side's offer for “{TITLE}” is in {path}: load it on the agreement's "
            "page under Lists → Their offer to verify it."
        )

    def _serve(self, addr: str) -> None:
        self.stdout.write(f"Serving http://{addr}/ (Ctrl+C to stop).")
        manage = [sys.executable, "-m", "homeward.manage"]
        settings_args = ["--settings", settings.SETTINGS_MODULE]
        # The task queue's worker runs imports and other background jobs (ADR 0014).
        worker = subprocess.Popen(  # noqa: S603
            [*manage, "db_worker", "--interval", "0.5", *settings_args]
        )
        self.stdout.write(f"Background worker started (process {worker.pid}).")
        try:
            subprocess.run(  # noqa: S603
                [*manage, "runserver", addr, "--noreload", *settings_args], check=False
            )
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
