"""Every role against every page and endpoint: allowed or denied.

The expectations are written out here, independently of roles.py, so that a change to a
role's permissions that nobody meant shows up as a failing row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve

from homeward.apps.accounts import privileges, tokens
from homeward.apps.audit.models import AccessEvent
from homeward.apps.exchanges import lists
from homeward.apps.exchanges import services as exchanges
from homeward.apps.intake.duplicates import start_duplicate_search
from homeward.apps.intake.models import ReviewTask
from homeward.apps.intake.services import stage_import
from homeward.apps.payments import batches
from homeward.apps.payments import services as payments
from homeward.apps.payments.models import Entitlement, PaymentBatch, PaymentRule
from homeward.apps.registry import merging, person_exports, services
from homeward.apps.registry.models import Person, PersonGroup
from homeward.apps.reports import services as statements
from homeward.apps.returns import debrief
from homeward.apps.returns import services as return_services
from homeward.apps.returns.models import ReturnCase
from homeward.core.dates import PartialDate, Precision
from tests.conftest import ROLE_CODES, second_factor_of

pytestmark = pytest.mark.django_db

VIEWERS = {
    "registrar",
    "exchange_officer",
    "return_coordinator",
    "medical_officer",
    "payments_officer",
    "family_liaison",
    "administrator",
}
EVERYONE = set(ROLE_CODES)
IMPORTERS = {"registrar", "exchange_officer", "family_liaison", "administrator"}
EXCHANGE_VIEWERS = VIEWERS | {"communications"}
EXCHANGE_RUNNERS = {"exchange_officer", "administrator"}
STATUS_REPORTERS = {"registrar", "exchange_officer", "return_coordinator", "administrator"}
RECORD_KEEPERS = {"registrar", "exchange_officer", "family_liaison", "administrator"}
COORDINATORS = {"return_coordinator", "administrator"}
STEP_WORKERS = COORDINATORS | {"medical_officer", "payments_officer"}
PAYERS = {"payments_officer"}
PAYMENT_VIEWERS = PAYERS | {"administrator"}
WRITERS = {"communications", "administrator"}
EXPORTERS = {"registrar", "exchange_officer", "administrator"}
CERTIFIERS = {"payments_officer", "family_liaison", "return_coordinator"}
# Written into the medical notes and a medical step's finding: no response to a role
# without the medical right may carry it.
MEDICAL_MARK = "MEDICAL-7731-FINDING"
MEDICAL_PAGES = ("/persons/{person}/", "/api/persons/{person}/", "/returns/cases/{case}/")
# Pages and endpoints of exchanges: none names a member of a stage not yet completed to a
# role that does not run exchanges.
EXCHANGE_PAGES = ("/exchanges/", "/api/agreements/", "/api/stages/", "/api/list-versions/")
LIST = "№;ФИО;Дата рождения\n1;ШЕВЧЕНКО Александр Николаевич;21.03.1990\n".encode("cp1251")


@dataclass(frozen=True)
class Endpoint:
    method: str
    url: str  # {person} and {event} are filled in
    allowed: frozenset[str]
    data: tuple[tuple[str, str], ...] = ()
    public: bool = False  # open to everyone, signed in or not
    # Shows persons' data: an allowed role's request must be on the access log.
    shows_persons: bool = False
    needs: tuple[str, ...] = ()  # targets built first, so that there is someone to show
    # 404 for these roles instead of 403: they may use such pages, but not this one's object,
    # whose very existence is its owner's alone
    not_found_for: frozenset[str] = frozenset()

    @property
    def api(self) -> bool:
        return self.url.startswith("/api/")

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


def ep(method: str, url: str, allowed: set[str], **data: str) -> Endpoint:
    return Endpoint(method, url, frozenset(allowed), tuple(data.items()))


def public(url: str) -> Endpoint:
    return Endpoint("GET", url, frozenset(EVERYONE), public=True)


def owned(url: str, owner: str, users: set[str]) -> Endpoint:
    """A page of one user's own object: other roles that use such pages get 404 for it."""
    return Endpoint("GET", url, frozenset({owner}), not_found_for=frozenset(users - {owner}))


def shows(url: str, allowed: set[str], *targets: str) -> Endpoint:
    """A read of persons' data, which the access log must record (ADR 30)."""
    return Endpoint("GET", url, frozenset(allowed), shows_persons=True, needs=targets)


ENDPOINTS = [
    ep("GET", "/", EVERYONE),
    shows("/persons/", VIEWERS, "person"),
    shows("/persons/?q=shevchenko", VIEWERS, "person"),
    ep("POST", "/persons/export.csv", {"registrar", "exchange_officer", "administrator"}),
    ep("POST", "/persons/export.xlsx", {"registrar", "exchange_officer", "administrator"}),
    ep("GET", "/persons/exports/", {"registrar", "exchange_officer", "administrator"}),
    # an export's progress and download: its requester's alone, others are told nothing
    owned("/persons/exports/{export}/progress/", "registrar", EXPORTERS),
    owned("/persons/exports/{export}/download/", "registrar", EXPORTERS),
    ep("GET", "/persons/new/", {"registrar", "administrator"}),
    ep("POST", "/persons/new/", {"registrar", "administrator"}),
    shows("/persons/{person}/", VIEWERS),
    ep("GET", "/persons/{person}/edit/", {"registrar", "medical_officer", "administrator"}),
    ep("POST", "/persons/{person}/edit/", {"registrar", "medical_officer", "administrator"}),
    ep("GET", "/persons/{person}/status/", STATUS_REPORTERS),
    ep("POST", "/persons/{person}/status/", STATUS_REPORTERS),
    ep("POST", "/persons/{person}/status/{event}/confirm/", {"administrator"}),
    ep("GET", "/persons/{person}/records/new/", RECORD_KEEPERS),
    ep("POST", "/persons/{person}/records/new/", RECORD_KEEPERS),
    ep("POST", "/persons/{person}/merge/", {"registrar", "administrator"}, duplicate="HW-1-1"),
    ep("POST", "/persons/{person}/merges/{merge}/split/", {"registrar", "administrator"}),
    ep("GET", "/imports/", IMPORTERS),
    ep("GET", "/imports/new/", IMPORTERS),
    ep("POST", "/imports/new/", IMPORTERS),
    ep("GET", "/imports/{batch}/", IMPORTERS),
    ep("GET", "/imports/{batch}/progress.json", IMPORTERS),
    ep("POST", "/imports/{batch}/reading/", IMPORTERS),  # nothing chosen: the form again
    ep("POST", "/imports/{batch}/confirm/", IMPORTERS),
    ep("GET", "/review/", {"registrar", "administrator"}),
    ep("POST", "/review/next/", {"registrar", "administrator"}),
    ep("POST", "/review/duplicates/", {"registrar", "administrator"}),
    ep(
        "GET", "/review/duplicates/{duplicate_search}/progress.json", {"registrar", "administrator"}
    ),
    shows("/review/{task}/", {"registrar", "administrator"}),
    ep("POST", "/review/{task}/decide/", {"registrar", "administrator"}, decision="skip"),
    ep("GET", "/exchanges/", EXCHANGE_VIEWERS),
    ep("GET", "/exchanges/{agreement}/", EXCHANGE_VIEWERS),
    ep("GET", "/exchanges/stages/{stage}/", EXCHANGE_VIEWERS),
    ep("GET", "/exchanges/stages/{stage}/totals.json", EXCHANGE_VIEWERS),
    ep("POST", "/exchanges/stages/{stage}/start/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/stages/{stage}/complete/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/members/{member}/outcome/", EXCHANGE_RUNNERS, outcome="received"),
    ep("POST", "/exchanges/stages/{stage}/substitute/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/", EXCHANGE_RUNNERS),  # an empty form: 200 with its errors
    ep("POST", "/exchanges/{agreement}/stages/new/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/{agreement}/status/", EXCHANGE_RUNNERS, status="negotiating"),
    ep("POST", "/exchanges/{agreement}/documents/", EXCHANGE_RUNNERS),
    ep("GET", "/exchanges/documents/{document}/", EXCHANGE_RUNNERS),
    ep("GET", "/exchanges/{agreement}/plan/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/{agreement}/plan/", EXCHANGE_RUNNERS),
    ep("GET", "/exchanges/{agreement}/lists/our_request/", EXCHANGE_RUNNERS),
    ep("GET", "/exchanges/{agreement}/lists/their_offer/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/{agreement}/lists/our_offer/new/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/{agreement}/lists/their_offer/load/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/versions/{version}/add/", EXCHANGE_RUNNERS, case_numbers="HW-X"),
    ep("POST", "/exchanges/versions/{version}/criteria/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/versions/{version}/import/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/versions/{version}/remove/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/versions/{version}/submit/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/versions/{version}/agree/", EXCHANGE_RUNNERS),
    ep("GET", "/exchanges/versions/{version}/export.xlsx", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/versions/{version}/register/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/versions/{version}/substitute/", EXCHANGE_RUNNERS),
    ep("POST", "/exchanges/entries/{entry}/decide/", EXCHANGE_RUNNERS),
    ep("GET", "/returns/", VIEWERS),
    shows("/returns/cases/", VIEWERS, "case"),
    shows("/returns/cases/{case}/", VIEWERS),
    shows("/returns/cases/{case}/certificate.pdf", CERTIFIERS),
    ep("POST", "/returns/steps/", STEP_WORKERS),  # nothing chosen: a message
    ep("POST", "/returns/steps/{step}/", COORDINATORS),  # the intake: not medical
    ep("POST", "/returns/steps/{medical_step}/", {"medical_officer"}),
    ep("POST", "/returns/steps/{step}/assign/", COORDINATORS),
    ep("POST", "/returns/open/{person}/", COORDINATORS),
    ep("POST", "/returns/cases/{case}/sightings/", COORDINATORS),  # empty: a message
    ep("POST", "/returns/sightings/{sighting}/decide/", COORDINATORS),
    ep("POST", "/returns/sightings/{sighting}/register/", COORDINATORS),
    ep("GET", "/payments/", PAYMENT_VIEWERS),
    ep("POST", "/payments/compute/", PAYERS),  # nothing chosen: back to the list
    shows("/payments/entitlements/{entitlement}/", PAYMENT_VIEWERS),
    ep("POST", "/payments/entitlements/{entitlement}/", PAYERS),
    ep("GET", "/payments/batches/", PAYMENT_VIEWERS),
    ep("POST", "/payments/batches/", PAYERS),  # nothing chosen: a message
    shows("/payments/batches/{payment_batch}/", PAYMENT_VIEWERS),
    ep("POST", "/payments/batches/{payment_batch}/decide/", PAYERS),
    ep("GET", "/payments/batches/{payment_batch}/register.csv", PAYMENT_VIEWERS),
    ep("GET", "/payments/batches/{payment_batch}/register.xlsx", PAYMENT_VIEWERS),
    ep("GET", "/statistics/", EXCHANGE_VIEWERS),
    ep("GET", "/statistics/overall/", EVERYONE),
    ep(
        "POST",
        "/statistics/export/",
        EVERYONE,
        scope="overall",
        file_format="csv",
        audience="public",
    ),
    ep("GET", "/exports/", {"registrar", "exchange_officer", "administrator"}),
    ep("GET", "/exports/pfif/", {"registrar", "exchange_officer", "administrator"}),
    ep("POST", "/exports/pfif/", {"registrar", "exchange_officer", "administrator"}),
    ep("GET", "/exports/icrc/", {"registrar", "exchange_officer", "administrator"}),
    ep("POST", "/exports/icrc/", {"registrar", "exchange_officer", "administrator"}),
    public("/statements/"),
    public("/statements/feed.atom"),
    public("/statements/{statement}/"),
    ep("GET", "/statements/manage/", WRITERS),
    ep("POST", "/statements/manage/", WRITERS),  # no stage chosen: the form's errors
    ep("GET", "/statements/manage/{statement}/", WRITERS),
    ep("GET", "/statements/manage/{draft}/", WRITERS),
    ep("POST", "/statements/manage/{draft}/", WRITERS, action="edit"),  # empty: errors
    ep("GET", "/audit/", {"auditor", "administrator"}),
    ep("GET", "/audit/reads/", {"auditor"}),
    ep("GET", "/audit/reads/person/", {"auditor"}),
    ep("GET", "/audit/reads/user/", {"auditor"}),
    ep("GET", "/admin/", {"administrator"}),
    ep("GET", "/admin/registry/branch/", {"administrator"}),
    ep("GET", "/admin/auth/user/", {"administrator"}),
    ep("GET", "/admin/returns/steptemplate/", {"administrator"}),
    ep("GET", "/admin/payments/paymentrule/", {"administrator"}),
    ep("GET", "/accounts/two-factor/", EVERYONE),
    ep("GET", "/accounts/tokens/", EVERYONE),
    ep("GET", "/accounts/tokens/all/", {"administrator"}),
    ep("GET", "/accounts/requests/", {"administrator"}),
    ep("POST", "/accounts/requests/", {"administrator"}),  # empty: the form's errors
    # asked by another administrator: any administrator but the asker decides
    ep("POST", "/accounts/requests/{access_request}/decide/", {"administrator"}, decision="reject"),
    # the token is the registrar's: its owner and administrators may revoke it
    ep("POST", "/accounts/tokens/revoke/", {"registrar", "administrator"}, digest="{token}"),
    public("/accounts/login/"),
    # Passkeys (ADR 36): added only by a session past two factors (in the tests, only
    # administrators have one); the ceremony that passes the second factor is everyone's.
    ep("POST", "/accounts/passkeys/registration/begin/", {"administrator"}),
    ep("POST", "/accounts/passkeys/registration/complete/", {"administrator"}),
    ep("POST", "/accounts/passkeys/authentication/begin/", EVERYONE),
    ep("POST", "/accounts/passkeys/authentication/complete/", EVERYONE),
    public("/accounts/passkeys/jsi18n/"),
    ep("POST", "/accounts/logout/", EVERYONE),
    ep("POST", "/i18n/setlang/", EVERYONE, language="en"),
    shows("/api/persons/", VIEWERS, "person"),
    ep("POST", "/api/persons/", {"registrar", "administrator"}),
    shows("/api/persons/{person}/", VIEWERS),
    ep("PATCH", "/api/persons/{person}/", {"registrar", "medical_officer", "administrator"}),
    shows("/api/persons/{person}/status-events/", VIEWERS),
    ep("POST", "/api/persons/{person}/status-events/", STATUS_REPORTERS),
    ep("POST", "/api/status-events/{event}/confirm/", {"administrator"}),
    ep("GET", "/api/sources/", VIEWERS),
    ep("POST", "/api/sources/", {"registrar", "family_liaison", "administrator"}),
    ep("GET", "/api/sources/{source}/", VIEWERS),
    ep("GET", "/api/source-records/", VIEWERS),
    ep("POST", "/api/source-records/", RECORD_KEEPERS),
    shows("/api/source-records/{record}/", VIEWERS),
    ep("GET", "/api/groups/", VIEWERS),
    ep("GET", "/api/groups/{group}/", VIEWERS),
    ep("GET", "/api/imports/", IMPORTERS),
    ep("POST", "/api/imports/", IMPORTERS),  # no file: 400 for those allowed
    ep("GET", "/api/imports/{batch}/", IMPORTERS),
    ep("POST", "/api/imports/{batch}/reading/", IMPORTERS),
    ep("POST", "/api/imports/{batch}/confirm/", IMPORTERS),
    ep("POST", "/api/imports/{batch}/retry/", IMPORTERS),  # not failed: refused, 400
    ep("GET", "/api/agreements/", EXCHANGE_VIEWERS),
    ep("GET", "/api/agreements/{agreement}/", EXCHANGE_VIEWERS),
    ep("GET", "/api/agreements/{agreement}/lists/", EXCHANGE_RUNNERS),
    ep("POST", "/api/agreements/{agreement}/lists/versions/", EXCHANGE_RUNNERS, kind="our_offer"),
    ep("POST", "/api/agreements/{agreement}/lists/load/", EXCHANGE_RUNNERS),
    ep("POST", "/api/agreements/", EXCHANGE_RUNNERS),  # no body: 400 for those allowed
    ep("POST", "/api/agreements/{agreement}/stages/", EXCHANGE_RUNNERS),
    ep("GET", "/api/agreements/{agreement}/plan/", EXCHANGE_RUNNERS),
    ep("GET", "/api/stages/", EXCHANGE_VIEWERS),
    ep("GET", "/api/stages/{stage}/", EXCHANGE_VIEWERS),
    ep("POST", "/api/stages/{stage}/start/", EXCHANGE_RUNNERS),
    ep("POST", "/api/stages/{stage}/outcome/", EXCHANGE_RUNNERS),
    ep("POST", "/api/stages/{stage}/complete/", EXCHANGE_RUNNERS),
    ep("GET", "/api/list-versions/", EXCHANGE_VIEWERS),
    ep("GET", "/api/list-versions/{version}/", EXCHANGE_RUNNERS),
    ep("POST", "/api/list-versions/{version}/add/", EXCHANGE_RUNNERS),
    ep("POST", "/api/list-versions/{version}/criteria/", EXCHANGE_RUNNERS),
    ep("POST", "/api/list-versions/{version}/import/", EXCHANGE_RUNNERS),
    ep("POST", "/api/list-versions/{version}/remove/", EXCHANGE_RUNNERS),
    ep("POST", "/api/list-versions/{version}/decide/", EXCHANGE_RUNNERS),
    ep("POST", "/api/list-versions/{version}/submit/", EXCHANGE_RUNNERS),
    ep("POST", "/api/list-versions/{version}/agree/", EXCHANGE_RUNNERS),
    shows("/api/return-cases/", VIEWERS, "case"),
    ep("GET", "/api/return-cases/board/", VIEWERS),
    shows("/api/return-cases/{case}/", VIEWERS),
    ep("POST", "/api/return-cases/", COORDINATORS),  # no body: 400 for those allowed
    ep("PATCH", "/api/case-steps/{step}/", COORDINATORS),
    ep("PATCH", "/api/case-steps/{medical_step}/", {"medical_officer"}),
    ep("POST", "/api/case-steps/{step}/assign/", COORDINATORS),
    ep("POST", "/api/case-steps/bulk/", STEP_WORKERS),  # no body: 400 for those allowed
    shows("/api/return-cases/{case}/certificate/", CERTIFIERS),
    shows("/api/return-cases/{case}/sightings/", VIEWERS),
    ep("POST", "/api/return-cases/{case}/sightings/", COORDINATORS),  # no body: 400
    ep("POST", "/api/sightings/{sighting}/decide/", COORDINATORS),  # no body: 400
    ep("POST", "/api/sightings/{sighting}/register/", COORDINATORS),
    shows("/api/entitlements/", PAYMENT_VIEWERS, "entitlement"),
    shows("/api/entitlements/{entitlement}/", PAYMENT_VIEWERS),
    ep("POST", "/api/entitlements/compute/", PAYERS),  # no body: 400 for those allowed
    ep("POST", "/api/entitlements/{entitlement}/check/", PAYERS),
    ep("POST", "/api/entitlements/{entitlement}/payee/", PAYERS),
    ep("GET", "/api/payment-batches/", PAYMENT_VIEWERS),
    ep("POST", "/api/payment-batches/", PAYERS),
    shows("/api/payment-batches/{payment_batch}/", PAYMENT_VIEWERS),
    ep("POST", "/api/payment-batches/{payment_batch}/approve/", PAYERS),
    ep("POST", "/api/payment-batches/{payment_batch}/reject/", PAYERS),
    ep("GET", "/api/payment-batches/{payment_batch}/register/", PAYMENT_VIEWERS),
    ep("GET", "/api/payment-rules/", PAYMENT_VIEWERS),
    ep("POST", "/api/payment-rules/", {"administrator"}),  # no body: 400 for those allowed
    ep("GET", "/api/payment-rules/{payment_rule}/", PAYMENT_VIEWERS),
    ep("PATCH", "/api/payment-rules/{payment_rule}/", {"administrator"}),
    ep("GET", "/api/step-templates/", {"administrator"}),
    ep("PATCH", "/api/step-templates/1/", {"administrator"}),
    ep("GET", "/api/schema", EVERYONE),
    ep("GET", "/api/docs", EVERYONE),
    ep("GET", "/api/", EVERYONE),
]


class Targets(dict[str, int]):
    """The objects the URLs name, made on first use: each test builds only what its URL
    needs (building everything for each of the 1,500 rows took 13 minutes on PostgreSQL)."""

    def __init__(
        self,
        make_user: Callable[..., User],
        make_person: Callable[..., Person],
        report: Callable[..., Any],
        registrar: User,
        received: Callable[..., ReturnCase],
    ) -> None:
        super().__init__()
        self.make_user, self.make_person, self.report = make_user, make_person, report
        self.registrar, self.received = registrar, received
        self.builders: dict[str, Callable[[], None]] = {}
        for keys, build in (
            (("person", "event"), self._person),
            (("batch",), self._import),
            (("agreement", "stage", "member", "version", "document"), self._exchange),
            (("case", "step", "medical_step"), self._case),
            (("entitlement", "payment_batch"), self._payments),
            (("statement", "draft"), self._statements),
            (("sighting",), self._sighting),
            (("export",), self._export),
            (("merge",), self._merge),
            (("task", "duplicate_search"), self._review),
            (("entry",), self._entry),
            (("source", "record"), self._record),
            (("group",), self._group),
            (("payment_rule",), self._payment_rule),
            (("token",), self._token),
            (("access_request",), self._access_request),
        ):
            self.builders.update(dict.fromkeys(keys, build))

    def __missing__(self, key: str) -> int:
        self.builders[key]()
        return self[key]

    def _person(self) -> None:
        person = self.make_person(medical_notes=MEDICAL_MARK)
        self["person"] = person.pk
        self["event"] = self.report(person, "deceased", "2024-01-01").pk

    def _import(self) -> None:
        batch = stage_import(
            actor=self.registrar,
            file_name="list.csv",
            content=LIST,
            source_kind="counterpart",
            source_name="Список 12",
        )
        self["batch"] = batch.pk

    def _exchange(self) -> None:
        officer = self.make_user("exchange_officer", "matrix-officer")
        agreement = exchanges.create_agreement(
            actor=officer, title="Обмін", formula="n_for_n", total=1
        )
        stage = exchanges.add_stage(
            actor=officer, agreement=agreement, date=dt.date(2025, 5, 23), receive_capacity=1
        )
        person = Person.objects.get(pk=self["person"])
        [member] = exchanges.add_members(actor=officer, stage=stage, persons=[person])
        version = lists.start_version(actor=officer, agreement=agreement, kind="our_request")
        document = exchanges.add_document(
            actor=officer, agreement=agreement, name="memo.pdf", content=b"%PDF"
        )
        self.update(
            agreement=agreement.pk,
            stage=stage.pk,
            member=member.pk,
            version=version.pk,
            document=document.pk,
        )

    def _case(self) -> None:
        case = self.received(
            self.make_person(
                surname="Бойко",
                given_name="Іван",
                service_number="UA-77",
                capture_date=dt.date(2024, 3, 1),
                capture_date_precision="day",
            )
        )
        medical = case.steps.get(kind="medical_examination")
        return_services.update_step(
            actor=self.make_user("medical_officer", "matrix-medic"),
            step_id=medical.pk,
            text=MEDICAL_MARK,
        )
        self.update(
            case=case.pk, step=case.steps.get(kind="handover_intake").pk, medical_step=medical.pk
        )

    def _payments(self) -> None:
        case = ReturnCase.objects.get(pk=self["case"])
        row, batch = _entitlement_in_batch(case, self.make_user("payments_officer", "matrix-payer"))
        self.update(entitlement=row.pk, payment_batch=batch.pk)

    def _statements(self) -> None:
        case = ReturnCase.objects.select_related("stage_member").get(pk=self["case"])
        self.update(
            _statements(
                case,
                self.make_user("communications", "matrix-writer"),
                self.make_user("communications", "matrix-approver"),
            )
        )

    def _export(self) -> None:
        # Asked for by the user the matrix signs in as "registrar".
        self["export"] = person_exports.request_export(
            actor=self.make_user("registrar"), file_format="csv", filters={}, purpose="matrix"
        ).pk

    def _merge(self) -> None:
        survivor = Person.objects.get(pk=self["person"])
        absorbed = self.make_person(service_number="UA-MERGED")
        self["merge"] = merging.merge_persons(
            actor=self.registrar, survivor_id=survivor.pk, absorbed_id=absorbed.pk
        ).pk

    def _review(self) -> None:
        first = Person.objects.get(pk=self["person"])
        second = self.make_person(given_name="Олексій", service_number="UA-TWIN")
        self["duplicate_search"] = start_duplicate_search(actor=self.registrar).pk
        candidate = {
            "person_id": first.pk,
            "probability": 0.6,
            "explanation": "",
            "contributions": [],
        }
        self["task"] = ReviewTask.objects.create(
            person=second, candidates=[candidate], best_probability=0.6
        ).pk

    def _entry(self) -> None:
        version = self["version"]  # made by the exchange officer the matrix names
        officer = User.objects.get(username="matrix-officer")
        person = self.make_person(surname="Мельник", service_number="UA-LISTED")
        [entry] = lists.add_persons(actor=officer, version_id=version, persons=[person])
        self["entry"] = entry.pk

    def _record(self) -> None:
        source = services.create_source(
            actor=self.registrar, kind="icrc", name="ICRC", reliability="A"
        )
        person = Person.objects.get(pk=self["person"])
        record = services.add_source_record(
            actor=self.registrar, source=source, raw={"name": "Шевченко"}, person=person
        )
        self.update(source=source.pk, record=record.pk)

    def _group(self) -> None:
        self["group"] = PersonGroup.objects.create(
            code="matrix-group", name_uk="Група", name_en="Group"
        ).pk

    def _payment_rule(self) -> None:
        self["payment_rule"] = PaymentRule.objects.create(
            code="matrix",
            name_uk="Правило",
            name_en="Rule",
            basis="one_time",
            amount=Decimal(10),
            effective_from=dt.date(2022, 2, 24),
        ).pk

    def _token(self) -> None:
        owner = self.make_user("registrar")
        second_factor_of(owner)
        self["token"] = tokens.issue_token(actor=None, user=owner, name="matrix")[0].digest

    def _access_request(self) -> None:
        asker = self.make_user("administrator", "matrix-admin")
        self["access_request"] = privileges.ask(
            actor=asker, user=self.registrar, kind="second_factor", reason="phone lost"
        ).pk

    def _sighting(self) -> None:
        self["sighting"] = debrief.record_sighting(
            actor=self.make_user("return_coordinator", "matrix-coordinator"),
            case_id=self["case"],
            told_name="Остапчук Зеновій",
            place="Кашира",
            seen=PartialDate(dt.date(2024, 5, 1), Precision.MONTH),
        ).pk


@pytest.fixture
def targets(
    report: Callable[..., Any],
    make_person: Callable[..., Person],
    make_user: Callable[..., User],
    registrar: User,
    received: Callable[..., ReturnCase],
) -> Targets:
    return Targets(make_user, make_person, report, registrar, received)


def _statements(case: ReturnCase, writer: User, approver: User) -> dict[str, int]:
    """One statement published, one still a draft."""
    assert case.stage_member is not None
    stage = case.stage_member.stage_id
    published = statements.draft_from_stage(actor=writer, stage_id=stage)
    statements.approve(actor=approver, statement_id=published.pk)
    return {
        "statement": published.pk,
        "draft": statements.draft_from_stage(actor=writer, stage_id=stage).pk,
    }


def _entitlement_in_batch(case: ReturnCase, payer: User) -> tuple[Entitlement, PaymentBatch]:
    PaymentRule.objects.create(
        code="aid",
        name_uk="Допомога",
        name_en="Aid",
        basis="one_time",
        amount=Decimal(1000),
        effective_from=dt.date(2022, 2, 24),
    )
    row = payments.compute(actor=payer, case_id=case.pk)
    payments.set_payee(
        actor=payer,
        entitlement_id=row.pk,
        payee_name="Бойко Іван",
        iban="UA213223130000026007233566001",
        tax_number="1759013776",
    )
    return row, batches.create_batch(actor=payer, entitlement_ids=[row.pk])


def _request(client: Client, endpoint: Endpoint, targets: Targets) -> tuple[int, str]:
    """The status and the body (a streamed one read whole) of the endpoint's request."""
    for target in endpoint.needs:
        targets[target]  # built on first use
    url = endpoint.url.format_map(targets)
    data = {key: value.format_map(targets) for key, value in endpoint.data}
    call = getattr(client, endpoint.method.lower())
    if endpoint.api and endpoint.method in ("POST", "PATCH"):
        response = call(url, data, content_type="application/json")
    else:
        response = call(url, data)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return int(response.status_code), content.decode("utf-8", errors="replace")


@pytest.mark.parametrize("role", ROLE_CODES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_role_against_endpoint(
    endpoint: Endpoint, role: str, make_user: Callable[..., User], targets: Targets
) -> None:
    client = Client()
    user = make_user(role)
    client.force_login(user)
    status, body = _request(client, endpoint, targets)
    if role != "medical_officer":
        assert MEDICAL_MARK not in body, f"{endpoint} showed medical details to {role}"
    elif endpoint.method == "GET" and endpoint.url in MEDICAL_PAGES:  # the mark is findable
        assert MEDICAL_MARK in body, f"{endpoint} should show the medical role its details"
    if "stage" in targets:  # the stage is planned, not completed: its members are secret
        member = Person.objects.get(pk=targets["person"]).case_number
        if role not in EXCHANGE_RUNNERS and endpoint.url.startswith(EXCHANGE_PAGES):
            assert member not in body, f"{endpoint} named a stage's member to {role}"
        elif endpoint.url == "/exchanges/stages/{stage}/":  # the mark is findable
            assert member in body, f"{endpoint} should name the stage's members to {role}"
    if role in endpoint.allowed:
        assert status not in (401, 403, 404), f"{role} should be allowed {endpoint}: {status}"
        if endpoint.shows_persons:
            assert AccessEvent.objects.filter(user=user, refused=False).exists(), (
                f"{endpoint} showed persons to {role} without recording it"
            )
        if endpoint.url.startswith("/admin/"):
            assert status == 200
    elif endpoint.url.startswith("/admin/"):
        assert status == 302, f"{role} must be sent away from the admin: {status}"
    else:
        expected = 404 if role in endpoint.not_found_for else 403
        assert status == expected, f"{role} must be denied {endpoint}: got {status}"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_against_endpoint(endpoint: Endpoint, targets: Targets) -> None:
    status, body = _request(Client(), endpoint, targets)
    assert MEDICAL_MARK not in body
    if endpoint.public:
        assert status == 200
    elif endpoint.api:
        assert status == 401
    else:
        assert status == 302  # to the sign-in page


# Routes without a row, and why. Everything else the URL resolver knows must have one.
NO_ROW = {
    "admin/": "the admin's own pages follow its model permissions; the matrix samples them",
}
DRF_SUFFIX = ("(?P<format>", "<drf_format_suffix:format>")


def _routes() -> set[str]:
    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, join(prefix, str(pattern.pattern)))
            else:
                yield join(prefix, str(pattern.pattern))

    join = URLResolver._join_route  # as resolve() names a match's route

    return {
        route
        for route in walk(get_resolver().url_patterns, "")
        if not any(marker in route for marker in DRF_SUFFIX)
        and not any(route.startswith(prefix) for prefix in NO_ROW)
    }


def test_every_route_has_a_row() -> None:
    """A page or endpoint added without a row in the matrix fails here: each is checked
    for every role, and for the signed-out."""
    covered = set()
    for endpoint in ENDPOINTS:
        path = endpoint.url.split("?")[0].format_map(defaultdict(lambda: "1"))
        covered.add(resolve(path).route)
    missing = sorted(_routes() - covered)
    assert missing == [], f"routes without a row in the permission matrix: {missing}"
