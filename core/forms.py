"""Form helpers shared by the apps."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

#: Rendered in Python by :meth:`BootstrapFormRenderer.render`, with the same markup as the template.
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """``templates/django/forms/widgets/attrs.html`` in Python: True is a bare name, False is left out."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


def render_select(widget: dict) -> str:
    """A ``<select>`` as ``templates/django/forms/widgets/select.html`` renders it, without a template per
    option: a list filter's competence select has ~200 options, which cost ~10 ms through templates."""
    html = [format_html('<select name="{}" class="form-select"', widget["name"]), _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            html.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            html.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>',
                    str(option["value"]),
                    mark_safe(_attrs(option["attrs"])),  # noqa: S308 - built by format_html above
                    conditional_escape(option["label"]),
                )
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return mark_safe("".join(html))  # noqa: S308 - every part is escaped by format_html


class BootstrapFormRenderer(TemplatesSetting):
    """Renders every form (ours and allauth's) with Bootstrap markup and accessible error links.

    Selects whose options use Django's own option template are rendered in Python (same markup).
    """

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT_TEMPLATE else None
        if widget is not None and all(
            option.get("template_name") == OPTION_TEMPLATE
            for _n, options, _i in widget["optgroups"]
            for option in options
        ):
            return render_select(widget)
        return super().render(template_name, context, request=request)


class GroupedModelChoiceIterator(ModelChoiceIterator):
    """The queryset's choices as ``(group label, [(value, label), …])`` in the queryset's order.

    A ``<select>`` renders each group as an ``<optgroup>``, which the searchable picker
    (``static/core/picker.js``) shows as a heading over its options.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        queryset = self.queryset if self.queryset._prefetch_related_lookups else self.queryset.iterator()
        for obj in queryset:
            groups.setdefault(str(self.field.group_label(obj)), []).append(self.choice(obj))
        yield from sorted(groups.items()) if self.field.sort_groups else groups.items()


class GroupedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of model rows grouped under headings; subclasses say which by ``group_label``.

    Validation is the plain field's (the queryset); only the rendered choices are grouped.
    """

    iterator = GroupedModelChoiceIterator
    #: Groups in alphabetical order rather than in the order of their first row.
    sort_groups = False

    def group_label(self, obj) -> str:
        raise NotImplementedError


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: per field where it names one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target if field != NON_FIELD_ERRORS else None, item)
    else:
        form.add_error(None, error)
