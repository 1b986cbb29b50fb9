from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from analytics.models import ClassifierItem
from cooperation.choices import AgentRole
from cooperation.forms import competence_queryset
from cooperation.models import Agent, AgentMembership
from regions.models import Region


class CompetenceSerializer(serializers.ModelSerializer):
    classifier = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ClassifierItem
        fields = ["id", "classifier", "code", "name_ru", "name_en"]


class AgentContactsSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agent
        fields = ["website", "email", "phone", "address"]


class AgentSerializer(serializers.ModelSerializer):
    """An agent as read; ``contacts`` is null for anonymous callers."""

    region = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)
    macroregion = serializers.CharField(source="region.macroregion.code", read_only=True)
    competences = CompetenceSerializer(many=True, read_only=True)
    contacts = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Agent
        fields = [
            "id",
            "name",
            "name_en",
            "helix",
            "region",
            "macroregion",
            "description",
            "competences",
            "is_verified",
            "verified_at",
            "contacts",
            "created_at",
            "url",
        ]

    @extend_schema_field(AgentContactsSerializer(allow_null=True))
    def get_contacts(self, agent):
        request = self.context.get("request")
        if request is None or not request.user.has_perm("cooperation.view_agent_contacts", agent):
            return None
        return AgentContactsSerializer(agent).data


class AgentWriteSerializer(serializers.ModelSerializer):
    """Fields an agent administrator may set; the region by ISO code, competences by item id."""

    region = serializers.SlugRelatedField(slug_field="iso_code", queryset=Region.objects.all())
    competences = serializers.PrimaryKeyRelatedField(many=True, queryset=competence_queryset(), required=False)

    class Meta:
        model = Agent
        fields = [
            "name",
            "name_en",
            "helix",
            "region",
            "description",
            "competences",
            "website",
            "email",
            "phone",
            "address",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    agent = serializers.PrimaryKeyRelatedField(read_only=True)
    agent_name = serializers.CharField(source="agent.name", read_only=True)
    user = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = AgentMembership
        fields = ["id", "agent", "agent_name", "user", "role", "status", "message", "created_at", "decided_at"]


class MembershipRequestSerializer(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class MembershipDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "decline"])
    role = serializers.ChoiceField(choices=AgentRole.choices, default=AgentRole.REPRESENTATIVE)


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=AgentRole.choices)
