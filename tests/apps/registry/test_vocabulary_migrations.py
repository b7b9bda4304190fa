"""The rank vocabulary the migrations load holds every name core recognises, so that
administrators see in the admin the names an import will match."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from homeward.apps.registry.models import Rank
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
