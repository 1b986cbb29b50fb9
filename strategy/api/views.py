import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cooperation.models import Agent
from core.api_permissions import PUBLIC, SERVICE_CHECKS

from .. import selectors, services
from ..models import DiscoverySession, PrioritySet, SessionItem
from ..presenters import evidence_row
from .serializers import (
    DiscoverySessionCreateSerializer,
    DiscoverySessionSerializer,
    PriorityItemSerializer,
    PrioritySetCreateSerializer,
    PrioritySetSerializer,
    PrioritySetUpdateSerializer,
    RatingCreateSerializer,
)


class RegionFilterSet(django_filters.FilterSet):
    region = django_filters.CharFilter(
        field_name="region__iso_code", max_length=10, help_text="ISO 3166-2, e.g. RU-LIP"
    )


class PrioritySetFilterSet(RegionFilterSet):
    class Meta:
        model = PrioritySet
        fields = ["region", "origin", "year"]


class SessionFilterSet(RegionFilterSet):
    class Meta:
        model = DiscoverySession
        fields = ["region", "state"]


def _evidence(sets) -> dict[int, list[dict]]:
    """Each set's priorities with their evidence (one classification for the page of sets)."""
    classified = selectors.classified_priorities(list(sets))
    evidence: dict[int, list[dict]] = {}
    for record in classified.sort_values(["set", "rank"]).to_dict("records"):
        row = evidence_row(record)
        evidence.setdefault(int(record["set"]), []).append(
            {
                "rank": int(record["rank"]),
                "classifier": record["classifier"],
                "code": record["code"],
                "name_en": record["name_en"],
                "name_ru": record["name_ru"],
                "note": record["note"],
                "status": row["status"],
                "best_value": row["best_value"],
                "best_indicator": record["best_indicator"] if isinstance(record["best_indicator"], str) else None,
                "best_year": row["best_year"],
                "density": row["density"],
                "density_median": row["median"],
            }
        )
    return evidence


def _items(entries: list[dict]) -> list:
    """The classifier items named by ``entries`` (``classifier``, ``code``), in their order; 400 naming the unknown."""
    known = {(item.classifier.code, item.code): item for item in selectors.priority_items()}
    unknown = [
        f"{entry['classifier']}:{entry['code']}"
        for entry in entries
        if (entry["classifier"], entry["code"]) not in known
    ]
    if unknown:
        raise ValidationError({"items": f"Unknown items: {', '.join(unknown)}"})
    return [known[(entry["classifier"], entry["code"])] for entry in entries]


class PrioritySetApi(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Regions' declared priorities (open data), each classified revealed, related or unsupported against the
    current competence maps. Regional coordinators create sets for their regions, and correct (PUT) or remove
    one priority of (``remove-priority``) the sets entered by hand; a set adopted from a session answers 409."""

    serializer_class = PrioritySetSerializer
    filterset_class = PrioritySetFilterSet
    rules_permissions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": SERVICE_CHECKS,
        "update": SERVICE_CHECKS,
        "remove_priority": SERVICE_CHECKS,
    }
    http_method_names = ["get", "post", "put", "head", "options"]

    def _answer(self, priority_set, status_code=status.HTTP_200_OK) -> Response:
        priority_set = selectors.priority_sets().get(pk=priority_set.pk)
        context = {**self.get_serializer_context(), "evidence": _evidence([priority_set])}
        return Response(PrioritySetSerializer(priority_set, context=context).data, status=status_code)

    @extend_schema(request=PrioritySetUpdateSerializer, responses={200: PrioritySetSerializer})
    def update(self, request, *args, **kwargs):
        """Replace the set's document and priorities (the evidence is classified again on reading)."""
        priority_set = self.get_object()
        serializer = PrioritySetUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        priority_set = services.priority_set_update(
            actor=request.user,
            priority_set=priority_set,
            title=data["title"],
            url=data["url"],
            year=data["year"],
            is_illustrative=data["is_illustrative"],
            items=_items(data["items"]),
        )
        return self._answer(priority_set)

    @extend_schema(request=PriorityItemSerializer, responses={200: PrioritySetSerializer})
    @action(detail=True, methods=["post"], url_path="remove-priority")
    def remove_priority(self, request, pk=None):
        """Remove one priority (``classifier``, ``code``) from the set; the ones after it move up a rank."""
        priority_set = self.get_object()
        serializer = PriorityItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        (item,) = _items([serializer.validated_data])
        priority = priority_set.priorities.filter(item=item).first()
        if priority is None:
            raise ValidationError({"code": "The set has no such priority."})
        return self._answer(services.priority_delete(actor=request.user, priority=priority))

    def get_queryset(self):
        return selectors.priority_sets()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        sets = list(page if page is not None else queryset)
        serializer = PrioritySetSerializer(
            sets, many=True, context={**self.get_serializer_context(), "evidence": _evidence(sets)}
        )
        return self.get_paginated_response(serializer.data) if page is not None else Response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        priority_set = self.get_object()
        context = {**self.get_serializer_context(), "evidence": _evidence([priority_set])}
        return Response(PrioritySetSerializer(priority_set, context=context).data)

    @extend_schema(request=PrioritySetCreateSerializer, responses={201: PrioritySetSerializer})
    def create(self, request, *args, **kwargs):
        serializer = PrioritySetCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not request.user.has_perm("strategy.add_priorityset", data["region"]):
            raise PermissionDenied("Only the region's coordinators declare its priorities.")
        items = _items(data["items"])
        priority_set = services.priority_set_create(
            actor=request.user,
            region=data["region"],
            title=data["title"],
            url=data["url"],
            year=data["year"],
            is_illustrative=data["is_illustrative"],
            items=items,
        )
        return self._answer(priority_set, status.HTTP_201_CREATED)


class DiscoverySessionApi(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Entrepreneurial discovery sessions (signed-in users). Coordinators open, close (409 until all four
    helices have rated, naming the missing ones) and adopt; representatives of the region's verified
    organisations rate."""

    serializer_class = DiscoverySessionSerializer
    filterset_class = SessionFilterSet
    rules_permissions = {
        "list": "strategy.view_discoverysession",
        "retrieve": "strategy.view_discoverysession",
        "create": SERVICE_CHECKS,
        "rate": SERVICE_CHECKS,
        "close": SERVICE_CHECKS,
        "adopt": SERVICE_CHECKS,
    }

    def get_queryset(self):
        return selectors.sessions().prefetch_related("items__item")

    @extend_schema(request=DiscoverySessionCreateSerializer, responses={201: DiscoverySessionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = DiscoverySessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        session = services.session_open(
            actor=request.user, region=data["region"], dataset=data["dataset"], year=data["year"], title=data["title"]
        )
        return Response(DiscoverySessionSerializer(self.get_queryset().get(pk=session.pk)).data, status=201)

    @extend_schema(request=RatingCreateSerializer, responses={200: DiscoverySessionSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """Rate one direction for an organisation you represent (rating again replaces it)."""
        session = self.get_object()
        serializer = RatingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = SessionItem.objects.filter(pk=data["item"], session=session).first()
        agent = Agent.objects.filter(pk=data["agent"]).first()
        if item is None:
            raise ValidationError({"item": "No such direction in this session."})
        if agent is None:
            raise ValidationError({"agent": "No such organisation."})
        services.session_rate(
            actor=request.user, session_item=item, agent=agent, score=data["score"], comment=data["comment"]
        )
        return Response(DiscoverySessionSerializer(self.get_queryset().get(pk=session.pk)).data)

    @extend_schema(request=None, responses={200: DiscoverySessionSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the session (409 naming the helices that have not rated yet)."""
        session = services.session_close(actor=request.user, session=self.get_object())
        return Response(DiscoverySessionSerializer(self.get_queryset().get(pk=session.pk)).data)

    @extend_schema(request=None, responses={201: PrioritySetSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        """Adopt the closed session's ranked directions as the region's declared priorities."""
        priority_set = services.session_adopt(actor=request.user, session=self.get_object())
        priority_set = selectors.priority_sets().get(pk=priority_set.pk)
        context = {**self.get_serializer_context(), "evidence": _evidence([priority_set])}
        return Response(PrioritySetSerializer(priority_set, context=context).data, status=status.HTTP_201_CREATED)
