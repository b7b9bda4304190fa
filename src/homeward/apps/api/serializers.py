from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from homeward.apps.registry.choices import ReliabilityChoice
from homeward.apps.registry.messages import date_error
from homeward.apps.registry.models import (
    PERSON_EDITABLE_FIELDS,
    Branch,
    Direction,
    Person,
    PersonGroup,
    Rank,
    Source,
    SourceRecord,
    StatusEvent,
    VocabularyItem,
)
from homeward.apps.registry.selectors import can_view_medical
from homeward.apps.registry.verbatim import verbatim_problem
from homeward.core.dates import ACCEPTED_FORMS, PartialDate, parse_partial_date
from homeward.core.errors import InvalidDateError
from homeward.core.sensitivity import MEDICAL_FIELDS


@extend_schema_field(
    {
        "type": "string",
        "example": "1990-03-21",
        "description": f"A date to the day, the month or the year ({ACCEPTED_FORMS}); "
        "empty when unknown.",
    }
)
class PartialDateField(serializers.Field):  # type: ignore[type-arg]
    def to_representation(self, value: PartialDate) -> str:
        return value.iso()

    def to_internal_value(self, data: Any) -> PartialDate:
        if data is None:
            return PartialDate.unknown()
        try:
            return parse_partial_date(str(data))
        except InvalidDateError as exc:
            raise serializers.ValidationError(date_error(exc)) from exc


def _code_field(model: type[VocabularyItem], many: bool = False, required: bool = False) -> Any:
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=model._default_manager.all(),
        many=many,
        required=required,
        allow_null=not many,
    )


class PersonSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    birth_date = PartialDateField(source="birth", required=False)
    capture_date = PartialDateField(source="captured", required=False)
    branch = _code_field(Branch)
    rank = _code_field(Rank)
    direction = _code_field(Direction)
    groups = _code_field(PersonGroup, many=True)
    version = serializers.IntegerField(
        required=False, help_text=_("The version you read; required when updating.")
    )
    match_probability = serializers.FloatField(
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_(
            "With a name search (q): the probability that this is the person searched for; "
            "null for persons found only because their names begin with the words typed."
        ),
    )
    match_explanation = serializers.CharField(
        read_only=True,
        default="",
        help_text=_("With a name search (q): why, field by field, in bits of evidence."),
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "case_number",
            *PERSON_EDITABLE_FIELDS,
            "surname_latin",
            "given_name_latin",
            "patronymic_latin",
            "other_spellings",
            "birth_date",
            "capture_date",
            "current_status",
            "status_conflict",
            "version",
            "created_at",
            "updated_at",
            "match_probability",
            "match_explanation",
        ]
        read_only_fields = [
            "case_number",
            "surname_latin",
            "given_name_latin",
            "patronymic_latin",
            "current_status",
            "status_conflict",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"rank_category": {"required": False}}

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        request = self.context.get("request")
        # Without the medical role the field does not exist: never read, never written.
        if request is not None and not can_view_medical(request.user):
            for name in MEDICAL_FIELDS:
                fields.pop(name, None)
        return fields

    def validate_other_spellings(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise serializers.ValidationError(_("Give a list of spellings."))
        return value

    def service_fields(self) -> tuple[dict[str, Any], list[PersonGroup] | None]:
        data = dict(self.validated_data)
        groups = data.pop("groups", None)
        data.pop("version", None)
        for source, prefix in (("birth", "birth_date"), ("captured", "capture_date")):
            if source in data:
                date: PartialDate = data.pop(source)
                data[prefix] = date.value
                data[f"{prefix}_precision"] = date.precision.value
        return data, groups


class StatusEventSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    effective_date = PartialDateField(source="effective")
    recorded_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    confirmed_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    source_record = serializers.PrimaryKeyRelatedField(
        queryset=SourceRecord.objects.all(), required=False, allow_null=True
    )
    reliability = serializers.ChoiceField(
        choices=ReliabilityChoice.choices, required=False, allow_null=True
    )

    class Meta:
        model = StatusEvent
        fields = [
            "id",
            "person",
            "status",
            "effective_date",
            "reliability",
            "source_record",
            "document",
            "note",
            "recorded_by",
            "recorded_at",
            "confirmed_by",
            "confirmed_at",
        ]
        read_only_fields = ["person", "recorded_at", "confirmed_at"]


class SourceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Source
        fields = ["id", "kind", "name", "reliability", "notes", "created_at"]
        read_only_fields = ["created_at"]


class SourceRecordSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    entered_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = SourceRecord
        fields = [
            "id",
            "source",
            "external_id",
            "raw",
            "parsed",
            "person",
            "entered_by",
            "entered_at",
        ]
        read_only_fields = ["entered_at"]

    def validate_raw(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict) or not value:
            raise serializers.ValidationError(
                _("Give the record as received: a non-empty JSON object.")
            )
        return self.validate_parsed(value)

    def validate_parsed(self, value: Any) -> dict[str, Any]:
        problem = verbatim_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return dict(value)


class GroupSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = PersonGroup
        fields = ["id", "code", "name_uk", "name_en", "description", "active"]
