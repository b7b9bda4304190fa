"""REST API: the same selectors, services and permissions as the staff pages."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from homeward.apps.api.disclosure import DisclosesPersons
from homeward.apps.api.permissions import RolePermissions, requires
from homeward.apps.api.serializers import (
    GroupSerializer,
    PersonSerializer,
    SourceRecordSerializer,
    SourceSerializer,
    StatusEventSerializer,
)
from homeward.apps.audit.access import disclose
from homeward.apps.registry import selectors, services
from homeward.apps.registry.filters import PersonFilter
from homeward.apps.registry.models import Person, PersonGroup, Source, SourceRecord, StatusEvent


class PersonViewSet(
    DisclosesPersons,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Persons in the registry. `q` searches names in any script, case numbers and service
    numbers. Updates must carry the `version` that was read; a stale one gets 409."""

    serializer_class = PersonSerializer
    permission_classes = [RolePermissions]
    filter_backends = [DjangoFilterBackend]
    filterset_class = PersonFilter
    queryset = Person.objects.none()  # for the schema and permissions; reads use selectors
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Person]:
        return selectors.persons_for(self.request.user)

    def get_object(self) -> Person:
        return selectors.person_for(self.request.user, int(self.kwargs["pk"]))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = cast(PersonSerializer, self.get_serializer(data=request.data))
        serializer.is_valid(raise_exception=True)
        fields, groups = serializer.service_fields()
        person = services.create_person(actor=request.user, fields=fields, groups=groups)
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        serializer = cast(
            PersonSerializer, self.get_serializer(person, data=request.data, partial=True)
        )
        serializer.is_valid(raise_exception=True)
        if "version" not in serializer.validated_data:
            return Response(
                {"version": [_("Give the version you read, so no one's change is overwritten.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        fields, groups = serializer.service_fields()
        person = services.update_person(
            actor=request.user,
            person_id=person.pk,
            expected_version=serializer.validated_data["version"],
            fields=fields,
            groups=groups,
        )
        return Response(self.get_serializer(selectors.person_for(request.user, person.pk)).data)

    @extend_schema(request=StatusEventSerializer, responses=StatusEventSerializer(many=True))
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="status-events",
        permission_classes=[requires("registry.view_person", "registry.add_statusevent")],
        serializer_class=StatusEventSerializer,
        filter_backends=[],
        pagination_class=None,
    )
    def status_events(self, request: Request, pk: str) -> Response:
        person = selectors.person_for(request.user, int(pk))
        if request.method == "GET":
            disclose(request, [person.pk])
            events = selectors.status_events_for(request.user, person)
            return Response(StatusEventSerializer(events, many=True).data)
        serializer = StatusEventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        event = services.add_status_event(
            actor=request.user,
            person=person,
            status=data["status"],
            effective=data["effective"],
            reliability=data.get("reliability"),
            source_record=data.get("source_record"),
            document=data.get("document", ""),
            note=data.get("note", ""),
        )
        return Response(StatusEventSerializer(event).data, status=status.HTTP_201_CREATED)


class StatusEventViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    queryset = StatusEvent.objects.none()
    serializer_class = StatusEventSerializer

    @extend_schema(request=None, responses=StatusEventSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[requires("registry.confirm_status")],
    )
    def confirm(self, request: Request, pk: str) -> Response:
        """Confirm a report of death entered by someone else."""
        event = services.confirm_status_event(actor=request.user, event_id=int(pk))
        return Response(StatusEventSerializer(event).data)


class SourceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    serializer_class = SourceSerializer
    permission_classes = [RolePermissions]
    queryset = Source.objects.none()

    def get_queryset(self) -> QuerySet[Source]:
        return selectors.sources_for(self.request.user)

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        serializer.instance = services.create_source(
            actor=self.request.user, **serializer.validated_data
        )


class SourceRecordViewSet(
    DisclosesPersons,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Incoming information kept verbatim. Records are never deleted or edited."""

    serializer_class = SourceRecordSerializer
    permission_classes = [RolePermissions]
    person_field = "person_id"
    queryset = SourceRecord.objects.none()
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["person", "source"]

    def get_queryset(self) -> QuerySet[SourceRecord]:
        return selectors.source_records_for(self.request.user)

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = services.add_source_record(
            actor=self.request.user,
            source=data["source"],
            raw=data["raw"],
            parsed=data.get("parsed"),
            external_id=data.get("external_id", ""),
            person=data.get("person"),
        )


class GroupViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = GroupSerializer
    permission_classes = [RolePermissions]
    queryset = PersonGroup.objects.all()
