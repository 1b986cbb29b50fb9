"""Forms of the user's own pages."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.Form):
    """The user's name (first and last) and the language of their e-mails and of the interface."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the portal once you sign in, and of the e-mails it sends you."),
    )

    def __init__(self, *args, user: User, **kwargs):
        first_name, last_name = user.first_name, user.last_name
        if not (first_name or last_name) and user.full_name:
            # A name given before first and last names were asked for (the demo's, an expert profile's):
            # offered split at its first space, to be corrected and saved.
            first_name, _space, last_name = user.full_name.partition(" ")
        kwargs["initial"] = {
            "first_name": first_name,
            "last_name": last_name,
            "language": user.language,
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
