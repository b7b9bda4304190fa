"""A version of an exchange list as a spreadsheet: the verification of the other side's
list for the negotiators, or our list as we send it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from homeward.apps.common.choices import display
from homeward.apps.exchanges.choices import FLAG_LABELS, VerdictChoice
from homeward.apps.exchanges.models import ListEntry, ListVersion
from homeward.apps.registry.exports import neutralise
from homeward.apps.registry.match_words import explain
from homeward.apps.registry.models import Person
from homeward.core.exchanges.lists import Flag, ListKind
from homeward.core.linkage.explain import Contribution


def flag_words(flags: Iterable[str]) -> list[str]:
    return [str(FLAG_LABELS[Flag(f)]) for f in flags]


def why(entry: ListEntry) -> str:
    """The engine's reasons for the entry's person, in the user's language."""
    return explain(Contribution(**c) for c in entry.contributions)


def _their_rows(entries: Iterable[ListEntry]) -> Iterator[list[str]]:
    yield [
        _("Row"),
        _("Name as written"),
        _("Date of birth as written"),
        _("Service number as written"),
        _("Verdict"),
        _("Case number"),
        _("Person"),
        _("Probability"),
        _("Check"),
        _("Why"),
    ]
    for e in entries:
        written = e.written or {}
        yield [
            str(e.row or ""),
            e.written_name,
            written.get("birth_date", ""),
            written.get("service_number", ""),
            str(VerdictChoice(e.verdict).label) if e.verdict else "",
            e.person.case_number if e.person else "",
            e.person.full_name if e.person else "",
            f"{e.probability:.3f}" if e.probability is not None else "",
            "; ".join(flag_words(e.flags)),
            why(e),
        ]


def _our_rows(entries: Iterable[ListEntry]) -> Iterator[list[str]]:
    yield [
        _("Priority"),
        _("Case number"),
        _("Person"),
        _("Date of birth"),
        _("Category"),
        _("Rank"),
        _("Unit"),
        _("Service number"),
        _("Status"),
        _("Instead of"),
        _("Added by"),
        _("Added"),
    ]
    category, status = display(ListEntry, "category"), display(Person, "current_status")
    for e in entries:
        p = e.person
        if p is None:
            continue
        yield [
            str(e.priority or ""),
            p.case_number,
            p.full_name,
            p.birth.iso(),
            category(e),
            str(p.rank or ""),
            p.unit,
            p.service_number,
            status(p),
            e.replaces.case_number if e.replaces else "",
            e.added_by.username,
            date_format(e.added_at, "SHORT_DATETIME_FORMAT"),
        ]


def rows(version: ListVersion, entries: Iterable[ListEntry]) -> Iterator[list[str]]:
    kind = ListKind(version.exchange_list.kind)
    table = _their_rows(entries) if kind.from_other_side else _our_rows(entries)
    for row in table:
        yield [neutralise(cell) for cell in row]
