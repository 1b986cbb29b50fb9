from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.api.serializers import CompetenceSerializer
from cooperation.forms import competence_queryset
from cooperation.models import Agent, Project
from cooperation.selectors import projects_visible_to, user_agent_roles
from regions.models import Region

from ..choices import Language
from ..models import Consultation, ExpertInvitation, ExpertProfile
from ..selectors import experts_visible_to
from ..services import PROFILE_EDITABLE_FIELDS


class ExpertSerializer(serializers.ModelSerializer):
    """An expert profile as read; ``contact_email`` is null for anonymous callers."""

    name = serializers.CharField(source="display_name", read_only=True)
    region = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)
    macroregion = serializers.CharField(source="region.macroregion.code", read_only=True)
    competences = CompetenceSerializer(many=True, read_only=True)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.choices), read_only=True)
    contact_email = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    agent_name = serializers.CharField(source="agent.display_name", read_only=True, default=None, allow_null=True)
    helix = serializers.CharField(read_only=True, help_text="Helix of the expert's organisation; empty when none.")

    class Meta:
        model = ExpertProfile
        fields = [
            "id",
            "name",
            "headline_ru",
            "headline_en",
            "bio_ru",
            "bio_en",
            "region",
            "macroregion",
            "agent",
            "agent_name",
            "helix",
            "competences",
            "languages",
            "availability",
            "is_published",
            "contact_email",
            "created_at",
            "updated_at",
            "url",
        ]

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_contact_email(self, profile):
        request = self.context.get("request")
        if request is None or not request.user.has_perm("experts.view_expertprofile_contacts", profile):
            return None
        return profile.contact_address


class ExpertWriteSerializer(serializers.ModelSerializer):
    """The caller's own profile: region by ISO code, competences by classifier item id, ``full_name`` is the
    user's name shown on the profile."""

    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    region = serializers.SlugRelatedField(slug_field="iso_code", queryset=Region.objects.all())
    agent = serializers.PrimaryKeyRelatedField(
        queryset=Agent.objects.none(),
        required=False,
        allow_null=True,
        help_text="An organisation the caller acts for (others do not exist for this field).",
    )
    competences = serializers.PrimaryKeyRelatedField(many=True, queryset=competence_queryset(), required=False)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=Language.choices), required=False, allow_empty=True
    )

    class Meta:
        model = ExpertProfile
        fields = list(PROFILE_EDITABLE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["agent"].queryset = Agent.objects.filter(
            pk__in=list(user_agent_roles(getattr(request, "user", None)))
        )


class ExpertInvitationSerializer(serializers.ModelSerializer):
    project_title = serializers.CharField(source="project.title", read_only=True)
    expert_name = serializers.CharField(source="expert.display_name", read_only=True)
    expert_region = serializers.CharField(source="expert.region.iso_code", read_only=True)
    lead_region = serializers.CharField(source="project.lead_agent.region.iso_code", read_only=True)
    invited_by = serializers.CharField(source="invited_by.get_full_name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = ExpertInvitation
        fields = [
            "id",
            "project",
            "project_title",
            "expert",
            "expert_name",
            "expert_region",
            "lead_region",
            "invited_by",
            "message",
            "status",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class ExpertInvitationCreateSerializer(serializers.Serializer):
    """Invite a published expert to a project the caller's agent leads."""

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.none())
    expert = serializers.PrimaryKeyRelatedField(queryset=ExpertProfile.objects.none())
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        # Projects and profiles the caller may not see "do not exist" for them.
        self.fields["project"].queryset = projects_visible_to(user)
        self.fields["expert"].queryset = experts_visible_to(user)


class ExpertInvitationResponseSerializer(serializers.Serializer):
    accept = serializers.BooleanField(help_text="true to accept the invitation, false to decline it.")


class ConsultationSerializer(serializers.ModelSerializer):
    """A consultation as its two sides (or, once confirmed, everyone signed in) see it."""

    advising_agent_name = serializers.CharField(source="advising_agent.display_name", read_only=True)
    advising_region = serializers.CharField(source="advising_agent.region.iso_code", read_only=True)
    advising_helix = serializers.CharField(source="advising_agent.helix", read_only=True)
    advised_agent_name = serializers.CharField(source="advised_agent.display_name", read_only=True)
    advised_region = serializers.CharField(source="advised_agent.region.iso_code", read_only=True)
    advised_helix = serializers.CharField(source="advised_agent.helix", read_only=True)
    result_document_url = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "advising_agent",
            "advising_agent_name",
            "advising_region",
            "advising_helix",
            "advised_agent",
            "advised_agent_name",
            "advised_region",
            "advised_helix",
            "subject",
            "description",
            "starts_on",
            "ends_on",
            "status",
            "result_summary",
            "result_document_url",
            "reason",
            "created_at",
            "answered_at",
            "completed_at",
            "decided_at",
        ]
        read_only_fields = fields

    def get_result_document_url(self, consultation: Consultation) -> str | None:
        """The protected download address of the result document (``null`` when there is none)."""
        return consultation.document_url or None


class ConsultationCreateSerializer(serializers.Serializer):
    """Ask an agent of another region for a consultation, for an agent you act for."""

    advised_agent = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.none())
    advising_agent = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.none())
    subject = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        # Agents the caller may not see "do not exist" for them.
        self.fields["advised_agent"].queryset = Agent.objects.visible_to(user)
        self.fields["advising_agent"].queryset = Agent.objects.visible_to(user)


class ConsultationCompleteSerializer(serializers.Serializer):
    """The result of a consultation (multipart when a document is attached)."""

    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    result_summary = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    result_document = serializers.FileField(required=False, allow_null=True, default=None)


class ConsultationReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
