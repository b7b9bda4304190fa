"""Accounts use Django's own User and Group; the roles are synchronised on `post_migrate`
(see roles.py). Here: API tokens, kept as digests only, and service accounts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import get_digest_token
from knox.settings import CONSTANTS


class TokenScope(models.TextChoices):
    READ = "read", _("read only")
    WRITE = "write", _("read and write")


class ApiTokenManager(models.Manager["ApiToken"]):
    def issue(self, *, user: Any, expiry: dt.datetime, **fields: Any) -> tuple[ApiToken, str]:
        """A new token and its secret: knox makes the secret and its digest, and only the
        digest (and the secret's first characters, to find it by) is stored."""
        digest, secret = get_digest_token()
        token = self.create(
            digest=digest,
            token_key=secret[: CONSTANTS.TOKEN_KEY_LENGTH],
            user=user,
            expiry=expiry,
            **fields,
        )
        return token, secret


class ApiToken(models.Model):
    """An API token as django-rest-knox keeps it: the SHA-512 digest of the secret, and its
    first characters to find it by; never the secret itself, which is shown once when the
    token is made (ADR 32). knox's own fields are declared here rather than inherited from
    its untyped abstract model, so that the type checker sees a model."""

    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, primary_key=True)
    token_key = models.CharField(
        max_length=CONSTANTS.MAXIMUM_TOKEN_PREFIX_LENGTH + CONSTANTS.TOKEN_KEY_LENGTH,
        db_index=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="auth_token_set",  # the name knox's authentication reads
        verbose_name=_("user"),
    )
    created = models.DateTimeField(_("made"), auto_now_add=True)
    expiry = models.DateTimeField(_("expires"), null=True, blank=True)

    name = models.CharField(_("what it is for"), max_length=100)
    scope = models.CharField(_("scope"), max_length=5, choices=TokenScope, default=TokenScope.READ)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
        help_text=_("Empty when an operator issued it on the server."),
    )
    last_used_on = models.DateField(_("last used"), null=True, blank=True)

    objects = ApiTokenManager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        default_permissions = ("view",)
        permissions = [("revoke_any_token", _("May revoke anyone's API token"))]

    def __str__(self) -> str:
        return f"{self.label} ({self.name}) of {self.user}"

    @property
    def label(self) -> str:
        """How lists name the token: its first characters, which are no secret alone."""
        return f"{self.token_key[:8]}…"


class ServiceAccount(models.Model):
    """A user that is a program, not a person (a partner's export script): it never signs in
    to the pages (it has no usable password) and holds API tokens without a second factor,
    issued by an operator on the server."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="service_account",
        verbose_name=_("user"),
    )
    purpose = models.CharField(_("what it is for"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("service account")
        verbose_name_plural = _("service accounts")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.user} ({self.purpose})"


class RecoveryCode(models.Model):
    """A single-use code that stands in for the authenticator when it is lost. Kept as the
    SHA-256 digest of a random 80-bit code, never the code itself, which is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recovery_codes",
        verbose_name=_("user"),
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        default_permissions = ()

    def __str__(self) -> str:
        return f"recovery code of {self.user} ({'used' if self.used_at else 'unused'})"


class RequestKind(models.TextChoices):
    GRANT_ROLE = "grant_role", _("give a role")
    SUPERUSER = "superuser", _("make a superuser")
    PASSWORD = "password", _("set a password")
    SECOND_FACTOR = "second_factor", _("reset a lost authenticator")


class RequestState(models.TextChoices):
    PENDING = "pending", _("awaiting a second administrator")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class AccessRequest(models.Model):
    """A change of someone's privileges that one administrator asks for and a second one
    approves (ADR 34), as payment batches are: the medical and payments roles, superuser
    status, another user's password, a lost authenticator's reset."""

    kind = models.CharField(_("what"), max_length=16, choices=RequestKind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_requests",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=40, blank=True)
    # The new password's hash until the request is decided, never the password itself.
    password_hash = models.CharField(max_length=256, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=8, choices=RequestState, default=RequestState.PENDING
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

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        default_permissions = ("view",)
        permissions = [("decide_accessrequest", _("May approve another administrator's request"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | ~models.Q(decided_by=models.F("requested_by")),
                name="access_request_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        what = f"{self.get_kind_display()} {self.role}".strip()
        return f"{what} for {self.user} ({self.get_state_display()})"
