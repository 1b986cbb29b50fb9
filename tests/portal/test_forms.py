"""The form renderer's Python rendering of selects gives the same markup as the select template."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.test.html import parse_html

from core.forms import BootstrapFormRenderer

CHOICES = [
    ("", "—"),
    ("Регионы", [("RU-LIP", "Липецкая область"), ("RU-VOR", 'Воронежская <область> & "кавычки"')]),
    ("plain", "Без группы"),
    (7, "Число"),
]


class TemplateRenderer(BootstrapFormRenderer):
    """The same renderer without the Python shortcut: every select through the template."""

    def render(self, template_name, context, request=None):
        return TemplatesSetting.render(self, template_name, context, request=request)


def rendered(widget: forms.Widget, value, renderer) -> str:
    return widget.render("region", value, attrs={"id": "id_region", "aria-describedby": "hint"}, renderer=renderer)


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES), "RU-VOR"),
        (forms.Select(choices=CHOICES), None),
        (forms.Select(choices=CHOICES, attrs={"disabled": True, "required": False}), 7),
        (forms.SelectMultiple(choices=CHOICES), ["RU-LIP", "plain"]),
        (forms.NullBooleanSelect(), True),
    ],
)
def test_a_select_rendered_in_python_is_the_templates_markup(widget, value):
    fast = rendered(widget, value, BootstrapFormRenderer())
    slow = rendered(widget, value, TemplateRenderer())

    assert parse_html(fast) == parse_html(slow)
    assert 'class="form-select"' in fast


def test_labels_and_values_are_escaped():
    html = rendered(forms.Select(choices=[('a"b', "<b>Воронеж</b> & Co")]), None, BootstrapFormRenderer())

    assert '<option value="a&quot;b">&lt;b&gt;Воронеж&lt;/b&gt; &amp; Co</option>' in html


def test_a_select_with_a_custom_option_template_goes_through_the_templates(monkeypatch):
    calls = []
    monkeypatch.setattr("core.forms.render_select", lambda widget: calls.append(widget) or "")
    widget = forms.Select(choices=CHOICES)
    widget.option_template_name = "forms/custom_option.html"

    with pytest.raises(Exception):  # noqa: B017 - the custom template does not exist: it was looked up
        rendered(widget, "RU-LIP", BootstrapFormRenderer())
    assert calls == []
