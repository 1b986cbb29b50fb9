from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.models import Dataset
from cooperation.models import Agent
from core.forms import GroupedModelMultipleChoiceField

from .models import SCORE_MAX, SCORE_MIN


class PriorityItemChoiceField(GroupedModelMultipleChoiceField):
    """Priority items as "C — Manufacturing", grouped under their classifier (ОКВЭД 2, ТН ВЭД, ГРНТИ)."""

    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.name}"

    def group_label(self, obj):
        return obj.classifier.name


class PrioritySetForm(forms.Form):
    """A region's priorities from one source document, entered by hand."""

    title = forms.CharField(label=_("Source document"), max_length=300)
    url = forms.URLField(label=_("Document URL"), required=False)
    year = forms.IntegerField(label=_("Year of the document"), min_value=1990, max_value=2100)
    is_illustrative = forms.BooleanField(label=_("Illustrative (cites no real strategy document)"), required=False)
    items = PriorityItemChoiceField(
        label=_("Priorities (OKVED2 sections, FEACN groups, GRNTI rubrics), in order"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 12, "data-picker-order": "id_items_order"}),
    )
    #: The chosen items' ids in rank order, comma-separated. A ``<select multiple>`` submits its options in the
    #: page's (classifier) order, whatever order they were picked in: the picker (``static/core/picker.js``) keeps
    #: this field in the order of its chosen items; without JavaScript it keeps the order the page was given.
    items_order = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items

    def clean(self):
        data = super().clean()
        if data.get("items") is not None:
            # ranked as ``items_order`` says; items it does not name come last, in the classifier's order
            order = [value.strip() for value in (data.get("items_order") or "").split(",") if value.strip()]
            position = {value: index for index, value in enumerate(dict.fromkeys(order))}
            chosen = list(data["items"])
            data["items"] = sorted(
                chosen, key=lambda item: (position.get(str(item.pk), len(position)), chosen.index(item))
            )
        return data


class PriorityImportForm(forms.Form):
    """A CSV/XLSX file of priorities with its source document; checked first (dry run), applied on request."""

    title = forms.CharField(label=_("Source document"), max_length=300)
    url = forms.URLField(label=_("Document URL"), required=False)
    year = forms.IntegerField(label=_("Year of the document"), min_value=1990, max_value=2100)
    is_illustrative = forms.BooleanField(label=_("Illustrative (cites no real strategy document)"), required=False)
    file = forms.FileField(label=_("File (CSV UTF-8 or XLSX)"))
    apply = forms.BooleanField(
        label=_("Import now if the file has no problem (otherwise only check it)"), required=False
    )


class SessionOpenForm(forms.Form):
    """Which scenario model a session rates: the data set and its year, fixed at opening."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    dataset = forms.ModelChoiceField(label=_("Data set"), queryset=Dataset.objects.all(), empty_label=None)
    year = forms.IntegerField(
        label=_("Year"), required=False, help_text=_("Empty: the latest year of the scenario model.")
    )


class RatingForm(forms.Form):
    """One organisation's rating and comment of one direction."""

    agent = forms.ModelChoiceField(label=_("On behalf of"), queryset=Agent.objects.none(), empty_label=None)
    score = forms.TypedChoiceField(
        label=_("Rating (1 = weak, 5 = strong)"),
        choices=[(score, str(score)) for score in range(SCORE_MIN, SCORE_MAX + 1)],
        coerce=int,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = Agent.objects.filter(pk__in=[agent.pk for agent in agents])
