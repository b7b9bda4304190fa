import pytest

from homeward.core.exchanges.outcomes import (
    Direction,
    Outcome,
    allowed_outcomes,
    status_after,
)
from homeward.core.status import Status


def test_only_the_outcome_that_completes_an_exchange_changes_the_status() -> None:
    assert status_after(Direction.RECEIVE, Outcome.RECEIVED) == Status.RETURNED
    assert status_after(Direction.HAND_OVER, Outcome.HANDED_OVER) == Status.EXCHANGED
    for outcome in (Outcome.REFUSED, Outcome.NO_SHOW, Outcome.SUBSTITUTED):
        assert status_after(Direction.RECEIVE, outcome) is None
        assert status_after(Direction.HAND_OVER, outcome) is None


@pytest.mark.parametrize(
    ("direction", "wrong"),
    [(Direction.RECEIVE, Outcome.HANDED_OVER), (Direction.HAND_OVER, Outcome.RECEIVED)],
)
def test_each_direction_has_its_own_outcomes(direction: Direction, wrong: Outcome) -> None:
    assert wrong not in allowed_outcomes(direction)
    assert Outcome.PLANNED not in allowed_outcomes(direction)
