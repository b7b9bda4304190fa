"""Verification of a list from the other side: every entry matched through the
identity-resolution engine against the registry's persons of the list's side, and checked
for what would make the exchange go wrong (core.exchanges.lists.check_entry).

Nothing here writes; `lists.load_their_list` keeps the result as a version of the list.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from homeward.apps.intake.calibration import review_labels
from homeward.apps.intake.services import thresholds_for
from homeward.apps.registry import selectors as registry_selectors
from homeward.apps.registry.models import Person
from homeward.core.exchanges.lists import (
    Consent,
    Flag,
    PersonFacts,
    Verdict,
    check_entry,
    verdict_of,
)
from homeward.core.intake import IncomingRow, PreparedList, engine_columns
from homeward.core.linkage.engine import LinkResult, RegistryIndex, Thresholds
from homeward.core.names.normalize import normalize_text
from homeward.core.status import Side, Status


@dataclass(frozen=True)
class CheckedEntry:
    """One row of the other side's list, as verified."""

    row: int
    written_name: str
    written: dict[str, str]  # the person fields the row gives (core.intake.PERSON_FIELDS)
    person_id: int | None  # the registry's best candidate (None: unknown to us)
    verdict: Verdict
    probability: float | None
    contributions: list[dict[str, Any]]
    flags: list[Flag]


def _written_name(row: IncomingRow) -> str:
    f = row.fields
    return " ".join(p for p in (f["surname"].upper(), f["given_name"], f["patronymic"]) if p)


def _same_written(row: IncomingRow) -> tuple[str, ...]:
    """Two rows unknown to us that say the same name and date of birth are one person
    written twice."""
    f = row.fields
    names = tuple(normalize_text(f[k]).casefold() for k in ("surname", "given_name", "patronymic"))
    return (*names, f["birth_date"])


def _contributions(result: LinkResult) -> list[dict[str, Any]]:
    return [
        {"field": c.field, "level": c.level, "bits": round(c.bits, 2), "first": c.first,
         "second": c.second}
        for c in result.contributions
    ]  # fmt: skip


def _link(user: User, side: Side, prepared: PreparedList, today: dt.date) -> list[LinkResult]:
    rows = prepared.rows
    ids, columns, extras = engine_columns(rows, prepared.mapping)
    registry_ids, registry_columns = registry_selectors.linkage_columns(user, side=side.value)
    if not registry_ids:
        return [LinkResult(i, "", 0.0, "new") for i in ids]
    # The other side's lists are wrong more often than ours: their thresholds.
    match, review = thresholds_for("counterpart")
    index = RegistryIndex.build(registry_ids, registry_columns, today=today)
    results, _table = index.link(
        ids, columns, extras, Thresholds(match=match, review=review), labels=review_labels()
    )
    return results


def verify(user: User, side: Side, prepared: PreparedList) -> list[CheckedEntry]:
    """Each readable row of `prepared` matched and checked, in the file's order."""
    results = _link(user, side, prepared, timezone.localdate())
    matched = [int(r.person_id) if r.person_id and r.decision != "new" else None
               for r in results]  # fmt: skip
    facts = {
        pk: PersonFacts(Side(s), Status(status) if status else None, hold, Consent(consent))
        for pk, s, status, hold, consent in Person.objects.filter(
            pk__in=[pk for pk in matched if pk is not None]
        ).values_list("pk", "side", "current_status", "legal_hold", "exchange_consent")
    }
    times_person = Counter(pk for pk in matched if pk is not None)
    written = [_same_written(row) for row in prepared.rows]
    times_written = Counter(written)
    checked = []
    for row, key, result, pk in zip(prepared.rows, written, results, matched, strict=True):
        name, fields = _written_name(row), dict(row.fields)
        if pk is None:
            flags = check_entry(None, [], duplicate=times_written[key] > 1)
            checked.append(CheckedEntry(row.number, name, fields, None, Verdict.UNKNOWN, None,
                                        [], flags))  # fmt: skip
            continue
        levels = [(c.field, c.level) for c in result.contributions]
        checked.append(CheckedEntry(
            row.number, name, fields, pk, verdict_of(result.decision),
            round(result.probability, 4), _contributions(result),
            check_entry(facts.get(pk), levels, duplicate=times_person[pk] > 1),
        ))  # fmt: skip
    return checked
