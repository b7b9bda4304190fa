"""Reads of the exchange lists, with the need-to-know rule applied.

Who is on an exchange list is secret while the exchange is negotiated and run: only exchange
officers and administrators (`exchanges.manage_exchange`) see lists, their versions, entries
and changes. Once the agreement is completed, every role that sees exchanges may read them
(the persons exchanged are known from the completed stages by then).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.apps.common.permissions import Actor, Perm, has
from homeward.apps.exchanges.choices import AgreementStatusChoice
from homeward.apps.exchanges.models import (
    Agreement,
    AgreementDocument,
    ExchangeList,
    ListChange,
    ListEntry,
    ListVersion,
)
from homeward.apps.exchanges.selectors import MAY_MANAGE, MAY_VIEW
from homeward.apps.registry import selectors as registry_selectors
from homeward.apps.registry.models import Person
from homeward.core.exchanges.lists import LEFT_CAPTIVITY, ListKind
from homeward.core.status import Side

# Lists and the agreement's documents name persons: once the exchange is completed they
# are no longer secret, but they are still personal data.
MAY_SEE_PERSONS = Perm.VIEW_PERSON


def lists_hidden_because(user: Actor, agreement: Agreement) -> str | None:
    """Why the user may not see the agreement's lists and documents, or None if they may."""
    if has(user, MAY_VIEW, MAY_MANAGE):
        return None
    if not has(user, MAY_VIEW) or agreement.status != AgreementStatusChoice.COMPLETED:
        return str(_("Exchange lists are known only to exchange officers until the exchange "
                     "is completed."))  # fmt: skip
    if not has(user, MAY_SEE_PERSONS):
        return str(_("Exchange lists and documents name persons: they are shown only to the "
                     "roles that see persons."))  # fmt: skip
    return None


def may_see_lists(user: Actor, agreement: Agreement) -> bool:
    return lists_hidden_because(user, agreement) is None


def require_may_see_lists(user: Actor, agreement: Agreement) -> None:
    if why := lists_hidden_because(user, agreement):
        raise PermissionDenied(why)


@dataclass
class ListSummary:
    """One of the four lists of an agreement as its page shows it."""

    kind: ListKind
    exchange_list: ExchangeList | None
    latest: ListVersion | None = None
    agreed: ListVersion | None = None  # the latest agreed version
    entries: int = 0  # in the latest version
    verdicts: dict[str, int] = field(default_factory=dict)  # the other side's lists
    flagged: int = 0


def list_summaries(user: Actor, agreement: Agreement) -> list[ListSummary]:
    require_may_see_lists(user, agreement)
    lists = {x.kind: x for x in ExchangeList.objects.filter(agreement=agreement)}
    versions = ListVersion.objects.filter(exchange_list__agreement=agreement).annotate(
        n=Count("entries"),
        flagged=Count("entries", filter=~Q(entries__flags=[])),
    )
    latest: dict[int, ListVersion] = {}
    agreed: dict[int, ListVersion] = {}
    for version in versions.order_by("number"):
        latest[version.exchange_list_id] = version
        if version.state == "agreed":
            agreed[version.exchange_list_id] = version
    summaries = []
    for kind in ListKind:
        found = lists.get(kind.value)
        summary = ListSummary(kind, found)
        if found is not None and found.pk in latest:
            summary.latest = latest[found.pk]
            summary.agreed = agreed.get(found.pk)
            summary.entries = summary.latest.n  # type: ignore[attr-defined]
            summary.flagged = summary.latest.flagged  # type: ignore[attr-defined]
            if kind.from_other_side:
                rows = summary.latest.entries.values("verdict").annotate(n=Count("id"))
                summary.verdicts = {row["verdict"]: row["n"] for row in rows}
        summaries.append(summary)
    return summaries


def version_for(user: Actor, pk: int) -> ListVersion:
    version = get_object_or_404(
        ListVersion.objects.select_related("exchange_list__agreement", "created_by",
                                           "submitted_by", "agreed_by"), pk=pk,
    )  # fmt: skip
    require_may_see_lists(user, version.exchange_list.agreement)
    return version


def versions_of(user: Actor, exchange_list: ExchangeList) -> QuerySet[ListVersion]:
    require_may_see_lists(user, exchange_list.agreement)
    return exchange_list.versions.select_related("created_by").annotate(n=Count("entries"))


def entries_for(user: Actor, version: ListVersion) -> QuerySet[ListEntry]:
    """The entries of a version, first by priority, then by the row of the other side's
    file; persons the user may not see are left out (an entry unknown to us has none)."""
    require_may_see_lists(user, version.exchange_list.agreement)
    visible = registry_selectors.persons_for(user, include_merged=True)
    return (
        ListEntry.objects.filter(version=version)
        .filter(Q(person__isnull=True) | Q(person__in=visible))
        .select_related("person", "person__rank", "person__branch", "person__direction",
                        "replaces", "added_by")
        .order_by("priority", "row", "person__surname", "person__given_name", "id")
    )  # fmt: skip


def changes_for(user: Actor, version: ListVersion) -> QuerySet[ListChange]:
    """Who was added, removed or substituted in this version (against the one before)."""
    require_may_see_lists(user, version.exchange_list.agreement)
    return ListChange.objects.filter(version=version).select_related("person", "replaced", "actor")


@dataclass(frozen=True)
class Criteria:
    """Who to put on a list of ours, as an officer chooses them. Empty means any."""

    branches: tuple[int, ...] = ()
    unit: str = ""
    groups: tuple[int, ...] = ()
    rank_categories: tuple[str, ...] = ()
    directions: tuple[int, ...] = ()
    health_states: tuple[str, ...] = ()
    category: str = ""  # military or civilian
    direct_repatriation: bool = False  # only those a Mixed Medical Commission found (Art. 110)
    min_days_in_captivity: int | None = None
    min_age: int | None = None
    max_age: int | None = None


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def persons_by_criteria(user: Actor, side: Side, criteria: Criteria) -> QuerySet[Person]:
    """The persons of one side who have not left captivity and fit the criteria. A person
    whose date of capture or birth is unknown fits no criterion on captivity length or age."""
    qs = registry_selectors.persons_for(user).filter(side=side.value)
    qs = qs.exclude(current_status__in=[s.value for s in LEFT_CAPTIVITY])
    today = timezone.localdate()
    if criteria.branches:
        qs = qs.filter(branch__in=criteria.branches)
    if criteria.unit.strip():
        qs = qs.filter(unit__icontains=criteria.unit.strip())
    if criteria.groups:
        qs = qs.filter(groups__in=criteria.groups).distinct()
    if criteria.rank_categories:
        qs = qs.filter(rank_category__in=criteria.rank_categories)
    if criteria.directions:
        qs = qs.filter(direction__in=criteria.directions)
    if criteria.health_states:
        qs = qs.filter(health_state__in=criteria.health_states)
    if criteria.category:
        qs = qs.filter(category=criteria.category)
    if criteria.direct_repatriation:
        qs = qs.exclude(direct_repatriation="")
    if criteria.min_days_in_captivity is not None:
        qs = qs.filter(capture_date__lte=today - dt.timedelta(days=criteria.min_days_in_captivity))
    if criteria.min_age is not None:
        qs = qs.filter(birth_date__lte=_years_before(today, criteria.min_age))
    if criteria.max_age is not None:
        # Younger than max_age + 1 years: born after that many years ago.
        qs = qs.filter(birth_date__gt=_years_before(today, criteria.max_age + 1))
    return qs


def documents_of(user: Actor, agreement: Agreement) -> list[AgreementDocument]:
    """The agreement's documents, without their content; need-to-know as the lists."""
    require_may_see_lists(user, agreement)
    return list(agreement.documents.defer("content").select_related("uploaded_by"))


def document_for(user: Actor, pk: int) -> AgreementDocument:
    found = get_object_or_404(AgreementDocument.objects.select_related("agreement"), pk=pk)
    require_may_see_lists(user, found.agreement)
    return found
