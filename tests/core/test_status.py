"""The status ladder: statuses per side and derivation of the current status."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from homeward.core.status import (
    DerivedStatus,
    EventFacts,
    Reliability,
    Side,
    Status,
    allowed_statuses,
    counts,
    derive_status,
)

T0 = dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.UTC)


def event(
    event_id: int,
    status: Status,
    effective: str,
    reliability: str = "C",
    recorded_hours: int = 0,
    *,
    confirmed: bool = False,
) -> EventFacts:
    return EventFacts(
        id=event_id,
        status=status,
        effective_date=dt.date.fromisoformat(effective),
        reliability=Reliability(reliability),
        recorded_at=T0 + dt.timedelta(hours=recorded_hours),
        confirmed=confirmed,
    )


# --- allowed_statuses --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("side", "allowed", "forbidden"),
    [
        (
            Side.OWN,
            {Status.MISSING, Status.REPORTED_CAPTURED, Status.CONFIRMED_CAPTIVE, Status.RETURNED},
            {Status.IN_CUSTODY, Status.EXCHANGED},
        ),
        (
            Side.HELD,
            {Status.IN_CUSTODY, Status.EXCHANGED},
            {
                Status.MISSING,
                Status.REPORTED_CAPTURED,
                Status.CONFIRMED_CAPTIVE,
                Status.RETURNED,
                Status.FOUND,
            },
        ),
    ],
)
def test_allowed_statuses_per_side(
    side: Side, allowed: set[Status], forbidden: set[Status]
) -> None:
    statuses = set(allowed_statuses(side))
    assert allowed <= statuses
    assert not forbidden & statuses


@pytest.mark.parametrize("status", [Status.ON_EXCHANGE_LIST, Status.RELEASED, Status.DECEASED])
def test_statuses_shared_by_both_sides(status: Status) -> None:
    assert status in allowed_statuses(Side.OWN)
    assert status in allowed_statuses(Side.HELD)


def test_every_status_belongs_to_some_side() -> None:
    covered = set(allowed_statuses(Side.OWN)) | set(allowed_statuses(Side.HELD))
    assert covered == set(Status)


@pytest.mark.parametrize("side", list(Side))
def test_allowed_statuses_have_no_repeats(side: Side) -> None:
    statuses = allowed_statuses(side)
    assert len(statuses) == len(set(statuses))


@pytest.mark.parametrize("side", list(Side))
def test_ladder_starts_with_the_entry_status(side: Side) -> None:
    first = {Side.OWN: Status.MISSING, Side.HELD: Status.IN_CUSTODY}[side]
    assert allowed_statuses(side)[0] is first


# --- Reliability -------------------------------------------------------------------------


def test_reliability_weights_order() -> None:
    w = {r: r.weight for r in Reliability}
    assert w[Reliability.A] > w[Reliability.B] > w[Reliability.C] > w[Reliability.D]
    assert w[Reliability.D] > w[Reliability.E]
    assert w[Reliability.F] == w[Reliability.D]


# --- counts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "confirmed", "expected"),
    [
        (Status.DECEASED, False, False),
        (Status.DECEASED, True, True),
        (Status.MISSING, False, True),
        (Status.CONFIRMED_CAPTIVE, False, True),
        (Status.RETURNED, True, True),
    ],
)
def test_counts(status: Status, confirmed: bool, expected: bool) -> None:
    assert counts(event(1, status, "2022-03-01", confirmed=confirmed)) is expected


# --- derive_status -----------------------------------------------------------------------


def test_empty_list_has_no_status() -> None:
    assert derive_status([]) == DerivedStatus(None, None, (), ())


def test_single_event_is_the_status() -> None:
    result = derive_status([event(7, Status.MISSING, "2022-03-01")])
    assert result == DerivedStatus(Status.MISSING, 7, (), ())


def test_latest_effective_date_wins_over_reliability_and_recording_order() -> None:
    events = [
        event(1, Status.MISSING, "2022-03-01", "A", recorded_hours=500),
        event(2, Status.CONFIRMED_CAPTIVE, "2022-05-01", "E", recorded_hours=0),
    ]
    result = derive_status(events)
    assert result.status is Status.CONFIRMED_CAPTIVE
    assert result.event_id == 2
    assert result.conflicting_event_ids == ()


def test_result_does_not_depend_on_input_order() -> None:
    events = [
        event(1, Status.MISSING, "2022-03-01"),
        event(2, Status.REPORTED_CAPTURED, "2022-04-01", "B", 1),
        event(3, Status.CONFIRMED_CAPTIVE, "2022-04-01", "B", 1),
        event(4, Status.ON_EXCHANGE_LIST, "2022-04-01", "D", 5),
        event(5, Status.DECEASED, "2022-06-01"),
    ]
    results = {derive_status(list(p)).event_id for p in itertools.permutations(events)}
    assert len(results) == 1


def test_same_day_more_reliable_report_wins_even_if_recorded_earlier() -> None:
    events = [
        event(1, Status.REPORTED_CAPTURED, "2022-04-01", "A", recorded_hours=0),
        event(2, Status.MISSING, "2022-04-01", "C", recorded_hours=10),
    ]
    result = derive_status(events)
    assert result.status is Status.REPORTED_CAPTURED
    assert result.event_id == 1
    assert result.conflicting_event_ids == (2,)


def test_same_day_same_reliability_later_recorded_wins() -> None:
    events = [
        event(1, Status.CONFIRMED_CAPTIVE, "2022-04-01", "B", recorded_hours=10),
        event(2, Status.REPORTED_CAPTURED, "2022-04-01", "B", recorded_hours=0),
    ]
    result = derive_status(events)
    assert result.event_id == 1
    assert result.status is Status.CONFIRMED_CAPTIVE
    assert result.conflicting_event_ids == (2,)


def test_f_ranks_with_d_so_recording_time_decides() -> None:
    events = [
        event(1, Status.MISSING, "2022-04-01", "F", recorded_hours=10),
        event(2, Status.REPORTED_CAPTURED, "2022-04-01", "D", recorded_hours=0),
    ]
    assert derive_status(events).event_id == 1


def test_f_beats_e_on_the_same_day() -> None:
    events = [
        event(1, Status.MISSING, "2022-04-01", "F", recorded_hours=0),
        event(2, Status.REPORTED_CAPTURED, "2022-04-01", "E", recorded_hours=10),
    ]
    assert derive_status(events).event_id == 1


def test_unconfirmed_deceased_does_not_count_and_awaits_confirmation() -> None:
    events = [
        event(1, Status.MISSING, "2022-03-01"),
        event(2, Status.CONFIRMED_CAPTIVE, "2022-05-01"),
        event(3, Status.DECEASED, "2023-01-01", "A"),
    ]
    result = derive_status(events)
    assert result.status is Status.CONFIRMED_CAPTIVE
    assert result.event_id == 2
    assert result.awaiting_confirmation_ids == (3,)
    assert 3 not in result.conflicting_event_ids


def test_unconfirmed_deceased_on_the_same_day_is_not_a_conflict() -> None:
    events = [
        event(1, Status.CONFIRMED_CAPTIVE, "2022-05-01"),
        event(2, Status.DECEASED, "2022-05-01", "A"),
    ]
    result = derive_status(events)
    assert result.status is Status.CONFIRMED_CAPTIVE
    assert result.conflicting_event_ids == ()
    assert result.awaiting_confirmation_ids == (2,)


def test_confirmed_deceased_counts() -> None:
    events = [
        event(1, Status.MISSING, "2022-03-01"),
        event(2, Status.DECEASED, "2023-01-01", confirmed=True),
    ]
    result = derive_status(events)
    assert result.status is Status.DECEASED
    assert result.event_id == 2
    assert result.awaiting_confirmation_ids == ()


def test_only_unconfirmed_reports_give_no_status_but_list_them() -> None:
    events = [event(4, Status.DECEASED, "2023-01-01"), event(9, Status.DECEASED, "2023-02-01")]
    result = derive_status(events)
    assert result.status is None
    assert result.event_id is None
    assert result.conflicting_event_ids == ()
    assert result.awaiting_confirmation_ids == (4, 9)


def test_same_day_different_statuses_are_all_conflicts() -> None:
    events = [
        event(1, Status.MISSING, "2022-04-01", "D"),
        event(2, Status.CONFIRMED_CAPTIVE, "2022-04-01", "A"),
        event(3, Status.REPORTED_CAPTURED, "2022-04-01", "C"),
        event(4, Status.RETURNED, "2022-03-01", "A"),  # earlier day: not a conflict
    ]
    result = derive_status(events)
    assert result.event_id == 2
    assert set(result.conflicting_event_ids) == {1, 3}


def test_same_day_same_status_is_not_a_conflict() -> None:
    events = [
        event(1, Status.CONFIRMED_CAPTIVE, "2022-04-01", "A"),
        event(2, Status.CONFIRMED_CAPTIVE, "2022-04-01", "C"),
    ]
    result = derive_status(events)
    assert result.status is Status.CONFIRMED_CAPTIVE
    assert result.event_id == 1
    assert result.conflicting_event_ids == ()


def test_older_contradicting_reports_are_not_conflicts() -> None:
    events = [
        event(1, Status.MISSING, "2022-03-01", "A"),
        event(2, Status.REPORTED_CAPTURED, "2022-03-15", "A"),
        event(3, Status.RETURNED, "2022-09-01", "E"),
    ]
    result = derive_status(events)
    assert result.status is Status.RETURNED
    assert result.conflicting_event_ids == ()


def test_a_month_report_overlapping_a_day_report_is_a_conflict() -> None:
    from homeward.core.dates import Precision

    at = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    returned = EventFacts(
        1, Status.RETURNED, dt.date(2024, 5, 1), Reliability.B, at, precision=Precision.MONTH
    )
    listed = EventFacts(2, Status.ON_EXCHANGE_LIST, dt.date(2024, 5, 20), Reliability.B, at)
    derived = derive_status([returned, listed])
    assert derived.status is Status.ON_EXCHANGE_LIST
    assert derived.conflicting_event_ids == (1,)
    later = EventFacts(3, Status.RETURNED, dt.date(2024, 6, 2), Reliability.B, at)
    assert derive_status([returned, listed, later]).conflicting_event_ids == ()
