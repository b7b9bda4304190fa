"""Entries of the other side's offer that the registry does not know become persons of
ours: the other side's list is the first report that they are held (confirmed in captivity,
DOMAIN.md's status ladder), kept as a source record with its row as received.

Only for their offer: a request for a person we are said to hold but do not know is a
question for the negotiators, not a new prisoner in our custody."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from homeward.apps.audit import services as audit
from homeward.apps.common.permissions import Actor
from homeward.apps.exchanges.choices import VerdictChoice
from homeward.apps.exchanges.lists import kind_of, label_of
from homeward.apps.exchanges.models import ListVersion
from homeward.apps.exchanges.services import ExchangeError, require_officer
from homeward.apps.intake.services import person_fields
from homeward.apps.registry import services as registry
from homeward.apps.registry.models import Person, Rank, Source
from homeward.core.dates import PartialDate, Precision
from homeward.core.exchanges.lists import ListKind, Verdict
from homeward.core.status import Status


def _source(actor: Actor, version: ListVersion) -> Source:
    # Named in the registry's language whoever registers: one source per list.
    with override(settings.LANGUAGE_CODE):
        name = _("%(agreement)s: %(list)s") % {
            "agreement": version.exchange_list.agreement.title,
            "list": label_of(kind_of(version)),
        }
    found = Source.objects.filter(kind="counterpart", name=name[:200]).first()
    return found or registry.create_source(actor=actor, kind="counterpart", name=name[:200],
                                           reliability="C")  # fmt: skip


@transaction.atomic
def register_unknown(*, actor: Actor, version_id: int) -> list[Person]:
    """Every entry of their offer unknown to us, with a surname and a given name, becomes a
    person of ours confirmed in captivity by this list; the entry then stands for them."""
    user = require_officer(actor)
    version = (
        ListVersion.objects.select_for_update()
        .select_related("exchange_list__agreement")
        .get(pk=version_id)
    )
    if kind_of(version) is not ListKind.THEIR_OFFER:
        raise ExchangeError(_("Only entries of their offer are registered as our people."))
    entries = list(
        version.entries.filter(verdict=VerdictChoice.UNKNOWN, person__isnull=True).order_by("row")
    )
    named = [e for e in entries if e.written.get("surname") and e.written.get("given_name")]
    if not named:
        raise ExchangeError(_("No entry unknown to us has both a surname and a given name."))
    ranks = {r.code: r for r in Rank.objects.all()}
    persons = registry.create_persons(
        actor=user,
        rows=[person_fields("own", "civilian" if e.category == "civilian" else "military",
                            e.written, ranks) for e in named],
        note={"from_list_version": version.pk},
    )  # fmt: skip
    source = _source(user, version)
    received = (version.submitted_at or timezone.now()).date()
    for entry, person in zip(named, persons, strict=True):
        record = registry.add_source_record(
            actor=user, source=source, raw={"row": entry.row, **entry.written},
            external_id=str(entry.row or ""), person=person,
        )  # fmt: skip
        registry.add_status_event(
            actor=user, person=person, status=Status.CONFIRMED_CAPTIVE.value,
            effective=PartialDate(received, Precision.DAY), source_record=record,
        )  # fmt: skip
        entry.person, entry.verdict = person, Verdict.CONFIRMED.value
        entry.save(update_fields=["person", "verdict"])
    audit.record(
        actor=user, action="list.register_unknown", object_type="list_version",
        object_id=version.pk, object_repr=str(version),
        after={"persons": [p.pk for p in persons], "left_unnamed": len(entries) - len(named)},
    )  # fmt: skip
    return persons
