from __future__ import annotations

import datetime as dt

import pytest

from homeward.core.linkage.search import Query, SearchIndex, hypotheses, read_query
from homeward.core.synthetic import Generator

TODAY = dt.date(2026, 11, 22)
FIELDS = ("surname", "given_name", "patronymic", "sex", "date_of_birth", "service_number")
TARGET = ("Шевченко", "Олександр", "Миколайович", "male", "21.03.1990", "UA-100001")
# Persons a careless search would put first: the same name born another year, a namesake
# with another given name, a near surname.
OTHERS = (
    ("Шевченко", "Олександр", "Петрович", "male", "15.07.1975", ""),
    ("Шевченко", "Петро", "Миколайович", "male", "1990", ""),
    ("Шевчук", "Олександр", "Миколайович", "male", "21.03.1990", ""),
)


def _columns(rows: list[tuple[str, ...]]) -> dict[str, list[str]]:
    return {name: [row[k] for row in rows] for k, name in enumerate(FIELDS)}


def _background(count: int) -> list[tuple[str, ...]]:
    people = Generator(seed=11).persons(count, held_share=0.0)
    return [
        (
            p.surname,
            p.given_name,
            p.patronymic,
            p.sex,
            p.birth_date.strftime("%d.%m.%Y") if p.birth_date else "",
            p.service_number,
        )
        for p in people
    ]


def _build(rows: list[tuple[str, ...]], ids: list[str]) -> SearchIndex:
    background = _background(300)
    return SearchIndex.build(
        [f"bg{i}" for i in range(len(background))] + ids, _columns([*background, *rows]), TODAY
    )


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    rows = _background(3000)
    ids = [f"bg{i}" for i in range(len(rows))] + ["target", "other1", "other2", "other3"]
    return SearchIndex.build(ids, _columns([*rows, TARGET, *OTHERS]), TODAY)


def _search(index: SearchIndex, text: str) -> list[str]:
    return [hit.person_id for hit in index.search(read_query(text, TODAY))]


def test_reading_a_query() -> None:
    assert read_query("Aleksandr Shevchenko 1990", TODAY) == Query(
        ("Aleksandr", "Shevchenko"), "1990", ""
    )
    assert read_query("Шевченко О.М., 21.03.1990 р.н.", TODAY) == Query(
        ("Шевченко", "О", "М"), "21.03.1990", ""
    )
    assert read_query("Косач-Квітка Лук'ян UA-100001", TODAY) == Query(
        ("Косач-Квітка", "Лук'ян"), "", "UA-100001"
    )
    # A number that is no date of birth is a service number; a year to come is not a year.
    assert read_query("2035", TODAY) == Query((), "", "2035")
    assert read_query("31.02.1990", TODAY).date_of_birth == ""
    assert not read_query("  , . ", TODAY)


def test_hypotheses_put_each_word_in_each_place() -> None:
    found = hypotheses(["Aleksandr", "Shevchenko"])
    assert {"surname": "Shevchenko", "given_name": "Aleksandr", "patronymic": ""} in found
    assert {"surname": "Aleksandr", "given_name": "Shevchenko", "patronymic": ""} in found
    assert len(found) == len({tuple(h.values()) for h in found})
    assert hypotheses([]) == []


@pytest.mark.parametrize(
    "text",
    [
        "Aleksandr Shevchenko 1990",  # the example: English order, Russian form, a year
        "Шевченко Олександр Миколайович",
        "Александр Николаевич Шевченко 21.03.1990",
        "SHEVCHENKO OLEKSANDR 21.03.1990",
        "Schewtschenko Oleksandr Mykolaiovych",
        "Шевчнеко Олександр Миколайович 1990",  # two letters swapped
        "Шевченко О.М. 21.03.1990",
        "UA-100001",
    ],
)
def test_the_person_meant_comes_first(index: SearchIndex, text: str) -> None:
    hits = index.search(read_query(text, TODAY))
    # Namesakes the query cannot tell apart (another Oleksandr Shevchenko born in 1990)
    # may share first place; the person meant is among them, and the others are below.
    first = [hit.person_id for hit in hits if hit.probability == pytest.approx(hits[0].probability)]
    assert "target" in first
    assert len(first) <= 2


def test_the_probability_is_shared_by_those_who_fit_equally(index: SearchIndex) -> None:
    hits = index.search(read_query("Шевченко Олександр", TODAY))
    by_id = {hit.person_id: hit.probability for hit in hits}
    assert "target" in by_id and "other1" in by_id
    assert by_id["target"] == pytest.approx(by_id["other1"])
    assert sum(by_id.values()) < 1.0
    # The full name and date leave no doubt.
    best = index.search(read_query("Шевченко Олександр Миколайович 21.03.1990", TODAY))[0]
    assert best.person_id == "target" and best.probability > 0.9
    assert "date_of_birth" in {c.field for c in best.contributions}


def test_only_persons_the_evidence_favours_are_found(index: SearchIndex) -> None:
    assert _search(index, "Zzyzx Qwerty") == []
    hits = index.search(read_query("Шевченко Олександр Миколайович 21.03.1990", TODAY))
    assert "other3" not in [h.person_id for h in hits[:1]]
    assert all(sum(c.bits for c in hit.contributions) > 0 for hit in hits)


def test_a_changed_person_is_found_under_the_new_name_only() -> None:
    index = _build([TARGET], ["1"])
    query = "Ткачук Дмитро Вікторович 02.11.1995"
    assert "1" not in _search(index, query)
    size = len(index)
    renamed = ("Ткачук", "Дмитро", "Вікторович", "male", "02.11.1995", "")
    index.update(["1"], _columns([renamed]), removed=[])
    assert _search(index, query)[0] == "1"
    assert "1" not in _search(index, "Шевченко Олександр Миколайович 21.03.1990")
    assert len(index) == size


def test_added_and_removed_persons() -> None:
    index = _build([TARGET], ["1"])
    size = len(index)
    index.update(["2"], _columns([OTHERS[1]]), removed=["1"])
    found = _search(index, "Шевченко Петро Миколайович")
    assert found[0] == "2" and "1" not in found
    assert len(index) == size


def test_initials_that_look_like_born_are_initials() -> None:
    assert read_query("Кропивенко Р.С.", TODAY).names == ("Кропивенко", "Р", "С")
    assert read_query("Кравченко Г. М. 1990 р.", TODAY) == Query(
        ("Кравченко", "Г", "М"), "1990", ""
    )


def test_initials_are_read_given_name_first() -> None:
    assert hypotheses(["Гуцюк", "А", "В"]) == [
        {"surname": "Гуцюк", "given_name": "А", "patronymic": "В"}
    ]
    index = _build(
        [
            ("Гуцюк", "Антон", "Вікторович", "male", "01.02.1991", ""),
            ("Гуцюк", "Вадим", "Олександрович", "male", "03.04.1992", ""),
        ],
        ["meant", "reversed"],
    )
    assert _search(index, "Гуцюк А.В.")[0] == "meant"
