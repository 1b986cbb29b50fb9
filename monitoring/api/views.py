"""The monitoring API: flat collections of effects, indicators, values and closing reports.

Reads are filtered by what the caller may see (a row of a project they may
not see is "not found"). Writes go through the services, which check the
project's state first (409 with the current state) and then the lead's
membership (403); bad input answers 400 per field.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from core.api_permissions import PUBLIC
from regions.models import Region

from ..filtersets import ClosingReportFilterSet, EffectFilterSet, IndicatorFilterSet, IndicatorValueFilterSet
from ..models import ClosingReport
from ..selectors import (
    closing_report_list,
    effects_visible_to,
    indicator_values_visible_to,
    indicators_visible_to,
)
from ..services import (
    REPORT_TEXT_FIELDS,
    closing_report_save,
    effect_add,
    effect_remove,
    effect_update,
    indicator_add,
    indicator_link,
    indicator_remove,
    indicator_unlink,
    indicator_update,
    indicator_value_record,
    indicator_value_remove,
    indicator_value_update,
)
from ..statistics import region_rollup
from .serializers import (
    ClosingReportSerializer,
    ClosingReportWriteSerializer,
    EffectCreateSerializer,
    EffectSerializer,
    EffectUpdateSerializer,
    IndicatorLinkSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
    IndicatorValueWriteSerializer,
    IndicatorWriteSerializer,
    RollupRowSerializer,
)


def inline_region_parameter() -> OpenApiParameter:
    return OpenApiParameter("region", str, required=True, description="ISO code of the region, e.g. RU-LIP")


CONFLICT = OpenApiResponse(description="The project is not in a state that allows this (the body gives `state`).")


def _rules(model: str) -> dict:
    """Reads need the project's visibility; writes need a signed-in caller acting for the lead (see ``rules.py``)."""
    return {
        "list": PUBLIC,
        "retrieve": f"monitoring.view_{model}",
        "create": f"monitoring.add_{model}",
        "update": f"monitoring.change_{model}",
        "partial_update": f"monitoring.change_{model}",
        "destroy": f"monitoring.change_{model}",
    }


class MonitoringViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Shared plumbing: validate with the write serializer, call the service, answer with the read one."""

    write_serializer_class = None

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.serializer_class

    def _validated(self, instance=None, partial=False) -> dict:
        serializer = self.write_serializer_class(
            instance, data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _read(self, obj, status_code=status.HTTP_200_OK) -> Response:
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.serializer_class(obj, context=self.get_serializer_context()).data, status=status_code)


@extend_schema_view(
    list=extend_schema(summary="Expected effects of the projects the caller may see (filter with ?project=)"),
    create=extend_schema(request=EffectCreateSerializer, responses={201: EffectSerializer, 409: CONFLICT}),
    update=extend_schema(request=EffectUpdateSerializer, responses={200: EffectSerializer, 409: CONFLICT}),
    partial_update=extend_schema(request=EffectUpdateSerializer, responses={200: EffectSerializer, 409: CONFLICT}),
    destroy=extend_schema(responses={204: None, 409: CONFLICT}),
)
class EffectApi(MonitoringViewSet):
    """Expected effects of projects, declared by the lead's members while a project is drafted, open or active."""

    serializer_class = EffectSerializer
    write_serializer_class = EffectCreateSerializer
    filterset_class = EffectFilterSet
    ordering_fields = ["id", "created_at"]
    rules_permissions = _rules("effect")

    def get_queryset(self):
        return effects_visible_to(self.request.user).order_by("project_id", "id")

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return EffectUpdateSerializer
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        data = self._validated()
        effect = effect_add(
            project=data["project"], actor=request.user, effect_type=data["type"], description=data["description"]
        )
        return self._read(effect, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        effect = self.get_object()
        serializer = EffectUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        effect_update(effect=effect, actor=request.user, description=serializer.validated_data["description"])
        return self._read(effect)

    def destroy(self, request, *args, **kwargs):
        effect_remove(effect=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Indicators with their latest value and progress (filter with ?project= or ?effect=)"),
    create=extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorSerializer, 409: CONFLICT}),
    update=extend_schema(request=IndicatorWriteSerializer, responses={200: IndicatorSerializer, 409: CONFLICT}),
    partial_update=extend_schema(request=IndicatorWriteSerializer, responses={200: IndicatorSerializer, 409: CONFLICT}),
    destroy=extend_schema(responses={204: None, 409: CONFLICT}),
)
class IndicatorApi(MonitoringViewSet):
    """Indicators of expected effects: unit, baseline, target. The baseline is fixed once a value is recorded."""

    serializer_class = IndicatorSerializer
    write_serializer_class = IndicatorWriteSerializer
    filterset_class = IndicatorFilterSet
    ordering_fields = ["id", "created_at"]
    rules_permissions = {
        **_rules("indicator"),
        "link": "monitoring.link_indicator",
        "unlink": "monitoring.link_indicator",
        "rollup": PUBLIC,
    }

    def get_queryset(self):
        return indicators_visible_to(self.request.user).order_by("effect__project_id", "effect_id", "id")

    @extend_schema(request=IndicatorLinkSerializer, responses={200: IndicatorSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        """Link the indicator to a series of the data bank: its values per year then come from there."""
        indicator = self.get_object()
        serializer = IndicatorLinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        indicator_link(
            indicator=indicator,
            actor=request.user,
            series=serializer.validated_data["series"],
            region=serializer.validated_data["region"],
        )
        return self._read(indicator)

    @extend_schema(request=None, responses={200: IndicatorSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def unlink(self, request, pk=None):
        """Undo the link to the data bank."""
        indicator = self.get_object()
        indicator_unlink(indicator=indicator, actor=request.user)
        return self._read(indicator)

    @extend_schema(
        summary="Roll-up of a region: indicators linked to its statistics, before and after",
        parameters=[inline_region_parameter()],
        responses={200: RollupRowSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def rollup(self, request):
        """Every indicator of the projects the caller may see linked to ``?region=`` (ISO code)'s statistics."""
        code = request.query_params.get("region", "")
        if not code:
            raise DRFValidationError({"region": ["Give a region's ISO code, for example RU-LIP."]})
        region = Region.objects.filter(iso_code=code).first()
        if region is None:
            raise DRFValidationError({"region": [f"Unknown region: {code[:20]}."]})
        rollup = region_rollup(region, user=request.user)
        return Response(RollupRowSerializer([link for _project, link in rollup.rows], many=True).data)

    def create(self, request, *args, **kwargs):
        data = self._validated()
        indicator = indicator_add(actor=request.user, **data)
        return self._read(indicator, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        indicator = self.get_object()
        data = self._validated(instance=indicator, partial=kwargs.get("partial", False))
        indicator_update(indicator=indicator, actor=request.user, **data)
        return self._read(indicator)

    def destroy(self, request, *args, **kwargs):
        indicator_remove(indicator=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Dated actual values (filter with ?indicator= or ?project=)"),
    create=extend_schema(
        request=IndicatorValueWriteSerializer, responses={201: IndicatorValueSerializer, 409: CONFLICT}
    ),
    update=extend_schema(
        request=IndicatorValueWriteSerializer, responses={200: IndicatorValueSerializer, 409: CONFLICT}
    ),
    partial_update=extend_schema(
        request=IndicatorValueWriteSerializer, responses={200: IndicatorValueSerializer, 409: CONFLICT}
    ),
    destroy=extend_schema(responses={204: None, 409: CONFLICT}),
)
class IndicatorValueApi(MonitoringViewSet):
    """Actual values of indicators, one per date, recorded by the lead's members while the project is active."""

    serializer_class = IndicatorValueSerializer
    write_serializer_class = IndicatorValueWriteSerializer
    filterset_class = IndicatorValueFilterSet
    ordering_fields = ["date", "id"]
    rules_permissions = _rules("indicatorvalue")

    def get_queryset(self):
        return indicator_values_visible_to(self.request.user).order_by("indicator_id", "date", "id")

    def create(self, request, *args, **kwargs):
        data = self._validated()
        indicator_value = indicator_value_record(actor=request.user, **data)
        return self._read(indicator_value, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        indicator_value = self.get_object()
        data = self._validated(instance=indicator_value, partial=kwargs.get("partial", False))
        indicator_value_update(indicator_value=indicator_value, actor=request.user, **data)
        return self._read(indicator_value)

    def destroy(self, request, *args, **kwargs):
        indicator_value_remove(indicator_value=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="Closing reports the caller may read: published ones, and drafts of projects the caller's agents lead",
    ),
    create=extend_schema(
        request=ClosingReportWriteSerializer,
        responses={201: ClosingReportSerializer, 200: ClosingReportSerializer, 409: CONFLICT},
        description="Write the closing report of a completed project (200 when it revises the existing one).",
    ),
    update=extend_schema(request=ClosingReportWriteSerializer, responses={200: ClosingReportSerializer, 409: CONFLICT}),
    partial_update=extend_schema(
        request=ClosingReportWriteSerializer, responses={200: ClosingReportSerializer, 409: CONFLICT}
    ),
)
class ClosingReportApi(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Closing reports of completed projects with their lessons learned; search with ?q=."""

    serializer_class = ClosingReportSerializer
    filterset_class = ClosingReportFilterSet
    ordering_fields = ["published_at", "updated_at"]
    rules_permissions = {
        "list": PUBLIC,
        "retrieve": "monitoring.view_closingreport",
        "create": "monitoring.add_closingreport",
        "update": "monitoring.change_closingreport",
        "partial_update": "monitoring.change_closingreport",
    }

    def get_queryset(self):
        return closing_report_list(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ClosingReportWriteSerializer
        return ClosingReportSerializer

    def _read(self, report, status_code=status.HTTP_200_OK) -> Response:
        report = self.get_queryset().get(pk=report.pk)
        return Response(ClosingReportSerializer(report, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = ClosingReportWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        project = data.pop("project")
        existed = ClosingReport.objects.filter(project=project).exists()
        report = closing_report_save(project=project, actor=request.user, **data)
        return self._read(report, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        report = self.get_object()
        serializer = ClosingReportWriteSerializer(
            report, data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        current = {name: getattr(report, name) for name in REPORT_TEXT_FIELDS}
        current["is_published"] = report.is_published
        fields = {**current, **serializer.validated_data}
        report = closing_report_save(project=report.project, actor=request.user, **fields)
        return self._read(report)
