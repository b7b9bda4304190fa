"""The four lists of an exchange agreement and what the other side's lists are checked for.

Each agreement has four lists: the persons of ours we ask for (our request) and those the
other side offers to hand over (their offer), the persons we hold that they ask for (their
request) and those we offer (our offer). The other side's two lists come as files; every
entry is matched against the registry and checked (`check_entry`) for what would make the
exchange go wrong: a man who is already home or dead, one we do not know, one written twice,
a date of birth or unit that does not fit, or, for persons we hold, a legal hold (Art. 119)
or a refusal to be repatriated (Art. 109).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from homeward.core.status import Side, Status


class ListKind(enum.StrEnum):
    OUR_REQUEST = "our_request"  # ours, asked for by us
    THEIR_OFFER = "their_offer"  # ours, offered by them
    THEIR_REQUEST = "their_request"  # theirs (held by us), asked for by them
    OUR_OFFER = "our_offer"  # theirs, offered by us

    @property
    def side(self) -> Side:
        """Whose persons the list names."""
        return Side.OWN if self in (ListKind.OUR_REQUEST, ListKind.THEIR_OFFER) else Side.HELD

    @property
    def from_other_side(self) -> bool:
        """The other side writes it: it arrives as a file and is verified, not edited."""
        return self in (ListKind.THEIR_OFFER, ListKind.THEIR_REQUEST)


class VersionState(enum.StrEnum):
    DRAFT = "draft"  # being built; only ours
    SUBMITTED = "submitted"  # sent to the other side, or received from it
    AGREED = "agreed"  # both sides accept this version


class Verdict(enum.StrEnum):
    """How sure the registry is of who an entry of the other side's list is."""

    CONFIRMED = "confirmed"  # one person of the registry, linked automatically
    POSSIBLE = "possible"  # a candidate, not sure enough: an officer decides
    UNKNOWN = "unknown"  # nobody in the registry fits


class Flag(enum.StrEnum):
    """Something about an entry an officer must look at before the list is agreed."""

    RETURNED = "returned"  # ours, already home (returned, released or found)
    DECEASED = "deceased"
    HANDED_OVER = "handed_over"  # theirs, already exchanged or released
    DUPLICATE = "duplicate"  # the same person as another entry of the list
    BIRTH_MISMATCH = "birth_mismatch"
    UNIT_MISMATCH = "unit_mismatch"
    LEGAL_HOLD = "legal_hold"  # theirs, held back under criminal proceedings (Art. 119)
    NO_CONSENT = "no_consent"  # theirs, refuses to be repatriated (Art. 109)


class DirectRepatriation(enum.StrEnum):
    """The categories of seriously wounded and sick prisoners repatriated directly (Third
    Geneva Convention Art. 110 (1), detailed in Annex I), as a Mixed Medical Commission
    finds them; they go first in every exchange."""

    NONE = ""
    INCURABLE = "incurable"  # incurably wounded and sick, fitness gravely diminished
    NOT_WITHIN_A_YEAR = "not_within_a_year"  # not likely to recover within one year
    PERMANENTLY_DIMINISHED = "permanently_diminished"  # recovered, fitness permanently diminished


class Consent(enum.StrEnum):
    """A held person's consent to being exchanged; nobody is repatriated against their
    will (Art. 109)."""

    UNKNOWN = "unknown"
    CONSENTS = "consents"
    REFUSES = "refuses"


# The engine's comparison levels (core.linkage) that mean the two records disagree.
_BIRTH_DISAGREES = frozenset({"different", "one_year_apart", "same_year_other_day", "swapped"})
_UNIT_DISAGREES = frozenset({"different"})

_HOME = frozenset({Status.RETURNED, Status.RELEASED, Status.FOUND})
# A person with one of these statuses has left captivity (or never was in it): no list or
# stage may name them. A person with no status report yet may be listed.
LEFT_CAPTIVITY = frozenset(
    {Status.RETURNED, Status.RELEASED, Status.FOUND, Status.DECEASED, Status.EXCHANGED}
)
_GONE_FROM_CUSTODY = frozenset({Status.EXCHANGED, Status.RELEASED})


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the checks need of the registry's person an entry was matched to."""

    side: Side
    status: Status | None
    legal_hold: bool = False
    consent: Consent = Consent.UNKNOWN


def verdict_of(decision: str) -> Verdict:
    """The engine's decision (match, review, new) as a verdict."""
    return {"match": Verdict.CONFIRMED, "review": Verdict.POSSIBLE}.get(decision, Verdict.UNKNOWN)


def check_entry(
    person: PersonFacts | None,
    levels: Iterable[tuple[str, str]],
    *,
    duplicate: bool = False,
) -> list[Flag]:
    """The flags of one entry: `person` is whom it was matched to (None when nobody),
    `levels` the engine's (field, level) comparisons of the pair, `duplicate` whether
    another entry of the list stands for the same person. Flags come in a fixed order."""
    flags: set[Flag] = set()
    if duplicate:
        flags.add(Flag.DUPLICATE)
    for field, level in levels:
        if field == "date_of_birth" and level in _BIRTH_DISAGREES:
            flags.add(Flag.BIRTH_MISMATCH)
        elif field == "unit" and level in _UNIT_DISAGREES:
            flags.add(Flag.UNIT_MISMATCH)
    if person is not None:
        if person.status is Status.DECEASED:
            flags.add(Flag.DECEASED)
        elif person.side is Side.OWN and person.status in _HOME:
            flags.add(Flag.RETURNED)
        elif person.side is Side.HELD and person.status in _GONE_FROM_CUSTODY:
            flags.add(Flag.HANDED_OVER)
        if person.side is Side.HELD:
            if person.legal_hold:
                flags.add(Flag.LEGAL_HOLD)
            if person.consent is Consent.REFUSES:
                flags.add(Flag.NO_CONSENT)
    return [f for f in Flag if f in flags]
