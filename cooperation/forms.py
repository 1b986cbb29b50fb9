from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from analytics.models import ClassifierItem
from core.forms import GroupedModelMultipleChoiceField
from regions.forms import RegionChoiceField
from regions.models import Region

from .choices import AgentRole, CooperationType, GoalHorizon, Helix
from .models import Agent, Objective, Project
from .models.attachments import ALLOWED_EXTENSIONS
from .selectors import allowed_competences, allowed_directions, allowed_rubrics, user_agent_roles
from .services.projects import PROJECT_EDITABLE_FIELDS


class CompetenceChoiceField(GroupedModelMultipleChoiceField):
    """Competences as "C — Manufacturing", grouped under their classifier (ОКВЭД 2, ГРНТИ).

    The queryset needs ``select_related("classifier")`` (``allowed_competences`` has it).
    """

    def label_from_instance(self, obj: ClassifierItem) -> str:
        return f"{obj.code} — {obj.name}"

    def group_label(self, obj: ClassifierItem) -> str:
        return obj.classifier.name


def competence_queryset():
    """The competences an agent or expert may choose (decided in ``selectors.allowed_competences``)."""
    return allowed_competences()


class AgentForm(forms.ModelForm):
    """Registration and editing of an agent; the service does the write."""

    competences = CompetenceChoiceField(
        label=_("Competences"),
        queryset=ClassifierItem.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Agent
        field_classes = {"region": RegionChoiceField}  # alphabetical in the page's language
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
        labels = {"description": _("Description (in Russian)"), "description_en": _("Description (in English)")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competences"].queryset = competence_queryset()
        self.fields["region"].queryset = Region.objects.all()


class MembershipRequestForm(forms.Form):
    """A short note to the agent's administrators."""

    message = forms.CharField(
        label=_("Message to the organisation's administrators"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say who you are and why you act for this organisation."),
    )


class MembershipDecisionForm(forms.Form):
    """Approve (with a role) or decline a request to join."""

    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    role = forms.ChoiceField(label=_("Role"), choices=AgentRole.choices, initial=AgentRole.REPRESENTATIVE)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=AgentRole.choices)


# --- Projects.


class DateInput(forms.DateInput):
    """The browser's date picker (ISO dates, whatever the page's language)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PartnerChoiceField(GroupedModelMultipleChoiceField):
    """Agents labelled with their region, e.g. "Воронежский университет — Воронежская область",
    grouped by region in alphabetical order (the label keeps the region so that it can be searched)."""

    sort_groups = True

    def label_from_instance(self, obj: Agent) -> str:
        return f"{obj.display_name} — {obj.region.name}"

    def group_label(self, obj: Agent) -> str:
        return obj.region.name


def agents_to_propose() -> QuerySet[Agent]:
    """Verified agents a new project may invite: exactly the agents everyone may see, no unverified one."""
    return Agent.objects.filter(is_verified=True).select_related("region").order_by("name", "id")


class ProjectForm(forms.ModelForm):
    """Drafting and editing a project; the services do the write (the lead agent is chosen only when drafting)."""

    lead_agent = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Agent.objects.none(),
        help_text=_("The organisation that leads the project; you act for it."),
    )
    cooperation_types = forms.MultipleChoiceField(
        label=_("Types of cooperation"),
        choices=CooperationType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectives"),
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The objectives of interregional cooperation the project serves, by helix."),
    )
    directions = CompetenceChoiceField(
        label=_("Specialisation directions"),
        queryset=ClassifierItem.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Sections of economic activity (OKVED2)."),
    )
    rubrics = CompetenceChoiceField(
        label=_("S&T rubrics"),
        queryset=ClassifierItem.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Rubrics of GRNTI."),
    )
    partners = PartnerChoiceField(
        label=_("Partners to invite"),
        queryset=Agent.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Verified organisations. They are invited when the moderators publish the project."),
    )

    class Meta:
        model = Project
        fields = ["lead_agent", *PROJECT_EDITABLE_FIELDS]
        widgets = {
            "helix_reason": forms.Textarea(attrs={"rows": 2}),
            "summary_ru": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "description_en": forms.Textarea(attrs={"rows": 8, "lang": "en"}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        labels = {"description": _("Description (in Russian)"), "description_en": _("Description (in English)")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The lead agent of an existing project does not change; partners are invited on the project page.
            del self.fields["lead_agent"]
            del self.fields["partners"]
        else:
            self.fields["partners"].queryset = agents_to_propose()
            agent_ids = list(user_agent_roles(user)) if user is not None else []
            self.fields["lead_agent"].queryset = Agent.objects.filter(pk__in=agent_ids).order_by("name", "id")
            if len(agent_ids) == 1:
                self.fields["lead_agent"].initial = agent_ids[0]
        self.fields["objectives"].queryset = Objective.objects.order_by("helix", "sort_order", "id")
        self.fields["directions"].queryset = allowed_directions()
        self.fields["rubrics"].queryset = allowed_rubrics()

    def clean(self):
        cleaned = super().clean()
        lead, partners = cleaned.get("lead_agent"), cleaned.get("partners")
        if lead is not None and partners and lead in partners:
            self.add_error("partners", _("The lead organisation cannot be its own partner."))
        return cleaned

    def _update_errors(self, errors):
        # A field that already failed its own validation needs no second message from ``Project.clean()``.
        if hasattr(errors, "error_dict"):
            remaining = {field: items for field, items in errors.error_dict.items() if field not in self._errors}
            if not remaining:
                return
            errors = ValidationError(remaining)
        super()._update_errors(errors)

    def objective_groups(self) -> list[tuple[str, str, list]]:
        """``(helix, label, checkboxes)`` of the objectives, one group per helix in the spiral's order."""
        helix_of = dict(self.fields["objectives"].queryset.values_list("pk", "helix"))
        groups: dict[str, list] = {}
        for checkbox in self["objectives"]:
            groups.setdefault(helix_of.get(int(str(checkbox.data["value"]))), []).append(checkbox)
        return [(value, label, groups[value]) for value, label in Helix.choices if value in groups]


#: Who reads a moderator's reason: an organisation's representatives, or a project lead's members (the default).
AGENT_READS_REASON = _("The organisation's representatives will read it.")
LEAD_READS_REASON = _("The lead's members will read it.")


class ReasonForm(forms.Form):
    """A moderator's reason, read by the other side: for rejecting or hiding a project (the default wording),
    rejecting an agent or asking its administrators for details (``label`` and ``help_text`` say what is asked
    and who reads it)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=LEAD_READS_REASON,
    )

    def __init__(self, *args, label: Any = None, help_text: Any = None, **kwargs):
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["reason"].label = label
        if help_text is not None:
            self.fields["reason"].help_text = help_text


class CommentForm(forms.Form):
    """A moderator's comment saying what the lead should change."""

    comment = forms.CharField(
        label=_("What should be changed"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The lead's members will read it."),
    )


class ApplyForm(forms.Form):
    """An agent's application to join a project as a partner."""

    agent = forms.ModelChoiceField(label=_("Organisation"), queryset=Agent.objects.none())
    motivation = forms.CharField(
        label=_("Motivation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say briefly what your organisation brings and expects."),
    )

    def __init__(self, *args, agents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agents is not None:
            self.fields["agent"].queryset = agents
            if len(agents) == 1:
                self.fields["agent"].initial = agents[0].pk


class InviteForm(forms.Form):
    """The lead's invitation of a verified agent."""

    agent = forms.ModelChoiceField(label=_("Organisation to invite"), queryset=Agent.objects.none())
    message = forms.CharField(
        label=_("Message"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, agents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agents is not None:
            self.fields["agent"].queryset = agents


class AttachmentForm(forms.Form):
    """A file to attach to a project."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPG, CSV or TXT; at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": ",".join(f".{extension}" for extension in ALLOWED_EXTENSIONS)}),
    )
    title = forms.CharField(
        label=_("Title"), required=False, max_length=300, help_text=_("If empty, the file's name is used.")
    )


class MilestoneForm(forms.Form):
    """A step of the project's timeline, titled in Russian, English or both (the service asks for one)."""

    title = forms.CharField(label=_("Milestone in Russian"), max_length=300, required=False)
    title_en = forms.CharField(
        label=_("Milestone in English"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "en"}),
        help_text=_("Write it in one language or in both; each reader sees theirs, or the other one."),
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())


class ProjectGoalForm(forms.Form):
    """A goal of the project at one horizon, in Russian, English or both."""

    horizon = forms.ChoiceField(label=_("Horizon"), choices=GoalHorizon.choices)
    text_ru = forms.CharField(label=_("Goal in Russian"), max_length=500, required=False)
    text_en = forms.CharField(label=_("Goal in English"), max_length=500, required=False)


class StartForm(forms.Form):
    """The day the project's work actually began (today by default, never in the future)."""

    started_on = forms.DateField(
        label=_("Actually started on"),
        required=False,
        widget=DateInput(),
        help_text=_("Monitoring accepts values from this day on. If empty, today."),
    )


class DatesForm(forms.Form):
    """Corrected dates of a published or active project (the actual start only once it is active)."""

    starts_on = forms.DateField(label=_("Starts on (planned)"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on (planned)"), required=False, widget=DateInput())
    started_on = forms.DateField(label=_("Actually started on"), widget=DateInput())

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None and project.state != "active":
            del self.fields["started_on"]
