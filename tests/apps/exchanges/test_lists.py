"""Our lists: built by hand and by criteria, versioned, changes kept, agreed onto the
exchange list; and who may see them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from homeward.apps.audit.models import AuditEntry
from homeward.apps.audit.verification import verify_audit_trail
from homeward.apps.exchanges import list_selectors, lists
from homeward.apps.exchanges.list_selectors import Criteria
from homeward.apps.exchanges.models import Agreement, ListChange, ListVersion
from homeward.apps.intake import services as intake
from homeward.apps.registry import services as registry
from homeward.apps.registry.models import Person, PersonGroup
from homeward.core.status import Side
from tests.conftest import day

pytestmark = pytest.mark.django_db


def _draft(officer: User, agreement: Agreement, kind: str = "our_request") -> ListVersion:
    return lists.start_version(actor=officer, agreement=agreement, kind=kind)


def _persons(version: ListVersion) -> list[int]:
    return sorted(version.entries.values_list("person_id", flat=True))


def test_a_list_is_built_by_hand_and_refuses_who_cannot_be_on_it(
    officer: User, registrar: User, agreement: Agreement, ours: list[Person], theirs: list[Person]
) -> None:
    registry.add_status_event(
        actor=registrar,
        person=ours[3],
        status="returned",
        effective=day("2025-01-10"),
        document="Акт 1",
    )
    draft = _draft(officer, agreement)
    lists.add_persons(actor=officer, version_id=draft.pk, persons=ours[:2], priority=1)
    assert _persons(draft) == sorted(p.pk for p in ours[:2])
    with pytest.raises(ValidationError) as refused:
        lists.add_persons(
            actor=officer, version_id=draft.pk, persons=[ours[0], ours[2], ours[3], theirs[0]]
        )
    text = " ".join(refused.value.messages)
    assert "already on this list" in text and ours[0].case_number in text
    assert "returned: not in captivity" in text and ours[3].case_number in text
    assert "not one of ours" in text and theirs[0].case_number in text
    assert ours[2].case_number not in text
    assert _persons(draft) == sorted(p.pk for p in ours[:2])  # all or none


def test_by_criteria_takes_the_fitting_persons_still_in_captivity(
    officer: User, registrar: User, agreement: Agreement, make_person: Callable[..., Person]
) -> None:
    mariupol = PersonGroup.objects.create(name_uk="Захисники Маріуполя", name_en="Mariupol")
    today = timezone.localdate()
    long_held = make_person(
        surname="Бойко",
        given_name="Іван",
        capture_date=dt.date(2022, 5, 20),
        capture_date_precision="day",
        groups=[mariupol],
        health_state="seriously_wounded",
        service_number="UA-1",
    )
    recent = make_person(
        surname="Мельник",
        given_name="Петро",
        capture_date=today - dt.timedelta(days=30),
        capture_date_precision="day",
        groups=[mariupol],
        service_number="UA-2",
    )
    home = make_person(
        surname="Ткачук",
        given_name="Андрій",
        capture_date=dt.date(2022, 5, 20),
        capture_date_precision="day",
        groups=[mariupol],
        service_number="UA-3",
    )
    make_person(
        surname="Коваль",
        given_name="Юрій",
        capture_date=dt.date(2022, 5, 20),
        capture_date_precision="day",
        service_number="UA-4",
    )  # not of the group
    registry.add_status_event(
        actor=registrar,
        person=home,
        status="returned",
        effective=day("2024-01-10"),
        document="Акт 2",
    )
    draft = _draft(officer, agreement)
    result = lists.add_by_criteria(
        actor=officer,
        version_id=draft.pk,
        priority=1,
        criteria=Criteria(groups=(mariupol.pk,), min_days_in_captivity=365),
    )
    assert [e.person_id for e in result.added] == [long_held.pk]
    assert result.skipped == {}
    # The same criteria again: everyone fitting is already there.
    again = lists.add_by_criteria(
        actor=officer, version_id=draft.pk, criteria=Criteria(groups=(mariupol.pk,))
    )
    assert [e.person_id for e in again.added] == [recent.pk]
    assert again.skipped == {"already on the list": 1}
    wounded = list_selectors.persons_by_criteria(
        officer, Side.OWN, Criteria(health_states=("seriously_wounded",))
    )
    assert list(wounded) == [long_held]
    entry = draft.entries.get(person=long_held)
    assert entry.priority == 1 and entry.category == "military"
    audit = AuditEntry.objects.filter(action="list.add", object_id=str(draft.pk)).order_by("seq")[0]
    assert (audit.after or {})["criteria"]["min_days_in_captivity"] == 365


def test_by_age_counts_whole_years(
    officer: User, agreement: Agreement, make_person: Callable[..., Person]
) -> None:
    today = timezone.localdate()
    sixty = make_person(
        surname="Старий",
        given_name="Іван",
        service_number="UA-60",
        birth_date=today.replace(year=today.year - 60) - dt.timedelta(days=1),
    )
    make_person(
        surname="Молодий",
        given_name="Іван",
        service_number="UA-59",
        birth_date=today.replace(year=today.year - 60) + dt.timedelta(days=1),
    )
    fitting = list_selectors.persons_by_criteria(officer, Side.OWN, Criteria(min_age=60))
    assert list(fitting) == [sixty]
    under = list_selectors.persons_by_criteria(officer, Side.OWN, Criteria(max_age=59))
    assert sixty not in list(under) and under.count() == 1


def test_persons_we_hold_under_legal_hold_or_refusing_are_not_offered(
    officer: User, registrar: User, agreement: Agreement, theirs: list[Person]
) -> None:
    held, refusing = theirs[0], theirs[1]
    registry.update_person(
        actor=registrar,
        person_id=held.pk,
        fields={"legal_hold": True},
        expected_version=held.version,
    )
    registry.update_person(
        actor=registrar,
        person_id=refusing.pk,
        fields={"exchange_consent": "refuses"},
        expected_version=refusing.version,
    )
    draft = _draft(officer, agreement, "our_offer")
    with pytest.raises(ValidationError) as refused:
        lists.add_persons(actor=officer, version_id=draft.pk, persons=[held, refusing])
    text = " ".join(refused.value.messages)
    assert "Art. 119" in text and "Art. 109" in text
    result = lists.add_by_criteria(actor=officer, version_id=draft.pk, criteria=Criteria())
    assert sorted(e.person_id or 0 for e in result.added) == sorted(p.pk for p in theirs[2:])
    assert result.skipped == {"legal hold (Art. 119)": 1, "refuses repatriation (Art. 109)": 1}


def test_legal_hold_and_consent_are_for_persons_we_hold_only(
    registrar: User, ours: list[Person]
) -> None:
    with pytest.raises(ValidationError) as refused:
        registry.update_person(
            actor=registrar,
            person_id=ours[0].pk,
            fields={"legal_hold": True, "exchange_consent": "refuses"},
            expected_version=ours[0].version,
        )
    assert set(refused.value.message_dict) == {"legal_hold", "exchange_consent"}


def test_versions_copy_freeze_and_keep_every_change(
    officer: User, make_user: Callable[..., User], agreement: Agreement, ours: list[Person]
) -> None:
    draft = _draft(officer, agreement)
    lists.add_persons(actor=officer, version_id=draft.pk, persons=ours[:3], reason="Маріуполь")
    with pytest.raises(ValidationError, match="still a draft"):
        _draft(officer, agreement)
    lists.submit_version(actor=officer, version_id=draft.pk)
    with pytest.raises(ValidationError, match="submitted: start a new version"):
        lists.add_persons(actor=officer, version_id=draft.pk, persons=[ours[3]])
    second_officer = make_user("exchange_officer", username="officer2")
    v2 = _draft(second_officer, agreement)
    assert v2.number == 2 and _persons(v2) == _persons(draft)
    entries = {e.person_id: e for e in v2.entries.all()}
    lists.remove_entries(
        actor=second_officer,
        version_id=v2.pk,
        entry_ids=[entries[ours[0].pk].pk],
        reason="відмовився",
    )
    lists.substitute(
        actor=second_officer,
        version_id=v2.pk,
        entry_id=entries[ours[1].pk].pk,
        person=ours[3],
        reason="за домовленістю",
    )
    assert _persons(v2) == sorted([ours[2].pk, ours[3].pk])
    assert _persons(ListVersion.objects.get(pk=draft.pk)) == sorted(p.pk for p in ours[:3])
    changes = list(list_selectors.changes_for(officer, v2))
    assert [(c.action, c.person_id, c.replaced_id, c.actor, c.reason) for c in changes] == [
        ("removed", ours[0].pk, None, second_officer, "відмовився"),
        ("substituted", ours[3].pk, ours[1].pk, second_officer, "за домовленістю"),
    ]
    first = [(c.action, c.person_id, c.actor) for c in list_selectors.changes_for(officer, draft)]
    assert first == [("added", p.pk, officer) for p in ours[:3]]
    assert v2.entries.get(person=ours[3]).replaces == ours[1]
    assert verify_audit_trail().broken is None


def test_an_empty_draft_is_not_submitted_and_a_draft_is_not_agreed(
    officer: User, agreement: Agreement
) -> None:
    draft = _draft(officer, agreement)
    with pytest.raises(ValidationError, match="empty"):
        lists.submit_version(actor=officer, version_id=draft.pk)
    with pytest.raises(ValidationError, match="Only a submitted version"):
        lists.agree_version(actor=officer, version_id=draft.pk)


def test_agreeing_puts_the_persons_on_the_exchange_list(
    officer: User, registrar: User, agreement: Agreement, ours: list[Person]
) -> None:
    registry.add_status_event(
        actor=registrar,
        person=ours[0],
        status="confirmed_captive",
        effective=day("2024-03-01"),
        document="МКЧХ",
    )
    draft = _draft(officer, agreement)
    lists.add_persons(actor=officer, version_id=draft.pk, persons=ours[:2])
    lists.submit_version(actor=officer, version_id=draft.pk)
    lists.agree_version(actor=officer, version_id=draft.pk)
    for person in ours[:2]:
        person.refresh_from_db()
        assert person.current_status == "on_exchange_list"
        event = person.status_events.get(status="on_exchange_list")
        # In the registry's language, whoever agreed it.
        assert "версію 1 погоджено" in event.document and event.reliability == "A"
    ours[2].refresh_from_db()
    assert ours[2].current_status == ""
    # A second agreed version does not report them again.
    v2 = _draft(officer, agreement)
    lists.submit_version(actor=officer, version_id=v2.pk)
    lists.agree_version(actor=officer, version_id=v2.pk)
    assert ours[0].status_events.filter(status="on_exchange_list").count() == 1
    assert verify_audit_trail().broken is None


def test_our_lists_are_not_loaded_from_files_nor_theirs_built(
    officer: User, agreement: Agreement
) -> None:
    with pytest.raises(ValidationError, match="comes from the other side"):
        _draft(officer, agreement, "their_offer")
    with pytest.raises(ValidationError, match="is ours"):
        lists.load_their_list(
            actor=officer, agreement=agreement, kind="our_request", file_name="x.csv", content=b"x"
        )


def test_only_exchange_officers_see_lists_until_the_exchange_is_completed(
    officer: User, make_user: Callable[..., User], agreement: Agreement, ours: list[Person]
) -> None:
    draft = _draft(officer, agreement)
    lists.add_persons(actor=officer, version_id=draft.pk, persons=ours[:1])
    for role in ("registrar", "communications", "medical_officer"):
        user = make_user(role)
        with pytest.raises(PermissionDenied):
            list_selectors.list_summaries(user, agreement)
        with pytest.raises(PermissionDenied):
            list_selectors.entries_for(user, draft)
        with pytest.raises(PermissionDenied):
            lists.add_persons(actor=user, version_id=draft.pk, persons=ours[1:2])
    summaries = list_selectors.list_summaries(make_user("administrator"), agreement)
    assert [s.kind.value for s in summaries] == [
        "our_request",
        "their_offer",
        "their_request",
        "our_offer",
    ]
    assert summaries[0].entries == 1 and summaries[0].latest == draft
    Agreement.objects.filter(pk=agreement.pk).update(status="completed")
    reader = make_user("registrar")
    assert (
        list_selectors.entries_for(reader, list_selectors.version_for(reader, draft.pk)).count()
        == 1
    )
    with pytest.raises(ValidationError, match="completed: its lists can no longer change"):
        lists.add_persons(actor=officer, version_id=draft.pk, persons=ours[1:2])
    assert ListChange.objects.count() == 1


def test_the_seriously_wounded_found_for_direct_repatriation_are_listed_first(
    officer: User, agreement: Agreement, make_person: Callable[..., Person]
) -> None:
    wounded = make_person(
        surname="Бойко",
        given_name="Іван",
        service_number="UA-71",
        direct_repatriation="not_within_a_year",
        health_state="seriously_wounded",
    )
    make_person(
        surname="Мельник",
        given_name="Петро",
        service_number="UA-72",
        health_state="seriously_wounded",
    )  # wounded, not yet seen by a commission
    draft = _draft(officer, agreement)
    result = lists.add_by_criteria(
        actor=officer, version_id=draft.pk, criteria=Criteria(direct_repatriation=True)
    )
    assert [e.person_id for e in result.added] == [wounded.pk]
    assert result.added[0].category == "wounded_sick"


def test_a_list_of_ours_takes_everyone_an_import_linked_or_added(
    officer: User,
    registrar: User,
    agreement: Agreement,
    background: list[Person],
    make_person: Callable[..., Person],
) -> None:
    shevchenko = make_person()
    for born in (dt.date(1968, 4, 12), dt.date(1994, 9, 3)):  # a father and a son
        make_person(
            surname="Гнатюк",
            given_name="Іван",
            patronymic="Петрович",
            birth_date=born,
            service_number="",
        )
    content = (
        "№;ФИО;Дата рождения;Личный номер\n"
        "1;ШЕВЧЕНКО Александр Николаевич;21.03.1990;UA-123456\n"
        "2;ГНАТЮК Иван Петрович;;\n"
        "3;КОВАЛЕНКО Петр Иванович;01.01.1980;\n"
    ).encode("cp1251")
    batch = intake.import_file(
        actor=officer,
        file_name="unit-report.csv",
        content=content,
        source_kind="unit",
        source_name="в/ч А0000",
    )
    assert batch.summary() == {
        "rows": 3,
        "linked": 1,
        "review": 1,
        "new_rows": 1,
        "errors": 0,
        "new_persons": 1,
    }
    draft = _draft(officer, agreement)
    result = lists.add_from_import(
        actor=officer, version_id=draft.pk, batch_id=batch.pk, priority=3
    )
    added = {e.person_id for e in result.added}
    new = batch.records.get(decision="new").record.person
    assert new is not None and new.surname == "Коваленко"
    assert added == {shevchenko.pk, new.pk}
    assert result.skipped == {"still in review": 1}
    assert {e.priority for e in result.added} == {3}
    change = draft.changes.first()
    assert change is not None and change.reason == "from the import of unit-report.csv"
    again = lists.add_from_import(actor=officer, version_id=draft.pk, batch_id=batch.pk)
    assert again.added == [] and again.skipped == {"still in review": 1, "already on the list": 2}
