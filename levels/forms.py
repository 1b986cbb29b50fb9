from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from analytics.models import ClassifierItem
from cooperation.choices import CooperationType
from core.forms import GroupedModelMultipleChoiceField
from regions.forms import RegionMultipleChoiceField
from regions.models import MacroRegion, Region

from .choices import IntegrationOrigin, IntegrationStage, InteractionKind, StructureKind
from .selectors import agents_for_interactions, coordinating_bodies


class AgentChoiceField(GroupedModelMultipleChoiceField):
    """Agents labelled with their region, e.g. "Voronezh State University — Voronezh Oblast", grouped by region."""

    sort_groups = True

    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} — {obj.region.name}"

    def group_label(self, obj) -> str:
        return obj.region.name


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _types_field(help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Types of cooperation"),
        choices=CooperationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class InteractionForm(forms.Form):
    """Record or correct an information exchange; the service validates and writes."""

    title = forms.CharField(label=_("Title in Russian"), max_length=300, required=False)
    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "en"}),
        help_text=_("Write it in one language or in both; each reader sees theirs, or the other one."),
    )
    kind = forms.ChoiceField(label=_("Kind of exchange"), choices=InteractionKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput)
    participants = AgentChoiceField(
        label=_("Participating organisations"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_(
            "Verified organisations of at least two regions, including one you act for or one of a region you "
            "coordinate."
        ),
    )
    cooperation_types = _types_field()
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https", max_length=200)
    description = forms.CharField(
        label=_("Description in Russian"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "en"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = agents_for_interactions()


class WithdrawForm(forms.Form):
    """The reason for withdrawing a piece of evidence."""

    reason = forms.CharField(
        label=_("Reason for withdrawal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisputeForm(forms.Form):
    """Why the other side disputes an interaction."""

    reason = forms.CharField(
        label=_("Why did it not take place as recorded?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StructureForm(forms.Form):
    """Propose an integrated structure for a moderator to confirm."""

    kind = forms.ChoiceField(label=_("Kind of structure"), choices=StructureKind.choices)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=300, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    founded_on = forms.DateField(label=_("Founded on"), widget=DateInput)
    member_regions = RegionMultipleChoiceField(
        label=_("Member regions"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("At least two regions."),
    )
    member_agents = AgentChoiceField(
        label=_("Member organisations"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Organisations located in the member regions."),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector (OKVED2 section)"),
        queryset=None,
        required=False,
        to_field_name="code",
        help_text=_("Required for an alliance or a joint cluster."),
    )
    parent = forms.ModelChoiceField(
        label=_("Coordinating body"),
        queryset=None,
        required=False,
        help_text=_("The interregional or federal body that coordinates this structure, if any."),
    )
    stage = forms.TypedChoiceField(
        label=_("Integration stage"),
        choices=IntegrationStage.choices,
        coerce=int,
        initial=IntegrationStage.COORDINATION,
        help_text=_("Coordination → joint programme → joint bodies → common strategy."),
    )
    origin = forms.ChoiceField(
        label=_("Origin"), choices=IntegrationOrigin.choices, initial=IntegrationOrigin.BOTTOM_UP
    )
    priorities = forms.CharField(
        label=_("Priorities of the strategy"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Joint strategy only. One priority a line: code; priority; target; indicator (optional), e.g. "
            "“C; Metallurgy; double the GVA by 2030; GVA”. The code is an OKVED2 section or a GRNTI rubric."
        ),
    )
    cooperation_types = _types_field()
    description = forms.CharField(
        label=_("Description in Russian"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "en"}),
    )
    documents = forms.CharField(
        label=_("Links to documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The agreement, charter or strategy: one link per line."),
    )
    document_file = forms.FileField(
        label=_("Document file"), required=False, help_text=_("Or attach a file (PDF, up to 10 MB).")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_regions"].queryset = Region.objects.all()
        self.fields["member_agents"].queryset = agents_for_interactions()
        self.fields["sector"].queryset = ClassifierItem.objects.filter(classifier__code="nace2").order_by(
            "sort_order", "code"
        )
        self.fields["parent"].queryset = coordinating_bodies()

    def clean_priorities(self) -> list:
        from .services import PrioritySpec

        specs = []
        for number, line in enumerate(self.cleaned_data["priorities"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            if len(parts) < 3 or not all(parts[:3]):
                raise ValidationError(
                    _("Line %(number)s: write the code, the priority and the target, separated by “;”.")
                    % {"number": number}
                )
            item = priority_item(parts[0])
            if item is None:
                raise ValidationError(
                    _("Line %(number)s: “%(code)s” is not an OKVED2 section or a GRNTI rubric.")
                    % {"number": number, "code": parts[0]}
                )
            specs.append(PrioritySpec(item=item, title=parts[1], target=parts[2], indicator=";".join(parts[3:])))
        return specs

    def clean_documents(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["documents"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except ValidationError as error:
                raise ValidationError(_("“%(link)s” is not a valid link.") % {"link": link}) from error
        return links

    def clean_document_file(self):
        upload = self.cleaned_data.get("document_file")
        if upload and upload.size > 10 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 10 MB."))
        return upload

    def document_specs(self) -> list[dict]:
        """The documents for ``structure_propose``: the links, then the file."""
        specs = [{"url": link} for link in self.cleaned_data.get("documents") or []]
        if self.cleaned_data.get("document_file"):
            upload = self.cleaned_data["document_file"]
            specs.append({"title": upload.name, "file": upload})
        return specs


def priority_item(code: str) -> ClassifierItem | None:
    """The classifier item of a priority's code: a letter is an OKVED2 section, digits a GRNTI rubric."""
    code = (code or "").strip().upper()
    classifier = "nace2" if code.isalpha() else "grnti"
    return ClassifierItem.objects.filter(classifier__code=classifier, code=code).first()


def priorities_text(priorities) -> str:
    """The priorities of a strategy in the form's one-a-line text."""
    return "\n".join(
        "; ".join(part for part in (p.item.code, p.title, p.target, p.indicator) if part) for p in priorities
    )


class StructureDecisionForm(forms.Form):
    """A moderator's reason for a decision on a proposed structure."""

    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, reason_required: bool = True, reason_help: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        self.fields["reason"].help_text = reason_help


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DissolveForm(forms.Form):
    dissolved_on = forms.DateField(label=_("Dissolved on"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason for dissolution"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NetworkFilterForm(forms.Form):
    """The network picture's filters: macro-region, type of cooperation, period."""

    macroregion = forms.ModelChoiceField(
        label=_("Macro-region"),
        queryset=MacroRegion.objects.order_by("sort_order", "code"),
        to_field_name="code",
        required=False,
        empty_label=_("All macro-regions"),
    )
    cooperation_type = forms.ChoiceField(
        label=_("Type of cooperation"),
        choices=[("", _("All types"))] + list(CooperationType.choices),
        required=False,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data
