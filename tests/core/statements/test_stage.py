"""The statement on the seeds' second day, in both languages, and its sentences for other
compositions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from homeward.core.statements.language import Lang
from homeward.core.statements.stage import Service, StageFacts, Tally, stage_statement

SECOND_DAY = StageFacts(
    stage_number=2, date=dt.date(2025, 5, 24), day_of_exchange=2, received=307,
    received_so_far=697, agreement_total=1000, n_for_n=True, agreement_title="Обмін",
    military=307, men=307, ranks={"private": 280, "sergeant": 27},
    services=(Service("Armed Forces of Ukraine", 200,
                      (Tally("Land Forces", 150), Tally("Navy", 50))),
              Service("State Border Guard Service", 60), Service("National Guard of Ukraine", 47)),
    groups=(Tally("Defenders of Mariupol", 27),),
    directions=(Tally("Donetsk direction", 100), Tally("Kherson direction", 80),
                Tally("Kharkiv direction", 60), Tally("Zaporizhzhia direction", 40),
                Tally("Luhansk direction", 27)),
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
        SECOND_DAY, mediator="Туреччина", groups=(Tally("Захисники Маріуполя", 27),),
        services=(Service("Збройні Сили України", 200, (Tally("Сухопутні війська", 200),)),
                  Service("Національна гвардія України", 107)),
        directions=(Tally("Донецький напрямок", 200), Tally("Луганський напрямок", 107)),
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
    twenty_one = replace(first_day, received=21, military=20, civilians=1, men=21, women=0,
                         ranks={"private": 20}, examined=21, paid=0)  # fmt: skip
    one = stage_statement(twenty_one, Lang.UK).title
    assert one == "З полону повернулася 21 людина"


# Published with a threshold of 5: what leaves the staff names nobody.
SMALL = replace(
    SECOND_DAY, military=300, civilians=7, men=305, women=2,
    ranks={"private": 270, "sergeant": 27, "officer": 3},
    services=(Service("Armed Forces of Ukraine", 296, (Tally("Land Forces", 290),
                                                       Tally("Navy", 6), Tally("Marine Corps", 2))),
              Service("Security Service of Ukraine", 4)),
    groups=(Tally("Defenders of Mariupol", 27), Tally("Defenders of Zmiinyi", 1)),
    directions=(Tally("Donetsk direction", 290), Tally("Kherson direction", 14),
                Tally("Sumy direction", 3)),
    examined=300, paid=2,
)  # fmt: skip


def test_small_counts_are_withheld_in_english() -> None:
    text = stage_statement(SMALL, Lang.EN, min_count=5).text
    # two women of 307: the men's count would give them away, so the sexes go unsaid; so
    # do the ranks (three officers) and with them the civilians, parts of the same total
    assert "Among them are men" not in text and "servicemen, " not in text
    assert ("Servicemen of the Armed Forces of Ukraine (Land Forces, Navy and others) and "
            "other services have returned.") in text  # fmt: skip
    assert "Among them are 27 Defenders of Mariupol." in text
    assert "They fought in the Donetsk, Kherson and other directions." in text
    # 300 of 307 examined is told; 2 paid is not, nor would 305 be
    assert (
        "Of those who returned that day, 300 people have completed the medical examination." in text
    )
    for hidden in ("305", " 2 ", " 3 ", "women", "officer", "civilian", "Zmiinyi", "Marine",
                   "Security Service", "Sumy", "their payments"):  # fmt: skip
        assert hidden not in text, hidden


def test_small_counts_are_withheld_in_ukrainian() -> None:
    text = stage_statement(SMALL, Lang.UK, min_count=5).text
    assert "Серед них" not in text and "серед військових" not in text
    assert "цивільн" not in text and "Zmiinyi" not in text
    assert "Серед звільнених: Defenders of Mariupol — 27." in text
    assert "медичне обстеження вже пройшли 300 людей." in text and "виплати отримали" not in text


def test_a_group_of_nearly_everyone_is_not_told() -> None:
    # 305 defenders of Mariupol of 307 would tell that 2 were not
    nearly = replace(SMALL, groups=(Tally("Defenders of Mariupol", 305),))
    assert "Mariupol" not in stage_statement(nearly, Lang.EN, min_count=5).text
    assert "305 Defenders of Mariupol" in stage_statement(nearly, Lang.EN).text


def test_a_threshold_of_zero_publishes_every_count() -> None:
    text = stage_statement(SMALL, Lang.EN, min_count=0).text
    assert "305 men and 2 women" in text and "27 sergeants and 3 officers" in text
    assert "as well as 7 civilians" in text
    assert "one of the Defenders of Zmiinyi" in text and "Sumy" in text


def test_who_they_are_is_not_told_when_fewer_than_the_threshold_returned() -> None:
    few = replace(SMALL, received=3, military=3, civilians=0, men=3, women=0,
                  ranks={"officer": 3}, examined=3, paid=3)  # fmt: skip
    text = stage_statement(few, Lang.EN, min_count=5).text
    # "people" whoever they are: "1 defender" or "1 person" would tell who the one is
    assert "On 24 May 2025, 3 people returned home from captivity." in text
    one_civilian = replace(few, military=0, civilians=1, received=1, ranks={})
    assert stage_statement(one_civilian, Lang.EN, min_count=5).title == (
        "1 person returned home from captivity")  # fmt: skip
    assert stage_statement(replace(few, received=1), Lang.EN, min_count=5).title == (
        "1 person returned home from captivity")  # fmt: skip
    for hidden in ("All 3", "officer", "Armed Forces", "Defenders of", "fought", "Of those"):
        assert hidden not in text


def test_a_clause_of_nothing_but_small_counts_is_left_out() -> None:
    five = replace(SMALL, received=5, military=3, civilians=2, men=3, women=2,
                   ranks={"private": 1, "sergeant": 1, "officer": 1}, groups=(),
                   directions=(), examined=5, paid=0)  # fmt: skip
    text = stage_statement(five, Lang.EN, min_count=5).text
    # not even "men and women": naming the withheld parts would say that both are there
    assert "Among them are" not in text and "privates" not in text
    assert "civilians" not in text and "have returned." in text
    uk = stage_statement(replace(five, women=0, men=5), Lang.UK, min_count=5).text
    assert "Усі 5 — чоловіки." in uk and "рядов" not in uk
