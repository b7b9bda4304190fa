"""API reads of personal data on the record (ADR 30): a view set that shows persons says
which, and each page of its list and each object it retrieves is disclosed before it is
serialised."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.apps.audit.access import disclose


class DisclosesPersons(GenericAPIView):  # type: ignore[type-arg]
    """Mixed into a GenericViewSet ahead of its list and retrieve mixins. `person_field`
    names the attribute that holds the person's id (`pk` for persons themselves); a view
    set whose objects show several persons overrides `persons_shown`."""

    person_field = "pk"

    def persons_shown(self, objects: Iterable[Any]) -> Iterable[int | None]:
        return (getattr(obj, self.person_field) for obj in objects)

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        disclose(self.request, self.persons_shown(page if page is not None else queryset))
        return page

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        disclose(request, self.persons_shown([instance]))
        return Response(self.get_serializer(instance).data)
