"""The identity-resolution engine: an in-memory index of the registry that links lists to
it, and batch deduplication of one file (docs/adr/0011).

Both run the same steps: encode the records as columns, select candidate pairs by blocking
keys, compare every candidate field by field, fit the model (u from random pairs, m by EM
on the candidates), score, decide in three bands, and explain each decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from homeward.core.linkage.blocking import (
    KeyIndex,
    Skeletons,
    record_keys,
    self_pairs,
    similarity_order,
)
from homeward.core.linkage.columns import NAME_FIELDS, Encoder, RecordTable
from homeward.core.linkage.comparisons import (
    Comparison,
    PairCache,
    compare,
    comparisons_for,
    tf_values,
    tf_vocabulary,
)
from homeward.core.linkage.explain import (
    Contribution,
    render,
    same_spellings,
    value_texts,
)
from homeward.core.linkage.model import Model, RecordGroups
from homeward.core.names.equivalents import name_equivalents

Floats = npt.NDArray[np.float64]
Int64Array = npt.NDArray[np.int64]
Progress = Callable[[str], None]
RANDOM_PAIRS = 50_000
RANDOM_PER_RECORD = 20
_CHUNK = 2_000_000  # pairs compared at once, to bound memory on huge files


@dataclass(frozen=True)
class Thresholds:
    """Decision bands on the match probability: match at or above `match`, review at or
    above `review`, new below. A false match tells a family their son is home, so the
    default asks for 99%."""

    match: float = 0.99
    review: float = 0.30

    def __post_init__(self) -> None:
        if not 0.0 < self.review <= self.match <= 1.0:
            raise ValueError("thresholds must satisfy 0 < review ≤ match ≤ 1")

    def decide(self, probability: float) -> str:
        # A threshold of 1 means "never automatically": probabilities round to 1.0.
        if probability >= self.match and self.match < 1.0:
            return "match"
        return "review" if probability >= self.review else "new"


@dataclass(frozen=True)
class LinkResult:
    record_id: str
    person_id: str  # the best candidate; empty when the decision is "new"
    probability: float
    decision: str
    contributions: tuple[Contribution, ...] = ()
    # For a record sent to review, the other candidates a reviewer should see (two
    # brothers who fit equally well), best first; empty for other decisions.
    others: tuple[Candidate, ...] = ()

    @property
    def explanation(self) -> str:
        return render(list(self.contributions)) if self.contributions else "no candidate"


@dataclass(frozen=True)
class Candidate:
    person_id: str
    probability: float
    contributions: tuple[Contribution, ...]

    @property
    def explanation(self) -> str:
        return render(list(self.contributions))


# A reviewer sees at most this many candidates of a record, each with at least this share.
REVIEW_CANDIDATES = 3
MIN_CANDIDATE_SHARE = 0.02


@dataclass(frozen=True)
class ClusterResult:
    record_id: str
    cluster_id: str  # the id of the cluster's first record in the file
    probability: float | None  # of its link into the cluster; None when alone


@dataclass
class Scored:
    """Candidate pairs with their levels and total bits."""

    a: Int64Array
    b: Int64Array
    levels: npt.NDArray[np.int8]
    bits: Floats


# A reviewer's decision on one pair: per compared field, the level the engine showed
# (as `Contribution.level`), and whether the two were the same person.
Label = tuple[Mapping[str, str], bool]
Labels = Sequence[Label]
_SPELLING_LEVELS = {"same": "agree", "equivalent": "agree"}  # names, as explained


def calibrate(model: Model, labels: Labels) -> Model:
    """Add reviewers' decisions to a fitted model (`Model.calibrate`). Fields the model
    does not compare, and levels it does not know, are left out of a label."""
    if not labels:
        return model
    levels = np.zeros((len(labels), len(model.comparisons)), np.int8)
    for k, comparison in enumerate(model.comparisons):
        index = {name: i for i, name in enumerate(comparison.levels)}
        names = comparison.name in NAME_FIELDS
        for row, (fields, _same) in enumerate(labels):
            level = fields.get(comparison.name, "")
            if names:
                level = _SPELLING_LEVELS.get(level, level)
            levels[row, k] = index.get(level, 0)  # 0: missing, never weighed
    same = np.fromiter((s for _, s in labels), bool, count=len(labels))
    return model.calibrate(levels, same)


def _noop(_: str) -> None:
    return None


def _random_pairs(
    n_a: int, n_b: int, count: int, same_table: bool
) -> tuple[Int64Array, Int64Array]:
    rng = np.random.default_rng(20251122)  # fixed: the same data gives the same weights
    a = rng.integers(0, n_a, count, dtype=np.int64)
    b = rng.integers(0, n_b, count, dtype=np.int64)
    if same_table:
        keep = a != b
        a, b = a[keep], b[keep]
    return a, b


def _frequencies(
    table: RecordTable,
    comparisons: list[Comparison],
    rows: npt.NDArray[np.bool_] | None = None,
) -> list[Floats | None]:
    """Share of the table's rows holding each value id, per TF-weighed comparison; sized to
    the whole vocabulary, so a value only the other side has counts as seen once. `rows`
    leaves out rows that no longer stand for anyone (a search index's replaced rows)."""
    out: list[Floats | None] = []
    n = max(len(table) if rows is None else int(rows.sum()), 1)
    for comparison in comparisons:
        ids = tf_values(comparison, table)
        if ids is None:
            out.append(None)
            continue
        if rows is not None:
            ids = ids[rows]
        size = len(tf_vocabulary(comparison, table.encoder))
        counts = np.bincount(ids, minlength=size).astype(np.float64)
        counts[0] = 0.0
        out.append(np.maximum(counts, 1.0) / n)
    return out


def _pair_frequencies(
    comparisons: list[Comparison],
    frequencies: list[Floats | None],
    A: RecordTable,
    B: RecordTable,
    a: Int64Array,
    b: Int64Array,
) -> list[Floats | None]:
    """Per pair, the frequency of the shared value: the commoner of the two spellings, as
    the Russian form of a common name is as common as the name."""
    out: list[Floats | None] = []
    for comparison, freq in zip(comparisons, frequencies, strict=True):
        ids_a, ids_b = tf_values(comparison, A), tf_values(comparison, B)
        if freq is None or ids_a is None or ids_b is None:
            out.append(None)
            continue
        out.append(np.maximum(freq[ids_a[a]], freq[ids_b[b]]))
    return out


def _explanations(
    model: Model,
    A: RecordTable,
    rows_a: list[int],
    B: RecordTable,
    rows_b: list[int],
    levels: npt.NDArray[np.int8],
    bits: Floats,
) -> list[tuple[Contribution, ...]]:
    """Per pair (rows_a[i], rows_b[i]), each compared field's contribution; a field
    at a time, as lists are explained whole."""
    fields: list[list[Contribution | None]] = []
    for k, comparison in enumerate(model.comparisons):
        name = comparison.name
        column = levels[:, k].tolist()
        first, second = value_texts(A, name, rows_a), value_texts(B, name, rows_b)
        same = same_spellings(A, rows_a, B, rows_b, name) if name in NAME_FIELDS else None
        weights = bits[:, k].tolist()
        out: list[Contribution | None] = []
        for i, level in enumerate(column):
            if level == 0:
                out.append(None)
                continue
            label = comparison.levels[level]
            if same is not None and label == "agree":
                label = "same" if same[i] else "equivalent"
            out.append(Contribution(name, label, weights[i], first[i], second[i]))
        fields.append(out)
    return [tuple(c for c in pair if c is not None) for pair in zip(*fields, strict=True)]


def _bits(
    model: Model,
    comparisons: list[Comparison],
    freq: list[Floats | None],
    A: RecordTable,
    B: RecordTable,
    a: Int64Array,
    b: Int64Array,
    levels: npt.NDArray[np.int8],
) -> Floats:
    bits = np.zeros(len(a))
    for start in range(0, len(a), _CHUNK):
        part = slice(start, start + _CHUNK)
        tf = _pair_frequencies(comparisons, freq, A, B, a[part], b[part])
        bits[part] = model.scores(levels[part], tf)
    return bits


def _best_per_record(groups: list[Int64Array], bits: Floats, keep: int) -> npt.NDArray[np.bool_]:
    """Pairs among the `keep` highest-scoring of a record they belong to (per array of
    `groups`: the incoming side, and for a file against itself both sides)."""
    chosen = np.zeros(len(bits), np.bool_)
    for group in groups:
        order = np.lexsort((-bits, group))
        grouped = group[order]
        starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        chosen[order[rank < keep]] = True
    return chosen


TRAINING_CANDIDATES = 3  # per record: the pairs EM learns what a match looks like from


def _score(
    model: Model,
    comparisons: list[Comparison],
    freq: list[Floats | None],
    A: RecordTable,
    B: RecordTable,
    a: Int64Array,
    b: Int64Array,
    cache: PairCache,
    population: float,
    labels: Labels = (),
) -> tuple[Scored, float]:
    """Compare and score the candidate pairs; also the expected number of matches.

    EM learns from each record's few best candidates under the prior model, with the
    candidates of a record competing (`Model.fit_exclusive`): against a large registry or
    in a large file most candidates are namesakes (the same given name, patronymic and
    year), and EM over all of them, each on its own, takes namesakes for the pattern of a
    match. A record's true partner, when blocking found it, is almost always among its
    best few."""
    levels = np.zeros((len(a), len(comparisons)), np.int8)
    for start in range(0, len(a), _CHUNK):
        part = slice(start, start + _CHUNK)
        levels[part] = compare(comparisons, A, B, a[part], b[part], cache)
    groups = [a] if A is not B else [a, b]
    first = _bits(model, comparisons, freq, A, B, a, b, levels)
    training = np.flatnonzero(_best_per_record(groups, first, TRAINING_CANDIDATES))
    ta, tb = a[training], b[training]
    tf = _pair_frequencies(comparisons, freq, A, B, ta, tb)
    model.fit_exclusive(levels[training], tf, [g[training] for g in groups], population)
    calibrate(model, labels)
    matches = model.match_share * len(training)
    bits = _bits(model, comparisons, freq, A, B, a, b, levels)
    return Scored(a, b, levels, bits), matches


@dataclass
class RegistryIndex:
    """The registry, encoded and keyed once, ready to link lists against."""

    table: RecordTable
    keys: KeyIndex
    skeletons: Skeletons
    cache: PairCache = field(default_factory=PairCache)

    @classmethod
    def build(
        cls,
        ids: Sequence[str],
        columns: Mapping[str, Sequence[str]],
        extras: Mapping[str, Sequence[str]] | None = None,
        today: dt.date | None = None,
    ) -> RegistryIndex:
        encoder = Encoder(today or dt.date.today())
        table = encoder.encode(ids, columns, extras)
        skeletons = Skeletons()
        rows, keys = record_keys(table, skeletons)
        index = cls(table, KeyIndex.build(rows, keys), skeletons)
        index.cache.prepare(encoder)  # now, not in the first list's time
        name_equivalents().load_all()
        return index

    def _random_levels(
        self, comparisons: list[Comparison], incoming: RecordTable
    ) -> npt.NDArray[np.int8]:
        """Levels of random (incoming, registry) pairs, for u. The pairs must come from the
        list itself: a list of initials or Latin spellings disagrees with the registry in
        its own ways, which registry pairs alone would not show."""
        count = min(RANDOM_PAIRS, max(len(incoming) * RANDOM_PER_RECORD, 5_000))
        a, b = _random_pairs(len(incoming), len(self.table), count, same_table=False)
        return compare(comparisons, incoming, self.table, a, b, self.cache)

    def _start(self, comparisons: list[Comparison], incoming: RecordTable) -> Model:
        pairs = len(incoming) * len(self.table)
        return Model.start(comparisons, self._random_levels(comparisons, incoming), pairs)

    def link(
        self,
        ids: Sequence[str],
        columns: Mapping[str, Sequence[str]],
        extras: Mapping[str, Sequence[str]] | None = None,
        thresholds: Thresholds | None = None,
        progress: Progress = _noop,
        labels: Labels = (),
    ) -> tuple[list[LinkResult], RecordTable]:
        """Link each incoming record to at most one registry person; `labels` are
        reviewers' decisions on earlier pairs (`calibrate`)."""
        thresholds = thresholds or Thresholds()
        registry = self.table
        incoming = registry.encoder.encode(ids, columns, extras)
        progress("blocking")
        rows, keys = record_keys(incoming, self.skeletons)
        a, b = self.keys.candidates(rows, keys, len(registry))
        comparisons = comparisons_for(incoming, registry)
        model = self._start(comparisons, incoming)
        progress("comparing")
        freq = _frequencies(registry, comparisons)
        scored, _ = _score(
            model, comparisons, freq, incoming, registry, a, b, self.cache, len(registry), labels
        )
        progress("deciding")
        best, probability, share = _exclusive_posterior(scored, len(incoming), len(registry))
        decisions = [thresholds.decide(float(p)) for p in probability.tolist()]
        # Per-field bits only for the pairs that are explained: each incoming record's
        # best, and the runners-up of those sent to review.
        pick = best[best >= 0]
        others = _runners_up(scored.a, share, best, decisions)
        explain = np.concatenate([pick, others])
        pick_a, pick_b = scored.a[explain], scored.b[explain]
        tf = _pair_frequencies(comparisons, freq, incoming, registry, pick_a, pick_b)
        explained = _explanations(
            model,
            incoming,
            pick_a.tolist(),
            registry,
            pick_b.tolist(),
            scored.levels[explain],
            model.field_bits(scored.levels[explain], tf),
        )
        by_record: dict[int, tuple[int, tuple[Contribution, ...]]] = {}
        more: dict[int, list[Candidate]] = {}
        shares = share[explain].tolist()
        for n, (i, j, contributions) in enumerate(
            zip(pick_a.tolist(), pick_b.tolist(), explained, strict=True)
        ):
            if n < len(pick):
                by_record[i] = (j, contributions)
            else:
                more.setdefault(i, []).append(Candidate(registry.ids[j], shares[n], contributions))
        results = []
        for i, record_id in enumerate(incoming.ids):
            found = by_record.get(i)
            if found is None:
                results.append(LinkResult(record_id, "", 0.0, "new"))
                continue
            j, contributions = found
            decision = decisions[i]
            person = registry.ids[j] if decision != "new" else ""
            results.append(
                LinkResult(
                    record_id,
                    person,
                    float(probability[i]),
                    decision,
                    contributions,
                    tuple(more.get(i, ())),
                )
            )
        return results, incoming


def _runners_up(
    a: Int64Array, share: Floats, best: Int64Array, decisions: Sequence[str]
) -> Int64Array:
    """The pairs, after each record's best, that a reviewer should also see: those of
    records sent to review with a share worth a look, at most REVIEW_CANDIDATES - 1 per
    record, by record and then by share, best first."""
    review = np.array([d == "review" for d in decisions], dtype=bool)
    chosen = np.zeros(len(a), dtype=bool)
    if len(a):
        chosen = review[a] & (share >= MIN_CANDIDATE_SHARE)
        chosen[best[best >= 0]] = False
    pairs = np.flatnonzero(chosen)
    pairs = pairs[np.lexsort((-share[pairs], a[pairs]))]
    if len(pairs) == 0:
        return pairs
    # Rank within each record: position minus where the record's run begins.
    runs = np.flatnonzero(np.r_[True, a[pairs][1:] != a[pairs][:-1]])
    rank = np.arange(len(pairs)) - np.repeat(runs, np.diff(np.r_[runs, len(pairs)]))
    kept: Int64Array = pairs[rank < REVIEW_CANDIDATES - 1]
    return kept


def _exclusive_posterior(
    scored: Scored, n_incoming: int, n_registry: int
) -> tuple[Int64Array, Floats, Floats]:
    """Per incoming record, its best candidate pair and the probability that this candidate
    is the person, given that a record is at most one registry person: the candidates
    compete, so two brothers who fit equally well each get about half. The share of
    incoming records absent from the registry is estimated from the data."""
    best = np.full(n_incoming, -1, np.int64)
    probability = np.zeros(n_incoming)
    if len(scored.a) == 0:
        return best, probability, np.zeros(0)
    groups = RecordGroups.of(scored.a)

    def shares(absent: float) -> tuple[Floats, Floats]:
        # The prior odds that a record is nobody in the registry against any one person.
        return groups.posterior(scored.bits, float(np.log2(n_registry * absent / (1 - absent))))

    absent = 0.5
    without_candidates = n_incoming - len(groups.records)
    for _ in range(20):
        _, p_none = shares(absent)
        updated = float(np.clip((p_none.sum() + without_candidates) / n_incoming, 0.02, 0.98))
        if abs(updated - absent) < 1e-4:
            break
        absent = updated
    share, _ = shares(absent)
    best[groups.records] = groups.best(scored.bits)
    probability[groups.records] = share[best[groups.records]]
    return best, probability, share


@dataclass
class _OneTable:
    """One table's records compared with each other and scored."""

    table: RecordTable
    model: Model
    comparisons: list[Comparison]
    freq: list[Floats | None]
    scored: Scored
    probability: Floats  # per scored pair


def _score_one_table(
    ids: Sequence[str],
    columns: Mapping[str, Sequence[str]],
    extras: Mapping[str, Sequence[str]] | None,
    today: dt.date | None,
    progress: Progress,
    labels: Labels = (),
) -> _OneTable:
    encoder = Encoder(today or dt.date.today())
    table = encoder.encode(ids, columns, extras)
    n = len(table)
    progress("blocking")
    skeletons = Skeletons()
    rows, keys = record_keys(table, skeletons)
    a, b = self_pairs(rows, keys, n, similarity_order(table, skeletons))
    comparisons = comparisons_for(table, table)
    cache = PairCache()
    ra, rb = _random_pairs(n, n, RANDOM_PAIRS, same_table=True)
    random_levels = compare(comparisons, table, table, ra, rb, cache)
    model = Model.start(comparisons, random_levels, population=n * (n - 1) / 2)
    progress("comparing")
    freq = _frequencies(table, comparisons)
    scored, matches = _score(model, comparisons, freq, table, table, a, b, cache, n, labels)
    total_pairs = max(n * (n - 1) / 2, 1.0)
    prior = np.clip(matches / total_pairs, 1e-12, 0.5)
    logit = scored.bits + np.log2(prior / (1 - prior))
    probability = 1.0 / (1.0 + np.exp2(-np.clip(logit, -60, 60)))
    return _OneTable(table, model, comparisons, freq, scored, probability)


def dedupe(
    ids: Sequence[str],
    columns: Mapping[str, Sequence[str]],
    extras: Mapping[str, Sequence[str]] | None = None,
    thresholds: Thresholds | None = None,
    today: dt.date | None = None,
    progress: Progress = _noop,
) -> list[ClusterResult]:
    """Cluster the records of one file: records linked at or above the match threshold
    share a cluster, unless that would put conflicting records together."""
    thresholds = thresholds or Thresholds()
    one = _score_one_table(ids, columns, extras, today, progress)
    progress("clustering")
    return _clusters(one.table, one.scored, one.probability, thresholds.match)


@dataclass(frozen=True)
class PairResult:
    """Two records of one table that may be one person, with the engine's reasons."""

    first_id: str
    second_id: str
    probability: float
    contributions: tuple[Contribution, ...]


def duplicate_pairs(
    ids: Sequence[str],
    columns: Mapping[str, Sequence[str]],
    thresholds: Thresholds | None = None,
    today: dt.date | None = None,
    progress: Progress = _noop,
    labels: Labels = (),
) -> list[PairResult]:
    """The pairs of records of one table (a registry) that are one person with at least
    the review threshold's probability, most probable first, each explained. A man and
    a woman are never a pair. `labels`: reviewers' decisions (`calibrate`)."""
    thresholds = thresholds or Thresholds()
    one = _score_one_table(ids, columns, None, today, progress, labels)
    progress("explaining")
    table, scored = one.table, one.scored
    keep = np.flatnonzero(one.probability >= thresholds.review)
    sex_a, sex_b = table.sex[scored.a[keep]], table.sex[scored.b[keep]]
    keep = keep[(sex_a == 0) | (sex_b == 0) | (sex_a == sex_b)]
    keep = keep[np.argsort(-one.probability[keep], kind="stable")]
    a, b = scored.a[keep], scored.b[keep]
    tf = _pair_frequencies(one.comparisons, one.freq, table, table, a, b)
    explained = _explanations(
        one.model,
        table,
        a.tolist(),
        table,
        b.tolist(),
        scored.levels[keep],
        one.model.field_bits(scored.levels[keep], tf),
    )
    return [
        PairResult(table.ids[i], table.ids[j], float(p), contributions)
        for i, j, p, contributions in zip(
            a.tolist(), b.tolist(), one.probability[keep].tolist(), explained, strict=True
        )
    ]


def _clusters(
    table: RecordTable, scored: Scored, probability: Floats, threshold: float
) -> list[ClusterResult]:
    n = len(table)
    parent = list(range(n))
    link_p: list[float | None] = [None] * n
    # Sexes are the one hard conflict: a record of a man and one of a woman are never one
    # person, and refusing that merge also stops a chain of near matches from joining a
    # brother and a sister. Dates and service numbers weigh through the scores, because
    # lists do get them wrong.
    sex: list[set[int]] = [{int(s)} if s else set() for s in table.sex.tolist()]

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges = np.flatnonzero(probability >= threshold)
    edges = edges[np.argsort(-probability[edges], kind="stable")]
    for e in edges.tolist():
        i, j = int(scored.a[e]), int(scored.b[e])
        ri, rj = root(i), root(j)
        if ri == rj:
            link_p[i] = link_p[i] or float(probability[e])
            link_p[j] = link_p[j] or float(probability[e])
            continue
        if sex[ri] and sex[rj] and sex[ri] != sex[rj]:
            continue
        if ri > rj:
            ri, rj = rj, ri
        parent[rj] = ri
        sex[ri] |= sex[rj]
        p = float(probability[e])
        link_p[i] = max(link_p[i] or 0.0, p)
        link_p[j] = max(link_p[j] or 0.0, p)
    return [ClusterResult(table.ids[i], table.ids[root(i)], link_p[i]) for i in range(n)]
