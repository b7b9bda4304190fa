"""Fixtures shared by the whole suite: users per role, persons made through the services,
API clients. Browser fixtures live in tests/browser/conftest.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from homeward.apps.accounts.roles import ROLES
from homeward.apps.accounts.second_factor import required_for
from homeward.apps.accounts.services import ensure_user
from homeward.apps.accounts.tokens import issue_token
from homeward.apps.exchanges import services as exchanges
from homeward.apps.registry import search_index, services
from homeward.apps.registry.demo import _fields, _Vocab
from homeward.apps.registry.models import Person, Source
from homeward.apps.returns.models import ReturnCase
from homeward.core.dates import PartialDate, Precision
from homeward.core.sensitivity import MEDICAL_FIELDS
from homeward.core.synthetic import Generator

ROLE_CODES = [role.code for role in ROLES]


@pytest.fixture(autouse=True)
def fresh_search_index() -> None:
    """Each test's registry is its own: the search index must not outlive it."""
    search_index.forget()


PASSWORD = "correct-horse-battery"


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now."""
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits).token()).zfill(
        device.digits
    )


def second_factor_of(user: User) -> TOTPDevice:
    """The user's authenticator, set up (confirmed) if they have none."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "phone"}
    )
    return device


@pytest.fixture(autouse=True)
def forced_sign_in_passes_the_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Client.force_login` stands for a whole sign-in, password and second factor: a user
    who needs one (administrators, ADR 33) gets an authenticator and a verified session.
    The second factor itself is tested through the sign-in form."""
    original = Client.force_login

    def force_login(self: Client, user: User, backend: str | None = None) -> None:
        original(self, user, backend)
        if required_for(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = second_factor_of(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(role: str | None = None, username: str | None = None) -> User:
        user, _ = ensure_user(
            actor=None,
            username=username or role or "nobody",
            password=PASSWORD,
            roles=[role] if role else [],
        )
        return user

    return make


@pytest.fixture
def registrar(make_user: Callable[..., User]) -> User:
    return make_user("registrar")


@pytest.fixture
def administrator(make_user: Callable[..., User]) -> User:
    return make_user("administrator")


def person_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "side": "own",
        "category": "military",
        "surname": "Шевченко",
        "given_name": "Олександр",
        "patronymic": "Миколайович",
        "sex": "male",
        "birth_date": dt.date(1990, 3, 21),
        "birth_date_precision": "day",
        "rank_category": "private",
        "unit": "24 окрема механізована бригада",
        "service_number": "UA-123456",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def make_person(registrar: User, make_user: Callable[..., User]) -> Callable[..., Person]:
    """A person made by the registrar, or by a medical officer when medical notes are
    given: only the medical role writes them."""

    def make(actor: User | None = None, groups: Any = None, **overrides: Any) -> Person:
        if actor is None:
            medical = any(overrides.get(name) for name in MEDICAL_FIELDS)
            actor = make_user("medical_officer") if medical else registrar
        return services.create_person(actor=actor, fields=person_fields(**overrides), groups=groups)

    return make


BACKGROUND = 400


@pytest.fixture
def background(registrar: User) -> list[Person]:
    """A registry of a few hundred synthetic persons: the engine learns what agreement
    means from the registry itself, and a registry of three teaches it nothing."""
    vocab = _Vocab()
    people = Generator(seed=7).persons(BACKGROUND, held_share=0.0)
    return services.create_persons(actor=registrar, rows=[_fields(p, vocab) for p in people])


@pytest.fixture
def person(make_person: Callable[..., Person]) -> Person:
    return make_person()


@pytest.fixture
def source(registrar: User) -> Source:
    return services.create_source(actor=registrar, kind="icrc", name="ICRC Kyiv", reliability="A")


def day(text: str) -> PartialDate:
    return PartialDate(dt.date.fromisoformat(text), Precision.DAY)


@pytest.fixture
def client_for(make_user: Callable[..., User]) -> Callable[[str], Client]:
    def make(role: str) -> Client:
        client = Client()
        client.force_login(make_user(role))
        return client

    return make


@pytest.fixture
def api_for(make_user: Callable[..., User]) -> Callable[[str], APIClient]:
    """An API client authenticated with the role's token, as integrations will use it."""

    def make(role: str) -> APIClient:
        return token_client(make_user(role))

    return make


def token_client(user: User) -> APIClient:
    """An API client with a new read-and-write token of the user, who is given the second
    factor that tokens need."""
    second_factor_of(user)
    _token, secret = issue_token(actor=None, user=user, name="tests", scope="write")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


@pytest.fixture
def report(registrar: User) -> Callable[..., Any]:
    """Add a status report with a document as its evidence (the registrar's, by default)."""

    def add(
        person: Person,
        status: str,
        on: str = "2024-01-01",
        *,
        actor: User | None = None,
        document: str = "report",
    ) -> Any:
        return services.add_status_event(
            actor=actor or registrar,
            person=person,
            status=status,
            effective=day(on),
            document=document,
        )

    return add


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user("exchange_officer")


@pytest.fixture
def received(officer: User) -> Callable[[Person], Any]:
    """One of ours received in a stage of an agreement of their own: their return case
    opens (returns it)."""

    def receive(person: Person, on: dt.date = dt.date(2025, 5, 23)) -> ReturnCase:
        agreement = exchanges.create_agreement(
            actor=officer, title=f"Обмін {person.case_number}", formula="n_for_n", total=1
        )
        stage = exchanges.add_stage(actor=officer, agreement=agreement, date=on,
                                    receive_capacity=1)  # fmt: skip
        [member] = exchanges.add_members(actor=officer, stage=stage, persons=[person])
        exchanges.start_stage(actor=officer, stage_id=stage.pk)
        exchanges.record_outcome(actor=officer, member_id=member.pk, outcome="received")
        return ReturnCase.objects.get(person=person, stage_member=member)

    return receive
