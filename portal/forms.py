"""Form helpers shared by the apps."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting


class BootstrapFormRenderer(TemplatesSetting):
    """Renders every form (ours and allauth's) with Bootstrap markup and accessible error links."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: per field where it names one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target if field != NON_FIELD_ERRORS else None, item)
    else:
        form.add_error(None, error)
