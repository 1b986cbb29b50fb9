"""Recommendations on the paper's Central Black Earth data: the reasons shown are the real coefficients.

The maps are the shipped data set "cbe-2020" loaded and recomputed by the analytics services (a real
current snapshot); the expected figures are read independently from the shipped CSV copies of the
paper's Tables 2 and 5 (``analytics/data/cbe_2020/``, copies of ``shared/data/cbe_2020/``).
"""

from pathlib import Path

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import translation

from analytics.models import ClassifierItem
from cooperation.choices import ProjectState
from regions.models import Region
from search import recommendations
from search.services import index_rebuild
from tests.cooperation.factories import AgentFactory, ParticipantFactory, ProjectFactory
from tests.experts.factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "analytics" / "data" / "cbe_2020"


def paper(table: str, region: str, name: str) -> float:
    """A coefficient as the paper prints it."""
    frame = pd.read_csv(DATA / table)
    [value] = frame.loc[(frame["region"] == region) & (frame["name"] == name), "value"]
    return float(value)


def st(region: str, rubric: str) -> str:
    return f"{paper('table5_st_specialisation.csv', region, rubric):.2f}"


def item(classifier: str, **lookup) -> ClassifierItem:
    return ClassifierItem.objects.get(classifier__code=classifier, **lookup)


@pytest.fixture
def food_exporter(cbe_maps, lipetsk):
    """A Lipetsk agent working in the export direction 01-24 (food products and agricultural raw materials)."""
    agent = AgentFactory(region=lipetsk, name="Липецкий пищевой кластер", name_en="Lipetsk food cluster")
    agent.competences.set([item("feacn_groups", code="01-24")])
    return agent


def test_the_reasons_are_the_coefficients_of_the_current_snapshot(food_exporter):
    result = recommendations.for_agent(food_exporter)

    assert result.dataset["code"] == "cbe-2020" and result.basis == "subject"
    translation.activate("en")
    assert [suggestion.line for suggestion in result.suggestions] == [
        f"Voronezh Oblast: Food industry {st('Voronezh', 'Food industry')}, "
        f"Biotechnology {st('Voronezh', 'Biotechnology')}, "
        f"Agriculture and forestry {st('Voronezh', 'Agriculture and forestry')}",
        f"Kursk Oblast: Agriculture and forestry {st('Kursk', 'Agriculture and forestry')}, "
        f"Food industry {st('Kursk', 'Food industry')}",
        f"Belgorod Oblast: Agriculture and forestry {st('Belgorod', 'Agriculture and forestry')}",
        f"Tambov Oblast: Biotechnology {st('Tambov', 'Biotechnology')}",
    ]
    assert (
        result.suggestions[0].line
        == "Voronezh Oblast: Food industry 5.86, Biotechnology 2.69, Agriculture and forestry 1.93"
    )


def test_labels_and_decimal_separator_follow_the_language(food_exporter):
    with translation.override("ru"):
        [voronezh, *_] = recommendations.for_agent(food_exporter).suggestions
        line = voronezh.line
    assert line.startswith("Воронежская область: ")
    assert f"{item('grnti', name_en='Biotechnology').name_ru} 2,69" in line
    assert f"{item('grnti', name_en='Food industry').name_ru} 5,86" in line


def test_the_issues_example_for_a_region_outside_the_maps(cbe_maps):
    moscow = Region.objects.get(iso_code="RU-MOW")
    agent = AgentFactory(region=moscow)
    agent.competences.set([item("feacn_groups", code="01-24")])

    [voronezh, *_] = recommendations.for_agent(agent).suggestions
    translation.activate("en")

    export = paper("table2_export_specialisation.csv", "Voronezh", "Food products and agricultural raw materials")
    assert f"Food products and agricultural raw materials (export) {export:.2f}" in voronezh.line  # 5.36
    assert f"Biotechnology {st('Voronezh', 'Biotechnology')}" in voronezh.line  # 2.69


def test_a_project_counts_every_participants_region_and_names_partners_there(cbe_maps, lipetsk, voronezh):
    tambov = Region.objects.get(iso_code="RU-TAM")
    instruments, biotech = item("grnti", name_en="Instrumentation"), item("grnti", name_en="Biotechnology")
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.PUBLISHED)
    ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
    project.rubrics.set([instruments, biotech])
    lab = AgentFactory(region=tambov, name="Тамбовская лаборатория приборов", name_en="Tambov instrument lab")
    lab.competences.set([instruments])
    expert = ExpertProfileFactory(region=tambov, competences=[instruments])
    AgentFactory(region=tambov, name="Тамбовский завод")  # no matching competence: not named
    index_rebuild()

    result = recommendations.for_project(project)
    translation.activate("en")

    # Biotechnology: Voronezh (2.69) takes part already, so no region complements it. Instrumentation:
    # neither Lipetsk (0) nor Voronezh (0.16) holds it; Tambov (3.57) and Kursk (1.37) do.
    assert {region.iso_code for region in result.own_regions} == {"RU-VOR", "RU-LIP"}
    assert [suggestion.line for suggestion in result.suggestions] == [
        f"Tambov Oblast: Instrumentation {st('Tambov', 'Instrumentation')}",
        f"Kursk Oblast: Instrumentation {st('Kursk', 'Instrumentation')}",
    ]
    assert {(partner.kind, partner.object_id) for partner in result.suggestions[0].partners} == {
        ("agent", lab.pk),
        ("expert", expert.pk),
    }


def test_no_snapshot_no_suggestion(reference_data, lipetsk):
    result = recommendations.for_agent(AgentFactory(region=lipetsk))
    assert result.suggestions == [] and result.dataset is None


# --- Pages, panel, API.


def test_the_page_shows_the_reasons_and_hides_what_the_viewer_may_not_see(client, food_exporter, lipetsk):
    response = client.get(
        reverse("search:agent-recommendations", kwargs={"pk": food_exporter.pk}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Voronezh Oblast: Food industry 5.86, Biotechnology 2.69, Agriculture and forestry 1.93" in (
        response.content.decode()
    )
    hidden = AgentFactory(region=lipetsk, is_verified=False)
    assert client.get(reverse("search:agent-recommendations", kwargs={"pk": hidden.pk})).status_code == 404
    draft = ProjectFactory(lead_agent=food_exporter)
    assert client.get(reverse("search:project-recommendations", kwargs={"pk": draft.pk})).status_code == 404


def test_the_panel_for_agent_and_project_pages(rf, food_exporter):
    from django.template import Context, Template

    template = Template("{% load search_tags %}{% recommendations_panel subject %}")
    with translation.override("en"):
        html = template.render(Context({"subject": food_exporter, "request": rf.get("/")}))
    assert "Voronezh Oblast</a>: Food industry 5.86, Biotechnology 2.69" in html
    complementary = html[: html.index("recommendations-similar")]
    assert "Tambov" not in complementary  # the panel shows the first three regions
    assert reverse("search:agent-recommendations", kwargs={"pk": food_exporter.pk}) in html


def test_the_api_gives_the_same_reasons(client, food_exporter):
    response = client.get("/api/recommendations/", {"agent": food_exporter.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    first = body["suggestions"][0]
    assert body["dataset"] == "cbe-2020" and first["region"] == "RU-VOR"
    assert [(reason["name"], reason["value"]) for reason in first["reasons"]] == [
        ("Food industry", 5.86),
        ("Biotechnology", 2.69),
        ("Agriculture and forestry", 1.93),
    ]
    assert client.get("/api/recommendations/").status_code == 400
    assert client.get("/api/recommendations/", {"agent": 1, "project": 1}).status_code == 400
    assert client.get("/api/recommendations/", {"project": 99999}).status_code == 404


# --- Two kinds, every data set covering the region, and why a list is empty (issue #13, item 5).


@pytest.fixture
def all_russia(cbe_maps):
    """The paper's data set plus an all-Russia one (national localisation of section A), then recomputed.

    All-Russia values: Lipetsk 1.8, Oryol 3.1, Altai Krai 2.4 (strong in A), Novosibirsk 0.5 (not)."""
    from django.utils import timezone

    from analytics.choices import BatchKind, Indicator
    from analytics.models import Dataset, ImportBatch, PublishedCoefficient
    from analytics.services.snapshots import snapshot_recompute

    dataset = Dataset.objects.create(code="all-russia-test", name_en="All Russia (test)", name_ru="Вся Россия (тест)")
    batch = ImportBatch.objects.create(
        dataset=dataset, kind=BatchKind.COEFFICIENTS, file_name="all.csv", checksum="1" * 64
    )
    section_a = item("nace2", code="A")
    PublishedCoefficient.objects.bulk_create(
        PublishedCoefficient(
            dataset=dataset,
            batch=batch,
            indicator=Indicator.NATIONAL_LOCALISATION,
            region=Region.objects.get(iso_code=iso),
            item=section_a,
            year=2022,
            value=value,
        )
        for iso, value in (("RU-LIP", 1.8), ("RU-ORL", 3.1), ("RU-ALT", 2.4), ("RU-NVS", 0.5))
    )
    return snapshot_recompute(now=timezone.now(), force=True)


def test_a_new_lipetsk_agro_company_gets_similar_regions_from_the_all_russia_data(all_russia, lipetsk):
    agro = AgentFactory(region=lipetsk, name="Липецкий агрохолдинг")
    agro.competences.set([item("nace2", code="A")])

    with translation.override("en"):
        result = recommendations.for_agent(agro, limit=10)

    assert {dataset["code"] for dataset in result.used} == {"cbe-2020", "all-russia-test"}
    similar = [suggestion.region.iso_code for suggestion in result.similar]
    # Section A (Table 3: Lipetsk 2.77; all-Russia 1.8): Tambov 6.87 is the strongest CBE region, and Oryol (3.1)
    # and Altai Krai (2.4), which only the all-Russia data covers, are strong in A too; Novosibirsk (0.5) is not.
    assert "RU-NVS" not in similar
    # one shared field each, so after the CBE regions that share several; Oryol (3.1) before Altai Krai (2.4)
    assert similar[-2:] == ["RU-ORL", "RU-ALT"]
    oryol = next(suggestion for suggestion in result.similar if suggestion.region.iso_code == "RU-ORL")
    with translation.override("en"):
        assert "3.10 (own region 2.77)" in oryol.reasons_text
    assert result.similar_empty == ""


def test_an_empty_list_says_why(cbe_maps, lipetsk):
    novosibirsk = AgentFactory(region=Region.objects.get(iso_code="RU-NVS"))
    novosibirsk.competences.set([item("nace2", code="A")])
    silent = AgentFactory(region=lipetsk)

    with translation.override("en"):
        far = recommendations.for_agent(novosibirsk)
        bare = recommendations.for_agent(silent)

    # The paper's tables do not reach Novosibirsk: nothing is known of its strengths.
    assert far.similar == [] and "No data set covers Novosibirsk Oblast" in far.similar_empty
    assert any("Novosibirsk Oblast" in note for note in far.notes)
    # An organisation with no competence is told to add them.
    assert any("declares no competences" in note for note in bare.notes)


def test_a_region_that_already_holds_every_field_is_told_so(cbe_maps, lipetsk):
    # Lipetsk holds Metallurgy (22.10): no region complements it there; Belgorod (6.11) and Kursk (2.27) are similar.
    metal = AgentFactory(region=lipetsk)
    metal.competences.set([item("grnti", name_en="Metallurgy")])

    with translation.override("en"):
        result = recommendations.for_agent(metal)

    assert result.suggestions == []
    assert "already holds a competence in every one of these fields" in result.complementary_empty
    assert [suggestion.region.iso_code for suggestion in result.similar] == ["RU-BEL", "RU-KRS"]


def test_a_pair_that_could_rise_is_preferred_and_said(cbe_maps, lipetsk):
    from datetime import date

    from levels.models import PairLevel

    metal = AgentFactory(region=lipetsk)
    metal.competences.set([item("grnti", name_en="Metallurgy")])
    kursk = Region.objects.get(iso_code="RU-KRS")
    low, high = sorted([lipetsk, kursk], key=lambda region: region.pk)
    PairLevel.objects.create(region_a=low, region_b=high, level=2, reached_on=date(2026, 1, 1))

    with translation.override("en"):
        result = recommendations.for_agent(metal)
        # One item each (Belgorod 6.11, Kursk 2.27): Kursk, at the expert level with Lipetsk, comes first now.
        assert [suggestion.region.iso_code for suggestion in result.similar] == ["RU-KRS", "RU-BEL"]
        assert "could rise" in result.similar[0].level_text


def test_the_project_panel_is_computed_once_per_snapshot_language_and_participants(
    client, cbe_maps, lipetsk, voronezh, monkeypatch
):
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.PUBLISHED)
    project.rubrics.set([item("grnti", name_en="Instrumentation")])
    calls = []
    original = recommendations.for_project
    monkeypatch.setattr(recommendations, "for_project", lambda *a, **k: calls.append(1) or original(*a, **k))
    url = f"/projects/{project.pk}/"

    def panel(language: str) -> str:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        return page[page.index('id="recommendations-heading"') :]

    # Lipetsk lacks Instrumentation (0): Tambov (3.57) complements it
    first = panel("en")
    assert "Tambov Oblast</a>: Instrumentation 3.57" in first
    assert panel("en") == first and len(calls) == 1  # a second visitor: from the cache
    assert "Тамбовская область</a>: Приборостроение 3,57" in panel("ru") and len(calls) == 2  # per language
    # a new active participant (Voronezh) changes the project's regions: computed again
    ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
    panel("en")
    assert len(calls) == 3
    assert panel("en") and len(calls) == 3  # and kept


def test_the_project_panel_follows_the_items_the_snapshot_and_the_levels(client, cbe_maps, lipetsk, monkeypatch):
    """The panel is cached under the project page's facts version and checked against the current snapshot and
    the levels' fingerprint (``recommendations.project_panel``): each change is a new computation."""
    from analytics.models import Snapshot
    from levels.models import LevelComputation

    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.PUBLISHED)
    project.rubrics.set([item("grnti", name_en="Instrumentation")])
    calls = []
    original = recommendations.for_project
    monkeypatch.setattr(recommendations, "for_project", lambda *a, **k: calls.append(1) or original(*a, **k))

    def panel() -> str:
        page = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        return page[page.index('id="recommendations-heading"') :]

    assert "Instrumentation 3.57" in panel() and len(calls) == 1
    # the project's rubrics (a many-to-many change replaces the facts' version)
    project.rubrics.set([item("grnti", name_en="Biotechnology")])
    assert "Instrumentation 3.57" not in panel() and len(calls) == 2
    panel()
    assert len(calls) == 2
    # the levels: a recomputation that changes the fingerprint
    LevelComputation.objects.update_or_create(pk=1, defaults={"fingerprint": "another history"})
    panel()
    assert len(calls) == 3
    # the snapshot: another one is current (here the same row, told apart by its checksum)
    snapshot = Snapshot.objects.get(is_current=True)
    snapshot.inputs_checksum = "another run"
    snapshot.save()
    panel()
    assert len(calls) == 4
    panel()
    assert len(calls) == 4


def test_the_project_panel_tag_reads_the_facts_version_when_the_page_passes_none(rf, cbe_maps, lipetsk, monkeypatch):
    """``{% recommendations_panel project %}`` without the page's facts version reads the current one itself: the
    panel is cached, and a change of the project's items is still a new computation, not the stale panel."""
    from django.template import Context, Template

    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.PUBLISHED)
    project.rubrics.set([item("grnti", name_en="Instrumentation")])
    calls = []
    original = recommendations.for_project
    monkeypatch.setattr(recommendations, "for_project", lambda *a, **k: calls.append(1) or original(*a, **k))
    template = Template("{% load search_tags %}{% recommendations_panel subject %}")

    def panel() -> str:
        with translation.override("en"):
            return template.render(Context({"subject": project, "request": rf.get("/")}))

    first = panel()
    assert "Tambov Oblast</a>: Instrumentation 3.57" in first and len(calls) == 1
    assert panel() == first and len(calls) == 1  # from the cache
    project.rubrics.set([item("grnti", name_en="Biotechnology")])  # replaces the facts' version
    assert "Instrumentation 3.57" not in panel() and len(calls) == 2
