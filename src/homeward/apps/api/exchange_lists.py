"""Exchange lists through the API: an agreement's four lists, their versions with entries,
verdicts and changes; building ours, loading the other side's file, deciding possible
matches, submitting and agreeing. The same services as the list pages
(exchanges.lists), so every write is checked and audited there; lists are need-to-know
(exchange officers and administrators until the agreement is completed)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.apps.api.imports import MappingField
from homeward.apps.api.permissions import requires
from homeward.apps.audit.access import disclose
from homeward.apps.exchanges import list_selectors, lists, selectors
from homeward.apps.exchanges.choices import ExchangeCategoryChoice, ListKindChoice
from homeward.apps.exchanges.exports import flag_words, why
from homeward.apps.exchanges.models import Agreement, ListEntry, ListVersion
from homeward.apps.registry import selectors as registry_selectors
from homeward.apps.registry.choices import CategoryChoice, HealthChoice, RankCategoryChoice
from homeward.apps.registry.messages import unknown_cases
from homeward.apps.registry.models import Person


class EntrySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    person = serializers.IntegerField(source="person_id", allow_null=True)
    case_number = serializers.CharField(source="person.case_number", default=None)
    person_name = serializers.CharField(source="person.full_name", default=None)
    replaces = serializers.IntegerField(source="replaces_id", allow_null=True)
    flag_texts = serializers.SerializerMethodField(help_text="The flags in the request's language.")
    explanation = serializers.SerializerMethodField(
        help_text="Why the registry's person is the one, field by field, in the request's language."
    )

    class Meta:
        model = ListEntry
        fields = ["id", "person", "case_number", "person_name", "category", "priority",
                  "replaces", "row", "written_name", "written", "verdict", "probability",
                  "flags", "flag_texts", "explanation", "added_at"]  # fmt: skip

    def get_flag_texts(self, entry: ListEntry) -> list[str]:
        return flag_words(entry.flags)

    def get_explanation(self, entry: ListEntry) -> str:
        return why(entry) if entry.contributions else ""


class ChangeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    action = serializers.CharField()
    person = serializers.IntegerField(source="person_id", allow_null=True)
    written_name = serializers.CharField()
    replaced = serializers.IntegerField(source="replaced_id", allow_null=True)
    reason = serializers.CharField()
    by = serializers.CharField(source="actor.username")
    at = serializers.DateTimeField()


class VersionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    agreement = serializers.IntegerField(source="exchange_list.agreement_id")
    kind = serializers.CharField(source="exchange_list.kind")
    created_by = serializers.CharField(source="created_by.username")

    class Meta:
        model = ListVersion
        fields = ["id", "agreement", "kind", "number", "state", "file_name", "note",
                  "created_by", "created_at", "submitted_at", "agreed_at"]  # fmt: skip


class VersionDetailSerializer(VersionSerializer):
    entries = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "entries", "changes"]

    @extend_schema(responses=EntrySerializer(many=True))
    def get_entries(self, version: ListVersion) -> list[dict[str, Any]]:
        request = self.context["request"]
        entries = list(list_selectors.entries_for(request.user, version))
        disclose(request, [entry.person_id for entry in entries])
        return list(EntrySerializer(entries, many=True).data)

    @extend_schema(responses=ChangeSerializer(many=True))
    def get_changes(self, version: ListVersion) -> list[dict[str, Any]]:
        user = self.context["request"].user
        return list(ChangeSerializer(list_selectors.changes_for(user, version), many=True).data)


class ListSummarySerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.CharField()
    latest = VersionSerializer(allow_null=True)
    agreed = VersionSerializer(allow_null=True)
    entries = serializers.IntegerField(help_text="Persons on the latest version.")
    verdicts = serializers.DictField(child=serializers.IntegerField())
    flagged = serializers.IntegerField(help_text="Entries of the latest version to check.")


class StartSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=ListKindChoice.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class LoadSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=ListKindChoice.choices)
    file = serializers.FileField(allow_empty_file=True)
    mapping = MappingField(required=False)
    note = serializers.CharField(required=False, default="", allow_blank=True)
    default_category = serializers.ChoiceField(
        choices=CategoryChoice.choices, default=CategoryChoice.MILITARY,
        help_text="The category of entries unknown to us.",
    )  # fmt: skip


def _persons(user: Any, numbers: list[str]) -> list[Person]:
    persons, unknown = registry_selectors.persons_by_case_numbers(user, numbers)
    if unknown:
        raise serializers.ValidationError({"case_numbers": [unknown_cases(unknown)]})
    return persons


class AddSerializer(serializers.Serializer):  # type: ignore[type-arg]
    case_numbers = serializers.ListField(child=serializers.CharField(), allow_empty=False)
    category = serializers.ChoiceField(
        choices=ExchangeCategoryChoice.choices, required=False, allow_null=True, default=None
    )
    priority = serializers.IntegerField(min_value=0, max_value=99, default=0)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class CriteriaSerializer(serializers.Serializer):  # type: ignore[type-arg]
    branches = serializers.ListField(child=serializers.IntegerField(), default=list)
    unit = serializers.CharField(required=False, default="", allow_blank=True)
    groups = serializers.ListField(child=serializers.IntegerField(), default=list)
    rank_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=RankCategoryChoice.choices), default=list
    )
    directions = serializers.ListField(child=serializers.IntegerField(), default=list)
    health_states = serializers.ListField(
        child=serializers.ChoiceField(choices=HealthChoice.choices), default=list
    )
    category = serializers.ChoiceField(
        choices=[("", ""), *CategoryChoice.choices], required=False, default=""
    )
    direct_repatriation = serializers.BooleanField(
        default=False, help_text="Only those a Mixed Medical Commission found (Art. 110)."
    )
    min_days_in_captivity = serializers.IntegerField(min_value=0, required=False, default=None)
    min_age = serializers.IntegerField(min_value=0, required=False, default=None)
    max_age = serializers.IntegerField(min_value=0, required=False, default=None)
    priority = serializers.IntegerField(min_value=0, max_value=99, default=0)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class FromImportSerializer(serializers.Serializer):  # type: ignore[type-arg]
    batch = serializers.IntegerField(help_text="A finished import (`/api/imports/`).")
    priority = serializers.IntegerField(min_value=0, max_value=99, default=0)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class RemoveSerializer(serializers.Serializer):  # type: ignore[type-arg]
    entries = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class DecideSerializer(serializers.Serializer):  # type: ignore[type-arg]
    entry = serializers.IntegerField()
    case_number = serializers.CharField(
        allow_null=True, help_text="The person the entry is; null for nobody known to us."
    )


def _criteria(d: dict[str, Any]) -> list_selectors.Criteria:
    return list_selectors.Criteria(
        branches=tuple(d["branches"]), unit=d["unit"], groups=tuple(d["groups"]),
        rank_categories=tuple(d["rank_categories"]), directions=tuple(d["directions"]),
        health_states=tuple(d["health_states"]), category=d["category"],
        direct_repatriation=d["direct_repatriation"],
        min_days_in_captivity=d["min_days_in_captivity"], min_age=d["min_age"],
        max_age=d["max_age"],
    )  # fmt: skip


def lists_of(request: Request, agreement: Agreement) -> Response:
    summaries = list_selectors.list_summaries(request.user, agreement)
    data = [
        {"kind": s.kind.value, "latest": s.latest, "agreed": s.agreed, "entries": s.entries,
         "verdicts": s.verdicts, "flagged": s.flagged}
        for s in summaries
    ]  # fmt: skip
    return Response(ListSummarySerializer(data, many=True).data)


def start_version(request: Request, agreement: Agreement) -> Response:
    given = StartSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    version = lists.start_version(actor=request.user, agreement=agreement, **given.validated_data)
    return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)


def load_list(request: Request, agreement: Agreement) -> Response:
    given = LoadSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    d = given.validated_data
    version = lists.load_their_list(
        actor=request.user, agreement=agreement, kind=d["kind"], file_name=d["file"].name,
        content=d["file"].read(), mapping=d.get("mapping"), note=d["note"],
        default_category=d["default_category"],
    )  # fmt: skip
    context = {"request": request}
    return Response(VersionDetailSerializer(version, context=context).data,
                    status=status.HTTP_201_CREATED)  # fmt: skip


class ListVersionViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Versions of exchange lists (need-to-know), each with its entries and changes."""

    permission_classes = [requires(selectors.MAY_VIEW, selectors.MAY_MANAGE)]
    queryset = ListVersion.objects.none()

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:  # type: ignore[type-arg]
        return VersionDetailSerializer if self.action != "list" else VersionSerializer

    def get_object(self) -> ListVersion:
        # Another role asking for a list it may not see is told so (403), as on the pages.
        return list_selectors.version_for(self.request.user, int(self.kwargs["pk"]))

    def get_queryset(self) -> QuerySet[ListVersion]:
        user = self.request.user
        visible = selectors.agreements_for(user)
        agreements = [a.pk for a in visible if list_selectors.may_see_lists(user, a)]
        return (
            ListVersion.objects.filter(exchange_list__agreement__in=agreements)
            .select_related("exchange_list", "created_by")
            .order_by("exchange_list__agreement", "exchange_list__kind", "number")
        )

    def _done(self, version: ListVersion) -> Response:
        """The version as it now is, after a change."""
        fresh = list_selectors.version_for(self.request.user, version.pk)
        return Response(VersionDetailSerializer(fresh, context={"request": self.request}).data)

    def _given(self, serializer: type[serializers.Serializer]) -> dict[str, Any]:  # type: ignore[type-arg]
        given = serializer(data=self.request.data)
        given.is_valid(raise_exception=True)
        return dict(given.validated_data)

    @extend_schema(request=AddSerializer, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"])
    def add(self, request: Request, pk: str) -> Response:
        version, d = self.get_object(), self._given(AddSerializer)
        lists.add_persons(
            actor=request.user, version_id=version.pk,
            persons=_persons(request.user, d["case_numbers"]), category=d["category"],
            priority=d["priority"], reason=d["reason"],
        )  # fmt: skip
        return self._done(version)

    @extend_schema(request=CriteriaSerializer, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"])
    def criteria(self, request: Request, pk: str) -> Response:
        version, d = self.get_object(), self._given(CriteriaSerializer)
        lists.add_by_criteria(actor=request.user, version_id=version.pk, criteria=_criteria(d),
                              priority=d["priority"], reason=d["reason"])  # fmt: skip
        return self._done(version)

    @extend_schema(request=FromImportSerializer, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"], url_path="import")
    def from_import(self, request: Request, pk: str) -> Response:
        version, d = self.get_object(), self._given(FromImportSerializer)
        lists.add_from_import(actor=request.user, version_id=version.pk, batch_id=d["batch"],
                              priority=d["priority"], reason=d["reason"])  # fmt: skip
        return self._done(version)

    @extend_schema(request=RemoveSerializer, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: str) -> Response:
        version, d = self.get_object(), self._given(RemoveSerializer)
        lists.remove_entries(actor=request.user, version_id=version.pk, entry_ids=d["entries"],
                             reason=d["reason"])  # fmt: skip
        return self._done(version)

    @extend_schema(request=DecideSerializer, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        version, d = self.get_object(), self._given(DecideSerializer)
        person = _persons(request.user, [d["case_number"]])[0] if d["case_number"] else None
        entry = version.entries.get(pk=d["entry"])
        lists.decide_entry(actor=request.user, entry_id=entry.pk, person=person)
        return self._done(version)

    @extend_schema(request=None, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        version = self.get_object()
        lists.submit_version(actor=request.user, version_id=version.pk)
        return self._done(version)

    @extend_schema(request=None, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, pk: str) -> Response:
        version = self.get_object()
        lists.agree_version(actor=request.user, version_id=version.pk)
        return self._done(version)
