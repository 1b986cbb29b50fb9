"""The levels API: evidence (interactions, integrated structures) and the computed levels.

Same rules as the pages: reads filter by what the caller may see (404 otherwise);
writes go through the services, which check the state (409) and the permission (403).
"""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from levels import computations, selectors, services
from levels.filtersets import InteractionFilterSet, PairLevelFilterSet, RegionLevelFilterSet, StructureFilterSet
from regions.models import Region
from regions.selectors import region_detail

from .serializers import (
    DissolveSerializer,
    DocumentWriteSerializer,
    InteractionSerializer,
    InteractionWriteSerializer,
    OptionalReasonSerializer,
    PairLevelSerializer,
    PairLinksSerializer,
    ReasonSerializer,
    RegionLevelSerializer,
    StructureDocumentSerializer,
    StructureSerializer,
    StructureWriteSerializer,
)


def _reason(request, serializer_class=ReasonSerializer) -> str:
    """The ``reason`` of an action's body, validated by ``serializer_class`` (400 with the field's error)."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data["reason"]


@extend_schema_view(
    list=extend_schema(summary="Information exchanges (evidence of level 1)"),
    retrieve=extend_schema(summary="One information exchange"),
    # PATCH answers like PUT (the read serializer); undecorated, the schema said it returned the write one.
    partial_update=extend_schema(request=InteractionWriteSerializer, responses={200: InteractionSerializer}),
)
class InteractionApi(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Information exchanges between agents of different regions.

    Recorded by regional coordinators of one of the regions and members of a
    participating agent; moderators correct any. There is no DELETE: an
    interaction recorded in error is *withdrawn* (``POST …/withdraw/`` with a
    reason) and stops counting; a moderator may restore it.
    """

    filterset_class = InteractionFilterSet
    ordering_fields = ["occurred_on", "created_at"]
    rules_permissions = {
        "list": "levels.view_levels",
        "retrieve": "levels.view_interaction",
        "create": "levels.add_interaction",
        # The services check the state (409) before the permission (403).
        "update": "levels.view_interaction",
        "partial_update": "levels.view_interaction",
        "withdraw": "levels.view_interaction",
        "restore": "levels.view_interaction",
        "confirm": "levels.view_interaction",
        "dispute": "levels.view_interaction",
    }

    def get_queryset(self):
        return selectors.interaction_list(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return InteractionWriteSerializer
        return InteractionSerializer

    def _read(self, interaction, status_code=status.HTTP_200_OK):
        interaction = self.get_queryset().get(pk=interaction.pk)
        return Response(InteractionSerializer(interaction, context=self.get_serializer_context()).data, status_code)

    @extend_schema(request=InteractionWriteSerializer, responses={201: InteractionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = InteractionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interaction = services.interaction_record(actor=request.user, **serializer.validated_data)
        return self._read(interaction, status.HTTP_201_CREATED)

    @extend_schema(request=InteractionWriteSerializer, responses={200: InteractionSerializer})
    def update(self, request, *args, **kwargs):
        interaction = self.get_object()
        partial = kwargs.get("partial", False)
        serializer = InteractionWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        participants = data.pop("participants", None)
        services.interaction_update(interaction=interaction, actor=request.user, participants=participants, **data)
        return self._read(interaction)

    @extend_schema(request=ReasonSerializer, responses={200: InteractionSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the interaction (reason required): it stays on record but stops counting. 409 if withdrawn."""
        interaction = services.interaction_withdraw(
            interaction=self.get_object(), actor=request.user, reason=_reason(request)
        )
        return self._read(interaction)

    @extend_schema(request=None, responses={200: InteractionSerializer})
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Restore a withdrawn interaction (moderators). 409 if it is not withdrawn."""
        return self._read(services.interaction_restore(interaction=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses={200: InteractionSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The other side confirms a pending interaction: it counts from now on. 409 if already decided."""
        return self._read(services.interaction_confirm(interaction=self.get_object(), actor=request.user))

    @extend_schema(request=ReasonSerializer, responses={200: InteractionSerializer})
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        """The other side disputes a pending interaction (reason required): it never counts. 409 if decided."""
        interaction = services.interaction_dispute(
            interaction=self.get_object(), actor=request.user, reason=_reason(request)
        )
        return self._read(interaction)


@extend_schema_view(
    list=extend_schema(summary="Integrated structures (evidence of level 4 once confirmed)"),
    retrieve=extend_schema(summary="One integrated structure"),
)
class IntegratedStructureApi(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Interregional alliances, joint clusters, joint strategies and coordinating bodies.

    ``POST`` proposes one (coordinators of a member region, members of a member
    agent); moderators ``confirm``, ``reject`` (reason) or ``dissolve`` (date, reason).
    Proposed and rejected structures are visible only to those concerned (404 otherwise).
    """

    filterset_class = StructureFilterSet
    ordering_fields = ["founded_on", "created_at"]
    rules_permissions = {
        "list": "levels.view_levels",
        "retrieve": "levels.view_integratedstructure",
        "create": "levels.add_integratedstructure",
        "confirm": "levels.view_integratedstructure",
        "reject": "levels.view_integratedstructure",
        "request_details": "levels.view_integratedstructure",
        "submit": "levels.view_integratedstructure",
        "dissolve": "levels.view_integratedstructure",
        "documents": "levels.view_integratedstructure",
    }

    def get_queryset(self):
        return selectors.structure_list(self.request.user)

    def get_serializer_class(self):
        return StructureWriteSerializer if self.action == "create" else StructureSerializer

    def _read(self, structure, status_code=status.HTTP_200_OK):
        structure = self.get_queryset().get(pk=structure.pk)
        return Response(StructureSerializer(structure, context=self.get_serializer_context()).data, status_code)

    @extend_schema(request=StructureWriteSerializer, responses={201: StructureSerializer})
    def create(self, request, *args, **kwargs):
        serializer = StructureWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        documents = [{"url": link} for link in data.pop("documents", [])]
        priorities = [
            services.PrioritySpec(item=p["code"], title=p["title"], target=p["target"], indicator=p["indicator"])
            for p in data.pop("priorities", [])
        ]
        structure = services.structure_propose(actor=request.user, documents=documents, priorities=priorities, **data)
        return self._read(structure, status.HTTP_201_CREATED)

    @extend_schema(request=OptionalReasonSerializer, responses={200: StructureSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm a proposed structure (moderators). 409 unless proposed.

        Needs evidence (a member agent in each member region and a founding document) or a ``reason``.
        """
        structure = services.structure_confirm(
            structure=self.get_object(), actor=request.user, reason=_reason(request, OptionalReasonSerializer)
        )
        return self._read(structure)

    @extend_schema(request=ReasonSerializer, responses={200: StructureSerializer})
    @action(detail=True, methods=["post"], url_path="request-details")
    def request_details(self, request, pk=None):
        """Send a proposed structure back to its proposer, saying for details (moderators); 409 unless proposed."""
        structure = services.structure_request_details(
            structure=self.get_object(), actor=request.user, reason=_reason(request)
        )
        return self._read(structure)

    @extend_schema(request=None, responses={200: StructureSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a structure again after giving the details asked for (its proposer). 409 unless details requested."""
        return self._read(services.structure_submit(structure=self.get_object(), actor=request.user))

    @extend_schema(request=ReasonSerializer, responses={200: StructureSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a proposed structure with a reason (moderators). 409 unless proposed."""
        structure = services.structure_reject(structure=self.get_object(), actor=request.user, reason=_reason(request))
        return self._read(structure)

    @extend_schema(request=DissolveSerializer, responses={200: StructureSerializer})
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        """Record that a confirmed structure was dissolved (moderators). 409 unless confirmed."""
        serializer = DissolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        structure = services.structure_dissolve(
            structure=self.get_object(), actor=request.user, **serializer.validated_data
        )
        return self._read(structure)

    @extend_schema(request=DocumentWriteSerializer, responses={201: StructureDocumentSerializer})
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        """Attach a document (a link, or a file as multipart) — the proposer while proposed, or a moderator."""
        serializer = DocumentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.structure_add_document(
            structure=self.get_object(), actor=request.user, **serializer.validated_data
        )
        return Response(StructureDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class PairLevelApi(viewsets.ReadOnlyModelViewSet):
    """Periods during which two regions held each level (or a higher one), with the evidence behind each.

    ``?region=RU-LIP&current=true`` lists the pairs of a region as they are now;
    the earliest ``reached_on`` of a level is the date it was first reached.
    """

    serializer_class = PairLevelSerializer
    filterset_class = PairLevelFilterSet
    ordering_fields = ["reached_on", "level"]
    rules_permissions = {
        "list": "levels.view_levels",
        "retrieve": "levels.view_levels",
        "between": "levels.view_levels",
    }

    def get_queryset(self):
        return selectors.pair_level_list()

    @extend_schema(responses={200: PairLinksSerializer}, filters=False)
    @action(
        detail=False,
        methods=["get"],
        url_path=r"between/(?P<iso_a>[A-Za-z0-9-]+)/(?P<iso_b>[A-Za-z0-9-]+)",
        pagination_class=None,
        filterset_class=None,
    )
    def between(self, request, iso_a=None, iso_b=None):
        """Two regions in depth (``…/between/RU-LIP/RU-VOR/``): the level today, the 4 × 4 grid of links
        between their helices (rows: the first region's, columns: the second's — government, business,
        science, civil) with the evidence of each cell, the regularity of links (evidence per year, years
        with links) and the interactions that do not count yet."""
        try:
            first, second = region_detail(iso_a), region_detail(iso_b)
        except Region.DoesNotExist as error:
            raise Http404 from error
        if first.pk == second.pk:
            raise Http404
        today = timezone.localdate()
        data = selectors.pair_data(first, second)
        grid = computations.link_grid(data.evidence, as_of=today, flipped=data.flipped)
        regularity = computations.regularity([(row.kind, row.ref, row.date_from) for row in data.evidence], as_of=today)
        payload = {
            "region_a": first.iso_code,
            "region_b": second.iso_code,
            "level": computations.grid_level(grid),
            "grid": [
                [
                    {
                        "helix_a": cell.helix_a,
                        "helix_b": cell.helix_b,
                        "level": cell.level,
                        "evidence_count": cell.evidence_count,
                        "evidence": [
                            {"kind": row.kind, "id": row.ref, "date": row.date_from, "level": row.level}
                            for row in cell.evidence
                        ],
                    }
                    for cell in line
                ]
                for line in grid
            ],
            "regularity": {
                "per_year": [{"year": year, "count": count} for year, count in regularity.per_year],
                "years": regularity.years,
            },
            "pending_interactions": [interaction.pk for interaction in data.pending],
        }
        return Response(PairLinksSerializer(payload).data)


class RegionLevelApi(viewsets.ReadOnlyModelViewSet):
    """Periods during which each region held each level (or a higher one) with at least one partner."""

    serializer_class = RegionLevelSerializer
    filterset_class = RegionLevelFilterSet
    ordering_fields = ["reached_on", "level"]
    rules_permissions = {"list": "levels.view_levels", "retrieve": "levels.view_levels"}

    def get_queryset(self):
        return selectors.region_level_list()
