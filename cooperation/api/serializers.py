from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from analytics.models import ClassifierItem
from cooperation.choices import AgentRole, CooperationType
from cooperation.forms import competence_queryset
from cooperation.models import (
    Agent,
    AgentMembership,
    Milestone,
    Objective,
    Project,
    ProjectParticipant,
    ProjectTransition,
)
from cooperation.presenters import fit_as_dict, fit_parts
from cooperation.selectors import (
    agents_visible_to,
    allowed_directions,
    allowed_rubrics,
    fit_names,
    participation_details_visible,
    user_agent_roles,
)
from cooperation.services.projects import PROJECT_EDITABLE_FIELDS
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
    review_reason = serializers.SerializerMethodField(
        help_text="Why a moderator rejected the agent or which details they ask for: for its members and the staff."
    )

    class Meta:
        model = Agent
        fields = [
            "id",
            "name",
            "name_en",
            "helix",
            "is_cluster",
            "region",
            "macroregion",
            "description",
            "description_en",
            "competences",
            "is_verified",
            "verified_at",
            "review_status",
            "review_reason",
            "contacts",
            "created_at",
            "url",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_review_reason(self, agent) -> str | None:
        request = self.context.get("request")
        if request is None or not request.user.has_perm("cooperation.view_agent_members", agent):
            return None
        return agent.review_reason

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
            "is_cluster",
            "region",
            "description",
            "description_en",
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


# --- Projects.


class ProjectAgentSerializer(serializers.ModelSerializer):
    """An agent as shown inside a project: enough to link to it."""

    region = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)

    class Meta:
        model = Agent
        fields = ["id", "name", "name_en", "helix", "region"]


class ProjectRegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["iso_code", "name_ru", "name_en"]


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "helix", "sort_order", "text_ru", "text_en"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "title_en", "due_on", "done_on"]


class HelixBalanceSerializer(serializers.Serializer):
    """Accepted participants per helix (the lead included) and the helices nobody represents."""

    counts = serializers.DictField(child=serializers.IntegerField(), help_text="{helix: number of participants}")
    missing = serializers.ListField(child=serializers.CharField(), help_text="Helices with no accepted participant.")
    missing_display = serializers.ListField(child=serializers.CharField(), help_text="Their names.")


class FitPartSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["core", "complementarity", "relatedness", "helix_coverage"])
    label = serializers.CharField()
    value = serializers.FloatField(help_text="0-1.")
    percent = serializers.IntegerField()
    sentence = serializers.CharField(help_text="Why, in the caller's language.")


class FitSerializer(serializers.Serializer):
    """A project's fit score: the mean of four parts, each with the sentence that explains it."""

    score = serializers.FloatField(help_text="0-1: the mean of the four parts.")
    percent = serializers.IntegerField()
    parts = FitPartSerializer(many=True)
    snapshot = serializers.IntegerField(allow_null=True, help_text="The competence snapshot it was computed from.")


def fit_data(fit, context: dict) -> dict | None:
    """A stored fit as the API shows it; the names its sentences need are read once per page (two queries)."""
    if fit is None:
        return None
    if "fit_names" not in context:
        rows = context.get("fit_rows") or [fit]
        context["fit_names"] = fit_names([row.explanation for row in rows if row is not None])
    return fit_parts(fit_as_dict(fit), context["fit_names"])


class ProjectSerializer(serializers.ModelSerializer):
    """A project as read. Regions, ``is_interregional`` and ``helix_balance`` derive from the accepted participants."""

    lead_agent = ProjectAgentSerializer(read_only=True)
    cooperation_types = serializers.ListField(child=serializers.ChoiceField(choices=CooperationType.choices))
    cooperation_types_display = serializers.ListField(
        child=serializers.CharField(), source="get_cooperation_types_display", read_only=True
    )
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    objectives = ObjectiveSerializer(many=True, read_only=True)
    directions = CompetenceSerializer(many=True, read_only=True)
    rubrics = CompetenceSerializer(many=True, read_only=True)
    regions = ProjectRegionSerializer(many=True, read_only=True)
    is_interregional = serializers.BooleanField(read_only=True)
    helix_balance = serializers.SerializerMethodField()
    fit = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "title_ru",
            "title_en",
            "summary",
            "summary_ru",
            "summary_en",
            "description",
            "description_en",
            "lead_agent",
            "cooperation_types",
            "cooperation_types_display",
            "state",
            "state_display",
            "objectives",
            "directions",
            "rubrics",
            "regions",
            "is_interregional",
            "helix_balance",
            "fit",
            "starts_on",
            "ends_on",
            "started_on",
            "helix_reason",
            "is_featured",
            "is_hidden",
            "created_at",
            "updated_at",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(HelixBalanceSerializer)
    def get_helix_balance(self, project):
        balance = project.helix_balance
        return {
            "counts": {helix: count for helix, _label, count in balance},
            "missing": [helix for helix, _label, count in balance if count == 0],
            "missing_display": [label for _helix, label, count in balance if count == 0],
        }

    @extend_schema_field(FitSerializer(allow_null=True))
    def get_fit(self, project):
        """The fit score from the current competence maps (null before the first computation)."""
        fit = getattr(project, "fit", None) if _fit_loaded(project) else None
        if "fit_rows" not in self.context and self.parent is not None and self.parent.instance is not None:
            self.context["fit_rows"] = [getattr(row, "fit", None) for row in self.parent.instance if _fit_loaded(row)]
        return fit_data(fit, self.context)

    @extend_schema_field(serializers.CharField())
    def get_url(self, project):
        """The project's page."""
        return project.get_absolute_url()


class ProjectDetailSerializer(ProjectSerializer):
    """One project with its timeline."""

    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "milestones"]
        read_only_fields = fields


class IdOrCodeRelatedField(serializers.RelatedField):
    """A related object given by its id (a number) or by a code (a string; ``lookup`` turns it into a filter)."""

    default_error_messages = {
        "does_not_exist": _("Unknown value “{value}”."),
        "ambiguous": _("“{value}” matches several items: give the id or “classifier:code”."),
        "incorrect_type": _("Give an id or a code."),
    }

    def __init__(self, *, lookup, **kwargs):
        self.lookup = lookup
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        queryset = self.get_queryset()
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type")
        if isinstance(data, int):
            matches = list(queryset.filter(pk=data)[:2])
        else:
            # a string is a code first (GRNTI codes are digits); a numeric string that is no code is an id
            matches = list(queryset.filter(self.lookup(data.strip()))[:2])
            if not matches and data.strip().isdigit():
                matches = list(queryset.filter(pk=int(data))[:2])
        if not matches:
            self.fail("does_not_exist", value=data)
        if len(matches) > 1:
            self.fail("ambiguous", value=data)
        return matches[0]

    def to_representation(self, value):
        return value.pk


def _classifier_code_lookup(value: str) -> Q:
    """``"nace2:C"`` (classifier and item code) or a bare item code such as ``"53"``."""
    if ":" in value:
        classifier, code = value.split(":", 1)
        return Q(classifier__code=classifier, code=code)
    return Q(code=value)


def _objective_lookup(value: str) -> Q:
    """``"business:2"``: the helix and the objective's number in the catalogue (Table II)."""
    helix, _sep, number = value.partition(":")
    if not number.isdigit():
        return Q(pk__in=[])
    return Q(helix=helix, sort_order=int(number))


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "example": "nace2:C"}]})
class ClassifierItemIdOrCodeField(IdOrCodeRelatedField):
    """A classifier item by id, ``"classifier:code"`` or a code unique among the allowed items."""

    def __init__(self, **kwargs):
        super().__init__(lookup=_classifier_code_lookup, **kwargs)


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "example": "business:2"}]})
class ObjectiveIdOrCodeField(IdOrCodeRelatedField):
    """An objective of Table II by id or as ``"helix:number"``."""

    def __init__(self, **kwargs):
        super().__init__(lookup=_objective_lookup, **kwargs)


class ProjectWriteSerializer(serializers.ModelSerializer):
    """What the lead's members write. ``lead_agent`` (on creation only) must be one of the caller's agents.

    Objectives by id or ``"helix:number"``; directions and rubrics by id, ``"classifier:code"``
    (``"nace2:C"``, ``"grnti:53"``) or a code unique among the allowed items.
    """

    lead_agent = serializers.PrimaryKeyRelatedField(
        queryset=Agent.objects.none(),
        error_messages={"does_not_exist": _("Choose one of the organisations you act for.")},
    )
    cooperation_types = serializers.ListField(
        child=serializers.ChoiceField(choices=CooperationType.choices), allow_empty=True
    )
    objectives = ObjectiveIdOrCodeField(many=True, required=False, queryset=Objective.objects.all())
    directions = ClassifierItemIdOrCodeField(many=True, required=False, queryset=allowed_directions())
    rubrics = ClassifierItemIdOrCodeField(many=True, required=False, queryset=allowed_rubrics())

    class Meta:
        model = Project
        fields = ["lead_agent", *PROJECT_EDITABLE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if self.instance is not None:
            # the lead is chosen once, when the project is drafted
            self.fields.pop("lead_agent")
        elif user is not None:
            self.fields["lead_agent"].queryset = Agent.objects.filter(pk__in=list(user_agent_roles(user)))

    def to_service_kwargs(self) -> dict:
        """The validated data as keyword arguments of ``project_create``/``project_update``."""
        return dict(self.validated_data)


class ProjectTransitionSerializer(serializers.ModelSerializer):
    """One step of the workflow; ``reason`` is null for callers without ``cooperation.view_project_history``."""

    # Plain strings: an enum here would give the project states a second name in the schema.
    from_state = serializers.CharField(read_only=True, help_text="A project state; empty for the draft's creation.")
    to_state = serializers.CharField(read_only=True, help_text="A project state.")
    actor = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
    from_state_display = serializers.CharField(source="get_from_state_display", read_only=True)
    to_state_display = serializers.CharField(source="get_to_state_display", read_only=True)

    class Meta:
        model = ProjectTransition
        fields = [
            "id",
            "from_state",
            "from_state_display",
            "to_state",
            "to_state_display",
            "actor",
            "reason",
            "created_at",
        ]

    def _reasons_visible(self) -> bool:
        return bool(self.context.get("reasons_visible"))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, transition):
        # Who acted is shown, like the moderators' reasons, only to the lead's members and staff (as on the page).
        if transition.actor is None or not self._reasons_visible():
            return None
        return transition.actor.get_full_name() or transition.actor.email

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reason(self, transition):
        return transition.reason if self._reasons_visible() else None


class ProjectParticipantSerializer(serializers.ModelSerializer):
    """A participation. ``motivation`` is null for callers outside the lead, the participating agent and staff."""

    project = serializers.PrimaryKeyRelatedField(read_only=True)
    agent = ProjectAgentSerializer(read_only=True)
    role = serializers.CharField(read_only=True, help_text="``lead`` or ``partner``.")
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    motivation = serializers.SerializerMethodField()

    class Meta:
        model = ProjectParticipant
        fields = [
            "id",
            "project",
            "agent",
            "role",
            "role_display",
            "status",
            "status_display",
            "motivation",
            "created_at",
            "decided_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_motivation(self, participant):
        request = self.context.get("request")
        if request is None or not participation_details_visible(request.user, participant):
            return None
        return participant.motivation


class ProjectCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, max_length=2000, help_text="What should be changed.")


class AgentReasonSerializer(serializers.Serializer):
    """A moderator's reason for rejecting an agent, or the details they ask its administrators for."""

    reason = serializers.CharField(allow_blank=True, max_length=4000)


class ProjectReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=2000)


class ProjectStartSerializer(serializers.Serializer):
    started_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The day the work actually began; today if omitted. Not in the future.",
    )


class ProjectDatesSerializer(serializers.Serializer):
    """Only the given dates change; ``started_on`` only of an active project."""

    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    started_on = serializers.DateField(required=False, allow_null=True)


class ProjectApplySerializer(serializers.Serializer):
    agent = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.all(), help_text="One of the caller's agents.")
    motivation = serializers.CharField(allow_blank=True, max_length=2000)


class ProjectInviteSerializer(serializers.Serializer):
    """An agent the caller may see: an unverified one they may not see answers as a missing one."""

    agent = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.none(), help_text="The agent to invite.")
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["agent"].queryset = agents_visible_to(request.user)


class ParticipantDecisionSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class StateConflictSerializer(serializers.Serializer):
    """The 409 answer: the action is not possible in the object's current state."""

    detail = serializers.CharField()
    state = serializers.CharField(help_text="The current state.")


def _fit_loaded(project) -> bool:
    """``project.fit`` exists (a missing one-to-one raises; read from ``select_related`` when a list asked)."""
    try:
        project.fit  # noqa: B018 - the access is the check
    except Project.fit.RelatedObjectDoesNotExist:
        return False
    return True


class FitPreviewQuerySerializer(serializers.Serializer):
    """What the project form has chosen so far: the fit is computed from it and nothing is stored."""

    lead_agent = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.none(), required=False, allow_null=True)
    partners = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.none(), many=True, required=False)
    directions = serializers.PrimaryKeyRelatedField(queryset=ClassifierItem.objects.none(), many=True, required=False)
    rubrics = serializers.PrimaryKeyRelatedField(queryset=ClassifierItem.objects.none(), many=True, required=False)
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.none(), required=False, allow_null=True, help_text="An existing project (edit form)."
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from cooperation.forms import agents_to_propose
        from cooperation.selectors import agents_visible_to, allowed_directions, allowed_rubrics, projects_visible_to

        self.fields["lead_agent"].queryset = agents_visible_to(user)
        self.fields["partners"].child_relation.queryset = agents_to_propose()
        self.fields["directions"].child_relation.queryset = allowed_directions()
        self.fields["rubrics"].child_relation.queryset = allowed_rubrics()
        self.fields["project"].queryset = projects_visible_to(user)
