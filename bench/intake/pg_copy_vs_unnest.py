"""How long 100,000 source-record rows take to reach PostgreSQL: Django 5.2's bulk_create
(INSERT … SELECT * FROM UNNEST(one array per column), client-side binding, 1,000 rows a
statement, RETURNING id) against COPY … FROM STDIN with ids taken from the sequence first.

A scratch table shaped like registry_sourcerecord (two JSONB columns, three indexed foreign
keys) in the database `homeward_bench_intake_copy` on postgres://postgres@127.0.0.1:5432,
dropped before and after. No Django, no Homeward code: only the cost of the two ways of
sending the rows. Run from the repository root:

    .venv/bin/python bench/intake/pg_copy_vs_unnest.py --incoming DIR/incoming.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB = "homeward_bench_intake_copy"
BATCH = 1000
DDL = """
CREATE TABLE t (
    id bigserial PRIMARY KEY, source_id integer NOT NULL, external_id varchar(100) NOT NULL,
    raw jsonb NOT NULL, parsed jsonb NOT NULL, person_id integer, entered_by_id integer,
    entered_at timestamptz NOT NULL
);
CREATE INDEX ON t (source_id);
CREATE INDEX ON t (person_id);
CREATE INDEX ON t (entered_by_id);
"""
UNNEST = (
    "INSERT INTO t (source_id, external_id, raw, parsed, person_id, entered_by_id, entered_at) "
    "SELECT * FROM UNNEST((%s)::integer[], (%s)::varchar[], "
    "(%s)::jsonb[], (%s)::jsonb[], (%s)::integer[], (%s)::integer[], (%s)::timestamptz[]) "
    "RETURNING id"
)


def _admin(statement: sql.Composed) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(statement)


def by_unnest(conn: psycopg.Connection[Any], rows: list[dict[str, str]], now: dt.datetime) -> None:
    cursor = psycopg.ClientCursor(conn)  # Django's default cursor with psycopg 3
    for first in range(0, len(rows), BATCH):
        part = rows[first : first + BATCH]
        cursor.execute(
            UNNEST,
            [
                [1] * len(part),
                [r["record_id"] for r in part],
                [Jsonb(r) for r in part],
                [Jsonb({k: v for k, v in r.items() if k != "source"}) for r in part],
                [first + k + 1 for k in range(len(part))],
                [1] * len(part),
                [now] * len(part),
            ],
        )
        cursor.fetchall()


def by_copy(conn: psycopg.Connection[Any], rows: list[dict[str, str]], now: dt.datetime) -> None:
    cursor = conn.cursor()
    ids = cursor.execute(
        "SELECT nextval(pg_get_serial_sequence('t', 'id')) FROM generate_series(1, %s)",
        [len(rows)],
    ).fetchall()
    with cursor.copy(
        "COPY t (id, source_id, external_id, raw, parsed, person_id, entered_by_id, entered_at) "
        "FROM STDIN"
    ) as copy:
        for k, r in enumerate(rows):
            parsed = {key: v for key, v in r.items() if key != "source"}
            copy.write_row(
                (
                    ids[k][0],
                    1,
                    r["record_id"],
                    json.dumps(r, ensure_ascii=False),
                    json.dumps(parsed, ensure_ascii=False),
                    k + 1,
                    1,
                    now,
                )
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--incoming", type=Path, required=True, help="generate.py's incoming.csv")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with args.incoming.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    now = dt.datetime.now(dt.UTC)
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB))
    _admin(drop)
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB)))
    try:
        with psycopg.connect(f"postgres://postgres@127.0.0.1:5432/{DB}") as conn:
            conn.execute(DDL)
            conn.commit()
            for _ in range(args.repeat):
                for name, send in (("UNNEST, client-side binding", by_unnest), ("COPY", by_copy)):
                    conn.execute("TRUNCATE t")
                    conn.commit()
                    started = time.perf_counter()
                    send(conn, rows, now)
                    conn.commit()
                    print(f"{name:<28} {len(rows)} rows  {time.perf_counter() - started:6.2f} s")
    finally:
        _admin(drop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
