"""The person search's index of the registry (core.linkage.search), one per process.

Built on the first search, then brought up to date before each search with the persons
changed since: those the audit trail names after the last entry the index has read
(`audit.changes`, ADR 43). Every write of a person appends an entry for that person in
its own transaction, and entries are seen in the order of their numbers, so nothing is
missed and nothing is read twice, however many persons one import wrote. A changed
person's row is replaced, a merged one dropped. A search waits for no rebuild unless the
day changed (dates are read against today). Persons are never deleted; a test whose
database is rolled back under the index calls `forget`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from homeward.apps.audit import changes
from homeward.apps.registry.models import Person
from homeward.apps.registry.selectors import linkage_rows
from homeward.core.linkage.engine import Labels, calibrate
from homeward.core.linkage.search import Hit, SearchIndex, read_query

# Reviewers' decisions are read again after this long (`use_labels`).
LABELS_FOR = dt.timedelta(minutes=5)


@dataclass
class _Current:
    index: SearchIndex
    seen: int  # the last audit entry whose changes the index holds
    built_on: dt.date
    labels: Labels = ()
    labels_read: dt.datetime | None = None


_lock = threading.Lock()
_current: dict[str, _Current] = {}  # per database
_label_source: Callable[[], Labels] = tuple


def use_labels(source: Callable[[], Labels]) -> None:
    """Where reviewers' decisions come from (the intake app, which this app must not
    import), to calibrate the search's weights as they calibrate imports'."""
    global _label_source
    _label_source = source


def _labels(current: _Current) -> Labels:
    now = timezone.now()
    if current.labels_read is None or now - current.labels_read > LABELS_FOR:
        current.labels, current.labels_read = _label_source(), now
    return current.labels


def _build(today: dt.date) -> _Current:
    # The trail's head first: a person changed after it is read again at the next search.
    seen = changes.head()
    ids, columns = linkage_rows(Person.objects.filter(merged_into__isnull=True))
    return _Current(SearchIndex.build(ids, columns, today), seen, today)


# Persons read at once when many changed (an import): SQLite takes at most 32,766
# parameters in a statement.
READ_AT_ONCE = 10_000


def _refresh(current: _Current) -> None:
    newest = changes.head()
    if newest == current.seen:
        return
    changed = sorted(
        int(pk) for pk in changes.changed_since(current.seen, newest, "person") if pk.isdigit()
    )
    for first in range(0, len(changed), READ_AT_ONCE):
        chunk = changed[first : first + READ_AT_ONCE]
        alive = Person.objects.filter(pk__in=chunk, merged_into__isnull=True)
        ids, columns = linkage_rows(alive)
        kept = set(ids)
        current.index.update(ids, columns, removed=[str(pk) for pk in chunk if str(pk) not in kept])
    current.seen = newest


def search(text: str) -> list[Hit]:
    """The persons a search box's text may mean, most probable first (all sides: the
    caller narrows them to what the user may see)."""
    today = timezone.localdate()
    query = read_query(text, today)
    if not query:
        return []
    with _lock:
        key = connection.settings_dict["NAME"]
        current = _current.get(key)
        if current is None or current.built_on != today:
            current = _current[key] = _build(today)
        else:
            _refresh(current)
        labels = _labels(current)
        return current.index.search(query, calibration=lambda model: calibrate(model, labels))


def forget() -> None:
    """Drop the indexes (tests whose databases are rolled back under them)."""
    with _lock:
        _current.clear()
