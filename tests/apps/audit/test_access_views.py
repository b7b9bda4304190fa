"""Auditors' pages on the access log: who read a person, what a user read, who reads most,
and the refusals at the limit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from homeward.apps.registry import merging
from homeward.apps.registry.models import Person

pytestmark = pytest.mark.django_db


def test_only_auditors_see_the_reads(client_for: Callable[[str], Client]) -> None:
    assert client_for("auditor").get("/audit/reads/").status_code == 200
    for role in ("administrator", "registrar", "family_liaison", "communications"):
        client = client_for(role)
        for url in ("/audit/reads/", "/audit/reads/person/", "/audit/reads/user/"):
            assert client.get(url).status_code == 403, (role, url)


def test_who_read_a_person_names_each_reader_and_the_page(
    client_for: Callable[[str], Client], make_person: Callable[..., Person]
) -> None:
    person = make_person()
    other = make_person(surname="Коваленко", service_number="UA-9")
    client_for("family_liaison").get(f"/persons/{person.pk}/", REMOTE_ADDR="10.0.0.7")
    client_for("registrar").get("/persons/")
    client_for("medical_officer").get(f"/persons/{other.pk}/")
    page = client_for("auditor").get(f"/audit/reads/person/?case={person.case_number.lower()}")
    text = page.content.decode()
    assert page.status_code == 200
    table = text[text.index('id="person-reads-table"') :]
    assert "family_liaison" in table and "registrar" in table
    assert "medical_officer" not in table
    assert "registry:person_detail" in table and "10.0.0.7" in table
    # Auditors see case numbers, never names.
    assert "Шевченко" not in text


def test_reads_of_a_merged_record_count_as_reads_of_its_survivor(
    client_for: Callable[[str], Client], make_person: Callable[..., Person], registrar: User
) -> None:
    survivor = make_person()
    absorbed = make_person(service_number="UA-2")
    client_for("family_liaison").get(f"/persons/{absorbed.pk}/")
    merging.merge_persons(actor=registrar, survivor_id=survivor.pk, absorbed_id=absorbed.pk)
    page = client_for("auditor").get(f"/audit/reads/person/?case={survivor.case_number}")
    assert "family_liaison" in page.content.decode()


def test_an_unknown_case_number_is_said_so(client_for: Callable[[str], Client]) -> None:
    page = client_for("auditor").get("/audit/reads/person/?case=HW-0000-0")
    assert page.status_code == 200
    assert 'data-field="case"' in page.content.decode()


def test_what_a_user_read_lists_their_pages_with_case_numbers(
    client_for: Callable[[str], Client], make_person: Callable[..., Person]
) -> None:
    person = make_person()
    client_for("family_liaison").get(f"/persons/{person.pk}/")
    client_for("registrar").get("/persons/")
    page = client_for("auditor").get("/audit/reads/user/?user=family_liaison")
    text = page.content.decode()
    table = text[text.index('id="user-reads-table"') :]
    assert person.case_number in table
    assert "registry:person_detail" in table
    assert "registry:person_list" not in table


@override_settings(HOMEWARD_READ_LIMITS={"family_liaison": 1})
def test_the_week_shows_the_heaviest_readers_and_every_refusal(
    client_for: Callable[[str], Client], make_person: Callable[..., Person]
) -> None:
    first, second = make_person(), make_person(surname="Коваленко", service_number="UA-9")
    liaison = client_for("family_liaison")
    liaison.get(f"/persons/{first.pk}/")
    assert liaison.get(f"/persons/{second.pk}/").status_code == 429
    client_for("registrar").get("/persons/")
    text = client_for("auditor").get("/audit/reads/").content.decode()
    readers = text[text.index('id="readers-table"') :]
    assert readers.index("registrar") < readers.index("family_liaison")  # 2 persons before 1
    refusals = text[text.index('id="refusals-table"') : text.index('id="readers-table"')]
    assert "family_liaison" in refusals and f"/persons/{second.pk}/" in refusals
