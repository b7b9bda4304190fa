from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core.audit_chain import GENESIS_HASH


class AuditEntry(models.Model):
    """One write, as it happened. Entries are only ever appended; each is hash-chained to the
    one before it, so an edit or a deletion made behind the application's back is detected
    by `homeward verify-audit`."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_username = models.CharField(_("actor's user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=20)
    request_id = models.CharField(_("request or job id"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The audit key the hash is an HMAC under (ADR 38); "" for entries from before keys.
    key_id = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        ordering = ["-seq"]
        # A person's history asks for one object's entries, newest first.
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def chain_payload(self) -> dict[str, object]:
        """Exactly the fields the hash covers (everything but the hashes themselves)."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "origin": self.origin,
            "request_id": self.request_id,
            # Covered, so that an entry cannot be passed off as one from before keys; absent
            # from those, whose hashes were computed without it.
            **({"key_id": self.key_id} if self.key_id else {}),
        }


class AuditHead(models.Model):
    """The single row that records the chain's last entry. Locking it serialises appends
    (so the chain never forks) and lets verification notice entries cut from the end."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"audit head at {self.last_seq}"


class AppendOnly(models.Model):
    """A row that is written once and never changed or removed by the application."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{type(self).__name__} rows are never removed")


class AccessEvent(AppendOnly):
    """One disclosure of persons' data: a page or an API response that showed them. Kept
    apart from the hash chain (ADR 30): every page a reader opens writes one, so the chain's
    single head would serialise all reading behind all writing."""

    at = models.DateTimeField(_("time"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150)
    route = models.CharField(_("page or endpoint"), max_length=100)
    path = models.CharField(_("address asked for"), max_length=500)
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=20)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    persons = models.PositiveIntegerField(_("persons"))
    refused = models.BooleanField(
        _("refused"),
        default=False,
        help_text=_("The reader had reached their hourly limit: nothing was shown."),
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"])]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.username} {self.route} ({self.persons}) at {self.at:%Y-%m-%d %H:%M}"


class AccessedPerson(AppendOnly):
    """One person shown by an access. The user and time are repeated from the event so
    that "who read this person" and "how many persons did this user read this hour" are
    each one index range."""

    event = models.ForeignKey(AccessEvent, on_delete=models.PROTECT, related_name="rows")
    # Not a foreign key: the log names whoever was read, whatever later becomes of them.
    person_id = models.BigIntegerField(_("person"))
    user_id = models.BigIntegerField(_("user"))
    at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person_id", "at"]),
            # "has this user read this person this hour": a lookup per person.
            models.Index(fields=["user_id", "person_id", "at"]),
        ]
        default_permissions = ()

    def __str__(self) -> str:
        return f"person {self.person_id} read by user {self.user_id} at {self.at}"


class ReadQuota(models.Model):
    """How many different persons a user has been shown in one clock hour: counted up as
    they read, so that checking the limit is one conditional update, not a count over
    everything they read that hour."""

    user_id = models.BigIntegerField()
    hour = models.DateTimeField()
    persons = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_id", "hour"], name="one_quota_an_hour")
        ]
        default_permissions = ()

    def __str__(self) -> str:
        return f"user {self.user_id}: {self.persons} persons in the hour from {self.hour}"
