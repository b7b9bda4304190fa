"""The registry's services enforce that only the medical role writes medical notes, and
that only roles that edit persons edit them, whoever calls the services (issue 20)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from homeward.apps.registry import services
from homeward.apps.registry.models import Person
from tests.conftest import person_fields

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["registrar", "administrator"])
def test_other_roles_cannot_write_medical_notes_through_the_service(
    make_user: Callable[..., User], person: Person, role: str
) -> None:
    actor = make_user(role)
    with pytest.raises(PermissionDenied):
        services.update_person(
            actor=actor,
            person_id=person.pk,
            expected_version=person.version,
            fields={"medical_notes": "shrapnel wound"},
        )
    with pytest.raises(PermissionDenied):
        services.create_person(actor=actor, fields=person_fields(medical_notes="diabetic"))
    with pytest.raises(PermissionDenied):
        services.create_persons(actor=actor, rows=[person_fields(medical_notes="diabetic")])
    person.refresh_from_db()
    assert person.medical_notes == "" and person.version == 1
    assert Person.objects.count() == 1


def test_the_medical_role_writes_them(make_user: Callable[..., User], person: Person) -> None:
    medic = make_user("medical_officer")
    updated = services.update_person(
        actor=medic,
        person_id=person.pk,
        expected_version=person.version,
        fields={"medical_notes": "shrapnel wound"},
    )
    assert updated.medical_notes == "shrapnel wound"


def test_others_edit_the_rest_and_the_notes_stay(
    make_user: Callable[..., User], person: Person, registrar: User
) -> None:
    medic = make_user("medical_officer")
    person = services.update_person(
        actor=medic, person_id=person.pk, expected_version=1, fields={"medical_notes": "wound"}
    )
    person = services.update_person(
        actor=registrar, person_id=person.pk, expected_version=2, fields={"unit": "36 brigade"}
    )
    assert person.unit == "36 brigade" and person.medical_notes == "wound"


@pytest.mark.parametrize("role", ["family_liaison", "exchange_officer", "communications"])
def test_roles_that_do_not_edit_persons_cannot_through_the_service(
    make_user: Callable[..., User], person: Person, role: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.update_person(
            actor=make_user(role),
            person_id=person.pk,
            expected_version=person.version,
            fields={"unit": "x"},
        )
