"""The demo: everyone received in the demo exchange has a return case, moved along."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from homeward.apps.audit.verification import verify_audit_trail
from homeward.apps.exchanges import services as exchanges
from homeward.apps.exchanges.demo import load_exchange_demo
from homeward.apps.exchanges.models import StageMember
from homeward.apps.registry.demo import DEMO_SOURCES
from homeward.apps.registry.services import create_source
from homeward.apps.returns import selectors
from homeward.apps.returns.demo import load_returns_demo
from homeward.apps.returns.models import CaseStep, ReturnCase
from tests.apps.exchanges.test_demo import SMALL

pytestmark = pytest.mark.django_db


def test_every_person_received_has_a_case_moved_along(
    make_user: Callable[..., User], registrar: User, coordinator: User, medic: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    for kind, (name, reliability) in DEMO_SOURCES.items():
        create_source(actor=registrar, kind=kind, name=name, reliability=reliability)
    officer, administrator = make_user("exchange_officer"), make_user("administrator")
    # A database whose exchange ran before return cases existed: the demo opens them.
    monkeypatch.setattr(exchanges, "_open_return_case", lambda user, member: None)
    received = load_exchange_demo(officer=officer, registrar=registrar, confirmer=administrator,
                                  stages=SMALL)  # fmt: skip
    assert not ReturnCase.objects.exists()
    monkeypatch.undo()
    counts = load_returns_demo(coordinator=coordinator, medic=medic)
    assert counts["opened"] == received and counts["moved"] > 0
    members = StageMember.objects.filter(outcome="received")
    assert set(ReturnCase.objects.values_list("stage_member", flat=True)) == set(
        members.values_list("pk", flat=True)) and members.count() == received  # fmt: skip
    states = Counter(
        CaseStep.objects.filter(kind="handover_intake").values_list("state", flat=True)
    )
    assert states == {"done": received}
    assert set(CaseStep.objects.filter(kind="payments").values_list("state", flat=True)) == {
        "pending"}  # fmt: skip
    board = selectors.board(coordinator)
    assert sum(board.at_step.values()) == received and "handover_intake" not in board.at_step
    again = load_returns_demo(coordinator=coordinator, medic=medic)
    assert again == {"opened": 0, "moved": 0}
    assert verify_audit_trail().broken is None
