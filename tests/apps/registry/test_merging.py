from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils.translation import override

from homeward.apps.audit.models import AuditEntry
from homeward.apps.audit.verification import verify_audit_trail
from homeward.apps.registry import merging, selectors, services
from homeward.apps.registry.models import Person, PersonMerge, Source, SourceRecord, StatusEvent
from homeward.apps.registry.snapshots import snapshot
from tests.apps.intake.conftest import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with override("en"):
        yield


@pytest.fixture
def pair(
    make_person: Callable[..., Person], report: Callable[..., Any], registrar: User, source: Source
) -> tuple[Person, Person]:
    """One man entered twice: once by his family (missing), once from a counterpart list
    (captured), each with a record and a report."""
    first = make_person()
    second = make_person(given_name="Олександр", surname="Шевченко", service_number="")
    report(first, "missing", "2024-02-01")
    report(second, "reported_captured", "2024-03-01")
    for person, text in ((first, "from the family"), (second, "from the list")):
        services.add_source_record(
            actor=registrar, source=source, raw={"text": text}, person=person
        )
    return first, second


def _state(person: Person) -> dict[str, Any]:
    """Everything a merge and its split could touch, read fresh from the database."""
    fresh = Person.objects.get(pk=person.pk)
    data = snapshot(fresh, exclude=("version",))
    data["records"] = sorted(fresh.source_records.values_list("pk", flat=True))
    data["events"] = sorted(fresh.status_events.values_list("pk", flat=True))
    return data


def test_merge_moves_records_and_reports_and_split_restores_exactly(
    registrar: User, pair: tuple[Person, Person]
) -> None:
    survivor, absorbed = pair
    before = {p.pk: _state(p) for p in pair}
    counts = (Person.objects.count(), SourceRecord.objects.count(), StatusEvent.objects.count())

    merge = merging.merge_persons(
        actor=registrar, survivor_id=survivor.pk, absorbed_id=absorbed.pk, reason="one man"
    )
    merged = _state(survivor)
    assert merged["records"] == sorted(
        before[survivor.pk]["records"] + before[absorbed.pk]["records"]
    )
    assert merged["events"] == sorted(before[survivor.pk]["events"] + before[absorbed.pk]["events"])
    assert merged["current_status"] == "reported_captured"  # the later report counts now
    assert _state(absorbed)["merged_into_id"] == survivor.pk
    assert _state(absorbed)["records"] == [] and _state(absorbed)["events"] == []
    # Nothing deleted, nothing created but the merge itself.
    assert counts == (
        Person.objects.count(), SourceRecord.objects.count(), StatusEvent.objects.count()
    )  # fmt: skip

    merging.split_merge(actor=registrar, merge_id=merge.pk, reason="two brothers")
    assert {p.pk: _state(p) for p in pair} == before
    merge.refresh_from_db()
    assert not merge.active and merge.split_by == registrar and merge.split_reason == "two brothers"
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", "object_id"))
    assert actions[-4:] == [
        ("person.merge", str(survivor.pk)),
        ("person.merged_into", str(absorbed.pk)),
        ("person.split", str(survivor.pk)),
        ("person.split_from", str(absorbed.pk)),
    ]
    assert verify_audit_trail().broken is None


def test_a_merged_person_leaves_lists_counts_and_linkage_but_keeps_its_page(
    registrar: User, pair: tuple[Person, Person]
) -> None:
    survivor, absorbed = pair
    merging.merge_persons(actor=registrar, survivor_id=survivor.pk, absorbed_id=absorbed.pk)
    assert list(selectors.persons_for(registrar)) == [survivor]
    assert selectors.status_counts(registrar)["total"] == 1
    assert selectors.linkage_columns(registrar)[0] == [str(survivor.pk)]
    assert selectors.person_for(registrar, absorbed.pk).merged_into == survivor


def test_nothing_more_is_added_to_a_merged_person(
    registrar: User, pair: tuple[Person, Person], source: Source, report: Callable[..., Any]
) -> None:
    survivor, absorbed = pair
    merging.merge_persons(actor=registrar, survivor_id=survivor.pk, absorbed_id=absorbed.pk)
    absorbed.refresh_from_db()
    with pytest.raises(ValidationError, match="merged into another person"):
        report(absorbed, "returned")
    with pytest.raises(ValidationError, match="merged into another person"):
        services.add_source_record(actor=registrar, source=source, raw={"x": "y"}, person=absorbed)
    with pytest.raises(ValidationError, match="merged into another person"):
        services.update_person(
            actor=registrar, person_id=absorbed.pk, expected_version=absorbed.version, fields={}
        )


def test_what_was_added_after_the_merge_stays_with_the_survivor(
    registrar: User, pair: tuple[Person, Person], report: Callable[..., Any]
) -> None:
    survivor, absorbed = pair
    merge = merging.merge_persons(actor=registrar, survivor_id=survivor.pk, absorbed_id=absorbed.pk)
    survivor.refresh_from_db()
    later = report(survivor, "confirmed_captive", "2024-05-01")
    merging.split_merge(actor=registrar, merge_id=merge.pk)
    assert later.pk in _state(survivor)["events"]
    assert _state(survivor)["current_status"] == "confirmed_captive"
    assert _state(absorbed)["current_status"] == "reported_captured"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("itself", "with itself"),
        ("already_merged", "already merged"),
        ("other_side", "different sides"),
    ],
)
def test_merges_that_cannot_be(
    registrar: User,
    pair: tuple[Person, Person],
    make_person: Callable[..., Person],
    case: str,
    message: str,
) -> None:
    survivor, absorbed = pair
    if case == "itself":
        absorbed = survivor
    elif case == "already_merged":
        third = make_person(service_number="")
        merging.merge_persons(actor=registrar, survivor_id=third.pk, absorbed_id=absorbed.pk)
    else:
        absorbed = make_person(side="held", category="military", service_number="")
    with pytest.raises(ValidationError, match=message):
        merging.merge_persons(actor=registrar, survivor_id=survivor.pk, absorbed_id=absorbed.pk)


def test_a_chain_of_merges_is_split_last_first(
    registrar: User, pair: tuple[Person, Person], make_person: Callable[..., Person]
) -> None:
    survivor, absorbed = pair
    third = make_person(service_number="")
    first = merging.merge_persons(actor=registrar, survivor_id=survivor.pk, absorbed_id=absorbed.pk)
    second = merging.merge_persons(actor=registrar, survivor_id=third.pk, absorbed_id=survivor.pk)
    with pytest.raises(ValidationError, match="split that merge first"):
        merging.split_merge(actor=registrar, merge_id=first.pk)
    merging.split_merge(actor=registrar, merge_id=second.pk)
    merging.split_merge(actor=registrar, merge_id=first.pk)
    with pytest.raises(ValidationError, match="already been split"):
        merging.split_merge(actor=registrar, merge_id=first.pk)
    assert Person.objects.filter(merged_into__isnull=False).count() == 0
    assert PersonMerge.objects.count() == 2


@pytest.mark.parametrize("role", ["exchange_officer", "medical_officer", "payments_officer"])
def test_only_registrars_merge(
    make_user: Callable[..., User], pair: tuple[Person, Person], role: str
) -> None:
    with pytest.raises(PermissionDenied):
        merging.merge_persons(actor=make_user(role), survivor_id=pair[0].pk, absorbed_id=pair[1].pk)
    assert not PersonMerge.objects.exists()


def test_merge_and_split_from_the_persons_page(
    client_for: Callable[[str], Client], pair: tuple[Person, Person]
) -> None:
    survivor, absorbed = pair
    client = in_english(client_for("registrar"))
    page = client.post(
        f"/persons/{survivor.pk}/merge/",
        {"duplicate": absorbed.case_number.lower(), "reason": "same man"},
        follow=True,
    )
    assert "merged into" in page.content.decode()
    merge = PersonMerge.objects.get()
    assert page.context["merges"][0] == merge
    absorbed_page = client.get(f"/persons/{absorbed.pk}/").content.decode()
    assert 'id="merged-banner"' in absorbed_page and 'id="add-status"' not in absorbed_page
    client.post(f"/persons/{survivor.pk}/merges/{merge.pk}/split/", {"reason": "brothers"})
    assert Person.objects.get(pk=absorbed.pk).merged_into is None
    missing = client.post(
        f"/persons/{survivor.pk}/merge/", {"duplicate": "HW-1999-000001"}, follow=True
    )
    assert "No person has the case number HW-1999-000001" in missing.content.decode()
    assert (
        client_for("exchange_officer")
        .post(f"/persons/{survivor.pk}/merge/", {"duplicate": absorbed.case_number})
        .status_code
        == 403
    )
