"""The statement on the seeds' second day, in both languages, and its sentences for other
compositions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from homeward.core.statements.language import Lang
from homeward.core.statements.stage import Group, Service, StageFacts, stage_statement

SECOND_DAY = StageFacts(
    stage_number=2, date=dt.date(2025, 5, 24), day_of_exchange=2, received=307,
    received_so_far=697, agreement_total=1000, n_for_n=True, agreement_title="Обмін",
    military=307, men=307, ranks={"private": 280, "sergeant": 27},
    services=(Service("Armed Forces of Ukraine", 200, ("Land Forces", "Navy")),
              Service("State Border Guard Service", 60), Service("National Guard of Ukraine", 47)),
    groups=(Group("Defenders of Mariupol", 27),),
    directions=("Donetsk direction", "Kherson direction", "Kharkiv direction",
                "Zaporizhzhia direction", "Luhansk direction"),
    next_stage=(3, dt.date(2025, 5, 25)),
)  # fmt: skip


def test_the_seeds_second_day_in_english() -> None:
    text = stage_statement(SECOND_DAY, Lang.EN).text
    assert text.startswith("307 defenders returned home from captivity")
    assert "On 24 May 2025, 307 defenders returned home from captivity." in text
    assert "It is the second day of the 1000-for-1000 exchange." in text
    assert (
        "So far, 697 people have been brought home in this exchange, of the 1,000 agreed." in text
    )
    assert "All 307 are men, privates and sergeants." in text
    assert ("Servicemen of the Armed Forces of Ukraine (Land Forces and Navy), the State Border "
            "Guard Service and the National Guard of Ukraine have returned.") in text  # fmt: skip
    assert "Among them are 27 Defenders of Mariupol." in text
    assert (
        "They fought in the Donetsk, Kherson, Kharkiv, Zaporizhzhia and Luhansk directions." in text
    )
    assert "The third stage of the exchange will take place on 25 May." in text


def test_the_seeds_second_day_in_ukrainian() -> None:
    ukrainian = replace(
        SECOND_DAY, mediator="Туреччина", groups=(Group("Захисники Маріуполя", 27),),
        services=(Service("Збройні Сили України", 200, ("Сухопутні війська",)),
                  Service("Національна гвардія України", 107)),
        directions=("Донецький напрямок", "Луганський напрямок"),
    )  # fmt: skip
    text = stage_statement(ukrainian, Lang.UK).text
    assert text.startswith("З полону повернулися 307 захисників")
    assert "24 травня 2025 року з полону повернулися 307 захисників." in text
    assert "Це другий день обміну «1000 на 1000». Посередник — Туреччина." in text
    assert "Загалом у межах обміну вже повернуто 697 людей із 1\u00a0000 домовлених." in text
    assert "Усі 307 — чоловіки, рядові і сержанти." in text
    assert "Серед звільнених: Захисники Маріуполя — 27." in text
    assert "Вони воювали на напрямках: Донецький і Луганський." in text
    assert "Третій етап обміну відбудеться 25 травня." in text


def test_mixed_returns_are_counted_not_generalised() -> None:
    first_day = replace(
        SECOND_DAY, stage_number=1, date=dt.date(2025, 5, 23), day_of_exchange=1, received=390,
        received_so_far=390, military=270, civilians=120, men=380, women=10,
        ranks={"private": 200, "sergeant": 50, "officer": 20}, groups=(), directions=(),
        next_stage=None, examined=390, paid=1,
    )  # fmt: skip
    en = stage_statement(first_day, Lang.EN).text
    assert en.startswith("390 people returned home from captivity")
    assert (
        "Among them are 380 men and 10 women; among the servicemen, 200 privates, 50 "
        "sergeants and 20 officers."
    ) in en
    assert "as well as 120 civilians." in en and "stage of the exchange" not in en
    assert (
        "Of those who returned that day, 390 people have completed the medical "
        "examination and 1 person has received their payments."
    ) in en
    uk = stage_statement(first_day, Lang.UK).text
    assert uk.startswith("З полону повернулися 390 людей")
    assert "Серед них 380 чоловіків і 10 жінок" in uk and "а також 120 цивільних." in uk
    one = stage_statement(replace(first_day, received=21, civilians=1), Lang.UK).title
    assert one == "З полону повернулася 21 людина"
