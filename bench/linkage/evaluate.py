"""Score a tool's link or dedupe output against the dataset's truth.

    .venv/bin/python bench/linkage/evaluate.py link OUT.csv DIR/truth.csv \
        [--incoming DIR/incoming.csv]
    .venv/bin/python bench/linkage/evaluate.py dedupe OUT.csv DIR/dedupe_truth.csv

Link (one output row per incoming record, decision match/review/new):

* auto links are the rows with decision `match`;
* precision = correct auto links / auto links (an auto link of a record that has no
  true person is wrong: that is the false merge that tells a family their son is home);
* recall = correct auto links / records with a true person;
* attainable recall = attainable records / records with a true person: the recall a
  perfect tool could reach, since some records no longer identify anyone;
* share = recall / attainable recall; F1 of precision and recall;
* counts of review and new, and review precision = review rows whose candidate is the
  true person / review rows.

With the incoming file, the same figures per `source` (family, unit, other_side, icrc,
media) go under `by_source`. A record missing from the output counts as `new`, so a tool
cannot gain by dropping rows; such rows are counted in `missing_rows`.

Dedupe: pairwise precision, recall and F1 over the pairs of records put in one cluster,
against the pairs in one true entity. Pair counts come from cluster sizes and the
cluster x entity contingency table (sum of n*(n-1)/2), never from listing pairs, so a
million records are scored in seconds. A record missing from the output is a singleton.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd


def _read(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None or precision + recall == 0:
        return None if precision is None or recall is None else 0.0
    return 2 * precision * recall / (precision + recall)


def evaluate_link(
    output: pd.DataFrame, truth: pd.DataFrame, sources: pd.Series | None = None
) -> dict:
    missing_cols = {"record_id", "person_id", "decision"} - set(output.columns)
    if missing_cols:
        raise ValueError(f"link output lacks columns: {', '.join(sorted(missing_cols))}")
    out = output.drop_duplicates("record_id").set_index("record_id")
    t = truth.set_index("record_id")
    joined = t.join(out[["person_id", "decision"]], rsuffix="_out", how="left")
    missing_rows = int(joined["decision"].isna().sum())
    decision = joined["decision"].fillna("new").str.strip().str.lower()
    predicted = joined["person_id_out"].fillna("").str.strip()
    true_person = joined["person_id"].str.strip()
    attainable = joined["attainable"].str.strip().isin({"1", "true", "True"})

    has_person = true_person != ""
    correct = has_person & (predicted == true_person)
    auto = decision == "match"
    review = decision == "review"

    n_person = int(has_person.sum())
    n_auto = int(auto.sum())
    n_correct_auto = int((auto & correct).sum())
    precision = _ratio(n_correct_auto, n_auto)
    recall = _ratio(n_correct_auto, n_person)
    attainable_recall = _ratio(int((attainable & has_person).sum()), n_person)
    share = recall / attainable_recall if recall is not None and attainable_recall else None
    n_review = int(review.sum())
    by_source = {}
    if sources is not None:
        # Where a tool loses recall (other side's Russian forms, ICRC transliterations,
        # media's English names) is what tells engines apart; the JSON keeps it.
        src = sources.reindex(joined.index).fillna("")
        for name in sorted(src.unique()):
            sel = src == name
            person = int((sel & has_person).sum())
            reach = int((sel & attainable & has_person).sum())
            hits = int((sel & auto & correct).sum())
            by_source[name] = {
                "records": int(sel.sum()),
                "records_with_person": person,
                "attainable": reach,
                "auto_links": int((sel & auto).sum()),
                "correct_auto_links": hits,
                "recall": _ratio(hits, person),
                "share_of_attainable": _ratio(hits, reach),
                "review": int((sel & review).sum()),
            }
    return {
        "records": len(joined),
        "records_with_person": n_person,
        "attainable": int((attainable & has_person).sum()),
        "auto_links": n_auto,
        "correct_auto_links": n_correct_auto,
        "auto_links_to_absent": int((auto & ~has_person).sum()),
        "precision": precision,
        "recall": recall,
        "attainable_recall": attainable_recall,
        "share_of_attainable": share,
        "f1": _f1(precision, recall),
        "review": n_review,
        "review_precision": _ratio(int((review & correct).sum()), n_review),
        "new": int((decision == "new").sum()),
        "new_with_person": int(((decision == "new") & has_person).sum()),
        "unknown_decisions": int((~decision.isin({"match", "review", "new"})).sum()),
        "missing_rows": missing_rows,
        "extra_rows": int((~out.index.isin(t.index)).sum()),
        "by_source": by_source,
    }


def _pairs(sizes: pd.Series) -> int:
    sizes = sizes.astype("int64")
    return int((sizes * (sizes - 1) // 2).sum())


def evaluate_dedupe(output: pd.DataFrame, truth: pd.DataFrame) -> dict:
    missing_cols = {"record_id", "cluster_id"} - set(output.columns)
    if missing_cols:
        raise ValueError(f"dedupe output lacks columns: {', '.join(sorted(missing_cols))}")
    t = truth.drop_duplicates("record_id").set_index("record_id")["entity_id"].str.strip()
    # An empty entity id means "no known duplicate": a singleton of its own.
    t = t.where(t != "", "__single__" + t.index.to_series())
    out = output.drop_duplicates("record_id").set_index("record_id")["cluster_id"]
    cluster = out.reindex(t.index).fillna("").astype(str).str.strip()
    missing_rows = int((cluster == "").sum())
    # Missing rows become singletons, so they can only cost recall.
    cluster = cluster.where(cluster != "", "__missing__" + cluster.index.to_series())

    frame = pd.DataFrame({"cluster": cluster, "entity": t})
    predicted_pairs = _pairs(frame.groupby("cluster").size())
    true_pairs = _pairs(frame.groupby("entity").size())
    both = _pairs(frame.groupby(["cluster", "entity"]).size())
    precision = _ratio(both, predicted_pairs)
    recall = _ratio(both, true_pairs)
    return {
        "records": len(frame),
        "clusters": int(frame["cluster"].nunique()),
        "entities": int(frame["entity"].nunique()),
        "predicted_pairs": predicted_pairs,
        "true_pairs": true_pairs,
        "correct_pairs": both,
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "missing_rows": missing_rows,
        "extra_rows": int((~out.index.isin(t.index)).sum()),
    }


def evaluate(task: str, output_csv: str, truth_csv: str, incoming_csv: str | None = None) -> dict:
    """Metrics for one output; `incoming_csv` (with a `source` column) adds `by_source`."""
    output, truth = _read(output_csv), _read(truth_csv)
    if task == "link":
        sources = None
        if incoming_csv:
            incoming = _read(incoming_csv)
            if "source" in incoming.columns and "record_id" in incoming.columns:
                sources = incoming.drop_duplicates("record_id").set_index("record_id")["source"]
        return evaluate_link(output, truth, sources)
    if task == "dedupe":
        return evaluate_dedupe(output, truth)
    raise ValueError(f"unknown task {task!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score link or dedupe output.")
    parser.add_argument("task", choices=("link", "dedupe"))
    parser.add_argument("output")
    parser.add_argument("truth")
    parser.add_argument("--incoming", help="incoming.csv, for recall by source")
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(args.task, args.output, args.truth, args.incoming), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
