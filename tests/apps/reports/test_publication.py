"""Statements are drafted from the data, approved by a second person and published, at
once or at an embargo time; the public page and the feed show published ones only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from homeward.apps.audit.models import AuditEntry
from homeward.apps.registry.models import Person
from homeward.apps.reports import services
from homeward.apps.reports.models import Statement
from homeward.apps.returns.models import ReturnCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(make_user: Callable[..., User]) -> User:
    return make_user("communications", "writer")


@pytest.fixture
def second(make_user: Callable[..., User]) -> User:
    return make_user("communications", "second")


@pytest.fixture
def draft(
    writer: User, received: Callable[[Person], ReturnCase], make_person: Callable[..., Person]
) -> Statement:
    case = received(make_person())
    assert case.stage_member is not None
    return services.draft_from_stage(actor=writer, stage_id=case.stage_member.stage_id)


def test_a_draft_is_written_from_the_data_in_both_languages(draft: Statement) -> None:
    # "1 person": too few to say who they are, even whether a serviceman
    assert draft.title_uk == "З полону повернулася 1 людина"
    assert draft.title_en == "1 person returned home from captivity"
    assert "It is the first day of the 1-for-1 exchange." in draft.body_en
    # written for the public: one person returned, so who they are is not told
    assert "are men" not in draft.body_en and "чоловіки" not in draft.body_uk
    assert not draft.published and not Statement.objects.published().exists()


def test_a_second_person_approves_and_the_embargo_holds_it_back(
    draft: Statement, writer: User, second: User, make_user: Callable[..., User]
) -> None:
    with pytest.raises(ValidationError, match="a second person approves it"):
        services.approve(actor=writer, statement_id=draft.pk)
    services.edit(actor=second, statement_id=draft.pk, version=draft.version,
                  body_en=draft.body_en + "\n\nThank you to everyone involved.")  # fmt: skip
    with pytest.raises(ValidationError, match="a second person approves it"):
        services.approve(actor=second, statement_id=draft.pk)  # the last editor, now
    with pytest.raises(ValidationError, match="a second person approves it"):
        services.approve(actor=writer, statement_id=draft.pk)  # still its author
    third = make_user("communications", "third")
    later = timezone.now() + dt.timedelta(hours=2)
    approved = services.approve(actor=third, statement_id=draft.pk, publish_at=later)
    assert approved.approved_by == third and not approved.published
    assert not Statement.objects.published().exists()
    Statement.objects.filter(pk=draft.pk).update(publish_at=timezone.now() - dt.timedelta(1))
    assert list(Statement.objects.published()) == [draft]
    with pytest.raises(ValidationError, match="no longer changes"):
        services.edit(actor=second, statement_id=draft.pk, version=2, title_en="Changed")
    assert AuditEntry.objects.filter(action__startswith="statement.").count() == 3


def test_the_database_refuses_the_author_as_approver(draft: Statement, writer: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=draft.pk).update(approved_by=writer,
                                                     approved_at=timezone.now())  # fmt: skip


def test_only_communications_write_statements(draft: Statement, registrar: User) -> None:
    with pytest.raises(PermissionDenied):
        services.edit(actor=registrar, statement_id=draft.pk, version=1, title_en="x")
    with pytest.raises(ValidationError, match="cannot be empty"):
        services.edit(actor=draft.created_by, statement_id=draft.pk, version=1, title_en=" ")


def test_the_public_page_and_feed_show_published_statements_only(
    draft: Statement, writer: User, second: User
) -> None:
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert anonymous.get(f"/statements/{draft.pk}/").status_code == 404
    assert "No statement has been published yet." in anonymous.get("/statements/").content.decode()
    assert draft.title_en not in anonymous.get("/statements/feed.atom").content.decode()
    services.approve(actor=second, statement_id=draft.pk)
    listed = anonymous.get("/statements/").content.decode()
    assert draft.title_en in listed and draft.title_uk not in listed
    page = anonymous.get(f"/statements/{draft.pk}/").content.decode()
    assert "It is the first day of the 1-for-1 exchange." in page
    feed = anonymous.get("/statements/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert draft.title_en in feed.content.decode()
    ukrainian = Client(HTTP_ACCEPT_LANGUAGE="uk").get(f"/statements/{draft.pk}/").content.decode()
    assert draft.title_uk in ukrainian
    # Nothing else is public.
    for url in ("/", "/persons/", "/returns/", "/statements/manage/"):
        assert anonymous.get(url).status_code == 302


def test_the_pages_draft_edit_and_approve(
    writer: User, second: User, received: Callable[[Person], ReturnCase],
    make_person: Callable[..., Person],
) -> None:  # fmt: skip
    case = received(make_person())
    assert case.stage_member is not None
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(writer)
    chosen = {"subject": "stage", "stage": case.stage_member.stage_id}
    response = client.post("/statements/manage/", chosen)
    item = Statement.objects.get()
    assert response["Location"] == f"/statements/manage/{item.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'id="edit-form"' in page and 'id="approve-form"' not in page
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(second)
    other.post(f"/statements/manage/{item.pk}/", {"action": "approve", "version": item.version,
                                                  "publish_at": ""})  # fmt: skip
    item.refresh_from_db()
    assert item.published and item.approved_by == second


def test_a_statement_on_a_period_is_drafted_from_the_page(
    writer: User, received: Callable[[Person], ReturnCase], make_person: Callable[..., Person],
) -> None:  # fmt: skip
    for n in range(5):
        received(make_person(surname=f"Захисник{n}", service_number=f"UA-7{n}"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(writer)
    backwards = client.post("/statements/manage/", {
        "subject": "period", "period_start": "2025-05-25", "period_end": "2025-05-01"})  # fmt: skip
    assert "The period ends before it starts." in backwards.content.decode()
    assert not Statement.objects.exists()
    response = client.post("/statements/manage/", {
        "subject": "period", "period_start": "2025-05-01", "period_end": "2025-05-31"})  # fmt: skip
    item = Statement.objects.get()
    assert response["Location"] == f"/statements/manage/{item.pk}/"
    assert (item.period_start, item.period_end, item.stage) == (
        dt.date(2025, 5, 1), dt.date(2025, 5, 31), None)  # fmt: skip
    # each came home in a stage of their own, too small to say who they are: so is the
    # period, or subtracting the stages would tell it
    assert item.title_en == "5 people returned home from captivity between 1 and 31 May 2025"
    assert item.title_uk == "З 1 по 31 травня 2025 року з полону повернулися 5 людей"
    assert "01.05.2025–31.05.2025" in client.get("/statements/manage/").content.decode()
    entry = AuditEntry.objects.get(action="statement.draft")
    assert entry.after["period_start"] == "2025-05-01"


def test_the_database_keeps_a_period_whole(draft: Statement) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=draft.pk).update(period_start=dt.date(2025, 5, 1))
