from typing import Any

import django_filters
import pandas as pd
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from analytics import presenters, selectors
from analytics.choices import CompetenceEventKind, Indicator, MappingKind, SnapshotStatus
from analytics.computations.relatedness import eci_ranks
from analytics.models import (
    Classifier,
    ClassifierItem,
    ClassifierMapping,
    CoefficientValue,
    CompetenceEvent,
    Snapshot,
)
from analytics.views import public as public_views
from core.api_permissions import PUBLIC, PUBLIC_READ
from regions.models import MacroRegion, Region
from regions.selectors import macroregion_list, region_detail

from .serializers import (
    ClassifierItemSerializer,
    ClassifierMappingSerializer,
    ClassifierSerializer,
    CoefficientValueSerializer,
    CompetenceEventSerializer,
    DatasetSerializer,
    DocumentQuerySerializer,
    MatrixSerializer,
    RelatednessQuerySerializer,
    RelatednessSerializer,
    ScenarioSerializer,
    SnapshotSerializer,
)


class ClassifierApi(viewsets.ReadOnlyModelViewSet):
    """Classifiers of the data bank (OKVED2/NACE, OKVED1, FEACN groups, GRNTI)."""

    queryset = Classifier.objects.all()
    serializer_class = ClassifierSerializer
    lookup_field = "code"
    rules_permissions = PUBLIC_READ
    pagination_class = None


class ClassifierItemFilterSet(django_filters.FilterSet):
    classifier = django_filters.CharFilter(field_name="classifier__code")

    class Meta:
        model = ClassifierItem
        fields = ["classifier", "code"]


class ClassifierItemApi(viewsets.ReadOnlyModelViewSet):
    """Items of the classifiers; their ids tag agents' competences."""

    queryset = ClassifierItem.objects.select_related("classifier")
    serializer_class = ClassifierItemSerializer
    filterset_class = ClassifierItemFilterSet
    rules_permissions = PUBLIC_READ


class ClassifierMappingFilterSet(django_filters.FilterSet):
    """Filters of the mapping list; every one optional, combined with AND."""

    source_classifier = django_filters.CharFilter(
        field_name="source__classifier__code", help_text="Classifier of the source items, e.g. okved1."
    )
    target_classifier = django_filters.CharFilter(
        field_name="target__classifier__code", help_text="Classifier of the target items, e.g. nace2."
    )
    source = django_filters.CharFilter(field_name="source__code", help_text="Source item code, e.g. D.")
    target = django_filters.CharFilter(field_name="target__code", help_text="Target item code, e.g. C.")
    kind = django_filters.ChoiceFilter(
        choices=MappingKind.choices, help_text="equivalent (continues a series) or part (not comparable)."
    )

    class Meta:
        model = ClassifierMapping
        fields = ["source_classifier", "target_classifier", "source", "target", "kind"]


class ClassifierMappingApi(viewsets.ReadOnlyModelViewSet):
    """Links between items of two classifiers (OKVED1 sections → OKVED2 sections), edited by administrators.

    Only an ``equivalent`` link continues a series across the change of classifier;
    a ``part`` link records an overlap that is not comparable.
    """

    serializer_class = ClassifierMappingSerializer
    filterset_class = ClassifierMappingFilterSet
    rules_permissions = PUBLIC_READ
    pagination_class = None

    def get_queryset(self):
        return selectors.classifier_mappings()


# --- Competence maps (read-only, open data) -------------------------------------------


class CoefficientValueFilterSet(django_filters.FilterSet):
    """Filters of the coefficient list; every one optional, combined with AND."""

    dataset = django_filters.CharFilter(field_name="dataset__code", help_text="Data set code.")
    snapshot = django_filters.ModelChoiceFilter(
        queryset=Snapshot.objects.filter(status=SnapshotStatus.COMPLETE),
        help_text="Snapshot id (a complete one); default: the current snapshot.",
    )
    indicator = django_filters.ChoiceFilter(choices=Indicator.choices, help_text="Coefficient.")
    region = django_filters.CharFilter(field_name="region__iso_code", help_text="Region ISO 3166-2 code, e.g. RU-LIP.")
    macroregion = django_filters.CharFilter(field_name="region__macroregion__code", help_text="Macro-region code.")
    classifier = django_filters.CharFilter(
        field_name="item__classifier__code", help_text="Classifier code, e.g. nace2."
    )
    item = django_filters.CharFilter(field_name="item__code", help_text="Item code, e.g. C or 01-24.")
    year = django_filters.NumberFilter(field_name="year", help_text="Year.")
    competence = django_filters.BooleanFilter(field_name="is_competence", help_text="Only competences (true).")

    class Meta:
        model = CoefficientValue
        fields = ["dataset", "snapshot", "indicator", "region", "macroregion", "classifier", "item", "year"]


class CoefficientPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 5000


class CoefficientValueApi(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Coefficients of the competence maps: data set × coefficient × region × item × year.

    Reads the current snapshot unless ``snapshot`` names another complete one.
    """

    queryset = CoefficientValue.objects.none()  # the model, for the schema; rows come from the selector
    serializer_class = CoefficientValueSerializer
    filterset_class = CoefficientValueFilterSet
    filter_backends = [DjangoFilterBackend]
    pagination_class = CoefficientPagination
    rules_permissions = {"list": PUBLIC}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CoefficientValue.objects.none()
        filterset = self.filterset_class(self.request.query_params, queryset=CoefficientValue.objects.none())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        query = filterset.form.cleaned_data
        competence = query.get("competence")
        rows = selectors.coefficient_values(
            snapshot=query.get("snapshot"),
            dataset=query.get("dataset") or None,
            region=(query.get("region") or "").upper() or None,
            macroregion=query.get("macroregion") or None,
            indicator=query.get("indicator") or None,
            classifier=query.get("classifier") or None,
            item=query.get("item") or None,
            year=int(query["year"]) if query.get("year") is not None else None,
            competences_only=bool(competence),
        )
        if competence is False:
            rows = rows.filter(is_competence=False)
        return rows

    def filter_queryset(self, queryset):
        return queryset  # filtered by the selector in get_queryset (the backend documents the parameters)


NOT_COMPUTED = "No competence map has been computed yet."
DOCUMENT_ERRORS = {
    400: OpenApiResponse(description="Invalid query parameters."),
    404: OpenApiResponse(
        description="Unknown region, macro-region or data set; no snapshot yet; or none for that data set and year."
    ),
}


def _document(*, kind: str, key: str, query: dict[str, Any]) -> dict[str, Any]:
    """The scenario model or matrix of the current snapshot, or a 404 that says why."""
    if selectors.current_snapshot() is None:
        raise NotFound(NOT_COMPUTED)
    reader = selectors.scenario_for if kind == selectors.DOCUMENT_SCENARIO else selectors.matrix_for
    year = query.get("year")
    datasets = [dataset.code for dataset in selectors.datasets()]
    if query.get("dataset"):
        if query["dataset"] not in datasets:
            raise NotFound(f"Unknown data set {query['dataset']!r}.")
        datasets = [query["dataset"]]
    for code in datasets:  # the requested data set, else the first (display order) that has one
        payload = reader(key, code, year)
        if payload is not None:
            return payload
    what = "scenario model" if kind == selectors.DOCUMENT_SCENARIO else "managerial matrix"
    where = f" in data set {query['dataset']!r}" if query.get("dataset") else ""
    when = f" for {year}" if year else ""
    raise NotFound(f"No {what} for {key}{where}{when}.")


class RegionScenarioApi(viewsets.GenericViewSet):
    """The scenario model of smart specialisation of a region (Figure 1 of the method)."""

    queryset = Region.objects.none()
    lookup_field = "iso_code"
    lookup_url_kwarg = "iso"
    lookup_value_regex = "[A-Za-z]{2}-[A-Za-z]{2,3}"
    serializer_class = ScenarioSerializer
    rules_permissions = {"scenario": PUBLIC, "relatedness": PUBLIC}

    @extend_schema(
        parameters=[
            OpenApiParameter("iso", str, OpenApiParameter.PATH, description="ISO 3166-2 code, e.g. RU-LIP."),
            DocumentQuerySerializer,
        ],
        responses={200: ScenarioSerializer, **DOCUMENT_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def scenario(self, request, iso: str):
        """Levels ``global``, ``national``, ``macroregional``: directions, their S&T and cross-cutting competences."""
        query = DocumentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            region = region_detail(iso)
        except Region.DoesNotExist as error:
            raise NotFound(f"Unknown region {iso!r}.") from error
        payload = _document(kind=selectors.DOCUMENT_SCENARIO, key=region.iso_code, query=query.validated_data)
        return Response(ScenarioSerializer(payload).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("iso", str, OpenApiParameter.PATH, description="ISO 3166-2 code, e.g. RU-LIP."),
            RelatednessQuerySerializer,
        ],
        responses={200: RelatednessSerializer, **DOCUMENT_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def relatedness(self, request, iso: str):
        """Per coefficient family: the region's ECI and its rank among the regions, its relatedness density of
        every item, and its possible-to-develop ("technologically related") items.

        Possible to develop: coefficient below the threshold and density positive and at least the cut-off —
        ``min_density`` if given, else the ``quantile`` (default 0.5, the median) of the region's densities
        over the items it is not specialised in; ties at the cut-off count. Without ``year``, each family is
        read at the year the region's scenario model used (else its latest year).
        """
        query = RelatednessQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        try:
            region = region_detail(iso)
        except Region.DoesNotExist as error:
            raise NotFound(f"Unknown region {iso!r}.") from error
        snapshot = selectors.current_snapshot()
        if snapshot is None:
            raise NotFound(NOT_COMPUTED)
        rows = list(selectors.coefficient_values(snapshot=snapshot, region=region.iso_code))
        datasets = list(selectors.datasets())
        dataset = selectors.choose_dataset(params.get("dataset"), datasets, selectors.rows_by_dataset(rows))
        if dataset is None:
            raise NotFound(f"Unknown data set {params.get('dataset')!r}.")
        year = params.get("year")
        scenario = selectors.scenario_for(region.iso_code, dataset.code, year)
        documents = selectors.complexity_documents(dataset.code, years=selectors.document_family_years(scenario, year))
        if year is not None:
            documents = {key: payload for key, payload in documents.items() if payload.get("year") == year}
        if not documents:
            raise NotFound(f"No relatedness for {region.iso_code} in data set {dataset.code!r}.")
        rule = public_views.possible_rule(params)
        threshold = snapshot.threshold
        dataset_rows = [row for row in rows if row.dataset_code == dataset.code]
        families = [
            _relatedness_family(payload, dataset_rows, region=region.iso_code, threshold=threshold, rule=rule)
            for indicator in Indicator.values
            if (payload := documents.get(indicator)) is not None
        ]
        data = {
            "region": region.iso_code,
            "dataset": dataset.code,
            "rule": {
                "threshold": threshold,
                "quantile": None if rule.min_density is not None else rule.quantile,
                "min_density": rule.min_density,
                "description": rule.describe(threshold),
            },
            "families": families,
        }
        return Response(RelatednessSerializer(data).data)


def _relatedness_family(
    payload: dict[str, Any], rows: list[Any], *, region: str, threshold: float, rule: presenters.PossibleRule
) -> dict[str, Any]:
    """One family of the relatedness answer (the rule of ``analytics.computations.relatedness``)."""
    frame = presenters.family_possible(payload, rows, regions=[region], threshold=threshold, rule=rule)
    names = {
        row.item_code: (row.item_name_en, row.item_name_ru)
        for row in rows
        if row.indicator == payload.get("indicator") and row.year == payload.get("year")
    }
    ranks = eci_ranks(pd.Series(payload.get("eci", []), index=payload.get("regions", []), dtype="float64"))
    ranked = region in ranks.index and not pd.isna(ranks.loc[region, "rank"])
    return {
        "indicator": payload.get("indicator"),
        "year": payload.get("year"),
        "source": payload.get("source", ""),
        "eci": float(ranks.loc[region, "eci"]) if ranked else None,
        "eci_rank": int(ranks.loc[region, "rank"]) if ranked else None,
        "regions_ranked": int(ranks["of"].iloc[0]) if len(ranks) else 0,
        "cutoff": _optional_float(frame["cutoff"].iloc[0]) if len(frame) else None,
        "items": [
            {
                "code": record.item,
                "name_en": names.get(record.item, ("", ""))[0] or "",
                "name_ru": names.get(record.item, ("", ""))[1] or "",
                "value": _optional_float(record.value),
                "density": _optional_float(record.density),
                "competence": bool(record.competence),
                "possible": bool(record.possible),
            }
            for record in frame.itertuples(index=False)
        ],
    }


def _optional_float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


class MacroRegionMatrixApi(viewsets.GenericViewSet):
    """The managerial matrix of smart specialisation of a macro-region (Table 6 of the method)."""

    queryset = MacroRegion.objects.none()
    lookup_field = "code"
    lookup_value_regex = "[-a-z0-9]+"
    serializer_class = MatrixSerializer
    rules_permissions = {"matrix": PUBLIC}

    @extend_schema(
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="Macro-region code."),
            DocumentQuerySerializer,
        ],
        responses={200: MatrixSerializer, **DOCUMENT_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def matrix(self, request, code: str):
        """Directions × regions: presence (+/-) of specialisation, S&T competences, cross-cutting competences."""
        query = DocumentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if not macroregion_list().filter(code=code).exists():
            raise NotFound(f"Unknown macro-region {code!r}.")
        payload = _document(kind=selectors.DOCUMENT_MATRIX, key=code, query=query.validated_data)
        return Response(MatrixSerializer(payload).data)


class DatasetApi(viewsets.ReadOnlyModelViewSet):
    """Data sets of the competence maps (the paper's tables, Rosstat's series, imports); ``?dataset=`` elsewhere."""

    serializer_class = DatasetSerializer
    lookup_field = "code"
    pagination_class = None
    rules_permissions = PUBLIC_READ

    def get_queryset(self):
        return selectors.datasets()


class SnapshotApi(viewsets.ReadOnlyModelViewSet):
    """Recomputations of the competence maps: status, start and end times, row counts; newest first."""

    queryset = Snapshot.objects.order_by("-started_at", "-id")
    serializer_class = SnapshotSerializer
    rules_permissions = PUBLIC_READ


class CompetenceEventFilterSet(django_filters.FilterSet):
    """Filters of the competence events; every one optional, combined with AND."""

    region = django_filters.CharFilter(field_name="region__iso_code", help_text="ISO 3166-2 code, e.g. RU-LIP.")
    dataset = django_filters.CharFilter(field_name="dataset__code", help_text="Data set code, e.g. rosstat-gva.")
    indicator = django_filters.ChoiceFilter(choices=Indicator.choices, help_text="Coefficient.")
    kind = django_filters.ChoiceFilter(choices=CompetenceEventKind.choices, help_text="gained or lost.")
    classifier = django_filters.CharFilter(field_name="item__classifier__code", help_text="Classifier code.")
    item = django_filters.CharFilter(field_name="item__code", help_text="Item code, e.g. C.")
    year = django_filters.NumberFilter(field_name="year", min_value=1, max_value=9999)

    class Meta:
        model = CompetenceEvent
        fields = ["region", "dataset", "indicator", "kind", "classifier", "item", "year"]


class CompetenceEventApi(viewsets.ReadOnlyModelViewSet):
    """Competences gained and lost by regions from one year to the next (open data), newest year first.

    Recorded by each recomputation of the competence maps; filter by region (``?region=RU-LIP``),
    data set, coefficient, kind, classifier, item or year.
    """

    serializer_class = CompetenceEventSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CompetenceEventFilterSet
    rules_permissions = PUBLIC_READ

    def get_queryset(self):
        return selectors.competence_events()
