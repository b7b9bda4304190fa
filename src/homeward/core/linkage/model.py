"""Fellegi–Sunter scoring: how much more likely each comparison level is for the same
person (m) than for two different people (u), fitted without labels.

u comes from random pairs, where almost every pair is two different people. m is fitted by
expectation–maximisation on the candidate pairs, a record's candidates competing for it
(`fit_exclusive`), with a prior (pseudo-counts) so that a small batch — one search, a list
of ten — still gets sensible weights, and so that reviewers' decisions can be added as
labelled pairs (`calibrate`). Weights are in bits
(log2 of m/u); the agreeing level of a name or other TF-weighed field uses the shared
value's own frequency instead of the average u.
"""

from __future__ import annotations

from dataclasses import dataclass

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
# The most that EM may believe of a match disagreeing outright on a name part or on a full
# date of birth. Left free, it learns that from the pairs it already believes, and in a
# large file those include a father and son with one full name (or namesakes rare enough
# to outweigh their different dates): the more of them, the less a different date counts,
# and the more of them it merges.
MAX_M_DIFFERENT = 0.05
_CAPPED = {"surname", "given_name", "patronymic", "date_of_birth"}
U_SMOOTHING = 1.0  # pseudo-count per level for u from random pairs
# The fewest different pairs u is believed from. A short file, or a list against a young
# registry, has only a handful: three rows make three pairs, and if one of them is a
# duplicate, a third of "random" pairs agree on the name and agreement seems to say
# little. Below this many, the pairs not seen count as disagreeing on everything, which
# is what almost every pair of people in a larger population does.
U_MIN_PAIRS = 1000


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
    match_share: float = 0.1  # the share of the pairs fitted on that are matches, from EM

    @classmethod
    def start(
        cls, comparisons: list[Comparison], random_levels: Levels, population: float | None = None
    ) -> Model:
        """m from the prior, u from the levels of random pairs. `population`: how many
        different pairs the random ones were drawn from (with replacement); when fewer
        than U_MIN_PAIRS, the sample counts as that many pairs and the rest as
        disagreeing outright."""
        sample = max(len(random_levels), 1)
        scale, unseen = 1.0, 0.0
        if population is not None and population < U_MIN_PAIRS:
            scale, unseen = population / sample, U_MIN_PAIRS - population
        u = []
        for k, comparison in enumerate(comparisons):
            observed = np.bincount(random_levels[:, k], minlength=len(comparison.levels))
            counts = observed.astype(np.float64) * scale + U_SMOOTHING
            counts[comparison.levels.index("different")] += unseen
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

    def fit_exclusive(
        self,
        levels: Levels,
        tf: list[Floats | None],
        groups: list[npt.NDArray[np.int64]],
        population: float,
        iterations: int = 30,
        tolerance: float = 1e-4,
    ) -> Model:
        """EM for m in which a record's candidates compete: a record is at most one of
        them, or none (`population` people it could be, most not among its candidates).

        `groups[g][p]` is the record pair p is a candidate of; a file against itself
        passes both sides, and a pair's posterior is the mean over them. Namesakes — the
        thousands who share a common given name, patronymic and year in a large file —
        all fit one record equally, so each gets a small share of it: EM learns m from
        the pairs that stand out, not from the commonest kind of agreement."""
        if len(levels) == 0:
            return self
        layouts = [RecordGroups.of(g) for g in groups]
        absent = 0.5
        for _ in range(iterations):
            bits = self.scores(levels, tf)
            posterior = np.zeros(len(levels))
            absent_shares = []
            none_bits = float(np.log2(population * absent / (1 - absent)))
            for layout in layouts:
                shares, p_none = layout.posterior(bits, none_bits)
                posterior += shares
                absent_shares.append(p_none)
            posterior /= len(layouts)
            absent = float(np.clip(np.mean(np.concatenate(absent_shares)), 0.02, 0.98))
            change = 0.0
            for k, comparison in enumerate(self.comparisons):
                size = len(comparison.levels)
                observed = np.bincount(levels[:, k], weights=posterior, minlength=size)
                fitted = observed + _m_prior(comparison.levels) * PRIOR_STRENGTH
                fitted[0] = 0.0
                fitted /= fitted.sum()
                if comparison.name in _CAPPED:
                    fitted = _capped(fitted, comparison.levels.index("different"))
                change = max(change, float(np.abs(fitted - self.m[k]).max()))
                self.m[k] = fitted
            self.match_share = float(posterior.mean())
            if change < tolerance:
                break
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


def _capped(m: Floats, level: int) -> Floats:
    """m with level `level` at most MAX_M_DIFFERENT, the rest scaled to make up."""
    if m[level] <= MAX_M_DIFFERENT:
        return m
    rest = 1.0 - m[level]
    out: Floats = m * ((1.0 - MAX_M_DIFFERENT) / rest)
    out[level] = MAX_M_DIFFERENT
    return out


@dataclass
class RecordGroups:
    """Pairs arranged by the record they are candidates of, for per-record sums: how a
    record is shared among its candidates and "none" (in EM and in the link decision)."""

    order: npt.NDArray[np.int64]  # pairs sorted by record (stable)
    starts: npt.NDArray[np.int64]  # where each record's pairs begin in that order
    sizes: npt.NDArray[np.int64]
    records: npt.NDArray[np.int64]  # the record of each group

    @classmethod
    def of(cls, group: npt.NDArray[np.int64]) -> RecordGroups:
        order = np.argsort(group, kind="stable")
        sorted_group = group[order]
        starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
        return cls(order, starts, np.diff(np.r_[starts, len(group)]), sorted_group[starts])

    def top(self, bits: Floats) -> Floats:
        """Per record, its best candidate's bits."""
        best: Floats = np.maximum.reduceat(bits[self.order], self.starts)
        return best

    def best(self, bits: Floats) -> npt.NDArray[np.int64]:
        """Per record, its best pair (the first of equals)."""
        ordered = bits[self.order]
        at_top = np.flatnonzero(ordered == np.repeat(self.top(bits), self.sizes))
        group_of = np.searchsorted(self.starts, at_top, "right") - 1
        _, first = np.unique(group_of, return_index=True)
        found: npt.NDArray[np.int64] = self.order[at_top[first]]
        return found

    def posterior(self, bits: Floats, none_bits: float) -> tuple[Floats, Floats]:
        """Per pair, its share of its record (against the others and against "none",
        whose likelihood ratio is 2^none_bits); per record, the share of "none"."""
        ordered = bits[self.order]
        top = np.maximum.reduceat(ordered, self.starts)
        relative = np.exp2(ordered - np.repeat(top, self.sizes))
        none = np.exp2(np.clip(none_bits - top, -1000, 1000))
        total = np.add.reduceat(relative, self.starts) + none
        shares = np.empty(len(bits))
        shares[self.order] = relative / np.repeat(total, self.sizes)
        return shares, none / total
