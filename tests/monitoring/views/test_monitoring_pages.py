"""The monitoring section of the project page, the monitoring page and its forms."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from cooperation.choices import ProjectState
from monitoring.choices import EffectType
from monitoring.models import Effect, Indicator, IndicatorValue
from tests.monitoring.factories import EffectFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def render_panel(project, user) -> str:
    request = RequestFactory().get(f"/projects/{project.pk}/")
    request.user = user
    template = Template("{% load monitoring_tags %}{% monitoring_project_panel project %}")
    return template.render(Context({"project": project, "request": request}))


def json_script(html: str, element_id: str):
    """The data of ``{{ data|json_script:element_id }}`` in ``html``."""
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    return json.loads(match.group(1))


@pytest.fixture
def measured(project):
    """An indicator half-way to its target and one not measured yet."""
    effect = EffectFactory(project=project, type=EffectType.SOCIAL, description="Новые рабочие места")
    revenue = IndicatorFactory(effect=effect, name_ru="Выручка", baseline=Decimal(100), target=Decimal(200))
    IndicatorValueFactory(indicator=revenue, date=datetime.date(2025, 3, 31), value=Decimal("120.5"))
    IndicatorValueFactory(indicator=revenue, date=datetime.date(2025, 6, 30), value=Decimal(150))
    IndicatorFactory(effect=effect, name_ru="Рабочие места", unit="чел.", baseline=Decimal(0), target=Decimal(30))
    return revenue


def test_the_panel_shows_a_progress_chart_and_its_table(project, measured):
    html = render_panel(project, AnonymousUser())

    canvas = re.search(r"<canvas[^>]*data-monitoring-chart=\"progress\"[^>]*>", html).group(0)
    assert 'role="img"' in canvas
    assert "aria-label=" in canvas
    data = json_script(html, f"monitoring-progress-{project.pk}")
    assert data["labels"] == ["Выручка (млн руб.)"]
    assert data["percent"] == [50]
    assert "<caption>" in html
    assert '<th scope="row">Выручка</th>' in html
    assert '<th scope="col">' in html
    assert "120,5" not in html  # only the latest value in the table
    assert "150" in html and "50&nbsp;%" in html
    assert "chart.umd.min.js" in html and "monitoring-charts.js" in html
    assert "Социальный эффект" in html or "Social effect" in html


def test_the_panel_offers_the_value_form_to_the_lead_only(project, measured, lead_member, partner_member):
    lead_html = render_panel(project, lead_member)
    partner_html = render_panel(project, partner_member)

    assert f'action="/projects/{project.pk}/values/add/"' in lead_html
    assert 'name="value-indicator"' in lead_html
    assert "values/add" not in partner_html
    assert "<canvas" in partner_html


def test_the_panel_is_empty_for_those_who_may_not_see_the_project(make_project, outsider):
    draft = make_project(ProjectState.DRAFT)

    assert render_panel(draft, outsider) == ""


def test_the_panel_says_when_nothing_is_declared(project):
    html = render_panel(project, AnonymousUser())

    assert "<canvas" not in html
    assert "monitoring-charts.js" not in html


def test_the_monitoring_page_shows_each_indicators_history(client, project, measured):
    response = client.get(f"/projects/{project.pk}/monitoring/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-source="monitoring-indicator-{measured.pk}"' in html
    series = json_script(html, f"monitoring-indicator-{measured.pk}")
    assert [point["y"] for point in series["points"]] == [120.5, 150.0]
    assert series["target"] == 200.0
    assert "31.03.2025" in html and "120,5" in html
    assert "<form" not in html.split("<main", 1)[1].split("</main>")[0]  # no forms for visitors


def test_the_lead_records_a_value_from_the_panel_and_returns_to_the_page(client, project, measured, lead_member):
    client.force_login(lead_member)
    today = timezone.localdate()

    response = client.post(
        f"/projects/{project.pk}/values/add/",
        {
            "value-indicator": measured.pk,
            "value-date": today.isoformat(),
            "value-value": "175,5",
            "value-note": "за квартал",
            "next": f"/projects/{project.pk}/#monitoring",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.pk}/#monitoring"
    value = IndicatorValue.objects.get(indicator=measured, date=today)
    assert (value.value, value.note, value.recorded_by) == (Decimal("175.5"), "за квартал", lead_member)


def test_re_entering_a_date_shows_the_error_next_to_the_date(client, project, measured, lead_member):
    client.force_login(lead_member)

    response = client.post(
        f"/projects/{project.pk}/values/add/",
        {"value-indicator": measured.pk, "value-date": "2025-06-30", "value-value": "160"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_value-date_error"' in html
    assert "30.06.2025" in html
    assert IndicatorValue.objects.get(indicator=measured, date=datetime.date(2025, 6, 30)).value == Decimal(150)


def test_the_lead_declares_an_effect_and_an_indicator(client, project, lead_member):
    client.force_login(lead_member)

    declared = client.post(
        f"/projects/{project.pk}/effects/add/", {"effect-type": "network", "effect-description": "Новые связи"}
    )
    effect = Effect.objects.get(project=project)
    added = client.post(
        f"/projects/{project.pk}/indicators/add/",
        {
            "indicator-effect": effect.pk,
            "indicator-name_ru": "Совместные заявки",
            "indicator-unit": "шт.",
            "indicator-baseline": "0",
            "indicator-target": "5",
        },
    )

    assert declared.status_code == added.status_code == 302
    assert effect.type == EffectType.NETWORK
    assert Indicator.objects.get(effect=effect).name == "Совместные заявки"
    page = client.get(f"/projects/{project.pk}/monitoring/").content.decode()
    assert 'name="effect-type"' in page and 'value="network"' not in page  # declared types are not offered again


def test_indicator_errors_come_back_per_field(client, project, lead_member):
    effect = EffectFactory(project=project)
    client.force_login(lead_member)

    response = client.post(
        f"/projects/{project.pk}/indicators/add/",
        {
            "indicator-effect": effect.pk,
            "indicator-unit": "шт.",
            "indicator-baseline": "5",
            "indicator-target": "5",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_indicator-name_ru_error"' in html
    assert 'id="id_indicator-target_error"' in html
    assert not Indicator.objects.exists()


def test_the_forms_are_refused_to_others(client, project, measured, partner_member):
    client.force_login(partner_member)

    response = client.post(f"/projects/{project.pk}/effects/add/", {"effect-type": "network"})

    assert response.status_code == 403
    assert not Effect.objects.filter(type="network").exists()


def test_editing_and_removing_through_the_pages(client, project, measured, lead_member):
    client.force_login(lead_member)
    value = measured.values.order_by("date").first()

    form = client.get(f"/projects/{project.pk}/indicators/{measured.pk}/edit/")
    edited = client.post(
        f"/projects/{project.pk}/indicators/{measured.pk}/edit/",
        {"name_ru": "Выручка участников", "unit": "млн руб.", "baseline": "100", "target": "250"},
    )
    corrected = client.post(
        f"/projects/{project.pk}/values/{value.pk}/edit/", {"date": "2025-03-31", "value": "121", "note": ""}
    )
    removed = client.post(f"/projects/{project.pk}/values/{value.pk}/remove/")

    assert form.status_code == 200 and 'name="target"' in form.content.decode()
    assert edited.status_code == corrected.status_code == removed.status_code == 302
    measured.refresh_from_db()
    assert (measured.name_ru, measured.target) == ("Выручка участников", Decimal(250))
    assert list(measured.values.values_list("value", flat=True)) == [Decimal(150)]


def test_a_refused_baseline_change_is_shown_on_the_edit_page(client, project, measured, lead_member):
    client.force_login(lead_member)

    response = client.post(
        f"/projects/{project.pk}/indicators/{measured.pk}/edit/",
        {"name_ru": "Выручка", "unit": "млн руб.", "baseline": "90", "target": "200"},
    )

    assert response.status_code == 200
    assert 'id="id_baseline_error"' in response.content.decode()


def test_a_row_of_another_project_is_not_found(client, make_project, measured, lead_member):
    other = make_project(ProjectState.ACTIVE)
    client.force_login(lead_member)

    response = client.get(f"/projects/{other.pk}/indicators/{measured.pk}/edit/")

    assert response.status_code == 404


def test_the_project_page_includes_the_panel(client, project, measured):
    response = client.get(f"/projects/{project.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="monitoring-heading"' in html
    assert 'data-monitoring-chart="progress"' in html


def test_a_single_effect_and_a_single_indicator_come_chosen_in_the_forms(client, project, lead_member):
    # Issue #12 (walk of the proposer's journey): with one effect and one indicator, the indicator form's
    # "Effect" and the value form's "Indicator" still opened on "---------", one more choice at every value.
    effect = EffectFactory(project=project, type=EffectType.SOCIAL, description="Новые рабочие места")
    jobs = IndicatorFactory(
        effect=effect, name_ru="Рабочие места", unit="чел.", baseline=Decimal(0), target=Decimal(30)
    )
    client.force_login(lead_member)

    page = client.get(f"/projects/{project.pk}/monitoring/").content.decode()

    assert re.search(rf'<option value="{jobs.pk}" selected>Рабочие места \(чел\.\)', page)
    assert re.search(rf'<option value="{effect.pk}" selected>', page)
    # With two indicators nothing is chosen for the lead: they pick the one they measured.
    IndicatorFactory(effect=effect, name_ru="Выручка", baseline=Decimal(100), target=Decimal(200))
    page = client.get(f"/projects/{project.pk}/monitoring/").content.decode()
    assert not re.search(r'<option value="\d+" selected>Рабочие места', page)
    assert not re.search(r'<option value="\d+" selected>Выручка', page)


def test_a_draft_s_monitoring_page_leads_back_to_the_submission(client, make_project, lead_member, partner_member):
    # Issue #12 (walk of the proposer's journey): the pre-submit checklist sends the proposer here to declare
    # effects with indicators, and nothing here led back to the checklist (project page, then submit again).
    draft = make_project(ProjectState.DRAFT)
    submit = f'href="/projects/{draft.pk}/submit/"'
    client.force_login(lead_member)

    assert submit in client.get(f"/projects/{draft.pk}/monitoring/").content.decode()
    # Only where the user may submit: not once the project is active, not for a partner.
    assert submit not in client.get(f"/projects/{make_project().pk}/monitoring/").content.decode()
    client.force_login(partner_member)
    response = client.get(f"/projects/{draft.pk}/monitoring/")
    assert response.status_code != 200 or submit not in response.content.decode()
