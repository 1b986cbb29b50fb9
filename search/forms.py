"""Forms of the saved searches (the search itself reads its GET parameters with ``search.params``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SavedSearch


class SavedSearchForm(forms.Form):
    """Save the current search: a name, and the search's query string (a hidden field)."""

    name = forms.CharField(label=_("Name of the search"), max_length=SavedSearch._meta.get_field("name").max_length)
    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
    alerts_enabled = forms.BooleanField(label=_("Notify me of new matches"), required=False, initial=True)


class SavedSearchRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=SavedSearch._meta.get_field("name").max_length)
