"""Reviewers' decisions become labelled pairs, and the engine's weights move with them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from homeward.apps.intake import review
from homeward.apps.intake.calibration import review_labels
from homeward.apps.intake.models import ImportBatch, ReviewTask
from homeward.apps.registry.models import Person
from tests.apps.intake.conftest import counterpart_csv, import_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(registrar: User, registry: dict[str, Person]) -> ImportBatch:
    """Two rows that are the father or the son (two candidates each)."""
    return import_list(
        registrar, counterpart_csv("1;ГНАТЮК Иван Петрович;;;", "2;Гнатюк Иван Петрович;;;")
    )


def _task_of(row_id: str) -> ReviewTask:
    return ReviewTask.objects.get(record__external_id=row_id)


def test_decisions_become_labels_of_every_candidate_shown(
    registrar: User, batch: ImportBatch, registry: dict[str, Person]
) -> None:
    assert review_labels() == []  # open tasks teach nothing
    father, son = registry["father"], registry["son"]
    first, second = _task_of("1"), _task_of("2")
    assert {c["person_id"] for c in first.candidates} == {father.pk, son.pk}
    review.decide(actor=registrar, task_id=first.pk, decision="same", person_id=father.pk)
    review.decide(actor=registrar, task_id=second.pk, decision="new")
    labels = review_labels()
    assert len(labels) == 4
    assert sorted(same for _, same in labels) == [False, False, False, True]
    levels, _ = next(label for label in labels if label[1])
    # The levels are those the reviewer was shown: the Russian form of the given name.
    assert levels["surname"] == "same" and levels["given_name"] == "equivalent"
    assert levels["patronymic"] == "same"  # Петрович in both languages


def test_an_import_after_decisions_weighs_with_them(
    registrar: User, registry: dict[str, Person]
) -> None:
    """The same row, imported before and after reviewers said such rows were the father:
    the engine's probability for him rises."""
    row = "1;ГНАТЮК Иван Петрович;;;"
    before = import_list(registrar, counterpart_csv(row), source_name="A")
    task = ReviewTask.objects.get(batch=before)
    father = registry["father"]
    probability_before = next(
        c["probability"] for c in task.candidates if c["person_id"] == father.pk
    )
    review.decide(actor=registrar, task_id=task.pk, decision="same", person_id=father.pk)
    for n in range(3):
        more = import_list(registrar, counterpart_csv(row), source_name=f"B{n}")
        more_task = ReviewTask.objects.get(batch=more)
        review.decide(actor=registrar, task_id=more_task.pk, decision="same", person_id=father.pk)
    after = import_list(registrar, counterpart_csv(row), source_name="C")
    task_after = ReviewTask.objects.get(batch=after)
    probability_after = next(
        c["probability"] for c in task_after.candidates if c["person_id"] == father.pk
    )
    assert probability_after > probability_before
