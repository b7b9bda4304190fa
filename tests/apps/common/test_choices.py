from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import translation

from homeward.apps.common.choices import display
from homeward.apps.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["uk", "en"])
@pytest.mark.parametrize("field", ["sex", "side", "category", "current_status", "rank_category"])
def test_display_gives_what_django_displays(
    make_person: Callable[..., Person], language: str, field: str
) -> None:
    person = make_person(sex="female", side="held", rank_category="officer")
    with translation.override(language):
        assert display(Person, field)(person) == getattr(person, f"get_{field}_display")()


def test_display_translates_and_keeps_values_without_a_label() -> None:
    with translation.override("uk"):
        sex = display(Person, "sex")
    assert sex(Person(sex="female")) == "Жіноча"
    assert sex(Person(sex="unrecorded")) == "unrecorded"
    with translation.override("en"):
        status = display(Person, "current_status")
    assert status(Person(current_status="returned")) == "Returned"
    unknown = Person(current_status="")
    assert status(unknown) == unknown.get_current_status_display() == ""
