"""The choices behind the searchable pickers: competences grouped by classifier, partners by region.

The picker (static/core/picker.js) shows each ``<optgroup>`` as a heading; without JavaScript the same
grouped multiple select is what people use, with the hint to hold Ctrl.
"""

import re

import pytest

from analytics.models import ClassifierItem
from cooperation.choices import AgentRole
from cooperation.filtersets import AgentFilterSet
from cooperation.forms import AgentForm, ProjectForm
from tests.cooperation.factories import AgentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def groups(html: str) -> list[tuple[str, int]]:
    """(label, number of options) of each optgroup of a rendered select."""
    return [
        (label, body.count("<option"))
        for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', html, flags=re.S)
    ]


def test_agent_competences_are_grouped_under_their_two_classifiers(reference_data, settings):
    settings.LANGUAGE_CODE = "ru"
    nace = ClassifierItem.objects.filter(classifier__code="nace2").count()
    grnti = ClassifierItem.objects.filter(classifier__code="grnti").count()

    html = str(AgentForm()["competences"])

    # In the classifiers' order (ClassifierItem.Meta.ordering: by kind, then code).
    assert groups(html) == [("ГРНТИ: рубрики верхнего уровня", grnti), ("ОКВЭД2 (NACE Rev. 2): разделы", nace)]
    assert '<option value="' in html and "C — Обрабатывающие производства" in html


def test_project_partners_are_grouped_by_region_in_alphabetical_order(lipetsk, voronezh, reference_data):
    user = MembershipFactory(
        agent=AgentFactory(region=voronezh, name="Воронежский университет"), role=AgentRole.ADMINISTRATOR
    ).user
    AgentFactory(region=lipetsk, name="Липецкий завод")
    AgentFactory(region=voronezh, name="Агрохолдинг")

    html = str(ProjectForm(user=user)["partners"])

    assert groups(html) == [("Воронежская область", 2), ("Липецкая область", 1)]
    assert html.index("Агрохолдинг — Воронежская область") < html.index("Воронежский университет")


def test_a_grouped_competence_filter_still_filters_by_id(reference_data):
    item = ClassifierItem.objects.get(classifier__code="grnti", code="62")
    holder = AgentFactory()
    holder.competences.add(item)
    AgentFactory()

    filtered = AgentFilterSet({"competence": [str(item.pk)]}, queryset=holder.__class__.objects.all())

    assert list(filtered.qs) == [holder]
    assert len(groups(str(filtered.form["competence"]))) == 2


def test_the_project_form_keeps_the_ctrl_hint_for_browsers_without_javascript(client, lipetsk, reference_data):
    user = MembershipFactory(agent=AgentFactory(region=lipetsk), role=AgentRole.ADMINISTRATOR).user
    client.force_login(user)

    page = client.get("/projects/new/", headers={"accept-language": "ru"}).content.decode()

    # One hint per multiple select (directions, rubrics, partners), marked for the picker to hide.
    assert page.count('<div class="form-text" data-picker-hint>Чтобы выбрать несколько') == 3
    assert 'src="/static/core/picker.js"' in page
