"""Every write of the statements: a draft from a stage's or a period's data, edits, the
approval by a second person with the publication time. One transaction each, with its
audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.apps.audit import services as audit
from homeward.apps.common.permissions import Actor, Perm, require
from homeward.apps.exchanges.models import Stage
from homeward.apps.reports.models import Statement
from homeward.apps.reports.statements import period_statement_for, statement_for
from homeward.core.statements.composition import Statement as StatementText
from homeward.core.statements.language import Lang

MAY_WRITE = Perm.WRITE_STATEMENT
MAY_EDIT = Perm.EDIT_STATEMENT
MAY_APPROVE = Perm.APPROVE_STATEMENT


class StatementError(ValidationError):
    """The change cannot be made; the message says why and what to do."""


def _require(actor: Actor, perm: str) -> User:
    return require(actor, perm, refusal=_("Only communications officers write statements."))


def _draft(user: User, uk: StatementText, en: StatementText, **subject: Any) -> Statement:
    statement = Statement.objects.create(
        title_uk=uk.title, body_uk="\n\n".join(uk.paragraphs), title_en=en.title,
        body_en="\n\n".join(en.paragraphs), created_by=user, edited_by=user,
        edited_at=timezone.now(), **subject,
    )  # fmt: skip
    recorded = {k: v.pk if hasattr(v, "pk") else v.isoformat() for k, v in subject.items()}
    audit.record(actor=user, action="statement.draft", object_type="statement",
                 object_id=statement.pk, object_repr=str(statement),
                 after={**recorded, "title_en": statement.title_en})  # fmt: skip
    return statement


@transaction.atomic
def draft_from_stage(*, actor: Actor, stage_id: int) -> Statement:
    """A draft of the statement on a stage, in both languages, written from the data."""
    user = _require(actor, MAY_WRITE)
    stage = Stage.objects.select_related("agreement").get(pk=stage_id)
    return _draft(user, statement_for(stage, Lang.UK), statement_for(stage, Lang.EN),
                  stage=stage)  # fmt: skip


@transaction.atomic
def draft_from_period(*, actor: Actor, start: dt.date, end: dt.date) -> Statement:
    """A draft of the statement on everyone who came home from `start` to `end`."""
    user = _require(actor, MAY_WRITE)
    if end < start:
        raise StatementError({"period_end": [_("The period ends before it starts.")]})
    if end > timezone.localdate():
        raise StatementError({"period_end": [_("The period cannot end in the future.")]})
    return _draft(user, period_statement_for(start, end, Lang.UK),
                  period_statement_for(start, end, Lang.EN), period_start=start,
                  period_end=end)  # fmt: skip


TEXT_FIELDS = ("title_uk", "body_uk", "title_en", "body_en")


@transaction.atomic
def edit(*, actor: Actor, statement_id: int, version: int, **texts: str) -> Statement:
    """Change the draft's text; refused once approved, or when someone saved meanwhile."""
    user = _require(actor, MAY_EDIT)
    statement = Statement.objects.select_for_update().get(pk=statement_id)
    if statement.approved_at is not None:
        raise StatementError(_("The statement is approved: it no longer changes."))
    if version != statement.version:
        raise StatementError(_("Someone saved this statement while you were editing it: "
                               "reload it and edit again."))  # fmt: skip
    clean = {k: v.strip() for k, v in texts.items() if k in TEXT_FIELDS}
    empty = [k for k, v in clean.items() if not v]
    if empty:
        raise StatementError({k: [_("This cannot be empty.")] for k in empty})
    before = {k: getattr(statement, k) for k in clean}
    for key, value in clean.items():
        setattr(statement, key, value)
    statement.edited_by, statement.edited_at = user, timezone.now()
    statement.version += 1
    statement.save()
    before, after = audit.changed_fields(before, clean)
    audit.record(actor=user, action="statement.edit", object_type="statement",
                 object_id=statement.pk, object_repr=str(statement), before=before,
                 after=after)  # fmt: skip
    return statement


@transaction.atomic
def approve(*, actor: Actor, statement_id: int, publish_at: dt.datetime | None = None,
            version: int | None = None) -> Statement:  # fmt: skip
    """A second person approves the text as it stands; it is published at `publish_at`
    (an embargo), or at once."""
    user = _require(actor, MAY_APPROVE)
    statement = Statement.objects.select_for_update().get(pk=statement_id)
    if statement.approved_at is not None:
        raise StatementError(_("The statement is already approved."))
    if version is not None and version != statement.version:
        raise StatementError(_("The text changed since you read it: read it again before "
                               "approving."))  # fmt: skip
    if user.pk in (statement.created_by_id, statement.edited_by_id):
        raise StatementError(_("You drafted or last edited this statement: a second person "
                               "approves it."))  # fmt: skip
    now = timezone.now()
    statement.approved_by, statement.approved_at = user, now
    statement.publish_at = max(publish_at, now) if publish_at else now
    statement.save(update_fields=["approved_by", "approved_at", "publish_at"])
    audit.record(
        actor=user, action="statement.approve", object_type="statement",
        object_id=statement.pk, object_repr=str(statement),
        after={"publish_at": statement.publish_at, "version": statement.version},
    )  # fmt: skip
    return statement
