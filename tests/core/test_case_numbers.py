"""Human case numbers: HW-<year>-<sequence>."""

from __future__ import annotations

import pytest

from homeward.core.case_numbers import format_case_number, parse_case_number


@pytest.mark.parametrize(
    ("year", "sequence", "text"),
    [
        (2025, 123, "HW-2025-000123"),
        (2025, 1, "HW-2025-000001"),
        (2022, 999_999, "HW-2022-999999"),
        (2024, 1_234_567, "HW-2024-1234567"),  # the sequence may outgrow six digits
        (999, 42, "HW-0999-000042"),
    ],
)
def test_format_case_number(year: int, sequence: int, text: str) -> None:
    assert format_case_number(year, sequence) == text


@pytest.mark.parametrize(
    ("year", "sequence"),
    [(2025, 1), (2025, 123), (2022, 999_999), (2024, 1_000_000), (2030, 42)],
)
def test_parse_round_trips_format(year: int, sequence: int) -> None:
    assert parse_case_number(format_case_number(year, sequence)) == (year, sequence)


@pytest.mark.parametrize("sequence", [0, -1, -123])
def test_sequence_below_one_is_rejected(sequence: int) -> None:
    with pytest.raises(ValueError, match="start at 1"):
        format_case_number(2025, sequence)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HW-2025-000123", (2025, 123)),
        ("hw-2025-000123", (2025, 123)),
        ("  HW-2025-000123\n", (2025, 123)),
        ("HW-2025-1234567", (2025, 1_234_567)),
    ],
)
def test_parse_case_number(text: str, expected: tuple[int, int]) -> None:
    assert parse_case_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "HW-2025-123",  # sequence not padded to six digits
        "HW-25-000123",  # two-digit year
        "HW-02025-000123",
        "XX-2025-000123",
        "HW2025000123",
        "HW-2025000123",
        "HW_2025_000123",
        "HW 2025 000123",
        "HW-2025-000123-1",
        "HW-2025-00012a",
        "HW-2025-000123x",
        "xHW-2025-000123",
        "HW--2025-000123",
        "HW-2025-",
        "2025-000123",
    ],
)
def test_parse_rejects_malformed(text: str) -> None:
    assert parse_case_number(text) is None
