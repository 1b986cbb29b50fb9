import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cooperation.factories import AgentFactory

pytestmark = pytest.mark.django_db


def test_region_list_shows_all_85_subjects_with_codes(client, reference_data):
    response = client.get("/regions/")

    assert response.status_code == 200
    assert len(response.context["regions"]) == 85
    html = response.content.decode()
    assert "RU-LIP" in html
    assert "Липецкая область" in html


def test_region_list_filters_by_macroregion_and_by_text(client, reference_data):
    by_macroregion = client.get("/regions/", {"macroregion": "central-black-earth"})
    by_text = client.get("/regions/", {"q": "липецк"})
    by_okato = client.get("/regions/", {"q": "42"})

    assert {r.iso_code for r in by_macroregion.context["regions"]} == {"RU-BEL", "RU-VOR", "RU-KRS", "RU-LIP", "RU-TAM"}
    assert [r.iso_code for r in by_text.context["regions"]] == ["RU-LIP"]
    assert [r.iso_code for r in by_okato.context["regions"]] == ["RU-LIP"]


def test_unknown_filter_value_is_an_error_on_the_form_not_a_crash(client, reference_data):
    response = client.get("/regions/", {"macroregion": "atlantis"})

    assert response.status_code == 200
    assert "macroregion" in response.context["filter"].form.errors


def test_region_page_by_iso_code_in_any_case(client, reference_data):
    upper = client.get("/regions/RU-LIP/")
    lower = client.get("/regions/ru-lip/")

    assert upper.status_code == lower.status_code == 200
    assert upper.context["region"].okato == "42"
    assert "Центрально-Черноземный макрорегион" in upper.content.decode()


def test_unknown_region_is_404(client, reference_data):
    assert client.get("/regions/RU-XXX/").status_code == 404


def test_region_page_counts_only_agents_the_visitor_may_see(client, lipetsk):
    AgentFactory(region=lipetsk, helix="science", name="Видимый университет")
    AgentFactory(region=lipetsk, helix="science", name="Скрытый стартап", is_verified=False)

    response = client.get("/regions/RU-LIP/")

    counts = {value: count for value, _label, count in response.context["helix_counts"]}
    assert counts["science"] == 1
    assert "Видимый университет" in response.content.decode()
    assert "Скрытый стартап" not in response.content.decode()


def test_names_follow_the_interface_language(client, reference_data):
    russian = client.get("/regions/RU-LIP/", HTTP_ACCEPT_LANGUAGE="ru")
    english = client.get("/regions/RU-LIP/", HTTP_ACCEPT_LANGUAGE="en")

    assert "<h1>Липецкая область</h1>" in russian.content.decode()
    assert "<h1>Lipetsk Oblast</h1>" in english.content.decode()
    assert 'lang="en"' in english.content.decode()


def test_region_list_query_count_does_not_grow_with_agents(client, lipetsk, voronezh):
    AgentFactory(region=lipetsk)
    with CaptureQueriesContext(connection) as few:
        client.get("/regions/")
    AgentFactory.create_batch(15, region=voronezh)
    with CaptureQueriesContext(connection) as many:
        client.get("/regions/")

    assert len(many) == len(few)
