"""The other side's lists: loaded from their files, every entry matched through the engine
against the registry and checked; what changed since their last version; bad files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from homeward.apps.audit.models import AuditEntry
from homeward.apps.exchanges import list_selectors, lists, registration
from homeward.apps.exchanges.models import Agreement, ListEntry, ListVersion
from homeward.apps.registry import services as registry
from homeward.apps.registry.demo import _fields, _Vocab
from homeward.apps.registry.models import Person
from homeward.core.synthetic import Generator
from tests.conftest import day

pytestmark = pytest.mark.django_db

HEADER = "№;ФИО;Дата рождения;Звание;Личный номер;Воинская часть\n"


def _file(*lines: str, header: str = HEADER) -> bytes:
    """A list as the other side sends it: Russian headers and forms of names, cp1251."""
    return (header + "".join(line + "\n" for line in lines)).encode("cp1251")


def _load(
    officer: User,
    agreement: Agreement,
    content: bytes,
    kind: str = "their_offer",
    name: str = "список.csv",
) -> ListVersion:
    return lists.load_their_list(
        actor=officer, agreement=agreement, kind=kind, file_name=name, content=content
    )


def _by_row(version: ListVersion) -> dict[int, ListEntry]:
    """By the number the other side gave (their "№"), which is the file's line less one."""
    return {e.row - 1: e for e in version.entries.all() if e.row is not None}


@pytest.fixture
def ours_named(
    make_person: Callable[..., Person], registrar: User, background: list[Person]
) -> dict[str, Person]:
    people = {
        "shevchenko": make_person(),
        "boiko": make_person(
            surname="Бойко",
            given_name="Іван",
            patronymic="Петрович",
            birth_date=dt.date(1988, 7, 1),
            service_number="UA-500001",
            unit="93 окрема механізована бригада",
        ),
        "melnyk": make_person(
            surname="Мельник",
            given_name="Петро",
            patronymic="Іванович",
            birth_date=dt.date(1985, 2, 2),
            service_number="UA-500002",
            unit="36 окрема бригада морської піхоти",
        ),
    }
    registry.add_status_event(
        actor=registrar,
        person=people["boiko"],
        status="returned",
        effective=day("2025-02-05"),
        document="Обмін 5 лютого",
    )
    return people


def test_their_offer_is_matched_and_checked_entry_by_entry(
    officer: User, agreement: Agreement, ours_named: dict[str, Person]
) -> None:
    version = _load(
        officer,
        agreement,
        _file(
            "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456;24 ОМБр",
            "2;БОЙКО Иван Петрович;01.07.1988;сержант;UA-500001;",
            "3;МЕЛЬНИК Петр Иванович;02.02.1986;солдат;UA-500002;в/ч 3057",
            "4;ПЕТРЕНКО Василий Сергеевич;11.11.1979;рядовой;;",
            "5;Шевченко Александр Николаевич;21.03.1990;;;",
        ),
    )
    assert (version.number, version.state, version.file_name) == (1, "submitted", "список.csv")
    rows = _by_row(version)
    shevchenko = rows[1]
    assert shevchenko.person == ours_named["shevchenko"] and shevchenko.verdict == "confirmed"
    assert shevchenko.probability is not None and shevchenko.probability >= 0.995
    assert {c["field"] for c in shevchenko.contributions} >= {"surname", "given_name"}
    assert shevchenko.written_name == "ШЕВЧЕНКО Александр Николаевич"
    assert shevchenko.flags == ["duplicate"] and rows[5].flags == ["duplicate"]
    assert rows[5].person == ours_named["shevchenko"]
    assert (rows[2].person, rows[2].flags) == (ours_named["boiko"], ["returned"])
    assert rows[3].person == ours_named["melnyk"] and rows[3].verdict == "confirmed"
    assert rows[3].flags == ["birth_mismatch", "unit_mismatch"]
    assert (rows[4].person, rows[4].verdict, rows[4].flags) == (None, "unknown", [])
    assert rows[4].written["birth_date"] == "1979-11-11"
    audit = AuditEntry.objects.get(action="list.receive", object_id=str(version.pk))
    after = audit.after or {}
    assert after["rows"] == 5 and after["verdicts"]["unknown"] == 1
    summary = list_selectors.list_summaries(officer, agreement)[1]
    assert summary.entries == 5 and summary.flagged == 4
    assert summary.verdicts == {"confirmed": 4, "unknown": 1}


@pytest.fixture
def held(registrar: User, make_person: Callable[..., Person]) -> dict[str, Person]:
    """Persons we hold: a background for the engine to learn from, and three named."""
    vocab = _Vocab()
    rows = [_fields(p, vocab) for p in Generator(seed=5).persons(300, held_share=1.0)]
    registry.create_persons(actor=registrar, rows=rows)
    people = {
        "ivanov": make_person(
            side="held",
            surname="Иванов",
            given_name="Сергей",
            patronymic="Петрович",
            birth_date=dt.date(1991, 5, 5),
            service_number="RU-100001",
            unit="",
            legal_hold=True,
        ),
        "petrov": make_person(
            side="held",
            surname="Петров",
            given_name="Олег",
            patronymic="Андреевич",
            birth_date=dt.date(1993, 8, 8),
            service_number="RU-100002",
            unit="",
            exchange_consent="refuses",
        ),
        "sidorov": make_person(
            side="held",
            surname="Сидоров",
            given_name="Иван",
            patronymic="Ильич",
            birth_date=dt.date(1990, 1, 9),
            service_number="RU-100003",
            unit="",
        ),
    }
    registry.add_status_event(
        actor=registrar,
        person=people["sidorov"],
        status="exchanged",
        effective=day("2025-02-05"),
        document="Обмін 5 лютого",
    )
    return people


def test_their_request_is_checked_for_holds_consent_and_who_was_handed_over(
    officer: User, agreement: Agreement, held: dict[str, Person]
) -> None:
    version = _load(
        officer,
        agreement,
        _file(
            "1;ИВАНОВ Сергей Петрович;05.05.1991;;RU-100001;",
            "2;ПЕТРОВ Олег Андреевич;08.08.1993;;RU-100002;",
            "3;СИДОРОВ Иван Ильич;09.01.1990;;RU-100003;",
        ),
        kind="their_request",
    )
    rows = _by_row(version)
    assert [(rows[n].person, rows[n].flags) for n in (1, 2, 3)] == [
        (held["ivanov"], ["legal_hold"]),
        (held["petrov"], ["no_consent"]),
        (held["sidorov"], ["handed_over"]),
    ]


def test_their_next_version_shows_who_they_added_and_removed(
    officer: User, agreement: Agreement, ours_named: dict[str, Person]
) -> None:
    first = _load(
        officer,
        agreement,
        _file(
            "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456;",
            "2;ПЕТРЕНКО Василий Сергеевич;11.11.1979;;;",
        ),
    )
    second = _load(
        officer,
        agreement,
        _file(
            "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456;",
            "2;МЕЛЬНИК Петр Иванович;02.02.1985;солдат;UA-500002;",
        ),
        name="список-2.csv",
    )
    assert second.number == 2
    first_changes = [
        (c.action, c.person_id, c.written_name) for c in list_selectors.changes_for(officer, first)
    ]
    assert first_changes == [
        ("added", ours_named["shevchenko"].pk, "ШЕВЧЕНКО Александр Николаевич"),
        ("added", None, "ПЕТРЕНКО Василий Сергеевич"),
    ]
    changes = [
        (c.action, c.person_id, c.written_name, c.actor)
        for c in list_selectors.changes_for(officer, second)
    ]
    assert changes == [
        ("added", ours_named["melnyk"].pk, "МЕЛЬНИК Петр Иванович", officer),
        ("removed", None, "ПЕТРЕНКО Василий Сергеевич", officer),
    ]


def test_possible_matches_are_decided_before_the_list_is_agreed(
    officer: User, agreement: Agreement, ours_named: dict[str, Person]
) -> None:
    version = _load(officer, agreement, _file("1;МЕЛЬНИК Петр;;;;"))
    entry = version.entries.get()
    assert entry.verdict == "possible" and entry.person == ours_named["melnyk"]
    with pytest.raises(ValidationError, match="1 entries are possible matches"):
        lists.agree_version(actor=officer, version_id=version.pk)
    lists.decide_entry(actor=officer, entry_id=entry.pk, person=ours_named["melnyk"])
    lists.agree_version(actor=officer, version_id=version.pk)
    ours_named["melnyk"].refresh_from_db()
    assert ours_named["melnyk"].current_status == "on_exchange_list"
    with pytest.raises(ValidationError, match="agreed: its entries are final"):
        lists.decide_entry(actor=officer, entry_id=entry.pk, person=None)


def test_an_entry_is_marked_unknown_or_given_another_person(
    officer: User, agreement: Agreement, ours_named: dict[str, Person]
) -> None:
    version = _load(officer, agreement, _file("1;МЕЛЬНИК Петр;;;;"))
    entry = version.entries.get()
    lists.decide_entry(actor=officer, entry_id=entry.pk, person=None, note="не наш")
    entry.refresh_from_db()
    assert (entry.person, entry.verdict, entry.contributions) == (None, "unknown", [])
    lists.decide_entry(actor=officer, entry_id=entry.pk, person=ours_named["boiko"])
    entry.refresh_from_db()
    assert (entry.person, entry.verdict) == (ours_named["boiko"], "confirmed")
    audit = AuditEntry.objects.filter(action="list.decide").order_by("seq")
    assert [(a.after or {})["verdict"] for a in audit] == ["unknown", "confirmed"]


def test_a_file_with_bad_rows_is_refused_whole_naming_each_row(
    officer: User, agreement: Agreement, ours_named: dict[str, Person]
) -> None:
    content = _file(
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;;;",
        "2;;01.01.1990;;;",
        "3;БОЙКО Иван;31.02.1990;;;",
    )
    with pytest.raises(ValidationError) as refused:
        _load(officer, agreement, content, name="offer-17.csv")
    text = "\n".join(refused.value.messages)
    assert "offer-17.csv, row 3, column" in text and "offer-17.csv, row 4, column" in text
    assert "not a real date" in text and "Nothing was loaded" in text
    assert not ListVersion.objects.exists() and not ListEntry.objects.exists()
    with pytest.raises(ValidationError, match=r"empty\.csv"):
        _load(officer, agreement, b"", name="empty.csv")
    assert not ListVersion.objects.exists()


def test_entries_unknown_to_us_are_registered_as_our_people(
    officer: User, agreement: Agreement, ours_named: dict[str, Person]
) -> None:
    version = _load(officer, agreement, _file(
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;солдат;UA-123456;",
        "2;ПЕТРЕНКО Василий Сергеевич;11.11.1979;рядовой;;",
        "3;КОЗАК;;;;",
    ))  # fmt: skip
    [person] = registration.register_unknown(actor=officer, version_id=version.pk)
    person.refresh_from_db()
    assert (person.surname, person.given_name, person.patronymic) == ("Петренко", "Василий",
                                                                      "Сергеевич")  # fmt: skip
    assert person.birth_date == dt.date(1979, 11, 11) and person.side == "own"
    assert person.current_status == "confirmed_captive"
    record = person.source_records.get()
    assert record.source.kind == "counterpart" and record.raw["surname"] == "Петренко"
    entry = version.entries.get(row=3)
    assert (entry.person, entry.verdict) == (person, "confirmed")
    assert version.entries.get(row=4).person is None  # a surname alone names nobody
    with pytest.raises(ValidationError, match="both a surname and a given name"):
        registration.register_unknown(actor=officer, version_id=version.pk)
    request = _load(officer, agreement, _file("1;ПЕТРОВ Олег;;;;"), kind="their_request")
    with pytest.raises(ValidationError, match="Only entries of their offer"):
        registration.register_unknown(actor=officer, version_id=request.pk)
