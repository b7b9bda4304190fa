"""Fellegi–Sunter weights fitted by EM (issue 3)."""

from __future__ import annotations

import numpy as np
import pytest

from homeward.core.linkage.comparisons import DATE_LEVELS, NAME_LEVELS, Comparison
from homeward.core.linkage.model import U_SMOOTHING, Model

SURNAME = Comparison("surname", NAME_LEVELS, tf_level=1)
GIVEN = Comparison("given_name", NAME_LEVELS, tf_level=1)
DATE = Comparison("date_of_birth", DATE_LEVELS)
AGREE, CLOSE, DIFFERENT = 1, 2, 5  # name levels
EXACT, DATE_DIFFERENT = 1, 7


def _levels(rows: list[list[int]]) -> np.ndarray:
    return np.asarray(rows, np.int8)


def _random_levels(n: int = 1000, seed: int = 0) -> np.ndarray:
    """Random pairs: nearly always different, sometimes a shared common name or year."""
    rng = np.random.default_rng(seed)
    names = rng.choice([AGREE, CLOSE, DIFFERENT, 0], size=(n, 2), p=[0.04, 0.01, 0.9, 0.05])
    dates = rng.choice([EXACT, 4, DATE_DIFFERENT, 0], size=(n, 1), p=[0.001, 0.03, 0.9, 0.069])
    return np.hstack([names, dates]).astype(np.int8)


def test_start_takes_u_from_random_levels_with_smoothing() -> None:
    random_levels = _levels([[5], [5], [5], [1], [0]])
    model = Model.start([SURNAME], random_levels)
    # Counts per level (missing ignored) plus one each: agree 2, close..initial 1, different 4.
    expected = np.array([0, 2, 1, 1, 1, 4], float) / 9
    assert U_SMOOTHING == 1.0
    np.testing.assert_allclose(model.u[0], expected)
    assert model.u[0][0] == 0.0
    # m starts from the prior: a match mostly agrees.
    assert model.m[0][0] == 0.0 and model.m[0].sum() == pytest.approx(1.0)
    assert model.m[0][AGREE] == max(model.m[0])


def test_start_without_any_random_pair_is_uniform() -> None:
    model = Model.start([SURNAME], np.zeros((0, 1), np.int8))
    np.testing.assert_allclose(model.u[0][1:], 1 / 5)


def test_weights_of_agreement_are_positive_and_disagreement_negative() -> None:
    model = Model.start([SURNAME, GIVEN, DATE], _random_levels())
    weights = model.weights()
    for k in (0, 1):
        assert weights[k][AGREE] > 3
        assert weights[k][DIFFERENT] < -3
        assert weights[k][0] == 0.0  # missing weighs nothing
    assert weights[2][EXACT] > 6
    assert weights[2][DATE_DIFFERENT] < -3
    # Weights are log2(m/u).
    np.testing.assert_allclose(weights[0][1:], np.log2(model.m[0][1:] / model.u[0][1:]))


def _candidates(n_matches: int = 300, n_others: int = 1700, seed: int = 1) -> np.ndarray:
    """Candidate pairs: matches agree on everything, non-matches share only the surname."""
    rng = np.random.default_rng(seed)
    matches = np.tile([AGREE, AGREE, EXACT], (n_matches, 1))
    others = np.column_stack(
        [
            np.full(n_others, AGREE),
            rng.choice([DIFFERENT, CLOSE], size=n_others, p=[0.95, 0.05]),
            rng.choice([DATE_DIFFERENT, 4], size=n_others, p=[0.9, 0.1]),
        ]
    )
    return np.vstack([matches, others]).astype(np.int8)


def test_fit_raises_m_of_agreement_where_matches_agree() -> None:
    model = Model.start([SURNAME, GIVEN, DATE], _random_levels())
    before = [m.copy() for m in model.m]
    model.fit(_candidates())
    assert model.m[1][AGREE] > before[1][AGREE]
    assert model.m[1][DIFFERENT] < before[1][DIFFERENT]
    assert model.m[2][EXACT] > before[2][EXACT]
    assert model.m[2][EXACT] > 0.9
    # The share of matches among candidates is found (300 of 2000).
    assert model.match_share == pytest.approx(0.15, abs=0.03)
    # EM never lowers the likelihood.
    assert len(model.history) >= 2
    assert all(b >= a - 1e-6 for a, b in zip(model.history, model.history[1:], strict=False))
    for m in model.m:
        assert m[0] == 0.0 and m.sum() == pytest.approx(1.0)


def test_fit_on_nothing_changes_nothing() -> None:
    model = Model.start([SURNAME], _levels([[5], [1]]))
    before = model.m[0].copy()
    model.fit(np.zeros((0, 1), np.int8))
    np.testing.assert_array_equal(model.m[0], before)


def test_fit_tells_apart_patterns_that_differ_in_the_first_comparison() -> None:
    # Seventeen comparisons (twelve fields and five extra columns): a pattern that differs
    # only in the first (the surname) is a different pattern.
    comparisons = [SURNAME] + [
        Comparison(f"extra:{k}", ("missing", "same", "different")) for k in range(16)
    ]
    rows = (
        [[AGREE] + [1] * 16] * 200 + [[DIFFERENT] + [1] * 16] * 200 + [[DIFFERENT] + [2] * 16] * 800
    )
    levels = _levels(rows)
    random_levels = _levels([[DIFFERENT] + [2] * 16] * 50 + [[AGREE] + [1] * 16])
    first = Model.start(comparisons, random_levels).fit(levels)
    # The same data with the surname moved to the end.
    moved = comparisons[1:] + comparisons[:1]
    second = Model.start(moved, np.roll(random_levels, -1, axis=1)).fit(np.roll(levels, -1, axis=1))
    np.testing.assert_allclose(first.m[0], second.m[-1], atol=1e-9)


def test_calibrate_moves_m_and_u_towards_the_labels() -> None:
    model = Model.start([SURNAME, GIVEN, DATE], _random_levels())
    m_before = [m.copy() for m in model.m]
    u_before = [u.copy() for u in model.u]
    # Reviewers confirmed matches whose given names differ by a typo, and rejected pairs
    # that share a surname and a year.
    same_pairs = np.tile([AGREE, CLOSE, EXACT], (100, 1))
    other_pairs = np.tile([AGREE, DIFFERENT, 4], (100, 1))
    levels = np.vstack([same_pairs, other_pairs]).astype(np.int8)
    same = np.array([True] * 100 + [False] * 100)
    model.calibrate(levels, same)
    assert model.m[1][CLOSE] > m_before[1][CLOSE]
    assert model.m[1][DIFFERENT] < m_before[1][DIFFERENT]
    assert model.u[0][AGREE] > u_before[0][AGREE]
    assert model.u[2][4] > u_before[2][4]
    assert model.u[2][EXACT] < u_before[2][EXACT]
    for dist in (*model.m, *model.u):
        assert dist[0] == 0.0 and dist.sum() == pytest.approx(1.0)


def test_calibrate_without_labels_of_one_kind_leaves_that_side() -> None:
    model = Model.start([SURNAME], _levels([[5], [1]]))
    u_before = model.u[0].copy()
    model.calibrate(_levels([[AGREE]] * 10), np.ones(10, bool))
    np.testing.assert_array_equal(model.u[0], u_before)


def test_scores_add_the_weights_of_the_levels() -> None:
    model = Model.start([SURNAME, GIVEN, DATE], _random_levels())
    w = model.weights()
    levels = _levels([[AGREE, AGREE, EXACT], [DIFFERENT, 0, DATE_DIFFERENT]])
    scores = model.scores(levels, [None, None, None])
    assert scores[0] == pytest.approx(w[0][AGREE] + w[1][AGREE] + w[2][EXACT])
    assert scores[1] == pytest.approx(w[0][DIFFERENT] + w[2][DATE_DIFFERENT])


def test_a_shared_rare_value_weighs_more_than_a_shared_common_one() -> None:
    model = Model.start([SURNAME, DATE], _random_levels()[:, [0, 2]])
    levels = _levels([[AGREE, 0], [AGREE, 0], [DIFFERENT, 0]])
    frequency = np.array([0.0005, 0.08, 0.08])  # Зінченко against Шевченко
    scores = model.scores(levels, [frequency, None])
    assert scores[0] > scores[1] + 6
    assert scores[0] == pytest.approx(np.log2(model.m[0][AGREE] / 0.0005))
    assert scores[1] == pytest.approx(np.log2(model.m[0][AGREE] / 0.08))
    # Other levels keep their average weight.
    assert scores[2] == pytest.approx(model.weights()[0][DIFFERENT])


def test_fit_counts_no_more_matches_than_it_is_told_can_exist() -> None:
    # 300 true matches and 1,700 namesakes; the list behind them had only 300 records.
    model = Model.start([SURNAME, GIVEN, DATE], _random_levels())
    model.fit(_candidates(), max_matches=300)
    assert model.match_share * 2000 <= 300 + 1e-6
    free = Model.start([SURNAME, GIVEN, DATE], _random_levels()).fit(_candidates())
    assert model.m[2][EXACT] >= free.m[2][EXACT] - 0.01
