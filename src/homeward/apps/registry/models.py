from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from homeward.apps.common.encrypted import EncryptedTextField
from homeward.apps.common.jobs import Job
from homeward.apps.registry.choices import (
    CategoryChoice,
    ConsentChoice,
    DirectRepatriationChoice,
    ExportFormat,
    ExportStatus,
    HealthChoice,
    PrecisionChoice,
    RankCategoryChoice,
    ReliabilityChoice,
    SexChoice,
    SideChoice,
    SourceKindChoice,
    StatusChoice,
)
from homeward.core.dates import PartialDate, Precision


class NeverDeletedQuerySet(models.QuerySet["Any"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(f"{self.model.__name__} records are never deleted.")


class NeverDeleted(models.Model):
    """Feature mixin: rows that are evidence are kept forever."""

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(f"{type(self).__name__} records are never deleted.")


class VocabularyItem(models.Model):
    """Feature mixin: a term with a Ukrainian and an English name, shown in the user's
    language; retired instead of deleted so old records keep their meaning."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "uk").startswith("en") else self.name_uk


class Branch(VocabularyItem):
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )

    class Meta(VocabularyItem.Meta):
        verbose_name = _("service branch")
        verbose_name_plural = _("service branches")


class Rank(VocabularyItem):
    names_ru = models.JSONField(_("Russian names"), default=list, blank=True)
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    nato_code = models.CharField(_("NATO code"), max_length=8, blank=True)
    category = models.CharField(_("rank category"), max_length=20, choices=RankCategoryChoice)

    class Meta(VocabularyItem.Meta):
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")


class Direction(VocabularyItem):
    class Meta(VocabularyItem.Meta):
        verbose_name = _("direction")
        verbose_name_plural = _("directions")


class PersonGroup(VocabularyItem):
    description = models.TextField(_("description"), blank=True)

    class Meta(VocabularyItem.Meta):
        verbose_name = _("group")
        verbose_name_plural = _("groups")


class CaseCounter(models.Model):
    """The last case number handed out each year; locked while a number is taken."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class PersonQuerySet(models.QuerySet["Person"]):
    def locked(self) -> PersonQuerySet:
        """The persons locked for an edit, FOR NO KEY UPDATE: a person's key never
        changes, and a plain FOR UPDATE blocks the foreign-key checks of an import that
        points records at the person; the two deadlocked on PostgreSQL (ADR 42)."""
        return self.select_for_update(no_key=True)


class Person(models.Model):
    """A person the headquarters is looking for or holds. Written only through
    `homeward.apps.registry.services`; read through `selectors`."""

    case_number = models.CharField(_("case number"), max_length=24, unique=True, editable=False)
    side = models.CharField(_("side"), max_length=8, choices=SideChoice)
    category = models.CharField(_("category"), max_length=10, choices=CategoryChoice)

    surname = models.CharField(_("surname"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    # KMU 2010 writes щ with four letters: the Latin forms may be four times as long.
    surname_latin = models.CharField(_("surname (Latin)"), max_length=400, editable=False)
    given_name_latin = models.CharField(_("given name (Latin)"), max_length=400, editable=False)
    patronymic_latin = models.CharField(
        _("patronymic (Latin)"), max_length=400, blank=True, editable=False
    )
    other_spellings = models.JSONField(_("other known spellings"), default=list, blank=True)
    # Script-independent keys of every spelling, maintained by the services for search.
    search_text = models.TextField(editable=False, default="")

    sex = models.CharField(_("sex"), max_length=8, choices=SexChoice, default=SexChoice.UNKNOWN)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=8,
        choices=PrecisionChoice,
        default=PrecisionChoice.UNKNOWN,
    )
    birth_place = models.CharField(_("place of birth"), max_length=200, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=100, blank=True)
    father_name = models.CharField(_("father's first name"), max_length=100, blank=True)
    mother_maiden_name = models.CharField(_("mother's maiden name"), max_length=100, blank=True)

    branch = models.ForeignKey(
        Branch, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("service branch")
    )
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    rank = models.ForeignKey(
        Rank, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("rank")
    )
    rank_category = models.CharField(
        _("rank category"), max_length=10, choices=RankCategoryChoice, db_index=True
    )
    service_number = models.CharField(_("service number"), max_length=50, blank=True, db_index=True)

    next_of_kin = models.CharField(_("person to be informed"), max_length=200, blank=True)
    next_of_kin_contacts = models.TextField(_("their address and contacts"), blank=True)
    correspondence_address = models.TextField(_("address for correspondence"), blank=True)

    capture_date = models.DateField(_("date of capture or disappearance"), null=True, blank=True)
    capture_date_precision = models.CharField(
        _("precision of the date of capture"),
        max_length=8,
        choices=PrecisionChoice,
        default=PrecisionChoice.UNKNOWN,
    )
    capture_place = models.CharField(
        _("place of capture or disappearance"), max_length=200, blank=True
    )
    direction = models.ForeignKey(
        Direction, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("direction")
    )
    groups = models.ManyToManyField(PersonGroup, blank=True, verbose_name=_("groups"))
    health_state = models.CharField(
        _("state of health"), max_length=20, choices=HealthChoice, default=HealthChoice.UNKNOWN
    )
    medical_notes = EncryptedTextField(_("medical notes"), blank=True)
    # For exchanges: the seriously wounded and sick go first (Art. 109-110, Annex I).
    direct_repatriation = models.CharField(
        _("direct repatriation (Art. 110, Annex I)"), max_length=24,
        choices=DirectRepatriationChoice, blank=True, default="",
    )  # fmt: skip
    detention_place = models.CharField(
        _("last known place of detention"), max_length=200, blank=True
    )
    # Only for persons we hold: what may keep them out of an exchange.
    legal_hold = models.BooleanField(
        _("held under criminal proceedings or sentence (Art. 119)"), default=False
    )
    exchange_consent = models.CharField(
        _("consent to the exchange (Art. 109)"), max_length=10, choices=ConsentChoice,
        default=ConsentChoice.UNKNOWN,
    )  # fmt: skip

    current_status = models.CharField(
        _("current status"), max_length=20, choices=StatusChoice, blank=True, db_index=True
    )
    status_conflict = models.BooleanField(_("conflicting reports"), default=False)

    # Set when this record turned out to be a duplicate and was merged into another person
    # (see PersonMerge); it stays, so that the merge can be undone exactly.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_persons",
        verbose_name=_("merged into"),
        editable=False,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["surname", "given_name", "patronymic", "id"]
        permissions = [
            ("view_medical", _("Can see medical details")),
            ("export_person", _("Can export lists of persons")),
            ("confirm_status", _("Can confirm reports of death")),
            ("view_statistics", _("Can see aggregate counts")),
            ("merge_person", _("Can merge duplicate persons and split them again")),
        ]
        indexes = [
            models.Index(fields=["side", "current_status"]),
            # The list's explicit sort orders. Not the default name order: with that index
            # SQLite walks the whole table in name order to find a rare name (measured in
            # bench/README.md), so searching, the common case, got twice as slow.
            models.Index(fields=["updated_at", "id"]),
            models.Index(fields=["birth_date", "id"]),
            models.Index(fields=["capture_date", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.full_name}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname.upper(), self.given_name, self.patronymic) if p)

    @property
    def full_name_latin(self) -> str:
        parts = (self.surname_latin.upper(), self.given_name_latin, self.patronymic_latin)
        return " ".join(p for p in parts if p)

    @property
    def birth(self) -> PartialDate:
        if self.birth_date is None:
            return PartialDate.unknown()
        return PartialDate(self.birth_date, Precision(self.birth_date_precision))

    @property
    def captured(self) -> PartialDate:
        if self.capture_date is None:
            return PartialDate.unknown()
        return PartialDate(self.capture_date, Precision(self.capture_date_precision))


# The fields staff edit directly, in the order forms show them. Dates of birth and capture
# are edited as partial dates (value + precision) by the form and serializer themselves.
PERSON_EDITABLE_FIELDS = (
    "side", "category", "surname", "given_name", "patronymic", "sex", "birth_place",
    "citizenship", "father_name", "mother_maiden_name", "branch", "unit", "rank",
    "rank_category", "service_number", "next_of_kin", "next_of_kin_contacts",
    "correspondence_address", "capture_place", "direction", "groups", "health_state",
    "detention_place", "direct_repatriation", "legal_hold", "exchange_consent", "medical_notes",
)  # fmt: skip


class Source(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=SourceKindChoice)
    name = models.CharField(_("name"), max_length=200)
    reliability = models.CharField(
        _("reliability"), max_length=1, choices=ReliabilityChoice, default=ReliabilityChoice.F
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="source_unique_name")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class SourceRecord(NeverDeleted):
    """One piece of incoming information exactly as it came (a list row, a form, a letter),
    with the fields read from it and the person it was linked to."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="records", verbose_name=_("source")
    )
    external_id = models.CharField(_("id in the source"), max_length=100, blank=True)
    raw = models.JSONField(_("as received"))
    parsed = models.JSONField(_("fields read"), default=dict, blank=True)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="source_records",
        verbose_name=_("person"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("source record")
        verbose_name_plural = _("source records")
        ordering = ["-entered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} #{self.external_id or self.pk}"


class StatusEvent(NeverDeleted):
    """One report of a person's status, with its evidence. Never edited; a report of death
    is only confirmed (by a second person) or left unconfirmed."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="status_events", verbose_name=_("person")
    )
    status = models.CharField(_("status"), max_length=20, choices=StatusChoice)
    effective_date = models.DateField(_("effective date"))
    effective_precision = models.CharField(
        _("precision"), max_length=8, choices=PrecisionChoice, default=PrecisionChoice.DAY
    )
    reliability = models.CharField(_("reliability"), max_length=1, choices=ReliabilityChoice)
    source_record = models.ForeignKey(
        SourceRecord,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="status_events",
        verbose_name=_("source record"),
    )
    document = models.CharField(_("document"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("status event")
        verbose_name_plural = _("status events")
        ordering = ["-effective_date", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.effective_date}"

    @property
    def effective(self) -> PartialDate:
        return PartialDate(self.effective_date, Precision(self.effective_precision))


class PersonMerge(NeverDeleted):
    """Two records found to be one person: everything `absorbed` had moved to `survivor`.
    Exactly what moved is kept, so that a split puts it back and nothing else."""

    survivor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="merges_in", verbose_name=_("survivor")
    )
    absorbed = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="merges_out", verbose_name=_("absorbed")
    )
    source_record_ids = models.JSONField(_("source records moved"), default=list)
    status_event_ids = models.JSONField(_("status reports moved"), default=list)
    reason = models.TextField(_("reason"), blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("merged by"),
    )
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    split_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("split by"),
    )
    split_at = models.DateTimeField(_("split"), null=True, blank=True)
    split_reason = models.TextField(_("reason for the split"), blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.absorbed} → {self.survivor}"

    @property
    def active(self) -> bool:
        return self.split_at is None


class PersonExport(Job):
    """A file of the persons a user filtered, written by the worker: the whole registry
    takes longer than a web request may last. Only the user who asked may download it, and
    its content is erased once it expires (HOMEWARD_EXPORT_KEEP_HOURS)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    file_format = models.CharField(_("format"), max_length=4, choices=ExportFormat)
    filters = models.JSONField(_("filters"), default=dict)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=8, choices=ExportStatus, default=ExportStatus.QUEUED
    )
    rows = models.PositiveIntegerField(_("persons"), default=0)
    size = models.PositiveIntegerField(_("size"), default=0)
    content = models.BinaryField(_("file"), default=b"", editable=False)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("export of persons")
        verbose_name_plural = _("exports of persons")
        ordering = ["-requested_at", "-id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"export {self.pk} ({self.file_format}, {self.status})"

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def file_name(self) -> str:
        return f"homeward-persons-{self.pk}.{self.file_format}"
