"""Splink 5 (DuckDB) baseline for the identity-resolution benchmark.

Implements the same command-line contract as `homeward link` / `homeward dedupe`, so
`run.py` can time and score both tools the same way:

    python bench/linkage/splink_baseline.py link --registry R.csv --incoming I.csv \
        --out O.csv [--map HEADER=FIELD ...] [--match-threshold 0.99]
    python bench/linkage/splink_baseline.py dedupe IN.csv --out O.csv [--map ...]

The model is set up the way a competent Splink user would set it up after reading the
Splink examples (febrl3/febrl4 notebooks), with no knowledge of Homeward's name
dictionaries:

* names are put into one Latin spelling with a standard table (Ukrainian KMU 2010 via
  translitua; the Russian International Passport 1997 table when the text has one of the
  Russian-only letters ы э ъ ё), lower-cased, stripped to a-z, digits and spaces;
* an empty surname/given name/patronymic is filled from `full_name`: the word in capitals
  is the surname, else a row of exactly two Latin words is read "Given Surname", else the
  first word is the surname, then given name, then patronymic;
* dates are parsed from ISO, DD.MM.YYYY, DD/MM/YYYY, YYYYMMDD and a bare year into an ISO
  date and a year;
* comparisons: NameComparison (Jaro-Winkler 0.92/0.88/0.7) with term-frequency
  adjustments on surname, given name and patronymic; a date-of-birth comparison that
  also uses the year when one side has only a year; Damerau-Levenshtein on service
  number and postcode; Jaro-Winkler on place of birth and address; exact with term
  frequencies on sex, unit, rank, occupation and any extra column both inputs share;
* training: probability two random records match from deterministic rules, u by random
  sampling, m by EM on two blocking rules (date of birth, then surname);
* blocking rules are the union of several equality rules; a rule whose number of pairs
  (counted in pandas before Splink runs) is above `--max-block-pairs` gets birth year
  added, and is dropped if that is not enough. That is what a user does after looking at
  `count_comparisons_from_blocking_rules`, and keeps a million-row dedupe feasible.

Only a short summary line goes to stderr; Splink's own INFO logging is silenced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import sys
import unicodedata
import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from translitua import RussianInternationalPassport1997, translit

# Fields the benchmark's datasets (and Homeward's `--map`) speak of.
FIELDS = (
    "surname",
    "given_name",
    "patronymic",
    "full_name",
    "sex",
    "date_of_birth",
    "place_of_birth",
    "address",
    "postcode",
    "occupation",
    "rank",
    "unit",
    "service_number",
)
ID_FIELDS = ("record_id", "person_id", "id")
# Columns that describe where a row came from rather than who it is: comparing them
# would teach the model about the data's provenance, not about identity.
NON_IDENTIFYING = {"source", "attainable", "entity_id"}

NAME_COLUMNS = ("surname", "given_name", "patronymic")
RUSSIAN_ONLY = frozenset("ыэъёЫЭЪЁ")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
NOT_LATIN = re.compile(r"[^a-z0-9 ]+")
# Apostrophes of every kind join the parts of one name (Лук'яненко, Drobs’kyy).
APOSTROPHES = re.compile(r"['’ʼ`´]")
SPACES = re.compile(r"\s+")

ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
YEAR = re.compile(r"^(\d{4})$")

log = logging.getLogger("splink_baseline")


# ---------------------------------------------------------------------------
# Preprocessing
# ---------------------------------------------------------------------------


def latin(value: str) -> str | None:
    """One Latin spelling of a name or short text: lower-case a-z, digits, spaces."""
    text = value.strip()
    if not text:
        return None
    if any(ch in RUSSIAN_ONLY for ch in text):
        text = translit(text, RussianInternationalPassport1997)
    elif CYRILLIC.search(text):
        text = translit(text)  # the default table is the Ukrainian KMU 2010 one
    # Strip diacritics of Latin forms (ICRC lists may carry them) and anything left over.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = NOT_LATIN.sub(" ", APOSTROPHES.sub("", text))
    text = SPACES.sub(" ", text).strip()
    return text or None


def _is_latin_word(word: str) -> bool:
    return not CYRILLIC.search(word) and any(ch.isalpha() for ch in word)


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """(surname, given name, patronymic) from a one-field name; '' for a missing part."""
    words = full_name.replace(",", " ").split()
    if not words:
        return "", "", ""
    capitals = [i for i, w in enumerate(words) if len(w) > 1 and w.isupper()]
    if capitals:
        at = capitals[0]
        surname, rest = words[at], words[:at] + words[at + 1 :]
    elif len(words) == 2 and all(_is_latin_word(w) for w in words):
        # Media and English-language lists write "Given Surname".
        surname, rest = words[1], words[:1]
    else:
        surname, rest = words[0], words[1:]
    given = rest[0] if rest else ""
    patronymic = " ".join(rest[1:])
    return surname, given, patronymic


def parse_date(value: str) -> tuple[str | None, int | None]:
    """(ISO date or None, year or None) from the formats the datasets use."""
    text = value.strip()
    if not text:
        return None, None
    year = month = day = None
    if m := ISO.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := DMY.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := COMPACT.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := YEAR.match(text):
        year = int(m[1])
    if year is None or not 1800 <= year <= 2100:
        return None, None
    if month is None or day is None:
        return None, year
    try:
        return dt.date(year, month, day).isoformat(), year
    except ValueError:
        # An impossible date (FEBRL has some) still tells the year.
        return None, year


def normalise_sex(value: str) -> str | None:
    text = value.strip().lower()
    if not text:
        return None
    # Latin m/f, Ukrainian ч(оловіча)/ж(іноча), Russian м(ужской)/ж(енский).
    if text[0] in "mмч":
        return "m"
    if text[0] in "fwж":
        return "f"
    return None


def normalise_code(value: str) -> str | None:
    """Service numbers and postcodes: Latin letters and digits, upper case.

    Series letters are written in Cyrillic by some sources and in Latin by others
    (ДІ280013, DI280013), so Cyrillic goes through the same KMU table as names.
    """
    text = value.strip()
    if CYRILLIC.search(text):
        text = translit(text)
    text = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    return text or None


def _map_unique(series: pd.Series, func) -> pd.Series:
    """Apply `func` once per distinct value: names repeat, so this is most of the speed."""
    uniques = series.unique()
    lookup = {u: func(u) for u in uniques}
    return series.map(lookup)


def parse_maps(items: Iterable[str]) -> dict[str, str]:
    maps: dict[str, str] = {}
    for item in items:
        header, sep, field = item.partition("=")
        if not sep or not header.strip() or not field.strip():
            raise SystemExit(f"--map expects HEADER=FIELD, got {item!r}")
        maps[header.strip()] = field.strip()
    return maps


def read_table(path: str, maps: dict[str, str]) -> tuple[pd.DataFrame, str]:
    """Read a CSV as strings, apply `--map`, return it and the name of its id column."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.columns = [c.strip() for c in df.columns]
    renamed = {h: f for h, f in maps.items() if h in df.columns}
    # A mapped column replaces a column that already has the target name.
    clashes = [f for h, f in renamed.items() if f in df.columns and f != h]
    df = df.drop(columns=clashes).rename(columns=renamed)
    id_col = next((c for c in ID_FIELDS if c in df.columns), None)
    if id_col is None:
        raise SystemExit(f"{path}: no id column (one of {', '.join(ID_FIELDS)})")
    return df, id_col


def _safe_name(column: str) -> str:
    return "x_" + re.sub(r"[^0-9a-z]+", "_", column.lower()).strip("_")


def prepare(df: pd.DataFrame, id_col: str) -> pd.DataFrame:
    """The canonical frame Splink sees: Latin names, parsed dates, normalised codes."""
    n = len(df)
    empty = pd.Series([""] * n, index=df.index, dtype=object)

    def col(name: str) -> pd.Series:
        return df[name].fillna("") if name in df.columns else empty

    parts = {name: col(name).str.strip() for name in NAME_COLUMNS}
    full = col("full_name").str.strip()
    need = (
        (parts["surname"] == "")
        & (parts["given_name"] == "")
        & (parts["patronymic"] == "")
        & (full != "")
    )
    if need.any():
        split = _map_unique(full[need], split_full_name)
        for i, name in enumerate(NAME_COLUMNS):
            parts[name] = parts[name].where(~need, split.map(lambda t, i=i: t[i]))

    out = pd.DataFrame({"unique_id": df[id_col].astype(str).str.strip()})
    for name in NAME_COLUMNS:
        out[name] = _map_unique(parts[name], latin)
    dates = _map_unique(col("date_of_birth"), parse_date)
    out["dob"] = dates.map(lambda t: t[0])
    out["birth_year"] = pd.array(dates.map(lambda t: t[1]).tolist(), dtype="Int64")
    out["sex"] = _map_unique(col("sex"), normalise_sex)
    out["service_number"] = _map_unique(col("service_number"), normalise_code)
    out["postcode"] = _map_unique(col("postcode"), normalise_code)
    for name in ("place_of_birth", "address", "occupation", "rank", "unit"):
        out[name] = _map_unique(col(name), latin)
    known = set(FIELDS) | set(ID_FIELDS) | NON_IDENTIFYING
    for column in df.columns:
        if column not in known:
            out[_safe_name(column)] = _map_unique(col(column), lambda v: v.strip().lower() or None)
    return out.astype({c: object for c in out.columns if c != "birth_year"})


# ---------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------


def _present(frames: Sequence[pd.DataFrame], column: str, minimum: int) -> bool:
    """A column is used only when every input has enough values in it to train on."""
    return all(column in f.columns and int(f[column].notna().sum()) >= minimum for f in frames)


def build_comparisons(frames: Sequence[pd.DataFrame], minimum: int) -> list:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def has(column: str) -> bool:
        return _present(frames, column, minimum)

    comparisons: list = []
    for name in NAME_COLUMNS:
        if has(name):
            comparisons.append(cl.NameComparison(name).configure(term_frequency_adjustments=True))
    if has("birth_year"):
        # DateOfBirthComparison treats a year-only date as missing; the registry and
        # media lists often have only the year, so two year levels are added for them.
        comparisons.append(
            cl.CustomComparison(
                output_column_name="date_of_birth",
                comparison_levels=[
                    cll.NullLevel("birth_year"),
                    cll.ExactMatchLevel("dob"),
                    cll.DamerauLevenshteinLevel("dob", 1),
                    cll.AbsoluteDateDifferenceLevel(
                        "dob", input_is_string=True, threshold=1, metric="month"
                    ),
                    cll.CustomLevel(
                        "(dob_l IS NULL OR dob_r IS NULL) AND birth_year_l = birth_year_r",
                        label_for_charts="Same year, one side has only the year",
                    ),
                    cll.ExactMatchLevel("birth_year"),
                    cll.AbsoluteDifferenceLevel("birth_year", 1),
                    cll.ElseLevel(),
                ],
            )
        )
    if has("sex"):
        comparisons.append(cl.ExactMatch("sex"))
    if has("service_number"):
        comparisons.append(cl.DamerauLevenshteinAtThresholds("service_number", [1, 2]))
    if has("postcode"):
        comparisons.append(
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            )
        )
    for name in ("place_of_birth", "address"):
        if has(name):
            comparisons.append(
                cl.JaroWinklerAtThresholds(name, [0.92, 0.8]).configure(
                    term_frequency_adjustments=True
                )
            )
    for name in ("occupation", "rank", "unit"):
        if has(name):
            comparisons.append(cl.ExactMatch(name).configure(term_frequency_adjustments=True))
    extras = sorted(
        {c for f in frames for c in f.columns if c.startswith("x_")},
    )
    for name in extras:
        if has(name):
            comparisons.append(cl.ExactMatch(name).configure(term_frequency_adjustments=True))
    return comparisons


# A blocking key part: a column, or the first `n` characters of it.
KeyPart = tuple[str, int | None]


def _key_sql(part: KeyPart) -> str:
    column, prefix = part
    return column if prefix is None else f"substr({column}, 1, {prefix})"


def _key_values(frame: pd.DataFrame, parts: Sequence[KeyPart]) -> pd.DataFrame:
    values = {}
    for column, prefix in parts:
        series = frame[column]
        if prefix is not None:
            series = series.str[:prefix]
        values[_key_sql((column, prefix))] = series
    return pd.DataFrame(values).dropna()  # a null never joins in SQL either


def _pairs(frames: Sequence[pd.DataFrame], parts: Sequence[KeyPart]) -> int:
    """Pairs an equality blocking rule generates, counted from key frequencies."""
    counts = [_key_values(f, parts).value_counts() for f in frames]
    if len(frames) == 1:
        c = counts[0].astype("int64")
        return int((c * (c - 1) // 2).sum())
    joined = counts[0].to_frame("l").join(counts[1].to_frame("r"), how="inner")
    return int((joined["l"].astype("int64") * joined["r"]).sum())


# Each blocking rule with its tighter variants, tried in order while the rule generates
# more pairs than --max-block-pairs. Small name pools (or a million records) make the
# broad forms explode; a user reading count_comparisons_from_blocking_rules would add
# a condition in just this way.
FIRST = 1
BLOCKING_LADDERS: tuple[tuple[tuple[KeyPart, ...], ...], ...] = (
    (
        # The first four letters survive most transliteration differences, which
        # sit in the endings (-ий/-ій, -ов/-ів); the same key as the engine's.
        (("surname", 4), ("birth_year", None)),
        (("surname", None), ("birth_year", None)),
        (("surname", None), ("birth_year", None), ("given_name", FIRST)),
        (("surname", None), ("birth_year", None), ("given_name", None)),
    ),
    (
        (("given_name", None), ("patronymic", None)),
        (("given_name", None), ("patronymic", None), ("birth_year", None)),
        (("given_name", None), ("patronymic", None), ("birth_year", None),
         ("surname", FIRST)),
    ),
    ((("service_number", None),),),
    (
        (("surname", None), ("given_name", None)),
        (("surname", None), ("given_name", None), ("birth_year", None)),
    ),
    (
        (("dob", None),),
        (("dob", None), ("surname", FIRST)),
    ),
    (
        (("postcode", None),),
        (("postcode", None), ("surname", FIRST)),
    ),
)  # fmt: skip


def choose_blocking_rules(frames: Sequence[pd.DataFrame], minimum: int, max_pairs: float) -> list:
    from splink import block_on

    rules: list = []
    for ladder in BLOCKING_LADDERS:
        if not all(_present(frames, column, minimum) for column, _ in ladder[0]):
            continue
        for parts in ladder:
            if not all(_present(frames, column, minimum) for column, _ in parts):
                continue
            if _pairs(frames, parts) <= max_pairs:
                rules.append(block_on(*(_key_sql(p) for p in parts)))
                break
        else:
            names = ", ".join(_key_sql(p) for p in ladder[-1])
            log.warning("blocking rule on %s dropped: too many pairs", names)
    if _present(frames, "surname", minimum) and _present(frames, "given_name", minimum):
        # Swapped surname and given name (FEBRL has them; so do lists that write
        # "Surname Given" where the split guessed "Given Surname").
        rules.append("l.surname = r.given_name AND l.given_name = r.surname")
    if not rules:
        raise SystemExit("no blocking rule applies: the inputs share no usable field")
    return rules


def _clamp_em_estimates() -> None:
    """Work around a Splink 5.0.0 bug: EM can crash on a level it finds never occurs.

    When EM drives an m (or u) probability towards zero, e.g. sex never disagrees on a
    true match, the estimate falls below 1e-300 and Splink 5's setter raises
    `ValueError: m_probability value 4e-305 is below the minimum allowed value of
    1e-300`, losing the whole session. Splink itself clamps to that floor when it turns
    m/u into weights, so flooring the estimate there is what Splink would do anyway.
    """
    import splink.internals.expectation_maximisation as em
    from splink.internals.comparison_level import M_U_CLAMP_MIN

    if getattr(em.populate_m_u_from_lookup, "_clamped", False):
        return
    original = em.populate_m_u_from_lookup

    def populate(fixed, level, column, lookup):
        for record in lookup.get(column, {}).values():
            for key in ("m_probability", "u_probability"):
                value = record.get(key)
                if isinstance(value, float) and value < M_U_CLAMP_MIN:
                    record[key] = M_U_CLAMP_MIN
        return original(fixed, level, column, lookup)

    populate._clamped = True  # type: ignore[attr-defined]
    em.populate_m_u_from_lookup = populate


def train(linker, frames: Sequence[pd.DataFrame], minimum: int, seed: int, u_pairs: float):
    from splink import block_on

    def has(*columns: str) -> bool:
        return all(_present(frames, c, minimum) for c in columns)

    # The prior (probability two random records match) from rules that are almost
    # always right, as the Splink examples do; 0.7 is a guess of their recall.
    deterministic = []
    if has("service_number"):
        deterministic.append(block_on("service_number"))
    if has("surname", "given_name", "dob"):
        deterministic.append(block_on("surname", "given_name", "dob"))
    if deterministic:
        try:
            linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
        except Exception as exc:  # no deterministic pair at all: keep the default
            log.warning("prior not estimated (%s); using the default", exc)

    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)

    # An EM session cannot estimate the comparisons its own rule blocks on, so two rules
    # on different fields cover every comparison. Not surname alone: in link_only,
    # Splink 5's EM blocks the concatenation of both inputs against itself and filters
    # the cross pairs afterwards, so a 1M registry joined with itself on surname is
    # ~6e8 rows (a minute); surname + given name is ~1.5e7.
    em_rules = []
    if has("dob"):
        em_rules.append(block_on("dob"))
    elif has("service_number"):
        em_rules.append(block_on("service_number"))
    if has("surname", "given_name"):
        em_rules.append(block_on("surname", "given_name"))
    elif has("surname"):
        em_rules.append(block_on("surname"))
    _clamp_em_estimates()
    for rule in em_rules:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=2e6)
        except Exception as exc:  # e.g. a rule with no pairs; the other session remains
            log.warning("EM session skipped (%s)", exc)


def build_linker(args: argparse.Namespace, tables: dict[str, pd.DataFrame], link_type: str):
    """A trained linker: loaded from `--model`, or specified and trained here."""
    from splink import DuckDBAPI, Linker, SettingsCreator

    frames = list(tables.values())
    # In a link, a field one input lacks is no evidence; in a dedupe a field needs two
    # values before any pair can agree on it.
    minimum = 1 if len(frames) > 1 else 2
    db_api = DuckDBAPI()
    registered = [db_api.register(df, dataset_display_name=name) for name, df in tables.items()]
    inputs = registered if len(registered) > 1 else registered[0]
    if args.model:
        # A model saved by --save-model: its comparisons, blocking rules and trained
        # parameters. Timing this run measures prediction alone, as in production,
        # where a model is trained once and reused for every new list.
        return Linker(inputs, args.model, log_level=None)
    settings = SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=build_comparisons(frames, minimum),
        blocking_rules_to_generate_predictions=choose_blocking_rules(
            frames, minimum, args.max_block_pairs
        ),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    # log_level=None: Splink leaves its logger alone, so main() decides how chatty it is.
    linker = Linker(inputs, settings, log_level=None)
    train(linker, frames, minimum, args.seed, args.u_pairs)
    if args.save_model:
        linker.misc.save_model_to_json(args.save_model, overwrite=True)
    return linker


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------


def link(args: argparse.Namespace) -> None:
    maps = parse_maps(args.map)
    registry_raw, registry_id = read_table(args.registry, maps)
    incoming_raw, incoming_id = read_table(args.incoming, maps)
    registry = prepare(registry_raw, registry_id)
    incoming = prepare(incoming_raw, incoming_id)
    # Splink needs the same columns on both sides; an extra column only one side has
    # carries no evidence.
    shared = [c for c in registry.columns if c in incoming.columns]
    registry, incoming = registry[shared], incoming[shared]
    linker = build_linker(args, {"registry": registry, "incoming": incoming}, "link_only")
    predictions = linker.inference.predict(threshold_match_probability=args.predict_threshold)
    pairs = predictions.as_pandas_dataframe()

    # Splink may put either dataset on the left: orient every pair as incoming→registry.
    if len(pairs):
        left_is_incoming = pairs["source_dataset_l"] == "incoming"
        oriented = pd.DataFrame(
            {
                "record_id": pairs["unique_id_l"].where(left_is_incoming, pairs["unique_id_r"]),
                "person_id": pairs["unique_id_r"].where(left_is_incoming, pairs["unique_id_l"]),
                "probability": pairs["match_probability"],
                "weight": pairs["match_weight"],
            }
        )
    else:
        oriented = pd.DataFrame(columns=["record_id", "person_id", "probability", "weight"])
    # person_id breaks ties, so equal-probability candidates (namesakes) come out the
    # same on every run whatever order DuckDB returned the pairs in.
    oriented = oriented.sort_values(
        ["record_id", "probability", "person_id"], ascending=[True, False, True]
    )
    best = oriented.drop_duplicates("record_id").set_index("record_id")
    best["candidates"] = oriented.groupby("record_id").size()

    # One row per incoming record, in the input's order; the best candidate decides.
    b = best.reindex(incoming["unique_id"].to_numpy())
    found = b["probability"].notna().to_numpy()
    p = b["probability"].fillna(0.0).to_numpy(dtype=float)
    decision = np.select(
        [p >= args.match_threshold, p >= args.review_threshold], ["match", "review"], "new"
    )
    person_id = np.where(decision == "new", "", b["person_id"].fillna("").astype(str))
    explanation = np.where(
        found,
        "splink match_weight="
        + b["weight"].fillna(0.0).map("{:.2f}".format).to_numpy(dtype=str)
        + f"; candidates >= {args.predict_threshold:g}: "
        + b["candidates"].fillna(0).astype(int).astype(str).to_numpy(),
        f"no candidate >= {args.predict_threshold:g} from blocking",
    )
    out = pd.DataFrame(
        {
            "record_id": incoming["unique_id"].to_numpy(),
            "person_id": person_id,
            "probability": [f"{x:.6f}" for x in p],
            "decision": decision,
            "explanation": explanation,
        }
    )
    out.to_csv(args.out, index=False)
    counts = out["decision"].value_counts().to_dict()
    print(
        f"splink link: {len(incoming)} incoming vs {len(registry)} registry, "
        f"{len(pairs)} scored pairs, {counts}",
        file=sys.stderr,
    )


def dedupe(args: argparse.Namespace) -> None:
    maps = parse_maps(args.map)
    raw, id_col = read_table(args.input, maps)
    data = prepare(raw, id_col)
    linker = build_linker(args, {"records": data}, "dedupe_only")
    predictions = linker.inference.predict(threshold_match_probability=args.predict_threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=args.match_threshold
    )
    assigned = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]
    pairs = predictions.as_pandas_dataframe()
    edges = pairs.loc[
        pairs["match_probability"] >= args.match_threshold,
        ["unique_id_l", "unique_id_r", "match_probability"],
    ]
    # A record's probability is the strongest edge that put it in its cluster. Every
    # edge at or above the threshold lies inside one cluster, so the max over a node's
    # such edges is that. A singleton has no such edge: it gets 1.0, i.e. "certain it
    # stands alone at this threshold" (the contract has no better value for it).
    strongest = (
        pd.concat(
            [
                edges.rename(columns={"unique_id_l": "unique_id"})[
                    ["unique_id", "match_probability"]
                ],
                edges.rename(columns={"unique_id_r": "unique_id"})[
                    ["unique_id", "match_probability"]
                ],
            ]
        )
        .groupby("unique_id")["match_probability"]
        .max()
    )
    assigned = assigned.assign(
        probability=assigned["unique_id"].map(strongest).fillna(1.0).astype(float)
    )
    out = pd.DataFrame(
        {
            "record_id": assigned["unique_id"],
            "cluster_id": assigned["cluster_id"],
            "probability": assigned["probability"].map(lambda p: f"{p:.6f}"),
        }
    )
    # Keep the input's order, so diffs between runs are readable.
    order = {rid: i for i, rid in enumerate(data["unique_id"])}
    out = out.sort_values("record_id", key=lambda s: s.map(order))
    out.to_csv(args.out, index=False)
    print(
        f"splink dedupe: {len(data)} records, {len(pairs)} scored pairs, "
        f"{out['cluster_id'].nunique()} clusters",
        file=sys.stderr,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--out", required=True)
        p.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help="read column HEADER as FIELD (repeatable)",
        )
        p.add_argument("--match-threshold", type=float, default=0.99)
        p.add_argument(
            "--predict-threshold",
            type=float,
            default=0.01,
            help="pairs below this probability are not materialised",
        )
        p.add_argument(
            "--u-pairs",
            type=float,
            default=1e6,
            help="max_pairs for u estimation by random sampling",
        )
        p.add_argument(
            "--max-block-pairs",
            type=float,
            default=2e7,
            help="a blocking rule above this many pairs is tightened",
        )
        p.add_argument("--seed", type=int, default=42)
        p.add_argument("--verbose", action="store_true", help="show Splink's log")
        p.add_argument("--save-model", metavar="JSON", help="save the trained model here")
        p.add_argument("--model", metavar="JSON", help="use this saved model, skip training")

    p_link = sub.add_parser("link", help="link incoming records to a registry")
    p_link.add_argument("--registry", required=True)
    p_link.add_argument("--incoming", required=True)
    p_link.add_argument("--review-threshold", type=float, default=0.5)
    common(p_link)
    p_link.set_defaults(func=link)

    p_dedupe = sub.add_parser("dedupe", help="cluster the records of one file")
    p_dedupe.add_argument("input")
    common(p_dedupe)
    p_dedupe.set_defaults(func=dedupe)

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    if args.verbose:
        logging.getLogger("splink").setLevel(logging.INFO)
    else:
        # Splink warns at length about levels EM did not observe and parameters left
        # at defaults; a benchmark run wants one summary line, so only errors pass.
        logging.getLogger("splink").setLevel(logging.ERROR)
        warnings.filterwarnings("ignore")
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
