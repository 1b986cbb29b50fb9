from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from analytics.models import ClassifierItem
from cooperation.forms import CompetenceChoiceField, competence_queryset
from cooperation.models import Agent
from cooperation.selectors import user_agent_roles
from core.i18n import collation_key
from regions.forms import RegionChoiceField, name_key
from regions.models import Region

from .choices import Availability, Language
from .models import ExpertProfile
from .services import PROFILE_EDITABLE_FIELDS


class ExpertProfileForm(forms.ModelForm):
    """The user's own expert profile; ``experts.services.expert_profile_save`` does the write."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        help_text=_("Shown on your profile instead of your e-mail address; required to publish."),
    )
    competences = CompetenceChoiceField(
        label=_("Competences"),
        queryset=ClassifierItem.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 14}),
        help_text=_(
            "Economic activities (NACE sections) and S&T rubrics (GRNTI) you can advise on. At least one to publish."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.ChoiceField(
        label=_("Availability"), choices=Availability.choices, widget=forms.RadioSelect, initial=Availability.AVAILABLE
    )

    class Meta:
        model = ExpertProfile
        field_classes = {"region": RegionChoiceField}  # alphabetical in the page's language
        fields = list(PROFILE_EDITABLE_FIELDS)
        widgets = {"bio_ru": forms.Textarea(attrs={"rows": 5}), "bio_en": forms.Textarea(attrs={"rows": 5})}
        labels = {"is_published": _("Publish my profile in the expert directory")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        competences = self.fields["competences"]
        competences.queryset = competence_queryset().order_by("classifier__code", "sort_order", "code")
        self.fields["region"].queryset = Region.objects.all()
        # The organisations the user acts for (the service checks it again).
        agent_ids = list(user_agent_roles(user)) if user is not None else []
        self.fields["agent"].queryset = Agent.objects.filter(pk__in=agent_ids).select_related("region").order_by("name")
        self.fields["agent"].label_from_instance = lambda agent: f"{agent.display_name} — {agent.get_helix_display()}"
        if user is not None and not self.is_bound:
            self.initial.setdefault("full_name", user.full_name)


class ExpertInviteForm(forms.Form):
    """A lead's invitation: which published expert, and a note to them."""

    expert = forms.ModelChoiceField(
        label=_("Expert to invite"),
        queryset=ExpertProfile.objects.none(),
        help_text=_("Published experts who are not members of the lead organisation and are not invited yet."),
    )
    message = forms.CharField(
        label=_("Message to the expert"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what you would like the expert to help with."),
    )

    def __init__(self, *args, experts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if experts is not None:
            self.fields["expert"].queryset = experts
        self.fields["expert"].label_from_instance = lambda profile: f"{profile.display_name} — {profile.region.name}"


class DateInput(forms.DateInput):
    """The browser's own date picker (keyboard and screen-reader friendly)."""

    input_type = "date"

    def format_value(self, value):  # the picker wants ISO dates whatever the language
        return value.isoformat() if hasattr(value, "isoformat") else value


class ConsultationRequestForm(forms.Form):
    """The advised side asks an agent of another region for a consultation on its development."""

    advised_agent = forms.ModelChoiceField(
        label=_("Your organisation (the advised side)"),
        queryset=Agent.objects.none(),
        help_text=_("The organisation you act for that needs advice, often a government authority."),
    )
    advising_agent = forms.ModelChoiceField(
        label=_("Organisation asked for advice"),
        queryset=Agent.objects.none(),
        help_text=_("An organisation of another region."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    description = forms.CharField(
        label=_("What advice is needed"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput)
    ends_on = forms.DateField(label=_("Planned end date"), required=False, widget=DateInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own_ids = list(user_agent_roles(user))
        own = Agent.objects.filter(pk__in=own_ids).select_related("region").order_by("name")
        self.fields["advised_agent"].queryset = own
        self.fields["advised_agent"].label_from_instance = _agent_label
        others = Agent.objects.visible_to(user).exclude(pk__in=own_ids)
        own_regions = {agent.region_id for agent in own}
        if len(own_regions) == 1:  # the advice comes from another region (the service checks the pair chosen)
            others = others.exclude(region_id__in=own_regions)
        advising = self.fields["advising_agent"]
        advising.iterator = AgentsByRegionIterator  # before the queryset, which hands the widget its choices
        advising.queryset = others.select_related("region")
        advising.label_from_instance = _agent_label


class AgentsByRegionIterator(ModelChoiceIterator):
    """The queryset's agents by their region's name, then their own, in alphabetical order of the page's language
    (the database's order was the Russian names' in English too)."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for agent in sorted(
            self.queryset, key=lambda agent: (name_key(agent.region), collation_key(agent.display_name))
        ):
            yield self.choice(agent)


def _agent_label(agent: Agent) -> str:
    return f"{agent.display_name} ({agent.region.name})"


class ConsultationCompleteForm(forms.Form):
    """The advising side submits the result of the consultation."""

    ends_on = forms.DateField(label=_("End date"), widget=DateInput)
    result_summary = forms.CharField(
        label=_("Result"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was advised and what the advised side received."),
    )
    result_document = forms.FileField(
        label=_("Result document"),
        required=False,
        help_text=_("A report, a memo or recommendations: PDF, DOCX, ODT, XLSX and other documents, up to 10 MB."),
    )


class ConsultationReasonForm(forms.Form):
    """Why a request is declined (optional) or a result disputed (required)."""

    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
