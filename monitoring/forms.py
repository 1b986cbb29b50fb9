"""Forms of the monitoring pages; they only collect input, the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regions.forms import RegionChoiceField
from regions.models import Region

from .choices import EffectType
from .models import ClosingReport, Effect, Indicator, IndicatorValue

DECIMAL_WIDGET = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def _decimal(label, help_text=""):
    # localize: a Russian visitor types "12,5"
    return forms.DecimalField(
        label=label, max_digits=18, decimal_places=4, localize=True, widget=DECIMAL_WIDGET, help_text=help_text
    )


class EffectForm(forms.Form):
    """Declare an expected effect; the types the project already declares are not offered."""

    type = forms.ChoiceField(label=_("Type of effect"), choices=EffectType.choices)
    description = forms.CharField(
        label=_("What the project expects"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, declared: list[str] | tuple = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(value, label) for value, label in EffectType.choices if value not in declared]


class EffectDescriptionForm(forms.Form):
    """Rewrite what the project expects of an effect."""

    description = forms.CharField(
        label=_("What the project expects"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class IndicatorForm(forms.ModelForm):
    """An indicator of one of the project's effects: names, unit, baseline and target."""

    effect = forms.ModelChoiceField(label=_("Effect"), queryset=Effect.objects.none())
    baseline = _decimal(_("Baseline"), _("The value before the project."))
    target = _decimal(_("Target"), _("The value the project aims at; below the baseline if it should fall."))

    class Meta:
        model = Indicator
        fields = ["effect", "name_ru", "name_en", "unit", "baseline", "target"]

    def __init__(self, *args, effects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if effects is None:  # editing: the effect stays
            del self.fields["effect"]
        else:
            self.fields["effect"].queryset = effects
        self.fields["name_ru"].help_text = _("A name in Russian or in English is required.")

    def _post_clean(self):
        # The service validates the model (the errors come back through apply_validation_error).
        pass


class IndicatorValueForm(forms.ModelForm):
    """An actual value of an indicator on a date."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    value = _decimal(_("Value"))

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "date", "value", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if indicators is None:  # correcting: the indicator stays
            del self.fields["indicator"]
        else:
            self.fields["indicator"].queryset = indicators
            self.fields["indicator"].label_from_instance = lambda item: (
                f"{item.name} ({item.unit}) · {item.effect.get_type_display()}"
            )

    def _post_clean(self):
        pass


class ClosingReportForm(forms.ModelForm):
    """The closing report of a completed project, each text in Russian, English or both (lessons in one at least)."""

    class Meta:
        model = ClosingReport
        fields = [
            "summary",
            "summary_en",
            "results",
            "results_en",
            "lessons_learned",
            "lessons_learned_en",
            "recommendations",
            "recommendations_en",
            "is_published",
        ]
        labels = {
            "summary": _("Summary in Russian"),
            "summary_en": _("Summary in English"),
            "results": _("Results achieved, in Russian"),
            "results_en": _("Results achieved, in English"),
            "lessons_learned": _("Lessons learned, in Russian"),
            "lessons_learned_en": _("Lessons learned, in English"),
            "recommendations": _("Recommendations in Russian"),
            "recommendations_en": _("Recommendations in English"),
            "is_published": _("Publish the report"),
        }
        help_texts = {
            "lessons_learned_en": _(
                "Write the report in one language or in both; each reader sees theirs, or the other one."
            ),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
            "results": forms.Textarea(attrs={"rows": 6}),
            "results_en": forms.Textarea(attrs={"rows": 6, "lang": "en"}),
            "lessons_learned": forms.Textarea(attrs={"rows": 8}),
            "lessons_learned_en": forms.Textarea(attrs={"rows": 8, "lang": "en"}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            "recommendations_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
        }

    def _post_clean(self):
        pass


class IndicatorLinkForm(forms.Form):
    """Link an indicator to a series of the data bank for one participating region (the suggestions first)."""

    series = forms.ChoiceField(label=_("Series of the data bank"))
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())

    def __init__(self, *args, suggested=(), choices=(), regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        suggested_codes = list(dict.fromkeys(item.series for item in suggested))
        labels = dict(choices)
        groups = []
        if suggested_codes:
            groups.append(
                (_("Suggested for this effect"), [(code, labels.get(code, code)) for code in suggested_codes])
            )
        groups.append((_("Every series"), [(code, label) for code, label in choices if code not in suggested_codes]))
        self.fields["series"].choices = groups
        self.fields["region"].queryset = Region.objects.filter(pk__in=[region.pk for region in regions or []])
