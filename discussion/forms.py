from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import ReportDecision, ReportReason
from .models import COMMENT_MAX_LENGTH


class CommentForm(forms.Form):
    """A new comment, or a reply when ``parent`` names the comment replied to; the service does the write."""

    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 5,000 characters. Be respectful: moderators hide abusive comments."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(forms.Form):
    """The author's new text of their comment."""

    text = forms.CharField(
        label=_("Your comment"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6})
    )


class HideForm(forms.Form):
    """A moderator's reason for hiding a comment; the author receives it."""

    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author receives this reason by e-mail."),
    )


class ReportForm(forms.Form):
    """A user's report of a project or a comment."""

    reason = forms.ChoiceField(label=_("What is wrong?"), choices=ReportReason.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Details"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you choose “Something else”."),
    )


class ResolveForm(forms.Form):
    """A moderator's decision about a report."""

    decision = forms.ChoiceField(label=_("Decision"), choices=ReportDecision.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for hiding: it is sent to the author as the reason."),
    )
