from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from cooperation.models import Agent, Project
from cooperation.selectors import agent_detail, project_detail
from core.api_permissions import PUBLIC

from .. import recommendations
from ..params import SearchParams
from ..selectors import competence_watches_of, saved_searches_of, search
from ..services import saved_search_create, saved_search_delete, saved_search_update
from ..services.competence_watches import competence_watch_create, competence_watch_delete
from .serializers import (
    CompetenceWatchSerializer,
    FacetSerializer,
    RecommendationsSerializer,
    SavedSearchSerializer,
    SearchResponseSerializer,
    SearchResultSerializer,
)

SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description=(
            "Free text, Russian or English (stemmed, with related terms): results hold any of its words, those with"
            " more of them first; agents, experts and projects before regions. Each result's `why` gives the fields"
            " that matched, words in <mark>."
        ),
    ),
    OpenApiParameter("kind", str, many=True, enum=["agent", "expert", "project", "region"]),
    OpenApiParameter("helix", str, many=True),
    OpenApiParameter("region", str, many=True, description="Region ISO code, e.g. RU-LIP."),
    OpenApiParameter("macroregion", str, many=True),
    OpenApiParameter("type", str, many=True, description="Type of cooperation."),
    OpenApiParameter("competence", int, many=True, description="Classifier item id."),
    OpenApiParameter("level", int, many=True, description="Cooperation level 1-4."),
    OpenApiParameter("sort", str, enum=["relevance", "newest", "name"]),
    OpenApiParameter("page", int),
]


class SearchApi(viewsets.ViewSet):
    """The partner search: the same parameters and results as the page ``/search/``, with the counts per filter.

    Filters repeat (``?region=RU-LIP&region=RU-VOR``); values of one filter are alternatives, filters
    combine. Only public things are searched, so the answer is the same for everyone."""

    rules_permissions = {"list": PUBLIC}

    @extend_schema(parameters=SEARCH_PARAMETERS, responses={200: SearchResponseSerializer})
    def list(self, request):
        params = SearchParams.from_query(request.query_params)
        results = search(params)
        page = results.page

        def link(number):
            return request.build_absolute_uri(f"{request.path}?{params.with_page(number).to_query(page=True)}")

        context = {"request": request}
        return Response(
            {
                "count": results.count,
                "page": page.number,
                "num_pages": page.paginator.num_pages,
                "next": link(page.next_page_number()) if page.has_next() else None,
                "previous": link(page.previous_page_number()) if page.has_previous() else None,
                "query": params.to_query(),
                "results": SearchResultSerializer(page.object_list, many=True, context=context).data,
                "facets": FacetSerializer(results.facets, many=True, context=context).data,
            }
        )


class SavedSearchApi(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's saved searches. Create with a name and the search's query string; rename and switch
    alerts with PATCH; another user's saved search answers 404."""

    serializer_class = SavedSearchSerializer
    filter_backends: list = []
    rules_permissions = {
        "list": "search.list_savedsearch",
        "create": "search.add_savedsearch",
        "retrieve": "search.view_savedsearch",
        "update": "search.change_savedsearch",
        "partial_update": "search.change_savedsearch",
        "destroy": "search.delete_savedsearch",
    }

    def get_queryset(self):
        return saved_searches_of(self.request.user)

    def _read(self, pk):
        return self.get_queryset().get(pk=pk)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = saved_search_create(
            actor=self.request.user,
            name=data["name"],
            query=data.get("query", ""),
            alerts_enabled=data.get("alerts_enabled", True),
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        saved = self._read(serializer.instance.pk)
        return Response(self.get_serializer(saved).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved_search_update(
            actor=request.user,
            saved_search=instance,
            name=data.get("name"),
            alerts_enabled=data.get("alerts_enabled"),
        )
        return Response(self.get_serializer(self._read(instance.pk)).data)

    def perform_destroy(self, instance):
        saved_search_delete(actor=self.request.user, saved_search=instance)


class RecommendationQuerySerializer(serializers.Serializer):
    agent = serializers.IntegerField(required=False, min_value=1)
    project = serializers.IntegerField(required=False, min_value=1)
    dataset = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs):
        if ("agent" in attrs) == ("project" in attrs):
            raise serializers.ValidationError("Give exactly one of ?agent= and ?project=.")
        return attrs


class RecommendationApi(viewsets.ViewSet):
    """Partner regions for an agent (``?agent=<id>``) or a project (``?project=<id>``), from the competence
    maps of the current snapshot: each with its complementary competences and their real coefficients,
    and agents and experts there. An agent or project the caller may not see answers 404."""

    rules_permissions = {"list": PUBLIC}

    @extend_schema(
        parameters=[
            OpenApiParameter("agent", OpenApiTypes.INT),
            OpenApiParameter("project", OpenApiTypes.INT),
            OpenApiParameter(
                "dataset", OpenApiTypes.STR, description="Data set code (default: the first covering it)."
            ),
        ],
        responses={200: RecommendationsSerializer},
    )
    def list(self, request):
        query = RecommendationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        dataset = data.get("dataset") or None
        try:
            if "agent" in data:
                subject = agent_detail(request.user, data["agent"])
                result = recommendations.for_agent(subject, dataset=dataset)
                described = {"kind": "agent", "id": subject.pk, "title": subject.display_name}
            else:
                subject = project_detail(request.user, data["project"])
                result = recommendations.for_project(subject, dataset=dataset)
                described = {"kind": "project", "id": subject.pk, "title": subject.title}
        except (Agent.DoesNotExist, Project.DoesNotExist) as error:
            raise NotFound from error
        payload = {
            "subject": described,
            "dataset": result.dataset["code"] if result.dataset else None,
            "dataset_name": result.dataset_name,
            "years": result.years,
            "threshold": result.threshold,
            "basis": result.basis,
            "basis_items": [list(item) for item in result.basis_items],
            "own_regions": [region.iso_code for region in result.own_regions],
            "suggestions": result.suggestions,
            "similar": result.similar,
            "datasets_used": [dataset["code"] for dataset in result.used],
            "complementary_empty": result.complementary_empty,
            "similar_empty": result.similar_empty,
            "notes": result.notes,
        }
        return Response(RecommendationsSerializer(payload, context={"request": request}).data)


class CompetenceWatchApi(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's competence watches: follow a region, an item or an item in a region (notified when a
    recomputation finds a competence gained or lost there); another user's watch answers 404."""

    serializer_class = CompetenceWatchSerializer
    filter_backends: list = []
    rules_permissions = {
        "list": "search.list_competencewatch",
        "create": "search.add_competencewatch",
        "retrieve": "search.view_competencewatch",
        "destroy": "search.delete_competencewatch",
    }

    def get_queryset(self):
        return competence_watches_of(self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = competence_watch_create(
            actor=self.request.user, region=data.get("region"), item=data.get("item")
        )

    def perform_destroy(self, instance):
        competence_watch_delete(actor=self.request.user, watch=instance)
