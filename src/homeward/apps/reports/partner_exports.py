"""What Homeward gives partners, and nothing more: the Third Geneva Convention's Art. 122
minimal set on the persons we hold, for the ICRC's Central Tracing Agency. Every export is
a disclosure: who, when, which persons, to whom and why are in the audit trail."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import override

from homeward.apps.audit import services as audit
from homeward.apps.registry.exports import neutralise
from homeward.apps.registry.models import Person

MAY_EXPORT = "registry.export_person"
Actor = User | AnonymousUser | None

# Art. 122 (with Art. 17 and the capture card of Annex IV B): the minimum the national
# information bureau forwards about each prisoner it holds. Headers in English: the
# format is the partner's.
ART_122: tuple[tuple[str, Callable[[Person], str]], ...] = (
    ("Our reference", lambda p: p.case_number),
    ("Surname", lambda p: p.surname),
    ("First names", lambda p: " ".join(x for x in (p.given_name, p.patronymic) if x)),
    ("Surname (Latin)", lambda p: p.surname_latin),
    ("First names (Latin)",
     lambda p: " ".join(x for x in (p.given_name_latin, p.patronymic_latin) if x)),
    ("Rank", lambda p: p.rank.name_en if p.rank else p.get_rank_category_display()),
    ("Army, regimental, personal or serial number", lambda p: p.service_number),
    ("Date of birth", lambda p: p.birth.iso()),
    ("Place of birth", lambda p: p.birth_place),
    ("Power on which the prisoner depends", lambda p: p.citizenship),
    ("Father's first name", lambda p: p.father_name),
    ("Mother's maiden name", lambda p: p.mother_maiden_name),
    ("Person to be informed", lambda p: p.next_of_kin),
    ("Address of the person to be informed", lambda p: p.next_of_kin_contacts),
    ("Address for correspondence", lambda p: p.correspondence_address),
    ("Date of capture", lambda p: p.captured.iso()),
    ("Place of capture", lambda p: p.capture_place),
    ("Place of internment", lambda p: p.detention_place),
    ("State of health", lambda p: p.get_health_state_display()),
    ("Status", lambda p: p.get_current_status_display()),
)  # fmt: skip
FIELDS = tuple(title for title, _get in ART_122)


def held_persons() -> QuerySet[Person]:
    """The persons we hold or held (the exchange fund), each once."""
    persons: QuerySet[Person] = Person.objects.filter(side="held", merged_into__isnull=True)
    return persons.select_related("rank").order_by("case_number")


def art122_rows(persons: Sequence[Person]) -> list[list[str]]:
    """The header and a row per person; labels (rank, health, status) in English."""
    with override("en"):
        return [list(FIELDS), *([neutralise(str(get(p) or "")) for _title, get in ART_122]
                                for p in persons)]  # fmt: skip


@transaction.atomic
def record_disclosure(*, actor: Actor, kind: str, persons: Sequence[Person], recipient: str,
                      purpose: str, fmt: str) -> None:  # fmt: skip
    """Refuse an export without its recipient and purpose; record a permitted one."""
    if not (isinstance(actor, User) and actor.has_perm(MAY_EXPORT)):
        raise PermissionDenied(_("You may not export persons."))
    errors = {}
    if not recipient.strip():
        errors["recipient"] = [_("Say to whom the list goes.")]
    if not purpose.strip():
        errors["purpose"] = [_("Say why the list is given (the purpose of the disclosure).")]
    if errors:
        raise ValidationError(errors)
    audit.record(
        actor=actor, action="disclosure.export", object_type="person",
        object_repr=f"{kind}: {len(persons)} persons to {recipient.strip()}",
        after={"kind": kind, "recipient": recipient.strip(), "purpose": purpose.strip(),
               "format": fmt, "count": len(persons),
               "persons": [p.case_number for p in persons]},
    )  # fmt: skip
