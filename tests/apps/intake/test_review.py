from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection
from django.utils import timezone
from django.utils.translation import override

from homeward.apps.audit.models import AuditEntry
from homeward.apps.intake import review
from homeward.apps.intake.models import ImportBatch, ReviewTask
from homeward.apps.registry import merging
from homeward.apps.registry.models import Person
from tests.apps.intake.conftest import counterpart_csv, import_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(registrar: User, registry: dict[str, Person]) -> ImportBatch:
    """Three rows the engine cannot decide alone: the father or the son, twice, and a
    surname with no given name."""
    return import_list(
        registrar,
        counterpart_csv(
            "1;ГНАТЮК Иван Петрович;;;",
            "2;Гнатюк Иван Петрович;;;",
            "3;ТКАЧУК;;;",
        ),
    )


@pytest.fixture
def second(make_user: Callable[..., User]) -> User:
    return make_user("registrar", username="registrar2")


def test_two_registrars_are_given_different_tasks(
    registrar: User, second: User, batch: ImportBatch
) -> None:
    assert batch.review == 3
    first = review.claim_next(actor=registrar)
    other = review.claim_next(actor=second)
    assert first is not None and other is not None and first.pk != other.pk
    # Asking again gives each the task they hold.
    assert review.claim_next(actor=registrar) == first
    with pytest.raises(ValidationError, match="registrar is deciding this task"):
        review.claim(actor=second, task_id=first.pk)
    with pytest.raises(ValidationError, match="registrar is deciding this task"):
        review.decide(actor=second, task_id=first.pk, decision="different")


def test_a_lapsed_claim_returns_the_task_to_the_queue(
    registrar: User, second: User, batch: ImportBatch
) -> None:
    task = review.claim_next(actor=registrar)
    assert task is not None
    ReviewTask.objects.filter(pk=task.pk).update(
        claimed_at=timezone.now() - review.CLAIM_FOR - dt.timedelta(seconds=1)
    )
    assert review.claim(actor=second, task_id=task.pk).claimed_by == second


def test_same_links_the_record_and_is_audited(
    registrar: User, batch: ImportBatch, registry: dict[str, Person]
) -> None:
    task = review.claim_next(actor=registrar)
    assert task is not None
    father = registry["father"]
    assert father.pk in [c["person_id"] for c in task.candidates]
    review.decide(actor=registrar, task_id=task.pk, decision="same", person_id=father.pk)
    task.refresh_from_db()
    assert (task.status, task.decision, task.decided_person, task.decided_by) == (
        "decided", "same", father, registrar
    )  # fmt: skip
    assert task.record.person == father
    entry = AuditEntry.objects.filter(action="review.decide").get()
    assert entry.object_id == str(task.record_id) and entry.after["person"] == father.pk
    with pytest.raises(ValidationError, match="already been decided"):
        review.decide(actor=registrar, task_id=task.pk, decision="new")


def test_new_makes_a_person_from_the_record(registrar: User, batch: ImportBatch) -> None:
    task = review.claim_next(actor=registrar)
    assert task is not None
    persons = Person.objects.count()
    review.decide(actor=registrar, task_id=task.pk, decision="new")
    task.refresh_from_db()
    assert Person.objects.count() == persons + 1
    made = task.decided_person
    assert made is not None and task.record.person == made
    assert (made.surname, made.given_name, made.side) == (
        "Гнатюк",
        "Иван",
        "own",
    )  # as the list spells it


def test_a_record_without_a_given_name_cannot_make_a_person_but_can_stay_unlinked(
    registrar: User, batch: ImportBatch
) -> None:
    task = ReviewTask.objects.get(record__external_id="3")
    review.claim(actor=registrar, task_id=task.pk)
    with pytest.raises(ValidationError, match="no first name"):
        review.decide(actor=registrar, task_id=task.pk, decision="new")
    review.decide(actor=registrar, task_id=task.pk, decision="different")
    task.refresh_from_db()
    assert task.decision == "different" and task.record.person is None


def test_a_candidate_merged_since_stands_for_its_survivor(
    registrar: User, batch: ImportBatch, registry: dict[str, Person]
) -> None:
    task = review.claim_next(actor=registrar)
    assert task is not None
    merging.merge_persons(
        actor=registrar, survivor_id=registry["son"].pk, absorbed_id=registry["father"].pk
    )
    review.decide(
        actor=registrar, task_id=task.pk, decision="same", person_id=registry["father"].pk
    )
    task.refresh_from_db()
    assert task.record.person == registry["son"]


def test_skipped_tasks_go_back_and_the_next_is_another(registrar: User, batch: ImportBatch) -> None:
    first = review.claim_next(actor=registrar)
    assert first is not None
    review.release(actor=registrar, task_id=first.pk)
    after = review.claim_next(actor=registrar, skip=(first.pk,))
    assert after is not None and after.pk != first.pk
    assert ReviewTask.objects.get(pk=first.pk).claimed_by is None


def test_only_those_with_the_permission_decide(
    make_user: Callable[..., User], batch: ImportBatch
) -> None:
    with pytest.raises(PermissionDenied):
        review.claim_next(actor=make_user("exchange_officer"))


# serialized_rollback: the flush at the end would take the roles' groups with it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_registrars_deciding_one_task_at_once(
    registrar: User, second: User, batch: ImportBatch, registry: dict[str, Person]
) -> None:
    """Both press a button on the same unclaimed task at the same moment: one decision
    is taken, the other is refused, never both."""
    task = ReviewTask.objects.filter(record__external_id="1").get()
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def press(user: User, decision: str) -> None:
        try:
            barrier.wait()
            person_id = registry["father"].pk if decision == "same" else None
            with override("en"):  # a thread starts in the default language
                review.decide(actor=user, task_id=task.pk, decision=decision, person_id=person_id)
            outcomes[user.username] = "taken"
        except ValidationError as exc:
            outcomes[user.username] = " ".join(exc.messages)
        except OperationalError as exc:
            # The suite's in-memory SQLite refuses a second writer at once ("table is
            # locked") where a database file would make it wait; still only one decides.
            assert connection.vendor == "sqlite", exc
            outcomes[user.username] = "refused by the database"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=press, args=(registrar, "same")),
        threading.Thread(target=press, args=(second, "new")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) in (
        ["This task has already been decided.", "taken"],
        ["refused by the database", "taken"],
    ), outcomes
    assert AuditEntry.objects.filter(action="review.decide").count() == 1
    task.refresh_from_db()
    assert task.status == "decided"
