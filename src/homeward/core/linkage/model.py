"""Fellegi–Sunter scoring: how much more likely each comparison level is for the same
person (m) than for two different people (u), fitted without labels.

u comes from random pairs, where almost every pair is two different people. m is fitted by
expectation–maximisation on the candidate pairs, with a prior (pseudo-counts) so that a
small batch — one search, a list of ten — still gets sensible weights, and so that
reviewers' decisions can be added as labelled pairs (`calibrate`). Weights are in bits
(log2 of m/u); the agreeing level of a name or other TF-weighed field uses the shared
value's own frequency instead of the average u.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from homeward.core.linkage.comparisons import Comparison

Floats = npt.NDArray[np.float64]
Levels = npt.NDArray[np.int8]

# What a match looks like before any data: mostly agreement, some typos, few
# disagreements. Per level (level 0, missing, is never weighed).
_M_PRIOR = {
    "agree": 0.86, "close": 0.05, "similar": 0.02, "initial": 0.04, "different": 0.03,
    "exact": 0.80, "swapped": 0.03, "same_month": 0.03, "same_year": 0.05,
    "one_year_apart": 0.03, "same_year_other_day": 0.03,
    "same": 0.92, "one_character": 0.03, "similar_words": 0.03,
}  # fmt: skip
PRIOR_STRENGTH = 30.0  # pseudo-pairs behind the prior of m
U_SMOOTHING = 1.0  # pseudo-count per level for u from random pairs


def _m_prior(levels: tuple[str, ...]) -> Floats:
    values = [0.0] + [_M_PRIOR.get(level, 0.02) for level in levels[1:]]
    prior = np.asarray(values, np.float64)
    prior[1:] /= prior[1:].sum()
    return prior


@dataclass
class Model:
    comparisons: list[Comparison]
    m: list[Floats]
    u: list[Floats]
    match_share: float = 0.1  # λ among the candidate pairs, from EM
    history: list[float] = field(default_factory=list)  # log-likelihood per EM step

    @classmethod
    def start(cls, comparisons: list[Comparison], random_levels: Levels) -> Model:
        """m from the prior, u from the levels of random pairs."""
        u = []
        for k, comparison in enumerate(comparisons):
            observed = np.bincount(random_levels[:, k], minlength=len(comparison.levels))
            counts = observed.astype(np.float64) + U_SMOOTHING
            counts[0] = 0.0
            u.append(counts / counts.sum())
        m = [_m_prior(c.levels) for c in comparisons]
        return cls(comparisons, m, u)

    def weights_of(self, k: int) -> Floats:
        """Bits per level of comparison k; level 0 weighs nothing."""
        m, u = self.m[k], self.u[k]
        w = np.zeros(len(m))
        w[1:] = np.log2(m[1:] / u[1:])
        return w

    def weights(self) -> list[Floats]:
        return [self.weights_of(k) for k in range(len(self.comparisons))]

    def fit(
        self,
        levels: Levels,
        max_matches: float | None = None,
        iterations: int = 40,
        tolerance: float = 1e-6,
    ) -> Model:
        """EM for m and λ on candidate pairs' levels, u fixed; on distinct patterns.

        `max_matches` bounds how many of the pairs can be matches: a list of 1,000 records
        links at most 1,000 pairs however many candidates blocking found. Without the bound
        EM on a large registry settles on the commonest kind of agreement instead (the
        thousands of men who share a given name, patronymic and year), and the fitted m
        then describes namesakes, not matches."""
        if len(levels) == 0:
            return self
        patterns, counts = _patterns(levels)
        ceiling = 1 - 1e-6
        if max_matches is not None:
            ceiling = float(np.clip(max_matches / len(levels), 1e-6, ceiling))
        share = min(self.match_share, ceiling)
        # The candidates' non-matches are not random pairs: blocking chose them for sharing
        # a surname and a year, say. EM therefore fits their own u (starting from the
        # random-pair u) so that such agreement is not mistaken for evidence of a match; m
        # from this fit is then scored against the random-pair u, which is what a pair's
        # agreement means in the whole population.
        local_u = [u.copy() for u in self.u]
        previous = -np.inf
        for _ in range(iterations):
            log_m = np.zeros(len(patterns))
            log_u = np.zeros(len(patterns))
            for k in range(len(self.comparisons)):
                column = patterns[:, k]
                m = np.where(column == 0, 1.0, self.m[k][column])
                u = np.where(column == 0, 1.0, local_u[k][column])
                log_m += np.log(m)
                log_u += np.log(u)
            a = np.log(share) + log_m
            b = np.log1p(-share) + log_u
            top = np.maximum(a, b)
            total = top + np.log(np.exp(a - top) + np.exp(b - top))
            posterior = np.exp(a - total)
            likelihood = float((counts * total).sum())
            weighted = posterior * counts
            share = float(np.clip(weighted.sum() / counts.sum(), 1e-6, ceiling))
            for k, comparison in enumerate(self.comparisons):
                size = len(comparison.levels)
                observed = np.bincount(patterns[:, k], weights=weighted, minlength=size)
                prior = _m_prior(comparison.levels) * PRIOR_STRENGTH
                fitted = observed + prior
                fitted[0] = 0.0
                self.m[k] = fitted / fitted.sum()
                unmatched = (
                    np.bincount(patterns[:, k], weights=counts - weighted, minlength=size)
                    + self.u[k] * PRIOR_STRENGTH
                )
                unmatched[0] = 0.0
                local_u[k] = unmatched / unmatched.sum()
            self.history.append(likelihood)
            if abs(likelihood - previous) < tolerance * abs(likelihood):
                break
            previous = likelihood
        self.match_share = share
        return self

    def calibrate(self, levels: Levels, same: npt.NDArray[np.bool_]) -> Model:
        """Add reviewers' decisions: labelled matches sharpen m, labelled non-matches u."""
        for k, comparison in enumerate(self.comparisons):
            size = len(comparison.levels)
            for labels, target in ((same, self.m), (~same, self.u)):
                observed = np.bincount(levels[labels, k], minlength=size).astype(np.float64)
                observed[0] = 0.0
                if observed.sum() == 0:
                    continue
                # Labels weigh like the prior's pseudo-pairs per decision, on top of it.
                combined = target[k] * PRIOR_STRENGTH * 10 + observed
                combined[0] = 0.0
                target[k] = combined / combined.sum()
        return self

    def _bits(self, k: int, column: Levels, frequency: Floats | None) -> Floats:
        """Bits of comparison k for each pair; the TF level weighs by the shared value's
        frequency (`frequency`, per pair) instead of the level's average u."""
        comparison = self.comparisons[k]
        bits = self.weights_of(k)[column]
        if frequency is not None and comparison.tf_level is not None:
            agree = column == comparison.tf_level
            m = self.m[k][comparison.tf_level]
            bits = np.where(agree, np.log2(m / np.maximum(frequency, 1e-9)), bits)
        return bits

    def scores(self, levels: Levels, tf: list[Floats | None]) -> Floats:
        """Total bits of each pair; `tf[k]` holds, per pair, the frequency of the shared
        value for comparison k (None where the comparison has no TF level)."""
        total = np.zeros(len(levels))
        for k in range(len(self.comparisons)):
            total += self._bits(k, levels[:, k], tf[k])
        return total

    def field_bits(self, levels: Levels, tf: list[Floats | None]) -> Floats:
        """Bits per comparison (one column each), for explaining a few pairs."""
        columns = [self._bits(k, levels[:, k], tf[k]) for k in range(len(self.comparisons))]
        return np.stack(columns, axis=1) if columns else np.zeros((len(levels), 0))


def _patterns(levels: Levels) -> tuple[Levels, Floats]:
    """Distinct rows of the level matrix and how often each occurs. Up to 15 comparisons
    a row packs into one integer (levels are below 16), far faster than unique rows on
    millions; more comparisons (files with many extra columns) take the general path."""
    if levels.shape[1] > 15:
        unique, counts = np.unique(levels, axis=0, return_counts=True)
        return unique, counts.astype(np.float64)
    codes = np.zeros(len(levels), np.int64)
    for k in range(levels.shape[1]):
        codes = codes * 16 + levels[:, k]
    _, first, counts = np.unique(codes, return_index=True, return_counts=True)
    return levels[first], counts.astype(np.float64)
