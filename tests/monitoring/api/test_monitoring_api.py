"""The monitoring API: the same rules as the pages, 409 with the state, 400 per field, constant query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from cooperation.choices import ProjectState
from monitoring.choices import EffectType
from monitoring.models import ClosingReport, Effect, Indicator, IndicatorValue
from tests.monitoring.factories import ClosingReportFactory, EffectFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def indicator(project):
    return IndicatorFactory(effect=EffectFactory(project=project))


# --- Effects.


def test_the_lead_declares_an_effect(api, project, lead_member):
    api.force_authenticate(lead_member)

    response = api.post("/api/effects/", {"project": project.pk, "type": "synergetic", "description": "Синергия"})

    assert response.status_code == 201, response.data
    assert response.data["type"] == "synergetic"
    assert Effect.objects.get(project=project).description == "Синергия"


def test_effect_errors_per_field(api, project, lead_member):
    EffectFactory(project=project, type=EffectType.SOCIAL)
    api.force_authenticate(lead_member)

    unknown = api.post("/api/effects/", {"project": project.pk, "type": "magic"})
    repeated = api.post("/api/effects/", {"project": project.pk, "type": "social"})
    missing = api.post("/api/effects/", {"type": "social"})

    assert unknown.status_code == repeated.status_code == missing.status_code == 400
    assert list(unknown.data) == ["type"]
    assert list(repeated.data) == ["type"]
    assert list(missing.data) == ["project"]


def test_effects_of_a_completed_project_are_a_conflict_and_others_are_forbidden(
    api, make_project, lead_member, partner_member
):
    completed = make_project(ProjectState.COMPLETED)
    active = make_project(ProjectState.ACTIVE)
    effect = EffectFactory(project=active)

    api.force_authenticate(lead_member)
    conflict = api.post("/api/effects/", {"project": completed.pk, "type": "social"})
    api.force_authenticate(partner_member)
    forbidden = api.post("/api/effects/", {"project": active.pk, "type": "social"})
    forbidden_delete = api.delete(f"/api/effects/{effect.pk}/")

    assert conflict.status_code == 409
    assert conflict.data["state"] == "completed"
    assert forbidden.status_code == forbidden_delete.status_code == 403
    assert list(Effect.objects.all()) == [effect]


def test_effects_of_a_draft_are_not_found_by_others(api, make_project, outsider, lead_member):
    effect = EffectFactory(project=make_project(ProjectState.DRAFT))

    api.force_authenticate(outsider)
    hidden = api.get(f"/api/effects/{effect.pk}/")
    listed = api.get("/api/effects/").data["results"]
    posted = api.post("/api/effects/", {"project": effect.project_id, "type": "social"})
    api.force_authenticate(lead_member)
    own = api.get(f"/api/effects/{effect.pk}/")

    assert hidden.status_code == 404
    assert listed == []
    assert posted.status_code == 400 and list(posted.data) == ["project"]
    assert own.status_code == 200


def test_effect_description_update_and_removal(api, project, lead_member):
    effect = EffectFactory(project=project)
    api.force_authenticate(lead_member)

    updated = api.patch(f"/api/effects/{effect.pk}/", {"description": "Рост экспорта"})
    removed = api.delete(f"/api/effects/{effect.pk}/")

    assert updated.status_code == 200 and updated.data["description"] == "Рост экспорта"
    assert removed.status_code == 204
    assert not Effect.objects.exists()


# --- Indicators.


def test_indicators_report_their_latest_value_and_progress(api, indicator):
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2025, 1, 31), value=Decimal(120))
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2025, 2, 28), value=Decimal(260))

    data = api.get("/api/indicators/", {"project": indicator.effect.project_id}).data["results"][0]

    assert data["latest_value"] == {"date": "2025-02-28", "value": "260.0000"}
    assert data["progress"] == pytest.approx(1.6)
    assert data["progress_percent"] == 100
    assert data["direction"] == "increase"


def test_the_lead_adds_and_corrects_an_indicator(api, project, lead_member):
    effect = EffectFactory(project=project)
    api.force_authenticate(lead_member)

    created = api.post(
        "/api/indicators/",
        {"effect": effect.pk, "name_en": "Joint patents", "unit": "pcs", "baseline": "0", "target": "4"},
    )
    patched = api.patch(f"/api/indicators/{created.data['id']}/", {"target": "6"})

    assert created.status_code == 201, created.data
    assert created.data["name"] == "Joint patents"
    assert created.data["progress"] is None
    assert patched.status_code == 200 and patched.data["target"] == "6.0000"
    assert Indicator.objects.get().target == Decimal(6)


def test_indicator_errors_per_field(api, indicator, lead_member):
    IndicatorValueFactory(indicator=indicator)
    api.force_authenticate(lead_member)

    same = api.post(
        "/api/indicators/",
        {"effect": indicator.effect_id, "name_ru": "Х", "unit": "шт.", "baseline": "1", "target": "1"},
    )
    nameless = api.post(
        "/api/indicators/", {"effect": indicator.effect_id, "unit": "шт.", "baseline": "1", "target": "2"}
    )
    not_a_number = api.post(
        "/api/indicators/",
        {"effect": indicator.effect_id, "name_ru": "Х", "unit": "шт.", "baseline": "x", "target": "2"},
    )
    baseline = api.patch(f"/api/indicators/{indicator.pk}/", {"baseline": "90"})

    assert list(same.data) == ["target"]
    assert list(nameless.data) == ["name_ru"]
    assert list(not_a_number.data) == ["baseline"]
    assert list(baseline.data) == ["baseline"]
    assert {same.status_code, nameless.status_code, not_a_number.status_code, baseline.status_code} == {400}


# --- Values.


def test_the_lead_records_a_value(api, indicator, lead_member):
    api.force_authenticate(lead_member)
    today = timezone.localdate().isoformat()

    response = api.post(
        "/api/indicator-values/", {"indicator": indicator.pk, "date": today, "value": "180", "note": "Q3"}
    )

    assert response.status_code == 201, response.data
    assert response.data["recorded_by"] == lead_member.get_short_name()
    assert IndicatorValue.objects.get().value == Decimal(180)


@pytest.mark.parametrize("state", [ProjectState.PUBLISHED, ProjectState.COMPLETED, ProjectState.ARCHIVED])
def test_recording_on_a_project_that_is_not_active_is_a_conflict_with_its_state(api, make_project, lead_member, state):
    indicator = IndicatorFactory(effect=EffectFactory(project=make_project(state)))
    api.force_authenticate(lead_member)

    response = api.post("/api/indicator-values/", {"indicator": indicator.pk, "date": "2025-01-31", "value": "1"})

    assert response.status_code == 409
    assert response.data["state"] == state
    assert not IndicatorValue.objects.exists()


def test_partners_may_not_record(api, indicator, partner_member):
    api.force_authenticate(partner_member)

    response = api.post("/api/indicator-values/", {"indicator": indicator.pk, "date": "2025-01-31", "value": "1"})

    assert response.status_code == 403


def test_value_errors_per_field(api, indicator, lead_member):
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2025, 1, 31))
    api.force_authenticate(lead_member)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    future = api.post("/api/indicator-values/", {"indicator": indicator.pk, "date": tomorrow, "value": "1"})
    repeated = api.post("/api/indicator-values/", {"indicator": indicator.pk, "date": "2025-01-31", "value": "1"})
    not_a_number = api.post("/api/indicator-values/", {"indicator": indicator.pk, "date": "2025-02-28", "value": "x"})
    unknown = api.post("/api/indicator-values/", {"indicator": 999999, "date": "2025-02-28", "value": "1"})

    assert [list(r.data) for r in (future, repeated, not_a_number, unknown)] == [
        ["date"],
        ["date"],
        ["value"],
        ["indicator"],
    ]
    assert {r.status_code for r in (future, repeated, not_a_number, unknown)} == {400}
    assert "31.01.2025" in str(repeated.data["date"][0])


def test_a_value_is_corrected_and_removed(api, indicator, lead_member):
    value = IndicatorValueFactory(indicator=indicator)
    api.force_authenticate(lead_member)

    corrected = api.patch(f"/api/indicator-values/{value.pk}/", {"value": "155", "note": "уточнено"})
    removed = api.delete(f"/api/indicator-values/{value.pk}/")

    assert corrected.status_code == 200 and corrected.data["note"] == "уточнено"
    assert removed.status_code == 204
    assert not IndicatorValue.objects.exists()


def test_values_filter_by_indicator(api, indicator):
    other = IndicatorFactory(effect=indicator.effect)
    IndicatorValueFactory(indicator=indicator)
    IndicatorValueFactory(indicator=other)

    results = api.get("/api/indicator-values/", {"indicator": indicator.pk}).data["results"]

    assert [item["indicator"] for item in results] == [indicator.pk]


# --- Closing reports.


def test_the_lead_writes_then_revises_the_closing_report(api, make_project, lead_member):
    completed = make_project(ProjectState.COMPLETED)
    api.force_authenticate(lead_member)

    created = api.post("/api/closing-reports/", {"project": completed.pk, "lessons_learned": "Урок"})
    again = api.post("/api/closing-reports/", {"project": completed.pk, "lessons_learned": "Урок 2"})
    published = api.patch(f"/api/closing-reports/{created.data['id']}/", {"is_published": True})

    assert created.status_code == 201, created.data
    assert again.status_code == 200
    assert published.status_code == 200 and published.data["is_published"] is True
    report = ClosingReport.objects.get()
    assert (report.lessons_learned, report.is_published) == ("Урок 2", True)


def test_closing_report_rules(api, make_project, lead_member, partner_member):
    active = make_project(ProjectState.ACTIVE)
    draft = ClosingReportFactory(project=make_project(ProjectState.COMPLETED), is_published=False, published_at=None)

    api.force_authenticate(lead_member)
    conflict = api.post("/api/closing-reports/", {"project": active.pk, "lessons_learned": "Урок"})
    required = api.patch(f"/api/closing-reports/{draft.pk}/", {"lessons_learned": ""})
    api.force_authenticate(partner_member)
    hidden = api.get(f"/api/closing-reports/{draft.pk}/")
    forbidden = api.post("/api/closing-reports/", {"project": draft.project_id, "lessons_learned": "Чужое"})

    assert conflict.status_code == 409 and conflict.data["state"] == "active"
    assert required.status_code == 400 and list(required.data) == ["lessons_learned"]
    assert hidden.status_code == 404
    assert forbidden.status_code == 403


def test_closing_reports_are_searched_case_insensitively(api, reference_data):
    ClosingReportFactory(lessons_learned="Кооперация с ВУЗАМИ окупилась.")
    ClosingReportFactory(lessons_learned="Другое.")

    found = api.get("/api/closing-reports/", {"q": "вузами"}).data["results"]

    assert [item["lessons_learned"] for item in found] == ["Кооперация с ВУЗАМИ окупилась."]


# --- Query counts.


def _grow(project, count):
    for _ in range(count):
        indicator = IndicatorFactory(
            effect=EffectFactory(project=project, type=EffectType.values[project.effects.count()])
        )
        IndicatorValueFactory(indicator=indicator)
        IndicatorValueFactory(indicator=indicator)
        ClosingReportFactory()


@pytest.mark.parametrize(
    "url", ["/api/effects/", "/api/indicators/", "/api/indicator-values/", "/api/closing-reports/"]
)
def test_list_endpoints_cost_the_same_for_2_or_8_rows(api, project, lead_member, url):
    api.force_authenticate(lead_member)
    _grow(project, 2)
    api.get(url)
    with CaptureQueriesContext(connection) as few:
        assert api.get(url).status_code == 200
    _grow(project, 6)
    with CaptureQueriesContext(connection) as many:
        response = api.get(url)

    assert response.data["count"] >= 8
    assert len(many.captured_queries) == len(few.captured_queries)
