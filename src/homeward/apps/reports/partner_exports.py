"""What Homeward gives partners, and nothing more: the Third Geneva Convention's Art. 122
minimal set on the persons we hold, for the ICRC's Central Tracing Agency, and PFIF 1.4
records of our own people for missing-person boards. Every export is a disclosure: who,
when, which persons, to whom and why are in the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import override

from homeward.apps.audit import services as audit
from homeward.apps.common.choices import display
from homeward.apps.common.permissions import Actor, Perm
from homeward.apps.registry.exports import neutralise
from homeward.apps.registry.models import Person, StatusEvent
from homeward.core import pfif
from homeward.core.status import Status

MAY_EXPORT = Perm.EXPORT_PERSON


# Art. 122 (with Art. 17 and the capture card of Annex IV B): the minimum the national
# information bureau forwards about each prisoner it holds. Headers and labels in English:
# the format is the partner's.
def _art122_columns() -> tuple[tuple[str, Callable[[Person], str]], ...]:
    """The columns, with the labels of rank categories, health and status translated once
    (call it in English)."""
    rank_category = display(Person, "rank_category")
    return (
        ("Our reference", lambda p: p.case_number),
        ("Surname", lambda p: p.surname),
        ("First names", lambda p: " ".join(x for x in (p.given_name, p.patronymic) if x)),
        ("Surname (Latin)", lambda p: p.surname_latin),
        ("First names (Latin)",
         lambda p: " ".join(x for x in (p.given_name_latin, p.patronymic_latin) if x)),
        ("Rank", lambda p: p.rank.name_en if p.rank else rank_category(p)),
        ("Army, regimental, personal or serial number", lambda p: p.service_number),
        ("Date of birth", lambda p: p.birth.iso()),
        ("Place of birth", lambda p: p.birth_place),
        ("Power on which the prisoner depends", lambda p: p.citizenship),
        ("Father's first name", lambda p: p.father_name),
        ("Mother's maiden name", lambda p: p.mother_maiden_name),
        ("Person to be informed", lambda p: p.next_of_kin),
        ("Address of the person to be informed", lambda p: p.next_of_kin_contacts),
        ("Address for correspondence", lambda p: p.correspondence_address),
        ("Date of capture", lambda p: p.captured.iso()),
        ("Place of capture", lambda p: p.capture_place),
        ("Place of internment", lambda p: p.detention_place),
        ("State of health", display(Person, "health_state")),
        ("Status", display(Person, "current_status")),
    )  # fmt: skip


def art122_fields() -> tuple[str, ...]:
    return tuple(title for title, _get in _art122_columns())


def held_persons() -> QuerySet[Person]:
    """The persons we hold or held (the exchange fund), each once."""
    persons: QuerySet[Person] = Person.objects.filter(side="held", merged_into__isnull=True)
    return persons.select_related("rank").order_by("case_number")


def art122_rows(persons: Iterable[Person]) -> Iterator[list[str]]:
    """The header and a row per person, made as they are read so that a whole fund's rows
    are never in memory at once; labels (rank, health, status) in English."""
    with override("en"):
        columns = _art122_columns()
    yield [title for title, _get in columns]
    for person in persons:
        yield [neutralise(str(get(person) or "")) for _title, get in columns]


@transaction.atomic
def record_disclosure(*, actor: Actor, kind: str, case_numbers: Sequence[str],
                      recipient: str, purpose: str, fmt: str) -> None:  # fmt: skip
    """Refuse an export without its recipient and purpose; record a permitted one."""
    if not (isinstance(actor, User) and actor.has_perm(MAY_EXPORT)):
        raise PermissionDenied(_("You may not export persons."))
    errors = {}
    if not recipient.strip():
        errors["recipient"] = [_("Say to whom the list goes.")]
    if not purpose.strip():
        errors["purpose"] = [_("Say why the list is given (the purpose of the disclosure).")]
    if errors:
        raise ValidationError(errors)
    audit.record(
        actor=actor, action="disclosure.export", object_type="person",
        object_repr=f"{kind}: {len(case_numbers)} persons to {recipient.strip()}",
        after={"kind": kind, "recipient": recipient.strip(), "purpose": purpose.strip(),
               "format": fmt, "count": len(case_numbers), "persons": list(case_numbers)},
    )  # fmt: skip


# PFIF 1.4 for missing-person boards: our own people, what a board needs to find them and
# nothing more (ADR 27). Each current status is one note; a person's status as of today
# reaches the board, the evidence behind it does not.
BOARD_AUTHOR = "Координаційний штаб / Coordination Headquarters"
# "" is a person registered (by a family, say) before any report of their status
SOUGHT = ("", Status.MISSING, Status.REPORTED_CAPTURED, Status.CONFIRMED_CAPTIVE,
          Status.ON_EXCHANGE_LIST)  # fmt: skip
HOME = (Status.RETURNED, Status.RELEASED, Status.FOUND)
# (PFIF status, whether we have been in contact, Ukrainian for a man and for a woman,
# English); "{date}" is the date of the report. Being on an exchange list is not told:
# the exchange is not done.
BOARD_NOTES: dict[str, tuple[str, bool | None, tuple[str, str], str]] = {
    "": ("information_sought", None, ("Розшукується.",) * 2, "Being sought."),
    Status.MISSING: ("believed_missing", None, ("Зник безвісти ({date}).",
                     "Зникла безвісти ({date})."), "Missing ({date})."),
    Status.REPORTED_CAPTURED: ("believed_alive", None, ("Є повідомлення про полон ({date}).",) * 2,
                               "Reported captured ({date})."),
    Status.CONFIRMED_CAPTIVE: ("believed_alive", None, ("Перебування в полоні підтверджено "
                               "({date}).",) * 2, "Confirmed in captivity ({date})."),
    Status.ON_EXCHANGE_LIST: ("believed_alive", None, ("Перебування в полоні підтверджено.",) * 2,
                              "Confirmed in captivity."),
    Status.RETURNED: ("believed_alive", True, ("Повернувся з полону ({date}).",
                      "Повернулася з полону ({date})."), "Returned from captivity ({date})."),
    Status.RELEASED: ("believed_alive", True, ("Звільнений з полону ({date}).",
                      "Звільнена з полону ({date})."), "Released from captivity ({date})."),
    Status.FOUND: ("believed_alive", True, ("Знайдений ({date}).", "Знайдена ({date})."),
                   "Found ({date})."),
}  # fmt: skip


def board_persons(*, include_home: bool) -> QuerySet[Person]:
    """Our own people a board may show: those still sought and, if asked, those who have
    come home (so the board can close their records). Never the dead: a family learns of
    a death from us in person, not from a board."""
    statuses = [*SOUGHT, *(HOME if include_home else ())]
    latest = StatusEvent.objects.filter(person=OuterRef("pk"), status=OuterRef("current_status"))
    persons: QuerySet[Person] = (
        Person.objects.filter(side="own", merged_into__isnull=True, current_status__in=statuses)
        .annotate(event_id=Subquery(latest.values("pk")[:1]),
                  event_date=Subquery(latest.values("effective_date")[:1]),
                  event_recorded=Subquery(latest.values("recorded_at")[:1]))
        .order_by("case_number")
    )  # fmt: skip
    return persons


def board_records(persons: Iterable[Person], *, domain: str, now: dt.datetime,
                  expires: dt.datetime) -> Iterator[pfif.PersonRecord]:  # fmt: skip
    """Each person as a PFIF record: names in Cyrillic and Latin, sex, the year of birth
    (a whole date of birth is a key to a person's other records), and the current status
    as a note in Ukrainian and English."""
    for p in persons:
        status = p.current_status
        kind, contact, uk, en = BOARD_NOTES[status]
        day = p.event_date.isoformat() if p.event_date else ""  # type: ignore[attr-defined]
        ukrainian = uk[1] if p.sex == "female" else uk[0]
        text = " / ".join(t.format(date=day) for t in (ukrainian, en)).replace(" ()", "")
        note = pfif.Note(
            record_id=pfif.record_id(domain, f"note.{p.case_number}.{p.event_id or status}"),  # type: ignore[attr-defined]
            author_name=BOARD_AUTHOR, entry_date=now, text=text, status=kind,
            source_date=p.event_recorded or p.updated_at,  # type: ignore[attr-defined]
            author_made_contact=contact,
        )  # fmt: skip
        yield pfif.PersonRecord(
            record_id=pfif.record_id(domain, f"person.{p.case_number}"), entry_date=now,
            expiry_date=expires, author_name=BOARD_AUTHOR, source_name="Homeward",
            source_date=p.updated_at,
            full_names=(" ".join(x for x in (p.surname, p.given_name, p.patronymic) if x),
                        " ".join(x for x in (p.surname_latin, p.given_name_latin,
                                             p.patronymic_latin) if x)),
            given_name=p.given_name, family_name=p.surname,
            alternate_names=tuple(str(s) for s in p.other_spellings),
            sex=p.sex if p.sex in pfif.SEXES else "",
            date_of_birth=f"{p.birth_date:%Y}" if p.birth_date else "", notes=(note,),
        )  # fmt: skip
