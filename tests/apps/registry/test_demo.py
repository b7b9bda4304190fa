from __future__ import annotations

import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from homeward.apps.accounts.roles import ROLES
from homeward.apps.audit.verification import verify_audit_trail
from homeward.apps.registry.models import Person, SourceRecord, StatusEvent

pytestmark = pytest.mark.django_db


def _demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--no-exchange", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_once_and_prints_every_role_with_its_password() -> None:
    output = _demo("--persons", "60", "--password", "demo-pass-123")
    assert Person.objects.count() == 60
    for role in ROLES:
        assert role.code in output
        assert authenticate(username=role.code, password="demo-pass-123") is not None
    records, events = SourceRecord.objects.count(), StatusEvent.objects.count()
    assert records >= 60 and events >= 60

    again = _demo("--persons", "60")
    assert "already loaded" in again
    assert (Person.objects.count(), SourceRecord.objects.count(), StatusEvent.objects.count()) == (
        60,
        records,
        events,
    )
    # Without --password each user gets a new generated one, printed.
    assert "demo-pass-123" not in again
    assert authenticate(username="registrar", password="demo-pass-123") is None


def test_demo_data_looks_real_and_is_audited() -> None:
    _demo("--persons", "200", "--password", "demo-pass-123")
    sides = Counter(Person.objects.values_list("side", flat=True))
    assert sides["own"] > sides["held"] > 0
    ranks = Counter(Person.objects.filter(side="own").values_list("rank_category", flat=True))
    assert ranks["private"] + ranks["sergeant"] > 0.8 * sum(ranks.values())
    assert Person.objects.filter(groups__code="mariupol").exists()
    statuses = set(Person.objects.values_list("current_status", flat=True))
    assert {"missing", "confirmed_captive", "returned", "in_custody"} <= statuses
    held = Person.objects.filter(side="held").first()
    assert held is not None and held.rank is not None  # Russian rank names mapped
    result = verify_audit_trail()
    assert result.broken is None and result.entries > 600
