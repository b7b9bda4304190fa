"""Fellegi–Sunter weights fitted by EM (issue 3)."""

from __future__ import annotations

import numpy as np
import pytest

from homeward.core.linkage.comparisons import DATE_LEVELS, NAME_LEVELS, Comparison
from homeward.core.linkage.model import MAX_M_DIFFERENT, U_MIN_PAIRS, U_SMOOTHING, Model

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


def test_a_few_pairs_count_as_themselves_and_the_rest_as_disagreeing() -> None:
    # A file of three rows, one pair of them a duplicate: sampled 3,000 times, the
    # duplicate is a third of the sample, but it is one pair in three, of at least 1,000.
    random_levels = _levels([[AGREE]] * 1000 + [[DIFFERENT]] * 2000)
    model = Model.start([SURNAME], random_levels, population=3)
    unseen = U_MIN_PAIRS - 3
    expected = np.array([0, 1 + 1, 1, 1, 1, 2 + 1 + unseen], float)
    np.testing.assert_allclose(model.u[0], expected / expected.sum())
    assert model.weights_of(0)[AGREE] > 8  # an agreeing surname is evidence again


def test_a_large_population_takes_u_from_the_sample_alone() -> None:
    random_levels = _random_levels()
    alone = Model.start([SURNAME, GIVEN, DATE], random_levels)
    large = Model.start([SURNAME, GIVEN, DATE], random_levels, population=U_MIN_PAIRS)
    for u, expected in zip(large.u, alone.u, strict=True):
        np.testing.assert_allclose(u, expected)


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


def _candidates(
    n_records: int = 300, namesakes: int = 5, without_match: int = 300, seed: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Levels and record of candidate pairs: each of `n_records` records has its match
    (agreeing on everything) and `namesakes` others sharing the given name and the year
    under another surname; `without_match` more records have namesakes only."""
    rng = np.random.default_rng(seed)
    rows, records = [], []
    for record in range(n_records + without_match):
        if record < n_records:
            rows.append([AGREE, AGREE, EXACT])
            records.append(record)
        for _ in range(namesakes):
            rows.append([DIFFERENT, AGREE, rng.choice([4, 6, DATE_DIFFERENT])])
            records.append(record)
    return np.asarray(rows, np.int8), np.asarray(records, np.int64)


def test_fit_learns_the_match_pattern_not_the_commonest_one() -> None:
    levels, records = _candidates()
    # 300 matches among 3,300 candidates: 3,000 namesakes agree on the given name too.
    model = Model.start([SURNAME, GIVEN, DATE], _random_levels())
    model.fit_exclusive(levels, [None, None, None], [records], population=1_000)
    assert model.m[0][AGREE] > 0.8  # matches share the surname…
    assert model.m[0][DIFFERENT] < 0.1  # …where the namesakes do not
    assert model.m[2][EXACT] > 0.8
    assert model.match_share * len(levels) == pytest.approx(300, rel=0.05)
    for m in model.m:
        assert m[0] == 0.0 and m.sum() == pytest.approx(1.0)


def test_namesakes_alone_do_not_pass_for_matches() -> None:
    levels, records = _candidates(n_records=0, without_match=600)
    model = Model.start([SURNAME, GIVEN, DATE], _random_levels())
    model.fit_exclusive(levels, [None, None, None], [records], population=1_000)
    assert model.match_share * len(levels) < 30
    assert model.m[0][DIFFERENT] <= MAX_M_DIFFERENT


def test_a_file_against_itself_counts_each_pair_from_both_sides() -> None:
    levels, records = _candidates(n_records=200, namesakes=2, without_match=0)
    model = Model.start([SURNAME, GIVEN, DATE], _random_levels())
    partner = records + 1_000  # the other record of each pair
    model.fit_exclusive(levels, [None, None, None], [records, partner], population=10_000)
    assert model.m[0][AGREE] > 0.8 and model.m[2][EXACT] > 0.8


def test_fit_on_nothing_changes_nothing() -> None:
    model = Model.start([SURNAME], _levels([[5], [1]]))
    before = model.m[0].copy()
    model.fit_exclusive(np.zeros((0, 1), np.int8), [None], [np.zeros(0, np.int64)], 10.0)
    np.testing.assert_array_equal(model.m[0], before)


def test_em_never_believes_matches_disagree_outright_on_names_or_dates() -> None:
    # Every "match" disagrees on the date: EM may not conclude that matches do.
    levels = np.tile([AGREE, AGREE, DATE_DIFFERENT], (500, 1)).astype(np.int8)
    model = Model.start([SURNAME, GIVEN, DATE], _random_levels())
    model.fit_exclusive(levels, [None, None, None], [np.arange(500)], population=10)
    assert model.m[2][DATE_DIFFERENT] == pytest.approx(MAX_M_DIFFERENT)
    assert model.m[2].sum() == pytest.approx(1.0)


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
