"""Forms of the saved searches (the search itself reads its GET parameters with ``search.params``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.choices import ClassifierKind
from analytics.models import ClassifierItem
from regions.forms import RegionChoiceField
from regions.models import Region

from .models import SavedSearch


class SavedSearchForm(forms.Form):
    """Save the current search: a name, and the search's query string (a hidden field)."""

    name = forms.CharField(label=_("Name of the search"), max_length=SavedSearch._meta.get_field("name").max_length)
    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
    alerts_enabled = forms.BooleanField(label=_("Notify me of new matches"), required=False, initial=True)


class SavedSearchRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=SavedSearch._meta.get_field("name").max_length)


class CompetenceWatchForm(forms.Form):
    """Follow a region's competences, an activity's or rubric's, or both together."""

    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    item = forms.ModelChoiceField(
        label=_("Activity or rubric"),
        queryset=ClassifierItem.objects.filter(
            classifier__kind__in=[ClassifierKind.SECTOR, ClassifierKind.SCIENCE, ClassifierKind.EXPORT]
        ).select_related("classifier"),
        required=False,
        help_text=_("Leave one of the two empty to follow every activity of the region, or the activity everywhere."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].label_from_instance = lambda item: f"{item.classifier.name}: {item.code} {item.name}"

    def clean(self):
        data = super().clean()
        if not data.get("region") and not data.get("item"):
            raise forms.ValidationError(_("Choose a region, an activity or rubric, or both."))
        return data
