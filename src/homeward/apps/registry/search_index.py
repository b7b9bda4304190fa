"""The person search's index of the registry (core.linkage.search), one per process.

Built on the first search, then brought up to date before each search with the persons
changed since (`Person.updated_at`, which every service and merge bumps): a changed
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

from homeward.apps.registry.models import Person
from homeward.apps.registry.selectors import linkage_rows
from homeward.core.linkage.engine import Labels, calibrate
from homeward.core.linkage.search import Hit, SearchIndex, read_query

# A change saved this long before the newest one seen may commit after it; changes
# inside the window are checked again, by their stamps, at every search.
OVERLAP = dt.timedelta(minutes=5)


# Reviewers' decisions are read again after this long (`use_labels`).
LABELS_FOR = dt.timedelta(minutes=5)


@dataclass
class _Current:
    index: SearchIndex
    stamps: dict[int, dt.datetime]  # person → the updated_at its row was read at
    watermark: dt.datetime | None
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
    # Stamps first: a person changed before its row is read is read again next time.
    alive = Person.objects.filter(merged_into__isnull=True)
    read = dict(alive.values_list("pk", "updated_at"))
    ids, columns = linkage_rows(alive)
    index = SearchIndex.build(ids, columns, today)
    stamps = {int(pk): read[int(pk)] for pk in ids if int(pk) in read}
    watermark = max(stamps.values(), default=None)
    return _Current(index, stamps, watermark, today)


def _refresh(current: _Current) -> None:
    changed = Person.objects.all()
    if current.watermark is not None:
        changed = changed.filter(updated_at__gte=current.watermark - OVERLAP)
    seen = list(changed.values_list("pk", "updated_at", "merged_into_id"))
    fresh = [(pk, stamp, merged) for pk, stamp, merged in seen if current.stamps.get(pk) != stamp]
    if not fresh:
        return
    gone = [str(pk) for pk, _, merged in fresh if merged is not None]
    kept = [pk for pk, _, merged in fresh if merged is None]
    ids, columns = linkage_rows(Person.objects.filter(pk__in=kept))
    current.index.update(ids, columns, removed=gone)
    for pk, stamp, merged in fresh:
        if merged is None:
            current.stamps[pk] = stamp
        else:
            current.stamps.pop(pk, None)
    newest = max(stamp for _, stamp, _ in fresh)
    if current.watermark is None or newest > current.watermark:
        current.watermark = newest


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
