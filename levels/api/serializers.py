from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from analytics.models import ClassifierItem
from cooperation.choices import CooperationLevel, CooperationType
from cooperation.models import Agent
from levels.choices import IntegrationOrigin, IntegrationStage, InteractionKind, InteractionStatus, StructureKind
from levels.forms import priority_item
from levels.models import (
    IntegratedStructure,
    Interaction,
    PairLevel,
    RegionLevel,
    StrategyPriority,
    StructureDocument,
)
from levels.presenters import level_label
from regions.models import Region


class AgentBriefSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)

    class Meta:
        model = Agent
        fields = ["id", "name", "name_en", "region", "helix"]


class EvidencePointerSerializer(serializers.Serializer):
    """A piece of evidence behind a period: its kind and id, its date and level (and the partner, for regions)."""

    kind = serializers.ChoiceField(choices=["interaction", "expert", "project", "structure"])
    id = serializers.IntegerField()
    date = serializers.DateField()
    level = serializers.IntegerField()
    partner = serializers.IntegerField(required=False, help_text=_("Id of the partner region (regions' periods)."))


class InteractionSerializer(serializers.ModelSerializer):
    """An information exchange as read."""

    participants = AgentBriefSerializer(many=True, read_only=True)
    regions = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    recorder_region = serializers.SlugRelatedField(
        slug_field="iso_code",
        read_only=True,
        allow_null=True,
        help_text=_(
            "The recorder's side (null when not known); a representative or coordinator of another side confirms it."
        ),
    )
    status = serializers.ChoiceField(
        choices=InteractionStatus.choices,
        read_only=True,
        help_text=_("Only a confirmed interaction counts as evidence; a pending one awaits the other side."),
    )

    class Meta:
        model = Interaction
        fields = [
            "id",
            "title",
            "title_en",
            "kind",
            "occurred_on",
            "description",
            "description_en",
            "cooperation_types",
            "link",
            "participants",
            "regions",
            "status",
            "recorder_region",
            "decided_at",
            "dispute_reason",
            "is_withdrawn",
            "withdrawn_reason",
            "withdrawn_at",
            "created_at",
            "updated_at",
            "url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, interaction) -> list[str]:
        return sorted({agent.region.iso_code for agent in interaction.participants.all()})


class InteractionWriteSerializer(serializers.Serializer):
    """Record or correct an interaction; the service checks the participants and the permissions.

    ``title`` and ``description`` are Russian, ``title_en`` and ``description_en`` English: one title at least."""

    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=InteractionKind.choices)
    occurred_on = serializers.DateField()
    participants = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Agent.objects.select_related("region"),
        help_text=_("Ids of organisations of two or more regions."),
    )
    cooperation_types = serializers.ListField(
        child=serializers.ChoiceField(choices=CooperationType.choices), required=False, default=list
    )
    link = serializers.URLField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    description_en = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class StructureDocumentSerializer(serializers.ModelSerializer):
    href = serializers.CharField(read_only=True)

    class Meta:
        model = StructureDocument
        fields = ["id", "title", "url", "href", "created_at"]
        read_only_fields = ["id", "href", "created_at"]


class StrategyPrioritySerializer(serializers.ModelSerializer):
    """A priority of a joint strategy: the classifier (``nace2`` or ``grnti``) and code, the target."""

    classifier = serializers.CharField(source="item.classifier.code", read_only=True)
    code = serializers.CharField(source="item.code", read_only=True)

    class Meta:
        model = StrategyPriority
        fields = ["classifier", "code", "title", "target", "indicator"]


class PriorityWriteSerializer(serializers.Serializer):
    """A priority to write: ``code`` is an OKVED2 section (a letter) or a GRNTI rubric (digits)."""

    code = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=300)
    target = serializers.CharField(max_length=2000)
    indicator = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate_code(self, value: str) -> ClassifierItem:
        item = priority_item(value)
        if item is None:
            raise serializers.ValidationError(_("Unknown OKVED2 section or GRNTI rubric."))
        return item


class StructureSerializer(serializers.ModelSerializer):
    """An integrated structure as read."""

    name = serializers.CharField(read_only=True)
    sector = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text=_("OKVED2 section (null: none).")
    )
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("Id of the coordinating body (null: none).")
    )
    priorities = StrategyPrioritySerializer(many=True, read_only=True)
    member_regions = serializers.SlugRelatedField(slug_field="iso_code", many=True, read_only=True)
    member_agents = AgentBriefSerializer(many=True, read_only=True)
    documents = StructureDocumentSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = IntegratedStructure
        fields = [
            "id",
            "kind",
            "name",
            "name_ru",
            "name_en",
            "description",
            "cooperation_types",
            "member_regions",
            "member_agents",
            "sector",
            "parent",
            "stage",
            "origin",
            "priorities",
            "founded_on",
            "status",
            "confirmed_at",
            "confirmation_reason",
            "details_request",
            "rejection_reason",
            "dissolved_on",
            "dissolution_reason",
            "documents",
            "created_at",
            "url",
        ]


class StructureWriteSerializer(serializers.Serializer):
    """Propose an integrated structure."""

    kind = serializers.ChoiceField(choices=StructureKind.choices)
    name_ru = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    name_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    cooperation_types = serializers.ListField(
        child=serializers.ChoiceField(choices=CooperationType.choices), required=False, default=list
    )
    founded_on = serializers.DateField()
    member_regions = serializers.SlugRelatedField(
        slug_field="iso_code", many=True, queryset=Region.objects.all(), help_text=_("ISO codes, at least two.")
    )
    member_agents = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Agent.objects.all(), required=False, default=list
    )
    sector = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ClassifierItem.objects.filter(classifier__code="nace2").select_related("classifier"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("OKVED2 section (alliances and clusters)."),
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=IntegratedStructure.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Id of the coordinating body."),
    )
    stage = serializers.ChoiceField(
        choices=IntegrationStage.choices, required=False, default=IntegrationStage.COORDINATION
    )
    origin = serializers.ChoiceField(
        choices=IntegrationOrigin.choices, required=False, default=IntegrationOrigin.BOTTOM_UP
    )
    priorities = PriorityWriteSerializer(many=True, required=False, default=list)
    documents = serializers.ListField(
        child=serializers.URLField(), required=False, default=list, help_text=_("Links to the founding documents.")
    )


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required when the evidence is incomplete."),
    )


class DissolveSerializer(serializers.Serializer):
    dissolved_on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class DocumentWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    url = serializers.URLField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)


class _LevelFields(serializers.Serializer):
    level_name = serializers.SerializerMethodField()
    evidence = EvidencePointerSerializer(many=True, read_only=True)

    def get_level_name(self, period) -> str:
        return level_label(period.level)


class PairLevelSerializer(_LevelFields, serializers.ModelSerializer):
    """A period during which two regions held a level (or a higher one); ``lost_on`` null while still held."""

    region_a = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)
    region_b = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)
    level = serializers.ChoiceField(choices=CooperationLevel.choices, read_only=True)

    class Meta:
        model = PairLevel
        fields = ["id", "region_a", "region_b", "level", "level_name", "reached_on", "lost_on", "evidence"]


class RegionLevelSerializer(_LevelFields, serializers.ModelSerializer):
    """A period during which a region held a level (or a higher one) with at least one partner."""

    region = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)
    level = serializers.ChoiceField(choices=CooperationLevel.choices, read_only=True)

    class Meta:
        model = RegionLevel
        fields = ["id", "region", "level", "level_name", "reached_on", "lost_on", "evidence"]


class LinkCellSerializer(serializers.Serializer):
    """One cell of the 4 × 4 grid: helix of the first region × helix of the second, its level today and the
    evidence valid today (at most ten pointers, highest level first)."""

    helix_a = serializers.CharField()
    helix_b = serializers.CharField()
    level = serializers.IntegerField()
    evidence_count = serializers.IntegerField()
    evidence = EvidencePointerSerializer(many=True)


class YearCountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField(help_text=_("Pieces of evidence begun that year."))


class RegularitySerializer(serializers.Serializer):
    per_year = YearCountSerializer(many=True, help_text=_("Every year from the first to the last with links."))
    years = serializers.IntegerField(help_text=_("Number of years in which links were made."))


class PairLinksSerializer(serializers.Serializer):
    """Two regions in depth: the level, the grid of links between their helices and the regularity of links."""

    region_a = serializers.CharField(help_text=_("ISO code of the first region (the grid's rows)."))
    region_b = serializers.CharField(help_text=_("ISO code of the second region (the grid's columns)."))
    level = serializers.IntegerField(help_text=_("The pair's level today: the highest cell."))
    grid = serializers.ListField(child=LinkCellSerializer(many=True), help_text=_("Four rows of four cells."))
    regularity = RegularitySerializer()
    pending_interactions = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Ids of interactions awaiting confirmation or disputed.")
    )
