"""The statistics behind the statements: per agreement, each stage's received and handed
over with the running total; per completed stage, who came home by sex, rank category,
service, direction and group. Counts only."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from homeward.apps.exchanges import selectors as exchanges
from homeward.apps.exchanges.choices import OutcomeChoice
from homeward.apps.exchanges.models import Agreement, Stage, StageMember
from homeward.apps.registry.choices import RankCategoryChoice, SexChoice
from homeward.apps.reports.overall import LENGTHS
from homeward.core.statistics import CAPTIVITY_BUCKETS, UNKNOWN_LENGTH, Row, Table, captivity_bucket

LABELS = {"sex": dict(SexChoice.choices), "rank_category": dict(RankCategoryChoice.choices)}
DIMENSIONS = ("sex", "rank_category", "branch", "direction", "groups")


def agreements_with_stages(user: User) -> QuerySet[Agreement]:
    agreements: QuerySet[Agreement] = (
        exchanges.agreements_for(user).filter(stages__isnull=False).distinct()
    )
    return agreements.order_by("-negotiated_on", "-id")


def _captivity(stage: Stage) -> list[list[Any]]:
    """How long those received had been held: from capture to the stage's day."""
    captured = StageMember.objects.filter(stage=stage, outcome=OutcomeChoice.RECEIVED)
    days = captured.values_list("person__capture_date", flat=True)
    counts = Counter(captivity_bucket(day, stage.date) for day in days)
    keys = [key for key, _below in CAPTIVITY_BUCKETS] + [UNKNOWN_LENGTH]
    return [[str(LENGTHS[key]), counts[key]] for key in keys if counts[key]]


def agreement_series(user: User, agreement: Agreement) -> dict[str, Any]:
    """Each stage's figures for the chart of the agreement, and each completed stage's
    composition (for the roles that may see it)."""
    totals = exchanges.agreement_totals(agreement)
    stages = []
    for counts in totals.stages:
        stage = counts.stage
        composition = None
        if exchanges.may_see_composition(user, stage):
            raw = exchanges.composition(user, stage)
            composition = {
                name: [[str(LABELS.get(name, {}).get(key, key) or "—"), n]
                       for key, n in raw[name].items()]
                for name in DIMENSIONS
            }  # fmt: skip
            composition["captivity"] = _captivity(stage)
        stages.append({
            "number": stage.number, "date": stage.date.isoformat(),
            "status": stage.status, "received": counts.received,
            "handed_over": counts.handed_over, "received_so_far": counts.received_so_far,
            "composition": composition,
        })  # fmt: skip
    return {"agreement": agreement.title, "total": agreement.total, "stages": stages}


def dimension_titles() -> dict[str, str]:
    return {"sex": _("Sex"), "rank_category": _("Rank category"), "branch": _("Service"),
            "direction": _("Direction"), "groups": _("Groups"),
            "captivity": _("Length of captivity")}  # fmt: skip


def agreement_tables(user: User, agreement: Agreement) -> list[Table]:
    """The agreement's figures as tables: the stages (public anyway: how many came home
    and when) and, per dimension, who came home in each stage the user may see composed."""
    series = agreement_series(user, agreement)
    stage = _("Stage")
    stages = Table(
        "stages", _("%(agreement)s: stages") % {"agreement": agreement.title},
        (_("Received"), _("Handed over"), _("Received so far")),
        tuple(Row(f"{stage} {s['number']} ({s['date']})",
                  (s["received"], s["handed_over"], s["received_so_far"]))
              for s in series["stages"]),
        headline=True,
    )  # fmt: skip
    composed = [s for s in series["stages"] if s["composition"]]
    tables = [stages]
    for name, title in dimension_titles().items():
        columns = list(dict.fromkeys(label for s in composed
                                     for label, _n in s["composition"][name]))  # fmt: skip
        rows, sums = [], [0] * len(columns)
        for s in composed:
            counts = dict(s["composition"][name])
            cells = tuple(counts.get(c, 0) for c in columns)
            sums = [a + b for a, b in zip(sums, cells, strict=True)]
            parts = name != "groups"  # a person can be in several groups, or in none
            rows.append(Row(f"{stage} {s['number']}", cells, s["received"] if parts else None,
                            of=None if parts else s["received"]))  # fmt: skip
        if len(rows) > 1:  # the agreement so far: for the staff (see for_publication)
            rows.append(Row(_("All stages"), tuple(sums),
                            sum(s["received"] for s in composed) if name != "groups" else None,
                            staff_only=True))  # fmt: skip
        tables.append(Table(f"stage_{name}", f"{agreement.title}: {title}", tuple(columns),
                            tuple(rows), parts=name != "groups"))  # fmt: skip
    return tables
