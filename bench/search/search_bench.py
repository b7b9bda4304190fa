"""Benchmark of the person search (`homeward.core.linkage.search.SearchIndex`): index build
time and memory, search latency and the rank of the person meant over a mix of damaged
queries, and an update of 1,000 changed persons.

Run from the repository root:

    .venv/bin/python bench/search/search_bench.py [--size N] [--population linkage|generator]
        [--per-kind K] [--seed S] [--out bench/results/search-100k.json]

1. Registry: N synthetic persons as `registry.selectors.linkage_rows` hands them to the
   index (dates as dd.mm.yyyy or a bare year, sex, place, unit, rank, service number), plus
   the known target persons of tests/core/linkage/test_search.py (Шевченко Олександр
   Миколайович 21.03.1990 and three near namesakes). `--population linkage` (default) draws
   them like bench/linkage/generate.py (a long tail of surnames, brothers, same-name
   fathers and sons); `--population generator` from `homeward.core.synthetic.Generator`
   (the demo's 50 surnames and 37 given names, 20% Russian prisoners: far more namesakes).
2. Build: `SearchIndex.build(ids, columns, today)`, timed, after the name dictionaries are
   loaded (`name_equivalents().load_all()`, timed separately: a process loads them once).
   Memory: the process's resident set (VmRSS from /proc/self/status) before and after, and
   the peak (`resource.getrusage(RUSAGE_SELF).ru_maxrss`). Not tracemalloc: NumPy's and
   RapidFuzz's memory would be missed or slowed.
3. Queries: `--per-kind` (default 40) registry persons for each kind of query, damaged as
   people type them (see KINDS), searched once each through
   `index.search(read_query(text, today))` after one warm-up query per kind. For each query:
   the wall time, and the rank of the person meant: 1 + the number of hits with a strictly
   higher probability (namesakes the query cannot tell apart share a rank), "not found"
   when the person is not among the hits (at most 200). `namesakes` counts the registry
   persons whose true values agree with everything the query says (1: the query can
   identify the person; more: rank 1 is the best possible but shared).
4. Update: 1,000 persons changed (a new surname, given name or date of birth) and 10
   removed (merged) through `index.update(ids, columns, removed)`, timed; then each changed
   person is searched by the new values, each removed one must not be found, and 100
   queries of the mix are timed again.

The code measured is a copy of src/homeward (and bench/linkage) taken at start
(bench/benchenv.py), so edits to the working tree during the run cannot mix two versions.
See bench/search/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The shared helpers live one folder up (bench/benchenv.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchenv import fresh_environment, machine, source_state

TODAY = dt.date(2026, 11, 22)
FIELDS = (
    "surname", "given_name", "patronymic", "sex", "date_of_birth", "place_of_birth", "unit",
    "rank", "service_number",
)  # fmt: skip
CHANGED = 1_000
REMOVED = 10


@dataclass
class Row:
    pid: str
    surname: str
    given: str
    patronymic: str
    sex: str
    born: dt.date | None  # the true date of birth
    shown: str  # what the registry row keeps: "day", "year" or ""
    place: str = ""
    unit: str = ""
    rank: str = ""
    number: str = ""
    russian: bool = False  # a Russian prisoner: names already in Russian forms

    def date_text(self) -> str:
        if self.born is None or not self.shown:
            return ""
        return self.born.strftime("%d.%m.%Y" if self.shown == "day" else "%Y")

    def values(self) -> tuple[str, ...]:
        return (self.surname, self.given, self.patronymic, self.sex, self.date_text(),
                self.place, self.unit, self.rank, self.number)  # fmt: skip

    def label(self) -> str:
        return f"{self.surname} {self.given} {self.patronymic} {self.date_text()}".strip()


# The persons of tests/core/linkage/test_search.py: the target and three near namesakes.
TARGETS = (
    Row("target", "Шевченко", "Олександр", "Миколайович", "male", dt.date(1990, 3, 21), "day",
        number="UA-100001"),
    Row("other1", "Шевченко", "Олександр", "Петрович", "male", dt.date(1975, 7, 15), "day"),
    Row("other2", "Шевченко", "Петро", "Миколайович", "male", dt.date(1990, 1, 1), "year"),
    Row("other3", "Шевчук", "Олександр", "Миколайович", "male", dt.date(1990, 3, 21), "day"),
)  # fmt: skip
TARGET_QUERIES = (
    "Aleksandr Shevchenko 1990",
    "Шевченко Олександр Миколайович",
    "Александр Николаевич Шевченко 21.03.1990",
    "SHEVCHENKO OLEKSANDR 21.03.1990",
    "Schewtschenko Oleksandr Mykolaiovych",
    "Шевчнеко Олександр Миколайович 1990",
    "Шевченко О.М. 21.03.1990",
    "UA-100001",
)


# -- the registry -----------------------------------------------------------------------------


def linkage_population(size: int, seed: int) -> list[Row]:
    import generate as gen  # bench/linkage, from the snapshot

    population = gen.Population(random.Random(seed), set())
    units = population.units
    rows = []
    for i, p in enumerate(population.stream(size)):
        unit = ""
        if p.unit >= 0:
            u = units[p.unit]
            unit = f"в/ч {u.code}" if p.unit_as_code or not u.name else u.name
        shown = {gen.DOB_DAY: "day", gen.DOB_YEAR: "year"}.get(p.dob_shown, "")
        rows.append(
            Row(
                f"P{i}",
                p.surname,
                p.given,
                p.patronymic,
                p.sex,
                dt.date(p.year, p.month, p.day),
                shown,
                p.place,
                unit,
                p.rank,
                p.service_number,
            )
        )
    return rows


def generator_population(size: int, seed: int) -> list[Row]:
    from homeward.core.synthetic import Generator, Precision

    rows = []
    for i, p in enumerate(Generator(seed=seed).persons(size)):
        shown = {Precision.DAY: "day", Precision.YEAR: "year"}.get(p.birth_precision, "")
        rows.append(
            Row(
                f"P{i}",
                p.surname,
                p.given_name,
                p.patronymic,
                p.sex,
                p.birth_date,
                shown,
                p.birth_place,
                p.unit,
                p.rank,
                p.service_number,
                russian=p.side == "held",
            )
        )
    return rows


def columns_of(rows: Sequence[Row]) -> dict[str, list[str]]:
    values = [row.values() for row in rows]
    return {name: [v[k] for v in values] for k, name in enumerate(FIELDS)}


# -- the queries ------------------------------------------------------------------------------


@dataclass
class Damage:
    """Spellings of a person's names as other people write them (bench/linkage's tables)."""

    rng: random.Random
    spelling: Any  # generate.Spelling

    def ru(self, row: Row, name: str, kind: str) -> str:
        return name if row.russian else self.spelling.ru(name, kind)

    def latin(self, row: Row, name: str, kind: str) -> str:
        """A Latin spelling: a Ukrainian table for a Ukrainian name (mostly the national
        one), a Russian table for the Russian form (a third of the time, as the other side
        and English-language media write it)."""
        import generate as gen

        if row.russian or self.rng.random() < 0.33:
            scheme = "ru:" + self.rng.choices([s[0] for s in gen.RU_SCHEMES],
                                              [s[2] for s in gen.RU_SCHEMES])[0]  # fmt: skip
            return str(self.spelling.latin(self.ru(row, name, kind), scheme))
        scheme = self.rng.choices([s[0] for s in gen.UA_SCHEMES], [s[2] for s in gen.UA_SCHEMES])[0]
        return str(self.spelling.latin(name, scheme))

    def english_given(self, row: Row) -> str:
        from homeward.core.names.equivalents import ENGLISH_GIVEN_NAMES

        forms = ENGLISH_GIVEN_NAMES.get(row.given, ())
        if forms and self.rng.random() < 0.5:
            return self.rng.choice(forms)
        return self.latin(row, row.given, "first")

    def typo(self, word: str) -> str:
        """One adjacent swap or one dropped letter, never the first letter."""
        if len(word) < 4:
            return word
        i = self.rng.randrange(1, len(word) - 1)
        if self.rng.random() < 0.5:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        return word[:i] + word[i + 1 :]


def _day(row: Row) -> str:
    assert row.born is not None
    return row.born.strftime("%d.%m.%Y")


def _year(row: Row) -> str:
    assert row.born is not None
    return str(row.born.year)


def _upper_sometimes(d: Damage, word: str) -> str:
    return word.upper() if d.rng.random() < 0.3 else word


# kind → (what it needs of the person, how the query is written, what the query says of the
# person: the key namesakes share). Names are the true (Ukrainian) values in the keys.
Needs = Callable[[Row], bool]
Write = Callable[[Damage, Row], str]
Key = Callable[[Row], tuple[Any, ...]]


def _has_date(row: Row) -> bool:
    return row.born is not None


def _always(row: Row) -> bool:
    return True


def _k_name_year(r: Row) -> tuple[Any, ...]:
    return (r.surname, r.given, r.born.year if r.born else None)


KINDS: dict[str, tuple[Needs, Write, Key]] = {
    # Control: the registry's own spelling, full name and date.
    "clean": (
        _has_date,
        lambda d, r: f"{r.surname} {r.given} {r.patronymic} {_day(r)}",
        lambda r: (r.surname, r.given, r.patronymic, r.born),
    ),
    # Surname and given name in a Latin table (ICRC, foreign lists), year of birth.
    "latin": (
        _has_date,
        lambda d, r: (
            f"{_upper_sometimes(d, d.latin(r, r.surname, 'last'))} "
            f"{d.latin(r, r.given, 'first')} {_year(r)}"
        ),
        _k_name_year,
    ),
    # The other side's lists: Russian forms of all three names, full date.
    "russian": (
        _has_date,
        lambda d, r: (
            f"{d.ru(r, r.surname, 'last')} {d.ru(r, r.given, 'first')} "
            f"{d.ru(r, r.patronymic, 'patronymic')} {_day(r)}"
        ),
        lambda r: (r.surname, r.given, r.patronymic, r.born),
    ),
    # English-language media: "Given Surname year", English or Latin given name.
    "english_order": (
        _has_date,
        lambda d, r: f"{d.english_given(r)} {d.latin(r, r.surname, 'last')} {_year(r)}",
        _k_name_year,
    ),
    # One slip in the surname (adjacent swap or dropped letter), full name, year.
    "typo": (
        _has_date,
        lambda d, r: f"{d.typo(r.surname)} {r.given} {r.patronymic} {_year(r)}",
        lambda r: (r.surname, r.given, r.patronymic, r.born.year if r.born else None),
    ),
    # "Шевченко О.М." and nothing else.
    "initials": (
        _always,
        lambda d, r: f"{r.surname} {r.given[:1]}.{r.patronymic[:1]}.",
        lambda r: (r.surname, r.given[:1], r.patronymic[:1]),
    ),
    # Surname, given name and the year only.
    "names_year": (
        _has_date,
        lambda d, r: f"{r.surname} {r.given} {_year(r)}",
        _k_name_year,
    ),
    # Surname, given name and the full date.
    "names_full_date": (
        _has_date,
        lambda d, r: f"{r.surname} {r.given} {_day(r)}",
        lambda r: (r.surname, r.given, r.born),
    ),
    # The full date of birth alone.
    "date_only": (_has_date, lambda d, r: _day(r), lambda r: (r.born,)),
    # The service number alone, as the registry keeps it.
    "service_number": (lambda r: bool(r.number), lambda d, r: r.number, lambda r: (r.number,)),
    # The surname alone.
    "surname_only": (_always, lambda d, r: r.surname, lambda r: (r.surname,)),
}


@dataclass
class Query:
    kind: str
    text: str
    pid: str
    namesakes: int


def make_queries(rows: list[Row], per_kind: int, seed: int, spelling: Any) -> list[Query]:
    rng = random.Random(seed * 7919 + 1)
    damage = Damage(rng, spelling)
    queries = []
    for kind, (needs, write, key) in KINDS.items():
        counts = Counter(key(r) for r in rows)
        picked = 0
        while picked < per_kind:
            row = rows[rng.randrange(len(rows))]
            if row.pid.startswith("P") and needs(row):
                queries.append(Query(kind, write(damage, row), row.pid, counts[key(row)]))
                picked += 1
    rng.shuffle(queries)  # kinds interleaved, so a slow spell of the machine hits all kinds
    return queries


# -- measuring --------------------------------------------------------------------------------


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(ms)
    if not ordered:
        return {}
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(p95, 1),
        "max": round(ordered[-1], 1),
    }


def rank_of(hits: Sequence[Any], pid: str) -> int | None:
    """1 + the number of hits strictly more probable than the person meant."""
    for hit in hits:
        if hit.person_id == pid:
            return 1 + sum(1 for h in hits if h.probability > hit.probability * (1 + 1e-9))
    return None


def run_queries(
    index: Any, queries: Sequence[Query], by_pid: dict[str, Row]
) -> list[dict[str, Any]]:
    from homeward.core.linkage.search import read_query

    results = []
    for q in queries:
        start = time.perf_counter()
        hits = index.search(read_query(q.text, TODAY))
        ms = (time.perf_counter() - start) * 1000
        rank = rank_of(hits, q.pid)
        result = {
            "kind": q.kind,
            "text": q.text,
            "person": by_pid[q.pid].label(),
            "namesakes": q.namesakes,
            "ms": round(ms, 2),
            "rank": rank,
            "hits": len(hits),
        }
        if rank is None or rank > 1:
            result["returned"] = [
                f"{by_pid[h.person_id].label()} ({h.probability:.3f})"
                if h.person_id in by_pid
                else h.person_id
                for h in hits[:3]
            ]
        results.append(result)
    return results


def summarise(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    kinds: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        kinds.setdefault(r["kind"], []).append(r)
    kinds["all"] = list(results)
    out = {}
    for kind, rs in kinds.items():
        n = len(rs)
        ranks = [r["rank"] for r in rs]
        out[kind] = {
            "queries": n,
            "rank_1": round(sum(1 for k in ranks if k == 1) / n, 3),
            "top_10": round(sum(1 for k in ranks if k is not None and k <= 10) / n, 3),
            "not_found": round(sum(1 for k in ranks if k is None) / n, 3),
            "identifiable": round(sum(1 for r in rs if r["namesakes"] == 1) / n, 3),
            "namesakes_median": statistics.median(r["namesakes"] for r in rs),
            "hits_median": statistics.median(r["hits"] for r in rs),
            "ms": percentiles([r["ms"] for r in rs]),
        }
    return out


def change(rows: list[Row], rng: random.Random) -> list[Row]:
    """New versions of persons: another surname, given name or date of birth."""
    changed = []
    for row in rows:
        other = rows[rng.randrange(len(rows))]
        new = Row(**vars(row))
        what = rng.random()
        if what < 0.4 and other.surname != row.surname:
            new.surname = other.surname
        elif what < 0.7 and other.given != row.given:
            new.given = other.given
        else:
            new.born = dt.date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28))
            new.shown = "day"
        changed.append(new)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--population", choices=("linkage", "generator"), default="linkage")
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    started = dt.datetime.now(dt.UTC)
    load_start = Path("/proc/loadavg").read_text().split()[:3]
    source = source_state()
    with fresh_environment(
        "sqlite", pg_database="", prefix="homeward-search-bench-", extra=("bench/linkage",)
    ) as var_dir:
        sys.path.insert(0, str(var_dir / "linkage"))
        result = measure(args)
    result.update(
        date=started.isoformat(timespec="seconds"),
        command=" ".join([".venv/bin/python", *sys.argv]),
        source=source,
        machine=machine(),
        python=sys.version.split()[0],
        load_average={"start": load_start, "end": Path("/proc/loadavg").read_text().split()[:3]},
    )
    print_report(result)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        print(f"\nwritten: {args.out}")
    return 0


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import generate as gen

    from homeward.core.linkage.search import SearchIndex, read_query
    from homeward.core.names.equivalents import name_equivalents

    t = time.perf_counter()
    make = linkage_population if args.population == "linkage" else generator_population
    rows = make(args.size, args.seed) + list(TARGETS)
    by_pid = {r.pid: r for r in rows}
    ids = [r.pid for r in rows]
    columns = columns_of(rows)
    generate_s = time.perf_counter() - t
    spelling = gen.Spelling()
    queries = make_queries(rows, args.per_kind, args.seed, spelling)
    print(f"{len(rows):,} persons and {len(queries)} queries made in {generate_s:.1f} s")

    gc.collect()
    rss0 = rss_mb()
    t = time.perf_counter()
    name_equivalents().load_all()
    dictionaries_s = time.perf_counter() - t
    gc.collect()
    rss1 = rss_mb()
    t = time.perf_counter()
    index = SearchIndex.build(ids, columns, TODAY)
    build_s = time.perf_counter() - t
    gc.collect()
    rss2 = rss_mb()
    peak_after_build = peak_rss_mb()
    print(f"build {build_s:.1f} s, RSS +{rss2 - rss1:.0f} MB")

    # The first search of each kind reads spellings no search has read yet.
    t = time.perf_counter()
    index.search(read_query("Петренко Іван 1985", TODAY))
    first_ms = (time.perf_counter() - t) * 1000
    warm = make_queries(rows, 1, args.seed + 1000, spelling)
    for q in warm:
        index.search(read_query(q.text, TODAY))

    targets = []
    for text in TARGET_QUERIES:
        hits = index.search(read_query(text, TODAY))
        targets.append({"text": text, "rank": rank_of(hits, "target"), "hits": len(hits),
                        "probability": next((round(h.probability, 3) for h in hits
                                             if h.person_id == "target"), None)})  # fmt: skip

    t = time.perf_counter()
    results = run_queries(index, queries, by_pid)
    mix_s = time.perf_counter() - t
    summary = summarise(results)
    rss3 = rss_mb()

    # Update: 1,000 persons changed, 10 merged away.
    rng = random.Random(args.seed * 31 + 7)
    pool = [r for r in rows if r.pid.startswith("P")]
    picked = rng.sample(pool, CHANGED + REMOVED)
    changed, removed = change(picked[:CHANGED], rng), picked[CHANGED:]
    t = time.perf_counter()
    index.update([r.pid for r in changed], columns_of(changed), [r.pid for r in removed])
    update_s = time.perf_counter() - t
    for r in changed:
        by_pid[r.pid] = r
    after = [
        Query("changed", f"{r.surname} {r.given} {r.patronymic} {_day(r)}", r.pid, 0)
        for r in changed[:100]
        if r.born is not None
    ]
    after_results = run_queries(index, after, by_pid)
    first_after_ms = after_results[0]["ms"] if after_results else None
    gone_found = 0
    for r in removed:
        text = f"{r.surname} {r.given} {r.patronymic} {_day(r) if r.born else ''}"
        hits = index.search(read_query(text, TODAY))
        gone_found += any(h.person_id == r.pid for h in hits)
    mix_after = run_queries(index, queries[:100], by_pid)
    rank_changed = [x["rank"] for x in after_results]
    update = {
        "changed": CHANGED,
        "removed": REMOVED,
        "seconds": round(update_s, 2),
        "first_search_after_ms": first_after_ms,
        "changed_found_at_rank_1": round(
            sum(1 for k in rank_changed if k == 1) / max(len(rank_changed), 1), 3
        ),
        "changed_not_found": sum(1 for k in rank_changed if k is None),
        "changed_searched": len(rank_changed),
        "removed_still_found": gone_found,
        "search_ms_after": percentiles([x["ms"] for x in mix_after]),
        "search_ms_same_100_before": percentiles([x["ms"] for x in results[:100]]),
    }
    return {
        "size": len(rows),
        "population": args.population,
        "seed": args.seed,
        "today": TODAY.isoformat(),
        "generate_seconds": round(generate_s, 1),
        "dictionaries_seconds": round(dictionaries_s, 2),
        "build_seconds": round(build_s, 2),
        "memory_mb": {
            "method": "VmRSS from /proc/self/status around each step; peak = getrusage ru_maxrss",
            "rss_before_dictionaries": round(rss0),
            "dictionaries": round(rss1 - rss0),
            "index_build_growth": round(rss2 - rss1),
            "rss_after_build": round(rss2),
            "peak_after_build": round(peak_after_build),
            "after_queries": round(rss3),
            "peak_end": round(peak_rss_mb()),
        },
        "first_search_ms": round(first_ms, 1),
        "mix_seconds": round(mix_s, 1),
        "summary": summary,
        "targets": targets,
        "update": update,
        "queries": results,
    }


def print_report(r: dict[str, Any]) -> None:
    m = r["memory_mb"]
    print(f"\nSearch index: {r['size']:,} persons ({r['population']} population)")
    print(f"  dictionaries loaded {r['dictionaries_seconds']} s (+{m['dictionaries']} MB)")
    print(f"  build {r['build_seconds']} s, RSS +{m['index_build_growth']} MB "
          f"(RSS {m['rss_after_build']} MB, peak {m['peak_after_build']} MB)")  # fmt: skip
    print(f"  first search {r['first_search_ms']} ms (not in the figures below)\n")
    head = f"{'kind':<16}{'n':>4}{'rank 1':>8}{'top 10':>8}{'missed':>8}{'ident.':>8}"
    head += f"{'namesakes':>10}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
    print(head)
    for kind, s in r["summary"].items():
        print(f"{kind:<16}{s['queries']:>4}{s['rank_1']:>8.0%}{s['top_10']:>8.0%}"
              f"{s['not_found']:>8.0%}{s['identifiable']:>8.0%}{s['namesakes_median']:>10}"
              f"{s['ms']['p50']:>9}{s['ms']['p95']:>9}{s['ms']['max']:>9}")  # fmt: skip
    print("\nKnown target (Шевченко Олександр Миколайович 21.03.1990):")
    for t in r["targets"]:
        print(f"  rank {t['rank']!s:>4}  p={t['probability']}  {t['text']}")
    u = r["update"]
    print(f"\nupdate of {u['changed']:,} changed + {u['removed']} removed: {u['seconds']} s; "
          f"first search after {u['first_search_after_ms']} ms; changed found at rank 1: "
          f"{u['changed_found_at_rank_1']:.0%} of {u['changed_searched']}, missed "
          f"{u['changed_not_found']}; removed still found: {u['removed_still_found']}")  # fmt: skip
    print(f"  100 mix queries after: {u['search_ms_after']} (before: "
          f"{u['search_ms_same_100_before']})")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
