"""Official statements: drafted from the data in Ukrainian and English, edited, approved by
a second person, and published (at once or at an embargo time) on the public page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.apps.exchanges.models import Stage


class StatementQuerySet(models.QuerySet["Statement"]):
    def published(self) -> StatementQuerySet:
        """Approved, and past their embargo: what the public sees."""
        return self.filter(approved_at__isnull=False, publish_at__lte=timezone.now())


class Statement(models.Model):
    stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="statements",
        verbose_name=_("stage"),
    )  # fmt: skip
    # or, for a statement on a period, its first and last day
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=300)
    body_uk = models.TextField(_("text (Ukrainian)"))
    title_en = models.CharField(_("title (English)"), max_length=300)
    body_en = models.TextField(_("text (English)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("drafted by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("last edited by"),
    )  # fmt: skip
    edited_at = models.DateTimeField(_("last edited"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("approved by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    publish_at = models.DateTimeField(_("published from"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-publish_at", "-created_at", "-id"]
        permissions = [("approve_statement", _("Can approve statements for publication"))]
        constraints = [
            # Four eyes: whoever drafted or last edited the text does not approve it.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | (~Q(approved_by=F("created_by")) & ~Q(approved_by=F("edited_by"))),
                name="statement_four_eyes",
            ),
            # A period has both ends, in order, and is never asked of a stage's statement.
            models.CheckConstraint(
                condition=Q(period_start__isnull=True, period_end__isnull=True)
                | Q(stage__isnull=True, period_start__lte=F("period_end")),
                name="statement_period_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.title_uk

    @property
    def subject(self) -> str:
        """What it is about: the stage, or the period."""
        if self.stage is not None:
            return str(self.stage)
        if self.period_start is not None and self.period_end is not None:
            return f"{self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"
        return "—"

    @property
    def published(self) -> bool:
        return (
            self.approved_at is not None
            and self.publish_at is not None
            and (self.publish_at <= timezone.now())
        )

    def title(self, lang: str) -> str:
        return self.title_en if lang.startswith("en") else self.title_uk

    def body(self, lang: str) -> str:
        return self.body_en if lang.startswith("en") else self.body_uk
