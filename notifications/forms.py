"""The settings form: for every registered event, receive it in the portal and/or by e-mail."""

from django import forms
from django.apps import apps

from .selectors import EventChoice

CHANNELS = ("portal", "email")


def _slug(event: str) -> str:
    return event.replace("/", "-")


def _group(event: str) -> str:
    """The verbose name of the app that sends ``event`` (its key starts with the app's label)."""
    label = event.split("/", 1)[0]
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return label


class NotificationSettingsForm(forms.Form):
    """Two check boxes per event; the page lays them out as a table (events × channels)."""

    def __init__(self, *args, choices: list[EventChoice], **kwargs):
        super().__init__(*args, **kwargs)
        self.events = choices
        for choice in choices:
            for channel in CHANNELS:
                self.fields[f"{channel}-{_slug(choice.event)}"] = forms.BooleanField(
                    label=choice.label, required=False, initial=getattr(choice, channel)
                )

    def rows(self) -> list[dict]:
        """One row per event: its group (the app), label, and the bound fields of both channels."""
        return [
            {
                "group": _group(choice.event),
                "event": choice.event,
                "slug": _slug(choice.event),
                "label": choice.label,
                **{channel: self[f"{channel}-{_slug(choice.event)}"] for channel in CHANNELS},
            }
            for choice in self.events
        ]

    def choices(self) -> dict[str, dict[str, bool]]:
        """The cleaned data in the shape ``notification_settings_update`` takes."""
        return {
            choice.event: {
                channel: bool(self.cleaned_data.get(f"{channel}-{_slug(choice.event)}")) for channel in CHANNELS
            }
            for choice in self.events
        }
