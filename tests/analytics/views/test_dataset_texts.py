"""A data set's source and description in the reader's language (issue #12: Russian pages showed the shipped
data sets' notes in English)."""

import pytest

from analytics.models import Dataset
from analytics.services.shipped import CBE_2020, shipped_load_cbe_2020

pytestmark = pytest.mark.django_db


def test_the_shipped_data_set_is_described_in_russian_on_russian_pages_and_in_english_on_english_ones(
    client, reference_data
):
    shipped_load_cbe_2020()
    russian = client.get("/analytics/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    english = client.get("/analytics/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Опубликованные коэффициенты, округлённые до двух знаков" in russian
    assert "Published coefficients rounded to 2 decimals" not in russian
    assert "Коэффициент экспортной специализации по группам ТН ВЭД" in russian
    assert "Published coefficients rounded to 2 decimals" in english
    assert "Export specialisation ratio by FEACN group" in english


def test_a_text_in_one_language_only_is_shown_on_both_pages_marked_with_its_language(client, reference_data):
    Dataset.objects.create(code="own", name_ru="Свой", name_en="Own", source_en="A survey of 2025", sort_order=99)
    russian = client.get("/analytics/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<span lang="en">A survey of 2025</span>' in russian


def test_a_data_set_shipped_with_english_texts_in_its_russian_columns_gets_both(reference_data):
    # as an older release stored it: the English text in ``source`` and ``description``, no English columns
    Dataset.objects.create(
        code=CBE_2020["code"],
        name_ru=CBE_2020["name_ru"],
        name_en=CBE_2020["name_en"],
        source=CBE_2020["source_en"],
        description=CBE_2020["description_en"],
    )
    shipped_load_cbe_2020()
    dataset = Dataset.objects.get(code=CBE_2020["code"])
    assert (dataset.source, dataset.source_en) == (CBE_2020["source"], CBE_2020["source_en"])
    assert (dataset.description, dataset.description_en) == (CBE_2020["description"], CBE_2020["description_en"])
