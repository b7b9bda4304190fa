"""Imports of lists and the review of what the engine could not decide alone."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.apps.common.jobs import Job
from homeward.apps.common.messages import translate_stored
from homeward.apps.registry.choices import SourceKindChoice
from homeward.apps.registry.models import NeverDeleted, Person, Source, SourceRecord


class ImportStatus(models.TextChoices):
    READY = "ready", _("Checked, waiting for confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportBatch(Job, NeverDeleted):
    """One file brought into the registry: the file itself (kept verbatim, as evidence),
    how its columns were read, and what came of each row. All or nothing: its source
    records exist only once it is DONE."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="imports", verbose_name=_("source")
    )
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file as received"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    # header → field, as given to the next reading: "" for a header the user chose not to read
    mapping = models.JSONField(_("columns read as"), default=dict)
    headers = models.JSONField(_("column names"), default=list)
    preview = models.JSONField(_("first rows as read"), default=list)  # [{row, id, cells, fields}]
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    side = models.CharField(_("side of the new persons"), max_length=8)
    category = models.CharField(_("category of the new persons"), max_length=10)
    skip_bad_rows = models.BooleanField(_("leave out rows with problems"), default=False)
    match_threshold = models.FloatField(_("match threshold"))
    review_threshold = models.FloatField(_("review threshold"))

    status = models.CharField(
        _("status"), max_length=8, choices=ImportStatus, default=ImportStatus.READY
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # [{row, column, message (English), template, values}]: see problems_shown
    problems = models.JSONField(_("problems"), default=list)
    linked = models.PositiveIntegerField(_("linked to a person"), default=0)
    review = models.PositiveIntegerField(_("sent to review"), default=0)
    new = models.PositiveIntegerField(_("new persons"), default=0)
    # Rows that made or joined a new person: two rows of one man are two rows, one person.
    new_rows = models.PositiveIntegerField(_("rows new to the registry"), default=0)
    skipped = models.PositiveIntegerField(_("rows left out"), default=0)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def bad_rows(self) -> int:
        """How many rows have a problem (a row may have several)."""
        return len({p["row"] for p in self.problems})

    def problems_shown(self, limit: int) -> list[dict[str, Any]]:
        """The first `limit` problems as {row, column, message}, the message in the
        user's language."""
        return [
            {
                "row": p["row"],
                "column": p["column"],
                "message": translate_stored(p, fallback=p["message"]),
            }
            for p in self.problems[:limit]
        ]

    @property
    def blocked(self) -> bool:
        """Whether problems stop the import: rows have them and are not to be left out."""
        return bool(self.problems) and not self.skip_bad_rows

    def summary(self) -> dict[str, int]:
        """What became of each row: rows = linked + review + new_rows + errors. The new
        persons the new rows made are beside them (rows of one person are grouped)."""
        return {
            "rows": self.rows,
            "linked": self.linked,
            "review": self.review,
            "new_rows": self.new_rows,
            "errors": self.bad_rows,
            "new_persons": self.new,
        }


class ImportedRecord(models.Model):
    """Which import brought a source record, and what the engine decided for it."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="records", verbose_name=_("import")
    )
    record = models.OneToOneField(
        SourceRecord, on_delete=models.PROTECT, related_name="imported", verbose_name=_("record")
    )
    row = models.PositiveIntegerField(_("row in the file"))
    decision = models.CharField(_("engine's decision"), max_length=8)
    probability = models.FloatField(_("probability"))
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        ordering = ["batch", "row"]

    def __str__(self) -> str:
        return f"row {self.row} of import {self.batch_id}: {self.decision}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")


class ReviewDecision(models.TextChoices):
    SAME = "same", _("Same person")
    DIFFERENT = "different", _("Different person")
    NEW = "new", _("New person")


class DuplicateSearch(Job):
    """A search of the whole registry for persons entered twice, run as a job; each pair
    it finds becomes a review task."""

    status = models.CharField(
        _("status"), max_length=8, choices=ImportStatus, default=ImportStatus.QUEUED
    )
    persons = models.PositiveIntegerField(_("persons searched"), default=0)
    pairs = models.PositiveIntegerField(_("pairs found"), default=0)
    tasks = models.PositiveIntegerField(_("new review tasks"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)

    class Meta:
        verbose_name = _("duplicate search")
        verbose_name_plural = _("duplicate searches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"duplicate search {self.pk} ({self.status})"


class ReviewTask(models.Model):
    """Something the engine could not decide alone, with the persons it might be. Either
    an incoming record (from an import) or a person of the registry (from a duplicate
    search) that may be one of the candidates. A registrar claims it, decides, and the
    decision is kept for calibration."""

    record = models.OneToOneField(
        SourceRecord,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review",
        verbose_name=_("record"),
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicate_tasks",
        verbose_name=_("possible duplicate"),
    )
    search = models.ForeignKey(
        DuplicateSearch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_tasks",
        verbose_name=_("duplicate search"),
    )
    batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_tasks",
        verbose_name=_("import"),
    )
    # [{person_id, probability, explanation, contributions: [{field, level, bits, ...}]}]
    candidates = models.JSONField(_("candidates"), default=list)
    best_probability = models.FloatField(_("best probability"), default=0.0)
    status = models.CharField(
        _("status"), max_length=8, choices=ReviewStatus, default=ReviewStatus.OPEN
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision, blank=True)
    decided_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided person"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("review task")
        verbose_name_plural = _("review tasks")
        ordering = ["-best_probability", "id"]
        indexes = [models.Index(fields=["status", "claimed_by"])]
        permissions = [("decide_reviewtask", _("Can decide review tasks"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record__isnull=False, person__isnull=True)
                | models.Q(record__isnull=True, person__isnull=False),
                name="review_task_record_or_person",
            )
        ]

    def __str__(self) -> str:
        return f"review of {self.record or self.person}"

    @property
    def is_pair(self) -> bool:
        """A person who may be a duplicate of the candidate, rather than a list's record."""
        return self.person_id is not None


class ImportThresholds(models.Model):
    """How sure the engine must be, for lists of one kind of source, to link a row by
    itself and to show a candidate to a registrar. Administrators tune them (the admin,
    audited) as the review queue shows too many or too few cases; a kind without a row
    uses services.DEFAULT_THRESHOLDS."""

    source_kind = models.CharField(
        _("kind of source"), max_length=12, choices=SourceKindChoice, unique=True
    )
    match = models.FloatField(
        _("link by itself from"),
        validators=[MinValueValidator(0.5), MaxValueValidator(1.0)],
        help_text=_("The probability from which a row is linked to a person without review."),
    )
    review = models.FloatField(
        _("ask a registrar from"),
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_(
            "The probability from which a person is shown to a registrar as a candidate; "
            "a row with no candidate this likely makes a new person."
        ),
    )

    class Meta:
        verbose_name = _("matching thresholds")
        verbose_name_plural = _("matching thresholds")
        ordering = ["source_kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review__lt=models.F("match")),
                name="import_thresholds_review_below_match",
                violation_error_message=_(
                    "The review threshold must be below the threshold for linking by itself."
                ),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_source_kind_display())
