"""JSON errors with a message per field, whatever layer raised them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from homeward.apps.audit.access import ReadLimitReached, limit_message
from homeward.apps.registry.errors import ConcurrentEditError
from homeward.apps.returns.services import StaleStepError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ReadLimitReached):
        response = Response(
            {"detail": limit_message(exc), "limit": exc.limit},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
        response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, StaleStepError):
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        # Service functions validate with Django's ValidationError: same shape as DRF's.
        return Response(as_serializer_error(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, OverflowError):
        # SQLite's integers end at 2**63 - 1; PostgreSQL compares larger ones and finds none.
        return Response(
            {"detail": str(_("A number in the request is too large."))},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, ObjectDoesNotExist):
        return Response({"detail": str(_("Not found."))}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, ConcurrentEditError):
        return Response(
            {"detail": str(exc), "version": [str(exc)], "current_version": exc.actual},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
