"""The statistics overall, beyond one agreement: the registry by side and status, how long
people have been (or were) in captivity, who has come home, and the months' trends. Counts
only, for the roles that see aggregate counts; as core.statistics tables, so that the page,
the charts and the exports show the same figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeward.apps.common.permissions import Actor, Perm, require
from homeward.apps.exchanges.choices import OutcomeChoice
from homeward.apps.exchanges.models import StageMember
from homeward.apps.registry.choices import RankCategoryChoice, SexChoice, StatusChoice
from homeward.apps.registry.models import Person, StatusEvent
from homeward.core.statistics import (
    CAPTIVITY_BUCKETS,
    UNKNOWN_LENGTH,
    Component,
    Row,
    Table,
    captivity_bucket,
)
from homeward.core.status import STATUSES_BY_SIDE, Side, Status

MAY_SEE = Perm.VIEW_STATISTICS
IN_CAPTIVITY = (Status.REPORTED_CAPTURED, Status.CONFIRMED_CAPTIVE, Status.ON_EXCHANGE_LIST)
HOME = (Status.RETURNED, Status.RELEASED)
LENGTHS = {
    "under_3_months": gettext_lazy("under 3 months"),
    "3_to_6_months": gettext_lazy("3–6 months"),
    "6_to_12_months": gettext_lazy("6–12 months"),
    "1_to_2_years": gettext_lazy("1–2 years"),
    "2_to_3_years": gettext_lazy("2–3 years"),
    "3_years_or_more": gettext_lazy("3 years or more"),
    UNKNOWN_LENGTH: gettext_lazy("date unknown"),
}
# The months' trends: people reported missing, confirmed in captivity and come home.
TREND_STATUSES = (Status.MISSING, Status.CONFIRMED_CAPTIVE, Status.RETURNED)
TREND_MONTHS = 60  # at most; from the month of the first report


def _require(user: Actor) -> None:
    require(user, MAY_SEE, refusal=_("You may not see aggregate counts."))


def _persons() -> QuerySet[Person]:
    persons: QuerySet[Person] = Person.objects.filter(merged_into__isnull=True)
    return persons


def _labels(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    return {key: str(label) for key, label in choices}


def _label(choices: dict[str, str], key: str | None) -> str:
    return str(choices.get(key or "", key or "—") or "—")


def registry_table() -> Table:
    """Everyone in the registry, per side, by current status."""
    counts = Counter(
        (row["side"], row["current_status"])
        for row in _persons().order_by().values("side", "current_status")
    )  # one unsorted pass over two short columns; the database groups no faster
    # every status, and none yet: a person registered before any report of their status
    statuses = [s.value for s in Status if any(s in STATUSES_BY_SIDE[side] for side in Side)]
    statuses.append("")
    labels = {**dict(StatusChoice.choices), "": _("No report yet")}
    rows = []
    for side, title in ((Side.OWN, _("Our people")), (Side.HELD, _("Persons we hold"))):
        cells = tuple(counts[(side.value, s)] for s in statuses)
        rows.append(Row(str(title), cells, sum(cells)))
    columns = tuple(str(labels[s]) for s in statuses)
    # for the staff only: those who came home and those in captivity now, told by the
    # captivity table, are sums of its columns
    return Table("registry", _("The registry by side and status"), columns, tuple(rows),
                 parts=True, staff_only=True)  # fmt: skip


def _returned() -> QuerySet[Person]:
    """Our people who have come home (returned in an exchange or released otherwise),
    each with the day they did and the stage that brought them home (`part`; none for
    those released otherwise): each stage's people are told of on their own."""
    stage = StageMember.objects.filter(person=OuterRef("pk"), outcome=OutcomeChoice.RECEIVED)
    home: QuerySet[Person] = _persons().filter(side=Side.OWN, current_status__in=HOME).annotate(
        home_on=Max("status_events__effective_date",
                    filter=Q(status_events__status__in=HOME)),
        part=Subquery(stage.values("stage_id")[:1]),
    )  # fmt: skip
    return home


Split = tuple[Counter[str], dict[object, Counter[str]]]


def _split(pairs: Iterable[tuple[object, str, int]]) -> Split:
    """Counts per value overall, and per part of those who came home (each stage, and
    those released otherwise: part None), from (part, value, count)."""
    parts: dict[object, Counter[str]] = {}
    for part, value, n in pairs:
        parts.setdefault(part, Counter())[value] += n
    return sum(parts.values(), Counter()), parts


def _components(keys: Iterable[str], parts: dict[object, Counter[str]],
                sizes: dict[object, int]) -> tuple[Component, ...]:  # fmt: skip
    listed = list(keys)
    return tuple(Component(tuple(counts[k] for k in listed), sizes[part], aside=part is None)
                 for part, counts in parts.items())  # fmt: skip


def _sizes(home: QuerySet[Person]) -> dict[object, int]:
    """How many came home in each part."""
    rows = home.values("part").annotate(n=Count("id", distinct=True)).order_by()  # type: ignore[misc]
    return {row["part"]: row["n"] for row in rows}


def captivity_table(today: dt.date) -> Table:
    """How long our people have been in captivity (until today) and were (until they came
    home), from the date of capture or disappearance."""
    keys = [key for key, _below in CAPTIVITY_BUCKETS] + [UNKNOWN_LENGTH]
    now = Counter(
        captivity_bucket(captured, today)
        for captured in _persons().filter(side=Side.OWN, current_status__in=IN_CAPTIVITY)
        .values_list("capture_date", flat=True)
    )  # fmt: skip
    lengths = _returned().values_list("part", "capture_date", "home_on")  # type: ignore[misc]
    home, parts = _split((part, captivity_bucket(captured, home_on), 1)
                         for part, captured, home_on in lengths)  # fmt: skip
    sizes = {part: sum(counts.values()) for part, counts in parts.items()}
    now_cells, home_cells = tuple(now[k] for k in keys), tuple(home[k] for k in keys)
    rows = (Row(str(_("In captivity now")), now_cells, sum(now_cells)),
            Row(str(_("Came home")), home_cells, sum(home_cells),
                components=_components(keys, parts, sizes)))  # fmt: skip
    return Table("captivity", _("Length of captivity"), tuple(str(LENGTHS[k]) for k in keys),
                 rows, parts=True)  # fmt: skip


def _one_row(key: str, title: str, label: str, counts: Split, sizes: dict[object, int],
             parts: bool) -> Table:  # fmt: skip
    overall, by_part = counts
    names = [name for name, _n in sorted(overall.items(), key=lambda item: (-item[1], item[0]))]
    cells = tuple(overall[name] for name in names)
    came_home = sum(sizes.values())
    row = Row(label, cells, sum(cells) if parts else None, of=None if parts else came_home,
              components=_components(names, by_part, sizes))  # fmt: skip
    return Table(key, title, tuple(names), (row,), parts=parts)


def returned_tables(lang: str) -> list[Table]:
    """Who has come home, by sex, rank category, service, direction and group; each row
    with the same counts per stage, so that publication withholds what a stage's does."""
    name = "name_uk" if lang.startswith("uk") else "name_en"
    home = _returned()
    sizes = _sizes(home)
    label = str(_("Came home"))

    def counted(path: str, labels: dict[str, str] | None = None) -> Split:
        rows = home.values("part", path).annotate(n=Count("id", distinct=True)).order_by()
        return _split((row["part"], _label(labels, row[path]) if labels is not None
                       else row[path] or "—", row["n"]) for row in rows)  # fmt: skip

    overall, by_part = counted(f"groups__{name}")
    del overall["—"]
    groups = (overall, {part: Counter({g: n for g, n in counts.items() if g != "—"})
                        for part, counts in by_part.items()})  # fmt: skip
    return [
        _one_row("home_sex", _("Came home: sex"), label,
                 counted("sex", _labels(SexChoice.choices)), sizes, parts=True),
        _one_row("home_rank", _("Came home: rank category"), label,
                 counted("rank_category", _labels(RankCategoryChoice.choices)), sizes,
                 parts=True),
        _one_row("home_service", _("Came home: service"), label, _services(home, name),
                 sizes, parts=True),
        _one_row("home_direction", _("Came home: direction"), label,
                 counted(f"direction__{name}"), sizes, parts=True),
        _one_row("home_group", _("Came home: groups"), label, groups, sizes, parts=False),
    ]  # fmt: skip


def _services(home: QuerySet[Person], name: str) -> Split:
    """Top-level services: a part (the Navy) counts for its service (the Armed Forces)."""
    rows = home.values_list("part", f"branch__{name}", f"branch__parent__{name}").order_by()
    return _split((part, parent or own or "—", 1) for part, own, parent in rows)


def trend_table(today: dt.date) -> Table:
    """Per month, from the first report (five years at most) to this month: how many people
    were reported missing, confirmed in captivity and came home (each person once a month
    per status; reports of death are not charted)."""
    earliest = (today.replace(day=1) - dt.timedelta(days=31 * (TREND_MONTHS - 1))).replace(day=1)
    events = StatusEvent.objects.filter(
        status__in=TREND_STATUSES, effective_date__gte=earliest, effective_date__lte=today,
        person__merged_into__isnull=True, person__side=Side.OWN,
    )  # fmt: skip
    start = events.aggregate(first=Min("effective_date"))["first"]
    first = start.replace(day=1) if start else today.replace(day=1)
    rows = (
        events.annotate(month=TruncMonth("effective_date"))
        .values("month", "status").annotate(n=Count("person", distinct=True))
    )  # fmt: skip
    counts = {(row["month"], row["status"]): row["n"] for row in rows}
    months = []
    month = first
    while month <= today:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    labels = dict(StatusChoice.choices)
    return Table(
        "trend", _("Per month"), tuple(str(labels[s.value]) for s in TREND_STATUSES),
        tuple(Row(f"{m:%Y-%m}", tuple(counts.get((m, s.value), 0)
                                     for s in TREND_STATUSES)) for m in months),
        chart="line", staff_only=True,  # its months add up to the other tables' counts
    )  # fmt: skip


def overall_tables(user: Actor, lang: str) -> list[Table]:
    _require(user)
    today = timezone.localdate()
    return [registry_table(), captivity_table(today), *returned_tables(lang), trend_table(today)]
