"""The planner on an agreement: the agreed persons proposed for the planned stages with
pins, exclusions and reasons, applied through the stage services; and the pages that
record agreements and stages and run the planner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from homeward.apps.exchanges import lists, planning, services
from homeward.apps.exchanges.models import Agreement, Stage, StageMember
from homeward.apps.registry import services as registry
from homeward.apps.registry.models import Person
from homeward.core.dates import PartialDate, Precision
from homeward.core.messages import Message

pytestmark = pytest.mark.django_db


def _agree(
    officer: User, agreement: Agreement, kind: str, persons: list[Person], **kw: object
) -> None:
    version = lists.start_version(actor=officer, agreement=agreement, kind=kind)
    lists.add_persons(actor=officer, version_id=version.pk, persons=persons, **kw)  # type: ignore[arg-type]
    lists.submit_version(actor=officer, version_id=version.pk)
    lists.agree_version(actor=officer, version_id=version.pk)


@pytest.fixture
def agreed(
    officer: User, agreement: Agreement, make_person: Callable[..., Person]
) -> dict[str, Person]:
    """Four of ours and four we hold on agreed lists, captured on different days."""
    people = {}
    for i, (name, captured) in enumerate(
        [
            ("Бойко", "2022-05-20"),
            ("Мельник", "2024-01-10"),
            ("Ткачук", "2023-03-03"),
            ("Коваль", "2024-06-01"),
        ]
    ):
        people[name] = make_person(
            surname=name,
            service_number=f"UA-6{i}",
            capture_date=dt.date.fromisoformat(captured),
            capture_date_precision="day",
        )
    for i, name in enumerate(("Иванов", "Петров", "Сидоров", "Орлов")):
        people[name] = make_person(
            side="held", surname=name, given_name="Сергей", patronymic="", service_number=f"RU-6{i}"
        )
    _agree(officer, agreement, "our_request", [people[n] for n in ("Бойко", "Мельник", "Ткачук")])
    # The wounded man is agreed in a category of his own, in the list's second version.
    v2 = lists.start_version(actor=officer, agreement=agreement, kind="our_request")
    lists.add_persons(
        actor=officer, version_id=v2.pk, persons=[people["Коваль"]], category="wounded_sick"
    )
    lists.submit_version(actor=officer, version_id=v2.pk)
    lists.agree_version(actor=officer, version_id=v2.pk)
    _agree(
        officer,
        agreement,
        "our_offer",
        [people[n] for n in ("Иванов", "Петров", "Сидоров", "Орлов")],
    )
    return people


def _stages(officer: User, agreement: Agreement, *capacities: int) -> list[Stage]:
    return [
        services.add_stage(
            actor=officer,
            agreement=agreement,
            date=dt.date(2026, 12, 10) + dt.timedelta(days=i),
            receive_capacity=c,
        )
        for i, c in enumerate(capacities)
    ]


def test_the_agreed_persons_are_those_of_the_latest_agreed_versions(
    officer: User,
    registrar: User,
    agreement: Agreement,
    agreed: dict[str, Person],
    make_person: Callable[..., Person],
) -> None:
    draft = lists.start_version(actor=officer, agreement=agreement, kind="our_request")
    lists.add_persons(
        actor=officer,
        version_id=draft.pk,
        persons=[make_person(surname="Новий", service_number="UA-99")],
    )
    # Came home today, after the list was agreed (released otherwise, not in this exchange).
    registry.add_status_event(
        actor=registrar,
        person=agreed["Мельник"],
        status="returned",
        effective=PartialDate(timezone.localdate(), Precision.DAY),
        reliability="A",
        document="Акт",
    )
    found = planning.agreed_persons(officer, agreement)
    names = sorted(a.person.surname for a in found.values())
    assert names == ["Бойко", "Иванов", "Коваль", "Орлов", "Петров", "Сидоров", "Ткачук"]
    assert found[agreed["Коваль"].case_number].category == "wounded_sick"
    assert found[agreed["Бойко"].case_number].priority == planning.NO_PRIORITY


def test_the_proposal_puts_the_wounded_then_the_longest_held_first_with_reasons(
    officer: User, agreement: Agreement, agreed: dict[str, Person]
) -> None:
    first, second = _stages(officer, agreement, 2, 1)
    proposal = planning.propose(officer, agreement)
    assert proposal.problems == []
    assert [p.surname for p in proposal.persons_in(first) if p.side == "own"] == ["Коваль", "Бойко"]
    assert [p.surname for p in proposal.persons_in(second) if p.side == "own"] == ["Ткачук"]
    assert sum(p.side == "held" for p in proposal.persons_in(first)) == 2  # parity
    assert proposal.plan is not None
    why = proposal.plan.explanations[agreed["Коваль"].case_number]
    assert why.reason == "wounded_sick_first"
    members = planning.apply_proposal(actor=officer, proposal=proposal)
    assert len(members) == 6
    assert StageMember.objects.get(person=agreed["Коваль"]).category == "wounded_sick"
    again = planning.propose(officer, agreement)
    assert sorted(a.person.surname for a in again.agreed.values()) == ["Мельник", "Орлов"]


def test_pins_and_exclusions_are_honoured_and_bad_ones_named(
    officer: User, agreement: Agreement, agreed: dict[str, Person]
) -> None:
    _first, second = _stages(officer, agreement, 2, 2)
    koval, tkachuk = agreed["Коваль"].case_number, agreed["Ткачук"].case_number
    proposal = planning.propose(officer, agreement, pins={koval: 2}, excluded=frozenset({tkachuk}))
    assert agreed["Коваль"] in proposal.persons_in(second)
    assert proposal.plan is not None and tkachuk in proposal.plan.not_planned
    bad = planning.propose(officer, agreement, pins={"HW-NOBODY": 1, koval: 7})
    texts = [str(p) for p in bad.problems]
    assert any("HW-NOBODY" in t for t in texts) and any("stage 7" in t for t in texts)
    with pytest.raises(services.ExchangeError):
        planning.apply_proposal(actor=officer, proposal=bad)
    assert not StageMember.objects.exists()


def test_without_a_planned_stage_there_is_nothing_to_propose(
    officer: User, agreement: Agreement, agreed: dict[str, Person]
) -> None:
    proposal = planning.propose(officer, agreement)
    assert proposal.plan is None and "no planned stage" in str(proposal.problems[0])


@pytest.fixture
def officer_client(officer: User) -> Client:
    client = Client()
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_officer_records_an_agreement_and_its_stage_on_the_pages(
    officer_client: Client, client_for: Callable[[str], Client]
) -> None:
    response = officer_client.post(
        "/exchanges/",
        {
            "title": "Обмін 84 на 84",
            "formula": "n_for_n",
            "total": "84",
            "mediator": "ОАЕ",
            "negotiated_on": "2026-11-27",
        },
    )
    agreement = Agreement.objects.get()
    assert response["Location"] == f"/exchanges/{agreement.pk}/" and agreement.total == 84
    bad = officer_client.post("/exchanges/", {"title": "x", "formula": "per_category"})
    assert "Give the number of persons for each category" in bad.content.decode()
    per_category = officer_client.post(
        "/exchanges/",
        {
            "title": "Обмін поранених",
            "formula": "per_category",
            "wounded_sick": "12",
            "civilian": "3",
        },
    )
    assert per_category.status_code == 302
    assert Agreement.objects.get(title="Обмін поранених").quotas == {
        "civilian": 3,
        "wounded_sick": 12,
    }
    officer_client.post(
        f"/exchanges/{agreement.pk}/stages/new/",
        {"date": "2026-12-10", "receive_capacity": "40", "ratio": "1"},
    )
    stage = Stage.objects.get()
    assert (stage.number, stage.receive_capacity, stage.hand_over_capacity) == (1, 40, 40)
    registrar = client_for("registrar")
    assert (
        registrar.post(
            "/exchanges/", {"title": "x", "formula": "n_for_n", "total": "1"}
        ).status_code
        == 403
    )
    assert registrar.post(f"/exchanges/{agreement.pk}/stages/new/").status_code == 403
    assert registrar.get(f"/exchanges/{agreement.pk}/plan/").status_code == 403


def test_the_plan_page_proposes_and_applies(
    officer_client: Client, officer: User, agreement: Agreement, agreed: dict[str, Person]
) -> None:
    _stages(officer, agreement, 2, 2)
    tkachuk = agreed["Ткачук"].case_number
    page = officer_client.get(f"/exchanges/{agreement.pk}/plan/", {"excluded": tkachuk})
    html = page.content.decode()
    assert "8 agreed persons to plan." in html
    assert f'data-case="{agreed["Коваль"].case_number}"' in html and "Not planned" in html
    assert "excluded by the exchange officer" in html
    applied = officer_client.post(f"/exchanges/{agreement.pk}/plan/", {"excluded": tkachuk})
    assert applied["Location"] == f"/exchanges/{agreement.pk}/"
    assert StageMember.objects.count() == 6
    assert not StageMember.objects.filter(person=agreed["Ткачук"]).exists()
    bad = officer_client.get(f"/exchanges/{agreement.pk}/plan/", {"pins": "HW-1 two"})
    assert "Line 1: write the case number, then the stage number." in bad.content.decode()


def test_documents_and_status_of_an_agreement(
    officer_client: Client,
    client_for: Callable[[str], Client],
    officer: User,
    agreement: Agreement,
) -> None:
    memo = SimpleUploadedFile("меморандум.pdf", b"%PDF-1.4 memorandum")
    officer_client.post(
        f"/exchanges/{agreement.pk}/documents/", {"document": memo, "note": "підписаний"}
    )
    html = officer_client.get(f"/exchanges/{agreement.pk}/").content.decode()
    assert "меморандум.pdf" in html and "підписаний" in html
    document = agreement.documents.get()
    download = officer_client.get(f"/exchanges/documents/{document.pk}/")
    assert download.content == b"%PDF-1.4 memorandum"
    assert "attachment" in download["Content-Disposition"]
    empty = officer_client.post(
        f"/exchanges/{agreement.pk}/documents/", {"document": SimpleUploadedFile("blank.pdf", b"")}
    )
    assert "blank.pdf is empty" in officer_client.get(empty["Location"]).content.decode()
    assert client_for("registrar").get(f"/exchanges/documents/{document.pk}/").status_code == 403
    officer_client.post(f"/exchanges/{agreement.pk}/status/", {"status": "suspended"})
    agreement.refresh_from_db()
    assert agreement.status == "suspended"
    refused = officer_client.post(f"/exchanges/{agreement.pk}/status/", {"status": "completed"})
    page = officer_client.get(refused["Location"]).content.decode()
    assert "cannot become completed" in page
    with pytest.raises(services.ExchangeError, match="suspended: no stage can be added"):
        services.add_stage(
            actor=officer, agreement=agreement, date=dt.date(2026, 12, 10), receive_capacity=1
        )
    negotiating = services.create_agreement(
        actor=officer, title="Переговори", formula="n_for_n", total=5, status="negotiating"
    )
    assert negotiating.status == "negotiating"


def test_the_planners_words_name_categories_in_the_users_language() -> None:
    message = Message(
        "stage %(stage)s, category %(category)s: %(count)s persons pinned to "
        "receive, capacity %(capacity)s",
        {"stage": 1, "category": "wounded_sick", "count": 3, "capacity": 2},
    )
    with override("en"):
        assert "category seriously wounded and sick: 3" in planning.words(message)


def test_no_more_of_ours_are_planned_than_the_formula_says(
    officer: User, agreement: Agreement, agreed: dict[str, Person]
) -> None:
    Agreement.objects.filter(pk=agreement.pk).update(total=2)
    agreement.refresh_from_db()
    first, second = _stages(officer, agreement, 5, 5)
    proposal = planning.propose(officer, agreement)
    ours = [p for s in (first, second) for p in proposal.persons_in(s) if p.side == "own"]
    assert [p.surname for p in ours] == ["Коваль", "Бойко"]  # the two most urgent
    assert proposal.plan is not None
    assert proposal.plan.explanations[agreed["Ткачук"].case_number].reason.startswith("not_planned")
    planning.apply_proposal(actor=officer, proposal=proposal)
    assert planning.propose(officer, agreement).persons_in(second) == []


def test_a_formula_per_category_plans_each_category_up_to_its_quota(
    officer: User, make_person: Callable[..., Person]
) -> None:
    agreement = services.create_agreement(
        actor=officer,
        title="Обмін поранених",
        formula="per_category",
        quotas={"wounded_sick": 1, "civilian": 1},
    )
    wounded = [
        make_person(
            surname=f"Поранений{i}",
            service_number=f"UA-5{i}",
            direct_repatriation="incurable",
            capture_date=dt.date(2022 + i, 1, 1),
            capture_date_precision="day",
        )
        for i in range(2)
    ]
    civilian = make_person(
        surname="Цивільний", category="civilian", rank_category="civilian", service_number=""
    )
    soldier = make_person(surname="Солдат", service_number="UA-59")
    held = [
        make_person(
            side="held",
            surname=f"Иванов{i}",
            given_name="Сергей",
            patronymic="",
            service_number=f"RU-5{i}",
        )
        for i in range(4)
    ]
    _agree(officer, agreement, "our_request", [*wounded, civilian, soldier])
    _agree(officer, agreement, "our_offer", held)
    [stage] = _stages(officer, agreement, 10)
    proposal = planning.propose(officer, agreement)
    ours = [p for p in proposal.persons_in(stage) if p.side == "own"]
    assert sorted(p.surname for p in ours) == ["Поранений0", "Цивільний"]  # the longest held
    with override("en"):
        assert planning.words(proposal.why(wounded[1].case_number)) == (
            "Not planned: the agreement's quota for seriously wounded and sick (1) is reached."
        )
        assert "quota for military (0)" in planning.words(proposal.why(soldier.case_number))
    assert sum(p.side == "held" for p in proposal.persons_in(stage)) == 2  # parity
