"""REST API for imports of lists: upload (the list is checked, nothing is imported yet),
read its columns again, confirm (the import runs on the background worker), follow it.

The same service functions as the import pages and `homeward import-list`
(intake.services), so every write is checked and audited there; the same permission as
the pages (`registry.add_sourcerecord`: registrars, exchange officers, family liaisons,
administrators)."""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.apps.api.permissions import requires
from homeward.apps.common.permissions import Perm
from homeward.apps.common.request_size import upload_limit
from homeward.apps.intake import services
from homeward.apps.intake.models import ImportBatch, ImportStatus
from homeward.apps.intake.views import STAGE_LABELS
from homeward.apps.registry.choices import CategoryChoice, SideChoice, SourceKindChoice
from homeward.core.tabular import FIELDS, IGNORE, header_key

MAY_IMPORT = Perm.ADD_SOURCE_RECORD
# Problems listed on a batch; `problems_total` says how many there are in all.
PROBLEMS_SHOWN = 1000
# What the file's own encoding is called when it has none (a spreadsheet).
_SPREADSHEETS = {"xlsx", "ods"}


def batches_for(user: Any) -> QuerySet[ImportBatch]:
    """The imports an importer sees: all of them, as on the import pages, without the
    files themselves."""
    batches: QuerySet[ImportBatch] = ImportBatch.objects.select_related("source", "created_by")
    return batches.defer("content")


def _inline_enum(field: type[serializers.Field], values: list[str], about: str) -> Any:  # type: ignore[type-arg]
    """`field` whose schema lists its values, without the identity of a choice set: the
    schema's enum naming would otherwise warn of the sources' kinds under two names."""
    return extend_schema_field({"type": "string", "enum": values, "description": about})(
        type(f"Inline{field.__name__}", (field,), {})
    )


SourceKindField = _inline_enum(
    serializers.ChoiceField, SourceKindChoice.values, "The kind of source (as `/api/sources/`)."
)
ImportStatusField = _inline_enum(
    serializers.CharField,
    ImportStatus.values,
    "ready: checked, waiting for confirmation; queued; running; done: imported; failed.",
)


# Reading a mapping


def _fields_text() -> str:
    return ", ".join(FIELDS)


def _field(header: str, value: Any) -> str:
    """A mapping's field: one of FIELDS, or "" (or null) for a column not to be read."""
    if value is None:
        return IGNORE
    if not isinstance(value, str) or value.strip() not in (*FIELDS, IGNORE):
        raise serializers.ValidationError(
            _(
                "“%(header)s”: “%(field)s” is not a field. Fields: %(fields)s; "
                "or an empty field not to read the column."
            )
            % {"header": header, "field": value, "fields": _fields_text()}
        )
    return value.strip()


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "enum": [*FIELDS, IGNORE]},
        "example": {"ФИО": "full_name", "Звание": ""},
        "description": 'How columns are read: column name → field ("" not to read it). In a '
        "multipart form, the same object as JSON text.",
    }
)
class MappingField(serializers.Field):  # type: ignore[type-arg]
    """header → field, as a JSON object or (in a multipart form) its text."""

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if isinstance(data, str):
            try:
                data = json.loads(data) if data.strip() else {}
            except ValueError:
                data = None
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                _('Give the mapping as a JSON object of column → field, e.g. {"ФИО": "full_name"}.')
            )
        return {str(header): _field(str(header), value) for header, value in data.items()}

    def to_representation(self, value: Any) -> Any:
        return value


def _parse_map(items: list[str]) -> dict[str, str]:
    """`map=HEADER=FIELD` items, as `homeward import-list --map` takes them."""
    mapping = {}
    for item in items:
        header, sep, field = item.partition("=")
        if not sep or not header.strip():
            raise serializers.ValidationError(
                _("“%(item)s”: write it as HEADER=FIELD, e.g. ПІБ=full_name.") % {"item": item}
            )
        mapping[header.strip()] = _field(header.strip(), field)
    return mapping


def _one_column_per_field(mapping: Mapping[str, str]) -> None:
    seen: dict[str, str] = {}
    for header, field in mapping.items():
        if field == IGNORE:
            continue
        if field in seen:
            raise serializers.ValidationError(
                _("“%(first)s” and “%(second)s” are both read as %(field)s; choose one of the two.")
                % {"first": seen[field], "second": header, "field": field}
            )
        seen[field] = header


def _canonical_encoding(name: str) -> str | None:
    try:
        found = codecs.lookup(name.strip()).name
    except LookupError:
        return None
    # Detection reports the byte-order mark's variants; they are the same encodings.
    return {"utf-8-sig": "utf-8", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(found, found)


class ReadingSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """How the list is to be read."""

    mapping = MappingField(required=False)
    map = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="HEADER=FIELD, repeatable, as `homeward import-list --map` takes it; "
        "HEADER= not to read the column.",
    )
    skip_bad_rows = serializers.BooleanField(
        required=False,
        help_text="Leave out the rows with problems and import the others.",
    )
    encoding = serializers.CharField(
        required=False,
        help_text="The encoding you expect (utf-8, cp1251, utf-16). Homeward finds it from "
        "the file itself; when it finds another one, the request is refused and nothing "
        "is kept. Not used for XLSX and ODS.",
    )

    def validate_map(self, value: list[str]) -> dict[str, str]:
        return _parse_map(value)

    def validate_encoding(self, value: str) -> str:
        canonical = _canonical_encoding(value)
        if canonical is None:
            raise serializers.ValidationError(
                _("“%(encoding)s” is not an encoding; e.g. utf-8, cp1251 or utf-16.")
                % {"encoding": value}
            )
        return canonical

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "mapping" in attrs or "map" in attrs:
            mapping = {**attrs.pop("mapping", {}), **attrs.pop("map", {})}
            try:
                _one_column_per_field(mapping)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"mapping": exc.detail}) from exc
            attrs["mapping"] = mapping
        return attrs


class UploadSerializer(ReadingSerializer):
    """A list to import, and where it comes from."""

    file = serializers.FileField(
        allow_empty_file=True,  # the service says which file is empty and what to do
        help_text="CSV (UTF-8, Windows-1251 or UTF-16; comma, semicolon or tab), XLSX or ODS.",
    )
    source_kind = SourceKindField(choices=SourceKindChoice.choices)
    source_name = serializers.CharField(
        max_length=200, help_text="Who sent the list, e.g. “ICRC Central Tracing Agency”."
    )
    side = serializers.ChoiceField(choices=SideChoice.choices, default=SideChoice.OWN)
    category = serializers.ChoiceField(
        choices=CategoryChoice.choices, default=CategoryChoice.MILITARY
    )
    skip_bad_rows = serializers.BooleanField(
        default=False, help_text="Leave out the rows with problems and import the others."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = _(
            "Attach the list as “file”: CSV, XLSX or ODS."
        )

    def validate_file(self, upload: Any) -> Any:
        # Checked before the file is read into memory; the service checks it again.
        if upload.size > upload_limit():
            raise serializers.ValidationError(
                _(
                    "%(file)s: the file is larger than %(mb)d MB. "
                    "Split the list and import the parts."
                )
                % {"file": upload.name, "mb": settings.HOMEWARD_MAX_UPLOAD_MB}
            )
        return upload


# Showing a batch


class ImportSourceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()


class ColumnSerializer(serializers.Serializer):  # type: ignore[type-arg]
    header = serializers.CharField()
    field = serializers.CharField(help_text='The field it is read as; "" when it is not read.')


class ProblemSerializer(serializers.Serializer):  # type: ignore[type-arg]
    row = serializers.IntegerField(help_text="Line in the file, the header being row 1.")
    column = serializers.CharField()
    reason = serializers.CharField()


# Built from dicts: their fields' names ("fields", "errors") are serializer attributes.
PreviewRowsSerializer = inline_serializer(
    name="ImportPreviewRow",
    many=True,
    fields={
        "row": serializers.IntegerField(),
        "id": serializers.CharField(help_text="The row's id in the list (or “row N”)."),
        "cells": serializers.DictField(child=serializers.CharField(), help_text="As in the file."),
        "fields": serializers.DictField(child=serializers.CharField(), help_text="As read."),
    },
)
# The summary `homeward import-list` prints as its last line.
SummarySerializer = inline_serializer(
    name="ImportSummary",
    allow_null=True,
    fields={
        "rows": serializers.IntegerField(),
        "linked": serializers.IntegerField(),
        "review": serializers.IntegerField(),
        "new_rows": serializers.IntegerField(help_text="Rows that made or joined new persons."),
        "errors": serializers.IntegerField(help_text="Rows with problems (left out)."),
        "new_persons": serializers.IntegerField(
            help_text="New persons the new rows made (rows of one person are grouped). "
            "rows = linked + review + new_rows + errors."
        ),
    },
)


class OutcomeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What became of each row: the four add up to the summary's `rows`."""

    linked = serializers.IntegerField(help_text="Rows linked to a person.")
    review = serializers.IntegerField(help_text="Rows sent to a registrar's review.")
    new = serializers.IntegerField(
        help_text="Rows that made new persons (two rows of one man make one person)."
    )
    skipped = serializers.IntegerField(help_text="Rows with problems, left out.")


class UrlsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    self = serializers.CharField()
    reading = serializers.CharField()
    confirm = serializers.CharField()
    retry = serializers.CharField()
    page = serializers.CharField(help_text="The import's page in the staff interface.")


class ImportListSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    source = serializers.SerializerMethodField()  # type: ignore[assignment]
    # Its values are listed once, on ImportBatch: an enum in two components is a
    # collision of names for the schema's enum naming.
    status = serializers.CharField(read_only=True, help_text="As on ImportBatch.")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    stage_label = serializers.SerializerMethodField()
    problems_total = serializers.SerializerMethodField()
    bad_rows = serializers.IntegerField(read_only=True)
    blocked = serializers.BooleanField(read_only=True)
    summary = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()
    created_by = serializers.SerializerMethodField()
    urls = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "status",
            "status_label",
            "stage",
            "stage_label",
            "progress",
            "error",
            "file_name",
            "encoding",
            "source",
            "side",
            "category",
            "skip_bad_rows",
            "rows",
            "problems_total",
            "bad_rows",
            "blocked",
            "summary",
            "outcome",
            "created_by",
            "created_at",
            "finished_at",
            "urls",
        ]
        read_only_fields = fields

    @extend_schema_field(ImportSourceSerializer)
    def get_source(self, batch: ImportBatch) -> dict[str, Any]:
        return {"id": batch.source_id, "kind": batch.source.kind, "name": batch.source.name}

    @extend_schema_field(OpenApiTypes.STR)
    def get_stage_label(self, batch: ImportBatch) -> str:
        return str(STAGE_LABELS.get(batch.stage, STAGE_LABELS[""]))

    @extend_schema_field(OpenApiTypes.INT)
    def get_problems_total(self, batch: ImportBatch) -> int:
        return len(batch.problems)

    @extend_schema_field(SummarySerializer)
    def get_summary(self, batch: ImportBatch) -> dict[str, int] | None:
        return batch.summary() if batch.status == ImportStatus.DONE else None

    @extend_schema_field(OutcomeSerializer(allow_null=True))
    def get_outcome(self, batch: ImportBatch) -> dict[str, int] | None:
        if batch.status != ImportStatus.DONE:
            return None
        return {
            "linked": batch.linked,
            "review": batch.review,
            "new": batch.new_rows,
            "skipped": batch.skipped,
        }

    @extend_schema_field(OpenApiTypes.STR)
    def get_created_by(self, batch: ImportBatch) -> str:
        return batch.created_by.username if batch.created_by else ""

    @extend_schema_field(UrlsSerializer)
    def get_urls(self, batch: ImportBatch) -> dict[str, str]:
        request = self.context.get("request")
        urls = {
            name: reverse(f"api:import-{view}", args=[batch.pk])
            for name, view in (
                ("self", "detail"),
                ("reading", "reading"),
                ("confirm", "confirm"),
                ("retry", "retry"),
            )
        }
        urls["page"] = reverse("intake:import_detail", args=[batch.pk])
        if request is not None:
            urls = {k: request.build_absolute_uri(v) for k, v in urls.items()}
        return urls


class ImportBatchSerializer(ImportListSerializer):
    """An import with how its file was read: columns, first rows, problems."""

    status = ImportStatusField(read_only=True)
    headers = serializers.SerializerMethodField()
    preview = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    class Meta(ImportListSerializer.Meta):
        fields = [
            *ImportListSerializer.Meta.fields,
            "sha256",
            "headers",
            "mapping",
            "preview",
            "problems",
        ]
        read_only_fields = fields

    @extend_schema_field(ColumnSerializer(many=True))
    def get_headers(self, batch: ImportBatch) -> list[dict[str, str]]:
        return [{"header": h, "field": batch.mapping.get(h, IGNORE)} for h in batch.headers]

    @extend_schema_field(PreviewRowsSerializer)
    def get_preview(self, batch: ImportBatch) -> list[dict[str, Any]]:
        return list(batch.preview)

    @extend_schema_field(ProblemSerializer(many=True))
    def get_problems(self, batch: ImportBatch) -> list[dict[str, Any]]:
        return [
            {"row": p["row"], "column": p["column"], "reason": p["message"]}
            for p in batch.problems_shown(PROBLEMS_SHOWN)
        ]


_Refusal = inline_serializer(name="ImportRefusal", fields={"detail": serializers.CharField()})
_BAD = OpenApiResponse(
    description="Bad input: a message per field (`file`, `source_kind`, `mapping`, …) or "
    "`detail`. Nothing is kept."
)
_DENIED = OpenApiResponse(description="This role may not import lists.")
_BLOCKED = "Rows have problems and are not to be left out: change the reading, or fix the file."


# The viewset


def _encoding_problem(batch: ImportBatch, expected: str | None) -> str | None:
    if not expected or batch.encoding in _SPREADSHEETS:
        return None
    found = _canonical_encoding(batch.encoding) or batch.encoding
    if found == expected:
        return None
    return _(
        "%(file)s was read as %(found)s, not %(expected)s. Check the preview, or save the "
        "list as UTF-8 and upload it again."
    ) % {"file": batch.file_name, "found": found, "expected": expected}


def _unknown_headers(batch: ImportBatch, mapping: Mapping[str, str]) -> str | None:
    known = {header_key(h) for h in batch.headers}
    missing = [h for h in mapping if header_key(h) not in known]
    if not missing:
        return None
    return _("%(file)s has no column “%(header)s”. Its columns: %(headers)s.") % {
        "file": batch.file_name,
        "header": missing[0],
        "headers": ", ".join(batch.headers),
    }


def _new_reading(batch: ImportBatch, changes: Mapping[str, str]) -> dict[str, str]:
    """The batch's reading with `changes` (header → field) made: a column that was read as
    a field now given to another column is no longer read."""
    exact = {header_key(h): h for h in batch.headers}
    changes = {exact[header_key(h)]: f for h, f in changes.items()}
    given = {f for f in changes.values() if f != IGNORE}
    kept = {h: (IGNORE if f in given else f) for h, f in batch.mapping.items()}
    return {**kept, **changes}


@extend_schema_view(
    list=extend_schema(summary="Imports of lists, newest first"),
    retrieve=extend_schema(
        summary="One import: how the file was read, its progress and, when done, its summary"
    ),
)
class ImportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Imports of lists (CSV in any common encoding, XLSX, ODS). Upload a file: it is kept
    and checked, and nothing is written to the registry. Look at its columns, first rows
    and problems; change how columns are read; confirm: the import runs in the background,
    all or nothing, and this resource shows its stage, progress and summary."""

    serializer_class = ImportBatchSerializer
    permission_classes = [requires(MAY_IMPORT)]
    queryset = ImportBatch.objects.none()  # for the schema; reads use batches_for
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[ImportBatch]:
        return batches_for(self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:  # type: ignore[type-arg]
        return ImportListSerializer if self.action == "list" else ImportBatchSerializer

    def _shown(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        batch = self.get_queryset().get(pk=pk)
        data = ImportBatchSerializer(batch, context=self.get_serializer_context()).data
        headers = {"Location": data["urls"]["self"]} if status_code != status.HTTP_200_OK else {}
        return Response(data, status=status_code, headers=headers)

    def _refused(self, pk: int, exc: DjangoValidationError) -> Response:
        """A service's refusal: 409 when the import is past the step asked for, else 400."""
        current = ImportBatch.objects.values_list("status", flat=True).get(pk=pk)
        editable = current in (ImportStatus.READY, ImportStatus.FAILED)
        return Response(
            {"detail": " ".join(exc.messages), "status": current},
            status=status.HTTP_400_BAD_REQUEST if editable else status.HTTP_409_CONFLICT,
        )

    @extend_schema(
        summary="Upload a list: it is checked, nothing is imported yet",
        request={"multipart/form-data": UploadSerializer},
        responses={201: ImportBatchSerializer, 400: _BAD, 403: _DENIED},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = UploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        upload = data["file"]
        mapping = data.get("mapping")
        try:
            # Refusals after staging roll the batch (and its audit entry) back.
            with transaction.atomic():
                batch = services.stage_import(
                    actor=request.user,
                    file_name=upload.name,
                    content=upload.read(),
                    source_kind=data["source_kind"],
                    source_name=data["source_name"],
                    mapping=mapping,
                    side=data["side"],
                    category=data["category"],
                    skip_bad_rows=data["skip_bad_rows"],
                )
                if mapping and (problem := _unknown_headers(batch, mapping)):
                    raise serializers.ValidationError({"mapping": [problem]})
                if problem := _encoding_problem(batch, data.get("encoding")):
                    raise serializers.ValidationError({"encoding": [problem]})
        except DjangoValidationError as exc:
            # The kind and name are checked above: what the service refuses is the file.
            raise serializers.ValidationError({"file": exc.messages}) from exc
        return self._shown(batch.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Read the list again: another mapping, rows with problems left out or not",
        request=ReadingSerializer,
        responses={
            200: ImportBatchSerializer,
            400: _BAD,
            403: _DENIED,
            409: OpenApiResponse(_Refusal, description="Already queued, running or imported."),
        },
    )
    @action(detail=True, methods=["patch", "post"])
    def reading(self, request: Request, pk: str) -> Response:
        batch = self.get_object()
        form = ReadingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        changes = data.get("mapping", {})
        if problem := _unknown_headers(batch, changes):
            raise serializers.ValidationError({"mapping": [problem]})
        if problem := _encoding_problem(batch, data.get("encoding")):
            raise serializers.ValidationError({"encoding": [problem]})
        try:
            services.change_reading(
                actor=request.user,
                batch_id=batch.pk,
                mapping=_new_reading(batch, changes),
                skip_bad_rows=data.get("skip_bad_rows", batch.skip_bad_rows),
            )
        except DjangoValidationError as exc:
            return self._refused(batch.pk, exc)
        return self._shown(batch.pk)

    @extend_schema(
        summary="Confirm: the import is queued and runs on the background worker",
        request=None,
        responses={
            202: ImportBatchSerializer,
            400: OpenApiResponse(_Refusal, description=_BLOCKED),
            403: _DENIED,
            409: OpenApiResponse(_Refusal, description="Already queued, running or imported."),
        },
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        return self._queue(self.get_object())

    @extend_schema(
        summary="Run a failed import again",
        request=None,
        responses={
            202: ImportBatchSerializer,
            400: OpenApiResponse(_Refusal, description="Rows have problems."),
            403: _DENIED,
            409: OpenApiResponse(
                _Refusal, description="Not run yet (confirm it), queued, running or imported."
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str) -> Response:
        batch = self.get_object()
        # Whether a failed (or, with a dead worker, stuck) import may run again is the
        # service's to say; a checked one that never ran is confirmed, not retried.
        if batch.status == ImportStatus.READY:
            return Response(
                {
                    "detail": _("This import has not been run yet: confirm it."),
                    "status": batch.status,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return self._queue(batch)

    def _queue(self, batch: ImportBatch) -> Response:
        try:
            services.queue_import(actor=self.request.user, batch_id=batch.pk)
        except DjangoValidationError as exc:
            return self._refused(batch.pk, exc)
        return self._shown(batch.pk, status.HTTP_202_ACCEPTED)
