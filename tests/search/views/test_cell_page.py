"""The page of a matrix cell (a region × a direction) and its "Start a project here", on the shipped CBE data.

Expected figures from the paper's Table 5 (``analytics/data/cbe_2020/table5_st_specialisation.csv``) and the
shipped concordance (``sector,C,…``): Lipetsk lacks Instrumentation (0) and Electronics. Radio engineering (0.15);
Tambov holds Instrumentation at 3.57, Voronezh Electronics at 3.46.
"""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from analytics.models import ClassifierItem
from cooperation.choices import Helix, ProjectState
from cooperation.models import Objective
from levels.models import PairLevel
from regions.models import Region
from tests.cooperation.factories import AgentFactory, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db

CELL = ("RU-LIP", "nace2", "C")


def item(classifier: str, **lookup) -> ClassifierItem:
    return ClassifierItem.objects.get(classifier__code=classifier, **lookup)


@pytest.fixture
def suppliers(cbe_maps):
    tambov = AgentFactory(region=Region.objects.get(iso_code="RU-TAM"), name="Тамбовский приборный завод")
    tambov.competences.set([item("grnti", name_en="Instrumentation")])
    voronezh = AgentFactory(
        region=Region.objects.get(iso_code="RU-VOR"), name="Воронежский радиозавод", helix=Helix.SCIENCE
    )
    voronezh.competences.set([item("grnti", name_en="Electronics. Radio engineering")])
    return tambov, voronezh


def test_lipetsk_section_c_names_what_it_lacks_and_who_supplies_it(client, suppliers):
    tambov, voronezh = suppliers
    PairLevel.objects.create(
        region_a=min(tambov.region, Region.objects.get(iso_code="RU-LIP"), key=lambda r: r.pk),
        region_b=max(tambov.region, Region.objects.get(iso_code="RU-LIP"), key=lambda r: r.pk),
        level=1,
        reached_on=date(2026, 1, 1),
    )
    project = ProjectFactory(state=ProjectState.PUBLISHED, title_en="Open section C project")
    project.directions.set([item("nace2", code="C")])

    with translation.override("en"):
        response = client.get(reverse("search:cell", args=CELL), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.context["page"]
    lacks = {entry.rubric.item.name_en: entry for entry in page.missing}
    assert {"Instrumentation", "Electronics. Radio engineering"} <= set(lacks)
    instrumentation = lacks["Instrumentation"].suppliers
    assert (instrumentation[0].region.iso_code, instrumentation[0].value) == ("RU-TAM", 3.57)
    electronics = lacks["Electronics. Radio engineering"].suppliers
    assert (electronics[0].region.iso_code, electronics[0].value) == ("RU-VOR", 3.46)
    assert [rubric.item.name_en for rubric in page.has] == [
        "Mechanical engineering",
        "Metallurgy",
        "Chemical technology. Chemical industry",
        "Chemistry",
        "Electrical engineering",
    ]
    by_region = {partner.region.iso_code: partner for partner in page.partners}
    assert by_region["RU-TAM"].level == 1 and by_region["RU-VOR"].level == 0
    with translation.override("en"):
        assert by_region["RU-TAM"].helices == [(str(Helix.BUSINESS.label), [tambov])]
        assert by_region["RU-VOR"].helices == [(str(Helix.SCIENCE.label), [voronezh])]
    assert page.projects == [project]
    html = response.content.decode()
    assert "Instrumentation" in html and "3.57" in html and "3.46" in html
    assert f'name="partners" value="{tambov.pk}"' in html


def test_the_matrix_and_the_scenario_model_link_to_the_cell(client, cbe_maps):
    url = reverse("search:cell", args=CELL)
    matrix = client.get(reverse("analytics:macroregion", args=["central-black-earth"]))
    assert url in matrix.content.decode()
    region = client.get(reverse("analytics:region", args=["RU-LIP"]))
    assert url in region.content.decode()


def test_start_prefills_the_project_form(client, suppliers, lead_agent):
    from cooperation.services.objectives import objectives_load_reference_data

    objectives_load_reference_data()
    tambov, voronezh = suppliers
    user = MembershipFactory(agent=lead_agent).user
    client.force_login(user)
    instrumentation = item("grnti", name_en="Instrumentation")
    start = reverse("search:cell-start", args=CELL)

    response = client.get(start, {"partners": [tambov.pk, voronezh.pk], "rubrics": [instrumentation.pk]})

    assert response.status_code == 302
    query = parse_qs(urlsplit(response.url).query)
    assert urlsplit(response.url).path == reverse("cooperation:project-create")
    assert query["directions"] == [str(item("nace2", code="C").pk)]
    assert query["rubrics"] == [str(instrumentation.pk)]
    assert sorted(query["partners"]) == sorted([str(tambov.pk), str(voronezh.pk)])
    # The helices involved: business (the lead and Tambov) and science (Voronezh) — a handful of objectives, each
    # helix's first of Table II, not all five of each (walk-through of issue #12: 15 came pre-ticked).
    expected = [Objective.objects.get(helix=helix, sort_order=1).pk for helix in (Helix.BUSINESS, Helix.SCIENCE)]
    assert sorted(map(int, query["objectives"])) == sorted(expected)
    form = client.get(response.url).context["form"]
    assert [str(value) for value in form.initial["partners"]] == query["partners"]
    assert form.initial["directions"] == query["directions"]


def test_no_st_data_for_the_region_says_so(client, cbe_maps):
    response = client.get(reverse("search:cell", args=["RU-NVS", "nace2", "C"]))
    assert response.status_code == 200
    assert response.context["page"].empty_reason
    assert not response.context["page"].missing


def test_unknown_cell_is_404(client, cbe_maps):
    assert client.get(reverse("search:cell", args=["RU-LIP", "nace2", "ZZ"])).status_code == 404
    assert client.get(reverse("search:cell", args=["RU-XXX", "nace2", "C"])).status_code == 404


def test_start_needs_a_sign_in(client, cbe_maps):
    response = client.get(reverse("search:cell-start", args=CELL))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_cell_analysis_is_computed_once_per_snapshot(client, suppliers, monkeypatch):
    from analytics.services.snapshots import snapshot_recompute
    from search import cells

    calls = []
    original = cells.direction_cell
    monkeypatch.setattr(cells, "direction_cell", lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    url = reverse("search:cell", args=CELL)
    # given: one visitor in English
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # when: another in Russian
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    # then: the analysis ran once, and both pages show it in their language (Tambov's 3.57, Voronezh's 3.46)
    assert len(calls) == 1
    assert "Instrumentation" in english and "3.57" in english and "3.46" in english
    assert "Приборостроение" in russian and "3,57" in russian and "3,46" in russian
    # and a recomputation (a new snapshot) is a new key
    snapshot_recompute(force=True)
    assert "3.57" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert len(calls) == 2


def test_an_export_group_starts_a_project_on_the_okved2_section_that_makes_it_and_says_so(client, cbe_maps, lead_agent):
    # Machinery, equipment and vehicles (FEACN 84-90) are made by manufacturing: section C.
    client.force_login(MembershipFactory(agent=lead_agent).user)
    cell = ("RU-LIP", "feacn_groups", "84-90")

    page = client.get(reverse("search:cell", args=cell), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = client.get(reverse("search:cell-start", args=cell))

    assert "the project starts on section C (Manufacturing industries), whose output this group is." in page
    assert 'aria-describedby="cell-start-note"' in page
    assert response.status_code == 302
    assert parse_qs(urlsplit(response.url).query)["directions"] == [str(item("nace2", code="C").pk)]
    form = client.get(response.url).context["form"]
    assert [str(value) for value in form.initial["directions"]] == [str(item("nace2", code="C").pk)]


def test_start_ticks_the_objectives_of_the_partners_and_the_lead_only(client, suppliers, lead_agent):
    # A user acting for organisations of every helix does not make every helix "involved": with two or more
    # organisations the lead is not chosen yet, so only the ticked partners' helices count.
    from cooperation.services.objectives import objectives_load_reference_data

    objectives_load_reference_data()
    tambov, _voronezh = suppliers
    user = MembershipFactory(agent=lead_agent).user
    for helix in (Helix.GOVERNMENT, Helix.SCIENCE, Helix.CIVIL):
        MembershipFactory(user=user, agent=AgentFactory(helix=helix, region=lead_agent.region))
    client.force_login(user)

    response = client.get(reverse("search:cell-start", args=CELL), {"partners": [tambov.pk]})

    query = parse_qs(urlsplit(response.url).query)
    assert list(map(int, query["objectives"])) == [Objective.objects.get(helix=tambov.helix, sort_order=1).pk]
