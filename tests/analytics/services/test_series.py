"""Series of the data bank for a region beside its macro-region and Russia: loaded by setup, compared by hand."""

import pytest
from django.utils import translation

from analytics.models import Dataset, RegionalStatistic
from analytics.series import NoSeriesDataError, UnknownSeriesError, series_choices, series_comparison
from analytics.services.shipped import shipped_load_rosstat_gva, shipped_load_rosstat_series

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the source language."""
    with translation.override("en"):
        yield


def test_the_series_load_once_with_their_sources(reference_data):
    first = shipped_load_rosstat_series()
    second = shipped_load_rosstat_series()

    # 924 values of R&D personnel (84 regions × 11 years + Crimea and Sevastopol × 10 + Russia × 11 = 924) and
    # 1,274 of innovation activity, as the parser reads them; the second run writes nothing
    assert (first.created, second.created, second.updated, second.unchanged) == (2198, 0, 0, 2198)
    assert RegionalStatistic.objects.count() == 2198
    for code in ("rosstat-rd-personnel", "rosstat-innovation-activity"):
        dataset = Dataset.objects.get(code=code)
        assert "findatalab/rosstat-open-data" in dataset.source


def test_innovation_activity_of_lipetsk_beside_its_macroregion(reference_data):
    shipped_load_rosstat_series()

    comparison = series_comparison("innovation_activity", region_iso="RU-LIP")

    # innovations_1.xls, 2010: Belgorod 10.9, Voronezh 8.6, Kursk 7.1, Lipetsk 8.9, Tambov 8.2
    # → Central Black Earth mean (10.9 + 8.6 + 7.1 + 8.9 + 8.2) / 5 = 43.7 / 5 = 8.74; Russia 9.5
    assert comparison.region[2010] == 8.9
    assert comparison.macroregion[2010] == pytest.approx(8.74)
    assert comparison.country[2010] == 9.5


def test_rd_personnel_of_lipetsk_beside_its_macroregion(reference_data):
    shipped_load_rosstat_series()

    comparison = series_comparison("rd_personnel", region_iso="RU-LIP")

    # nauka_2.xls, 2024: Belgorod 1232 + Voronezh 9610 + Kursk 2264 + Lipetsk 562 + Tambov 696 = 14,364
    assert comparison.region[2024] == 562
    assert comparison.macroregion[2024] == 14364
    assert comparison.macroregion_mean[2024] == pytest.approx(14364 / 5)
    # Russia 675,696 over the 83 regions with a value (the Jewish Autonomous Oblast and Chukotka are "…": not published)
    assert comparison.country_mean[2024] == pytest.approx(675696 / 83)


def test_gva_share_of_manufacturing_in_lipetsk(reference_data):
    shipped_load_rosstat_gva()

    comparison = series_comparison("gva_share:C", region_iso="RU-LIP")

    # gva_structure_by_okved_section_2009_2022.csv: Lipetsk, OKVED2 section C, 2020: 36.5 % (its shares sum
    # to 100, so volume / total = the share)
    assert comparison.region[2020] == pytest.approx(36.5, abs=0.1)
    assert sorted(comparison.region) == list(range(2016, 2023))
    assert 0 < comparison.macroregion[2020] < comparison.region[2020]


def test_bad_input_is_a_clear_error(reference_data):
    shipped_load_rosstat_series()
    with pytest.raises(UnknownSeriesError, match="Unknown series of the data bank: “gdp”"):
        series_comparison("gdp", region_iso="RU-LIP")
    with pytest.raises(UnknownSeriesError):
        series_comparison("gva_share:ZZ", region_iso="RU-LIP")
    # no GVA loaded here: the region has no data in that series
    with pytest.raises(NoSeriesDataError, match="has no values"):
        series_comparison("gva_share:C", region_iso="RU-LIP")
    assert ("innovation_activity", "Level of innovation activity of organisations") in series_choices()
