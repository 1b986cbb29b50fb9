"""Indicators linked to a series of the data bank: the service, its errors, before/after, suggestions, the demo."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from analytics.services.shipped import shipped_load_rosstat_gva
from audit.models import AuditLogEntry
from cooperation.choices import ProjectState
from monitoring.choices import EffectType
from monitoring.demo import demo_data_bank_links_load
from monitoring.models import Indicator
from monitoring.services import indicator_link, indicator_unlink, indicator_value_record
from monitoring.statistics import linked_indicators, region_rollup, suggestions
from regions.models import Region
from tests.monitoring.factories import EffectFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def gva(reference_data):
    """Rosstat's GVA volumes, loaded inside the test's transaction."""
    shipped_load_rosstat_gva()


def test_a_linked_indicator_shows_lipetsk_before_and_after_beside_its_macroregion(
    gva, make_project, lead_member, lipetsk
):
    project = make_project(ProjectState.ACTIVE, started_on=datetime.date(2018, 5, 1))
    indicator = IndicatorFactory(effect=EffectFactory(project=project, type=EffectType.ECONOMIC))

    indicator_link(indicator=indicator, actor=lead_member, series="gva_share:C", region=lipetsk)

    [row] = linked_indicators(project)
    # gva_structure_by_okved_section_2009_2022.csv, section C (manufacturing), Lipetsk: 42.9 % in 2018, 37.2 % in 2022
    assert (row.before_year, row.after_year) == (2018, 2022)
    assert row.region_before == pytest.approx(42.9, abs=0.01)
    assert row.region_after == pytest.approx(37.2, abs=0.01)
    # Central Black Earth, 2022: C volumes = share × GRP (million RUB):
    #   Belgorod 16.9 % × 1,311,232.6 = 221,598.3; Voronezh 15.6 % × 1,377,736.5 = 214,926.9;
    #   Kursk 15.0 % × 665,472.5 = 99,820.9; Lipetsk 37.2 % × 792,823.2 = 294,930.2;
    #   Tambov 13.1 % × 473,768.7 = 62,063.7 → 893,340.0 of GRP 4,621,033.5 = 19.33 %
    # 2018: 671,677.7 of 3,270,489.5 = 20.54 %
    assert row.macro_after == pytest.approx(19.33, abs=0.01)
    assert row.macro_before == pytest.approx(20.54, abs=0.01)
    assert [year["year"] for year in row.years] == list(range(2016, 2023))
    indicator.refresh_from_db()
    assert (indicator.series, indicator.series_region, indicator.unit) == ("gva_share:C", lipetsk, "%")
    assert AuditLogEntry.objects.filter(action="monitoring.indicator_linked").count() == 1
    # values of a linked indicator are never typed
    with pytest.raises(ValidationError, match="takes its values from the data bank"):
        indicator_value_record(
            indicator=indicator, actor=lead_member, date=timezone.localdate(), value=1, today=timezone.localdate()
        )
    # the roll-up of Lipetsk shows it to everyone who sees the project
    assert [link.indicator.pk for _project, link in region_rollup(lipetsk, user=None).rows] == [indicator.pk]
    indicator_unlink(indicator=indicator, actor=lead_member)
    assert Indicator.objects.get(pk=indicator.pk).series == ""


def test_bad_links_are_refused_with_a_message_per_field(make_project, lead_member, lipetsk):
    project = make_project(ProjectState.ACTIVE)
    indicator = IndicatorFactory(effect=EffectFactory(project=project))

    with pytest.raises(ValidationError) as unknown:
        indicator_link(indicator=indicator, actor=lead_member, series="gdp_per_capita", region=lipetsk)
    assert "Unknown series of the data bank" in unknown.value.message_dict["series"][0]

    # a region that does not take part in the project
    with pytest.raises(ValidationError) as outside:
        indicator_link(
            indicator=indicator, actor=lead_member, series="gva_share:C", region=Region.objects.get(iso_code="RU-TYU")
        )
    assert "does not take part" in outside.value.message_dict["region"][0]

    # a region without data in that series (nothing loaded here)
    with pytest.raises(ValidationError) as empty:
        indicator_link(indicator=indicator, actor=lead_member, series="gva_share:C", region=lipetsk)
    assert "has no values" in empty.value.message_dict["region"][0]

    # an indicator with values typed by hand
    IndicatorValueFactory(indicator=indicator)
    with pytest.raises(ValidationError) as typed:
        indicator_link(indicator=indicator, actor=lead_member, series="gva_share:C", region=lipetsk)
    assert "remove them before linking" in typed.value.message_dict["series"][0]
    assert Indicator.objects.get(pk=indicator.pk).series == ""


def test_each_effect_type_suggests_its_series(make_project, lipetsk, voronezh):
    project = make_project(ProjectState.DRAFT)
    regions = [lipetsk, voronezh]

    modernisation = {(item.series, item.region_iso) for item in suggestions(project, EffectType.MODERNISATION, regions)}
    scale = {item.series for item in suggestions(project, EffectType.SCALE, regions)}

    assert ("gva_share:C", "RU-LIP") in modernisation and ("gva_share:J", "RU-VOR") in modernisation
    assert ("innovation_activity", "RU-LIP") in modernisation
    assert scale == {"rd_personnel", "innovation_activity"}
    assert suggestions(project, EffectType.SOCIAL, regions) == []


def test_the_economic_effect_suggests_the_projects_sections(make_project, lipetsk):
    from analytics.models import ClassifierItem

    project = make_project(ProjectState.DRAFT)
    project.directions.add(ClassifierItem.objects.get(classifier__code="nace2", code="C"))

    assert [item.series for item in suggestions(project, EffectType.ECONOMIC, [lipetsk])] == ["gva_share:C"]


def test_the_demo_links_the_showcase_to_lipetsks_manufacturing(gva, make_project, lead_member):
    project = make_project(ProjectState.ACTIVE, is_featured=True, created_by=lead_member)
    EffectFactory(project=project, type=EffectType.ECONOMIC)

    assert demo_data_bank_links_load() == 1
    assert demo_data_bank_links_load() == 0

    [row] = linked_indicators(project)
    assert row.indicator.series == "gva_share:C" and row.indicator.series_region.iso_code == "RU-LIP"
    assert [year["year"] for year in row.years] == list(range(2016, 2023))
