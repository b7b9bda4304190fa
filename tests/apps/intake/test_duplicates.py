from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from homeward.apps.common.jobs import STALE_AFTER
from homeward.apps.intake import duplicates, review
from homeward.apps.intake.models import DuplicateSearch, ImportStatus, ReviewTask
from homeward.apps.registry.models import Person, PersonMerge
from tests.apps.intake.conftest import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def twice(make_person: Callable[..., Person], background: list[Person]) -> dict[str, Person]:
    """One man entered twice (the second time from the other side's list, in Russian
    forms, without his number), and two brothers who are not one man."""
    return {
        "first": make_person(),
        "again": make_person(given_name="Александр", patronymic="Николаевич", service_number=""),
        "bro_a": make_person(surname="Ткачук", given_name="Андрій", patronymic="Вікторович",
                             birth_date=dt.date(1992, 6, 14), service_number="UA-700002"),
        "bro_d": make_person(surname="Ткачук", given_name="Дмитро", patronymic="Вікторович",
                             birth_date=dt.date(1995, 11, 2), service_number="UA-700003"),
    }  # fmt: skip


def _search(actor: User, capture: Any) -> DuplicateSearch:
    with capture(execute=False):
        search = duplicates.start_duplicate_search(actor=actor)
    return duplicates.run_duplicate_search(actor=actor, search_id=search.pk)


def _pairs() -> set[frozenset[int]]:
    return {
        frozenset((t.person_id, c["person_id"]))
        for t in ReviewTask.objects.filter(person__isnull=False)
        for c in t.candidates
    }


def test_the_search_puts_the_duplicate_before_a_registrar_and_not_the_brothers(
    registrar: User, twice: dict[str, Person], django_capture_on_commit_callbacks: Any
) -> None:
    search = _search(registrar, django_capture_on_commit_callbacks)
    assert search.status == ImportStatus.DONE and search.persons == Person.objects.count()
    pairs = _pairs()
    assert frozenset((twice["first"].pk, twice["again"].pk)) in pairs
    assert frozenset((twice["bro_a"].pk, twice["bro_d"].pk)) not in pairs
    task = ReviewTask.objects.get(person=twice["again"])
    assert task.candidates[0]["person_id"] == twice["first"].pk  # the later one is the duplicate
    assert {c["field"] for c in task.candidates[0]["contributions"]} >= {"surname", "given_name"}
    assert search.tasks == len(pairs) <= search.pairs

    # Searching again proposes nothing already proposed.
    again = _search(registrar, django_capture_on_commit_callbacks)
    assert again.tasks == 0 and len(_pairs()) == len(pairs)


def test_same_merges_and_different_keeps_both(
    registrar: User, twice: dict[str, Person], django_capture_on_commit_callbacks: Any
) -> None:
    _search(registrar, django_capture_on_commit_callbacks)
    task = ReviewTask.objects.get(person=twice["again"])
    review.claim(actor=registrar, task_id=task.pk)
    with pytest.raises(ValidationError, match="one person or two"):
        review.decide(actor=registrar, task_id=task.pk, decision="new")
    review.decide(actor=registrar, task_id=task.pk, decision="same", person_id=twice["first"].pk)
    merge = PersonMerge.objects.get()
    assert (merge.survivor, merge.absorbed) == (twice["first"], twice["again"])
    task.refresh_from_db()
    assert task.decision == "same" and task.decided_person == twice["first"]

    others = ReviewTask.objects.filter(person__isnull=False, status="open")
    for other in others:
        review.decide(actor=registrar, task_id=other.pk, decision="different")
    assert PersonMerge.objects.count() == 1
    assert _search(registrar, django_capture_on_commit_callbacks).tasks == 0


def test_one_search_at_a_time_and_only_for_those_who_merge(
    registrar: User, make_user: Callable[..., User], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        duplicates.start_duplicate_search(actor=registrar)
        with pytest.raises(ValidationError, match="already under way"):
            duplicates.start_duplicate_search(actor=registrar)
    with pytest.raises(PermissionDenied):
        duplicates.start_duplicate_search(actor=make_user("exchange_officer"))


def test_a_search_whose_worker_died_is_failed_when_another_starts(
    registrar: User, django_capture_on_commit_callbacks: Any
) -> None:
    dead = DuplicateSearch.objects.create(
        created_by=registrar, status=ImportStatus.RUNNING, worker="elsewhere:1",
        heartbeat=timezone.now() - STALE_AFTER - dt.timedelta(seconds=1),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False):
        started = duplicates.start_duplicate_search(actor=registrar)
    dead.refresh_from_db()
    assert started.pk != dead.pk and dead.status == ImportStatus.FAILED
    assert "worker stopped" in dead.error


def test_the_queue_page_starts_a_search_and_shows_pair_tasks(
    registrar: User, twice: dict[str, Person], django_capture_on_commit_callbacks: Any
) -> None:
    client = in_english(Client())
    client.force_login(registrar)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/review/duplicates/")
    search = DuplicateSearch.objects.get()
    assert search.task_id and search.status == ImportStatus.QUEUED
    page = client.get("/review/").content.decode()
    assert 'id="search-progress"' in page and 'id="duplicate-search-start" disabled' in page
    assert client.get(f"/review/duplicates/{search.pk}/progress.json").json()["status"] == "queued"
    duplicates.run_duplicate_search(actor=registrar, search_id=search.pk)
    task = ReviewTask.objects.get(person=twice["again"])
    html = client.get(f"/review/{task.pk}/").content.decode()
    assert 'id="task-subject"' in html and 'value="new"' not in html
    assert f'value="same:{twice["first"].pk}"' in html
    client.post(f"/review/{task.pk}/decide/", {"decision": f"same:{twice['first'].pk}"})
    assert Person.objects.get(pk=twice["again"].pk).merged_into == twice["first"]
