"""What each audit action means, in words staff read on the history and audit pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "person.create": _("Person created"),
    "person.update": _("Person edited"),
    "person.export": _("List exported"),
    "status.add": _("Status report added"),
    "status.confirm": _("Report of death confirmed"),
    "source.create": _("Source added"),
    "source_record.add": _("Source record added"),
    "person.merge": _("Duplicate merged into this person"),
    "person.merged_into": _("Merged into another person"),
    "person.split": _("Merge undone: the other person restored"),
    "person.split_from": _("Merge undone: a person of their own again"),
    "import.stage": _("List uploaded and checked"),
    "import.queue": _("List import confirmed"),
    "import.run": _("List imported"),
    "review.decide": _("Review decision"),
    "duplicates.start": _("Search for duplicates started"),
    "duplicates.run": _("Search for duplicates done"),
    "importthresholds.create": _("Matching thresholds set for a kind of source"),
    "importthresholds.update": _("Matching thresholds changed"),
    "user.create": _("User created"),
    "user.reset": _("User's password and roles reset"),
    "user.access": _("User's roles or permissions changed"),
    "user.password_set": _("User's password set"),
    "token.issue": _("API token issued"),
    "2fa.enable": _("Two-factor sign-in turned on"),
    "2fa.disable": _("Two-factor sign-in turned off"),
}

ORIGIN_LABELS = {
    "web": _("web"),
    "api": _("API"),
    "admin": _("administration"),
    "command": _("command"),
    "job": _("background job"),
    "system": _("system"),
}
