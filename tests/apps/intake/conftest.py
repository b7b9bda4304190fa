from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from homeward.apps.registry import services
from homeward.apps.registry.demo import _fields, _Vocab
from homeward.apps.registry.models import Person
from homeward.core.synthetic import Generator

BACKGROUND = 400


@pytest.fixture
def background(registrar: User) -> list[Person]:
    """A registry of a few hundred synthetic persons: the engine learns what agreement
    means from the registry itself, and a registry of three teaches it nothing."""
    vocab = _Vocab()
    people = Generator(seed=7).persons(BACKGROUND, held_share=0.0)
    return services.create_persons(actor=registrar, rows=[_fields(p, vocab) for p in people])
