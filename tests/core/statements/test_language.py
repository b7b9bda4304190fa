from __future__ import annotations

import datetime as dt

import pytest

from homeward.core.statements.language import (
    Lang,
    count,
    day_month,
    join,
    ordinal,
    plural_uk,
)

FORMS = ("захисник", "захисники", "захисників")


@pytest.mark.parametrize(
    ("n", "form"),
    [(1, 0), (2, 1), (4, 1), (5, 2), (11, 2), (12, 2), (14, 2), (21, 0), (22, 1), (25, 2),
     (101, 0), (111, 2), (112, 2), (307, 2), (390, 2), (303, 1), (1000, 2), (0, 2)],
)  # fmt: skip
def test_ukrainian_plural_forms(n: int, form: int) -> None:
    assert plural_uk(n, *FORMS) == FORMS[form]


def test_counts_dates_ordinals_and_lists_read_as_the_press_writes_them() -> None:
    assert count(Lang.UK, 1000, FORMS, ("defender", "defenders")) == "1\u00a0000 захисників"
    assert count(Lang.EN, 1, FORMS, ("defender", "defenders")) == "1 defender"
    assert count(Lang.EN, 1000, FORMS, ("person", "people")) == "1,000 people"
    assert day_month(Lang.UK, dt.date(2025, 5, 25)) == "25 травня"
    assert day_month(Lang.EN, dt.date(2025, 5, 25)) == "25 May"
    assert [ordinal(Lang.EN, n) for n in (2, 3, 11, 12, 21, 22)] == [
        "second", "third", "11th", "12th", "21st", "22nd"]  # fmt: skip
    assert ordinal(Lang.UK, 3) == "третій"
    assert join(Lang.EN, ["Donetsk", "Kherson", "Luhansk"]) == "Donetsk, Kherson and Luhansk"
    assert join(Lang.UK, ["Донецький", "Луганський"]) == "Донецький і Луганський"
    assert join(Lang.EN, ["one"]) == "one" and join(Lang.EN, []) == ""
