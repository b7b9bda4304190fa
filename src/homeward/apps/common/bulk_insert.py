"""Inserting many rows of one model fast, for imports (ADR 42).

`QuerySet.bulk_create` spends most of its time in Python, compiling each object's values
into SQL: about 30 s of the transaction of a 100,000-row import on SQLite, while SQLite's
one writer lock made every other user wait. Here the work is split in two:

- `prepare`, before the transaction: each object's values, prepared by its fields exactly
  as the ORM prepares them (`pre_save`, `get_db_prep_save`: JSON, encrypted text, time
  zones), all but its id and its foreign keys to objects not saved yet;
- `insert`, inside it: ids taken, those few values filled in, and the rows sent with COPY
  on PostgreSQL and one prepared statement (`executemany`) on SQLite.

As with `bulk_create`: no signals, no `save()`; many-to-many fields are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

# Rows per executemany or COPY: bounds the memory of one statement's values.
CHUNK = 5000

Field = models.Field[Any, Any]


@dataclass
class Prepared:
    """Unsaved objects of one model and their values, ready to be inserted."""

    objects: Sequence[models.Model]
    fields: list[Field]
    rows: list[list[Any]]  # per object, in the order of `fields`
    late: list[int]  # positions in `fields` filled at insertion: the id, pending foreign keys


def _connection() -> BaseDatabaseWrapper:
    # Bound once: each use of django.db.connection is a lookup in a thread-local.
    return connections[DEFAULT_DB_ALIAS]


def prepare(objects: Sequence[models.Model]) -> Prepared:
    """The objects' values as the database takes them, outside any transaction."""
    conn = _connection()
    if not objects:
        return Prepared([], [], [], [])
    model = type(objects[0])
    if any(type(obj) is not model or obj.pk is not None for obj in objects):
        raise ValueError("bulk_insert takes unsaved objects of one model")
    fields: list[Field] = list(model._meta.local_concrete_fields)
    late = [i for i, f in enumerate(fields) if f.primary_key or _pending(f, objects)]
    early = [(i, field) for i, field in enumerate(fields) if i not in late]
    rows = []
    for obj in objects:
        row: list[Any] = [None] * len(fields)
        for i, field in early:
            row[i] = field.get_db_prep_save(field.pre_save(obj, True), conn)
        rows.append(row)
    return Prepared(objects, fields, rows, late)


def _pending(field: Field, objects: Sequence[models.Model]) -> bool:
    """A foreign key that names, in some object, an object not saved yet."""
    return isinstance(field, models.ForeignKey) and any(
        getattr(obj, field.attname) is None and field.is_cached(obj) for obj in objects
    )


def insert(prepared: Prepared) -> None:
    """Insert prepared objects in the caller's transaction and set their primary keys. A
    pending foreign key takes the id of its object, which must have been inserted since."""
    conn = _connection()
    if not prepared.objects:
        return
    if not conn.in_atomic_block:
        raise RuntimeError("bulk_insert must run inside the caller's transaction")
    meta = type(prepared.objects[0])._meta
    ids = _new_ids(conn, meta.db_table, meta.pk.column, len(prepared.objects))
    fields = prepared.fields
    for obj, row, pk in zip(prepared.objects, prepared.rows, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, conn.alias
        for i in prepared.late:
            field = fields[i]
            if not field.primary_key and getattr(obj, field.attname) is None:
                related = getattr(obj, field.name)
                if related is not None:
                    if related.pk is None:
                        raise ValueError(f"{field.name} of a row names an unsaved object")
                    setattr(obj, field.attname, related.pk)
            row[i] = field.get_db_prep_save(getattr(obj, field.attname), conn)
    write = _copy if conn.vendor == "postgresql" else _executemany
    for first in range(0, len(prepared.rows), CHUNK):
        write(conn, meta.db_table, fields, prepared.rows[first : first + CHUNK])


def bulk_insert(objects: Sequence[models.Model]) -> None:
    """`prepare` and `insert` at once, for a caller whose transaction may take the time."""
    insert(prepare(objects))


def _new_ids(conn: BaseDatabaseWrapper, table: str, column: str, count: int) -> list[int]:
    """`count` ids no other row has or will be given."""
    quote = conn.ops.quote_name
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # Taken from the column's own sequence: other sessions' inserts go on meanwhile.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the one write lock from its start (IMMEDIATE),
        # so nobody inserts between this read and the insert. AUTOINCREMENT never reuses
        # an id: the sequence's high mark counts too, and the insert moves it.
        cursor.execute(f"SELECT max({quote(column)}) FROM {quote(table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
    first = max(highest, found[0] if found else 0) + 1
    return list(range(first, first + count))


def _columns(conn: BaseDatabaseWrapper, fields: list[Field]) -> str:
    return ", ".join(conn.ops.quote_name(f.column) for f in fields)


def _copy(
    conn: BaseDatabaseWrapper, table: str, fields: list[Field], rows: list[list[Any]]
) -> None:
    statement = f"COPY {conn.ops.quote_name(table)} ({_columns(conn, fields)}) FROM STDIN"
    with conn.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _executemany(
    conn: BaseDatabaseWrapper, table: str, fields: list[Field], rows: list[list[Any]]
) -> None:
    marks = ", ".join(["%s"] * len(fields))
    statement = (
        f"INSERT INTO {conn.ops.quote_name(table)} ({_columns(conn, fields)}) VALUES ({marks})"  # noqa: S608
    )
    with conn.cursor() as cursor:
        cursor.executemany(statement, rows)
