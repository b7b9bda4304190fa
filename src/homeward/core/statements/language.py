"""What writing numbers and lists into Ukrainian and English sentences needs: plural forms,
ordinals, dates as the press writes them, and lists joined with "and"."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence

from homeward.core.disclosure import Published


class Lang(enum.StrEnum):
    UK = "uk"
    EN = "en"


def plural_uk(n: int, one: str, few: str, many: str) -> str:
    """The Ukrainian form for n: 1, 21, 101 take `one`; 2–4, 22–24 take `few`; the rest
    (0, 5–20, 11–14, 25–30, …) take `many`."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def plural_en(n: int, one: str, other: str) -> str:
    return one if n == 1 else other


def count(lang: Lang, n: int, uk: tuple[str, str, str], en: tuple[str, str]) -> str:
    """`n` and its noun in the right form: "307 захисників", "1 defender"."""
    word = plural_uk(n, *uk) if lang is Lang.UK else plural_en(n, *en)
    return f"{number(lang, n)} {word}"


FEWER_THAN = {Lang.UK: "менше ніж", Lang.EN: "fewer than"}


def amount(
    lang: Lang, value: Published, threshold: int, uk: tuple[str, str, str], en: tuple[str, str]
) -> str:
    """A count as published: "27 захисників", "fewer than 5 women", or, withheld only to
    protect a small count, the noun alone ("sergeants")."""
    if isinstance(value, int):
        return count(lang, value, uk, en)
    if value.small:
        return f"{FEWER_THAN[lang]} {count(lang, threshold, uk, en)}"
    return uk[1] if lang is Lang.UK else en[1]  # the nominative plural


def number(lang: Lang, n: int) -> str:
    """Thousands grouped as each language's press writes them: 1 000 and 1,000."""
    return f"{n:,}".replace(",", "\u00a0" if lang is Lang.UK else ",")


_ORDINALS = {
    Lang.UK: ("перший", "другий", "третій", "четвертий", "п’ятий", "шостий", "сьомий",
              "восьмий", "дев’ятий", "десятий"),
    Lang.EN: ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
              "ninth", "tenth"),
}  # fmt: skip


def ordinal(lang: Lang, n: int) -> str:
    """In words up to ten (masculine in Ukrainian: день, етап), in figures beyond."""
    if 1 <= n <= len(_ORDINALS[lang]):
        return _ORDINALS[lang][n - 1]
    if lang is Lang.UK:
        return f"{n}-й"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_MONTHS = {
    Lang.UK: ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
              "вересня", "жовтня", "листопада", "грудня"),
    Lang.EN: ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"),
}  # fmt: skip


def day_month(lang: Lang, day: dt.date) -> str:
    """ "25 травня", "25 May"."""
    return f"{day.day} {_MONTHS[lang][day.month - 1]}"


def full_date(lang: Lang, day: dt.date) -> str:
    return f"{day_month(lang, day)} {day.year}" + (" року" if lang is Lang.UK else "")


def date_range(lang: Lang, start: dt.date, end: dt.date) -> str:
    """ "between 23 and 25 May 2025", "з 23 по 25 травня 2025 року"; one day reads as a
    date ("on 24 May 2025", "24 травня 2025 року")."""
    if start == end:
        return full_date(lang, start) if lang is Lang.UK else f"on {full_date(lang, start)}"
    if start.year != end.year:
        first = full_date(lang, start)
    elif start.month != end.month:
        first = day_month(lang, start)
    else:
        first = str(start.day)
    if lang is Lang.UK:
        return f"з {first} по {full_date(lang, end)}"
    return f"between {first} and {full_date(lang, end)}"


def numbers(lang: Lang, values: Sequence[int]) -> str:
    """ "1–3" for a run, "1, 3 і 5" otherwise."""
    ordered = sorted(set(values))
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}–{ordered[-1]}"
    return join(lang, [str(n) for n in ordered])


def join(lang: Lang, items: Sequence[str]) -> str:
    """ "a, b and c" ("a, b і c"): no serial comma, as both languages' press writes."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    word = " і " if lang is Lang.UK else " and "
    return ", ".join(items[:-1]) + word + items[-1]
