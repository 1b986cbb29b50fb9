from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.models import ClassifierItem
from regions.models import Region

from .choices import AgentRole
from .models import Agent


class CompetenceChoiceField(forms.ModelMultipleChoiceField):
    """Competences labelled with their classifier, e.g. "OKVED2 … · C Manufacturing"."""

    def label_from_instance(self, obj: ClassifierItem) -> str:
        return f"{obj.code} — {obj.name}"


def competence_queryset():
    return ClassifierItem.objects.filter(classifier__code__in=["nace2", "grnti"]).select_related("classifier")


class AgentForm(forms.ModelForm):
    """Registration and editing of an agent; the service does the write."""

    competences = CompetenceChoiceField(
        label=_("Competences"),
        queryset=ClassifierItem.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

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
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competences"].queryset = competence_queryset()
        self.fields["region"].queryset = Region.objects.order_by("name_ru")


class MembershipRequestForm(forms.Form):
    """A short note to the agent's administrators."""

    message = forms.CharField(
        label=_("Message to the agent's administrators"),
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
