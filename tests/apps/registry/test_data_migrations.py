"""The data migrations: the rank vocabulary holds every name core recognises (so that
administrators see in the admin the names an import will match), and stored search keys
follow the key function."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps

from homeward.apps.registry.models import Person, Rank
from homeward.core.ranks import RANKS

pytestmark = pytest.mark.django_db


def test_every_rank_name_core_knows_is_in_the_vocabulary() -> None:
    stored = {rank.code: rank for rank in Rank.objects.all()}
    for rank in RANKS:
        row = stored[rank.code]
        assert (row.name_uk, row.name_en, row.category) == (rank.uk, rank.en, rank.category)
        assert set(rank.ru) <= set(row.names_ru), rank.code
        assert set(rank.also) <= set(row.other_names), rank.code


def test_the_naval_names_are_added_to_an_existing_vocabulary_and_taken_back() -> None:
    # A database made before core knew naval ranks: 0007 adds them to what is there,
    # keeping an administrator's own names; reversed, it leaves the administrator's.
    naval = importlib.import_module(
        "homeward.apps.registry.migrations.0007_naval_and_ordinal_rank_names"
    )
    Rank.objects.filter(code="major").update(names_ru=["майор"], other_names=["майор ЗСУ"])
    naval.add(apps, None)
    major = Rank.objects.get(code="major")
    assert major.names_ru == ["майор", "капитан 3 ранга"]
    assert major.other_names == ["майор ЗСУ", "капітан 3 рангу"]
    naval.add(apps, None)  # run again (a re-applied migration) adds nothing twice
    assert Rank.objects.get(code="major").names_ru == ["майор", "капитан 3 ранга"]
    naval.remove(apps, None)
    major = Rank.objects.get(code="major")
    assert (major.names_ru, major.other_names) == (["майор"], ["майор ЗСУ"])


def test_search_keys_made_before_lower_casing_are_rewritten(
    make_person: Callable[..., Person],
) -> None:
    rekeying = importlib.import_module(
        "homeward.apps.registry.migrations.0008_search_keys_of_names_in_capitals"
    )
    capitals = make_person(side="held", surname="ВОРОБЬЁВ", given_name="Алексей")
    other = make_person(surname="Бойко")
    stamp = Person.objects.get(pk=capitals.pk).updated_at
    Person.objects.filter(pk=capitals.pk).update(search_text=" vorobev aleksei ")  # as before
    before = Person.objects.get(pk=other.pk).search_text
    rekeying.rekey(apps, None)
    rekeyed = Person.objects.get(pk=capitals.pk)
    assert " vorobyev " in rekeyed.search_text and " vorobev " not in rekeyed.search_text
    assert rekeyed.updated_at == stamp  # an index, not an edit of the record
    assert Person.objects.get(pk=other.pk).search_text == before
