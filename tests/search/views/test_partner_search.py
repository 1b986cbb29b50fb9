"""Partner search on demo-like data (#12): partners before region pages, partial matches of several words,
why each result matched, and related competences when nothing matches."""

import re

import pytest
from django.urls import reverse

from analytics.models import ClassifierItem
from cooperation.choices import Helix, ProjectState
from regions.models import Region
from search.services import index_rebuild
from tests.cooperation.factories import AgentFactory, ProjectFactory
from tests.experts.factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db
URL = reverse("search:index")


@pytest.fixture
def agro(cbe_maps):
    """Like the demo: agro partners in the Black Earth regions, regions whose competences include agriculture."""
    agriculture = ClassifierItem.objects.get(classifier__code="nace2", code="A")
    lipetsk, kursk = Region.objects.get(iso_code="RU-LIP"), Region.objects.get(iso_code="RU-KRS")
    holding = AgentFactory(
        name="Агрохолдинг «Черноземье»", description="Зерно и сахарная свёкла.", helix=Helix.BUSINESS, region=lipetsk
    )
    holding.competences.add(agriculture)
    sky = AgentFactory(
        name="ООО «Небо»",
        name_en="Nebo LLC",
        description="Беспилотные системы мониторинга полей для точного земледелия.",
        helix=Helix.BUSINESS,
        region=kursk,
    )
    expert = ExpertProfileFactory(headline_ru="Агробиотехнологии и пищевая промышленность", region=kursk)
    project = ProjectFactory(
        lead_agent=holding,
        state=ProjectState.PUBLISHED,
        title_ru="Семеноводство Черноземья",
        title_en="Black Earth seed breeding",
        summary_ru="Селекция для сельского хозяйства трёх областей.",
        description="",
    )
    index_rebuild()
    return {"holding": holding, "sky": sky, "expert": expert, "project": project, "agriculture": agriculture}


def results(response) -> list[tuple[str, str, str]]:
    """(kind, title, why-it-matched HTML) of each result, in order."""
    html = response.content.decode()
    found = []
    for card in re.findall(r"<article .*?</article>", html, flags=re.S):
        kind = re.search(r'data-kind="(\w+)"', card).group(1)
        title = re.search(r'card-title mb-1"><a href="[^"]+">([^<]+)</a>', card).group(1)
        why = re.search(r"data-why>(.*?)</div>", card, flags=re.S)
        found.append((kind, title, " ".join(why.group(1).split()) if why else ""))
    return found


def test_agriculture_ranks_partners_above_region_pages_and_says_why(client, agro):
    found = results(client.get(URL, {"q": "сельское хозяйство"}))

    kinds = [kind for kind, _title, _why in found]
    assert "region" in kinds, "regions whose competences include agriculture match too"
    first_region = kinds.index("region")
    assert set(kinds[:first_region]) == {"agent", "project", "expert"}
    assert set(kinds[first_region:]) == {"region"}
    # every result says where it matched, with the words marked
    assert all("<mark>" in why for _kind, _title, why in found)
    holding = next(why for _kind, title, why in found if title == "Агрохолдинг «Черноземье»")
    # the competence's name, not its classifier code glued to it ("A Сельское…")
    assert "компетенция:</span> <mark>Сельское</mark>, лесное <mark>хозяйство</mark>" in holding
    project = next(why for _kind, title, why in found if title == "Семеноводство Черноземья")
    assert "<mark>сельского</mark> <mark>хозяйства</mark>" in project


def test_a_matched_competence_reads_as_its_name_in_english_too(client, agro):
    found = results(client.get(URL, {"q": "agriculture"}, HTTP_ACCEPT_LANGUAGE="en"))

    competences = [why for kind, _title, why in found if kind == "agent" and "competence:" in why]
    assert competences and all("competence:</span> <mark>Agriculture</mark>" in why for why in competences), found


def test_precision_farming_with_drones_finds_partial_matches_best_first(client, agro):
    found = results(client.get(URL, {"q": "точное земледелие беспилотники"}))

    assert found[0][:2] == ("agent", "ООО «Небо»")
    assert "3 из 3 слов" in found[0][2]
    assert (
        "<mark>Беспилотные</mark> системы мониторинга полей для <mark>точного</mark> <mark>земледелия</mark>"
        in (found[0][2])
    )
    # the agro partners have one idea of the three ("земледелие", through agriculture)
    titles = [title for _kind, title, _why in found]
    assert {"Агрохолдинг «Черноземье»", "Семеноводство Черноземья"} <= set(titles)
    holding = next(why for _kind, title, why in found if title == "Агрохолдинг «Черноземье»")
    assert "1 из 3 слов" in holding


def test_agro_drones_find_the_drone_maker_first_then_agro_partners(client, agro):
    found = results(client.get(URL, {"q": "агродроны"}))

    assert found[0][:2] == ("agent", "ООО «Небо»")
    titles = [title for _kind, title, _why in found]
    assert "Агрохолдинг «Черноземье»" in titles and "Семеноводство Черноземья" in titles
    # one word typed: no "n of m words"
    assert "из 1" not in found[0][2]


def test_the_same_in_english(client, agro):
    response = client.get(URL, {"q": "точное земледелие беспилотники"}, HTTP_ACCEPT_LANGUAGE="en")
    found = results(response)
    assert found[0][1] == "Nebo LLC" and "3 of 3 words" in found[0][2]
    assert "Why it matched:" in response.content.decode()


def test_a_description_cannot_inject_html_through_the_highlight(client, agro):
    AgentFactory(name="Тест", description='<script>alert("x")</script> беспилотники <img src=x onerror=alert(1)>')
    index_rebuild()

    html = client.get(URL, {"q": "беспилотники"}).content.decode()

    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>беспилотники</mark> &lt;img" in html
    assert "<script>alert" not in html and "<img src=x" not in html


def test_nothing_matches_offers_related_competences(client, agro, django_assert_max_num_queries):
    energy = ClassifierItem.objects.get(classifier__code="grnti", code="44")  # Энергетика
    agro["sky"].competences.add(energy)
    index_rebuild()

    response = client.get(URL, {"q": "энергоэффективность"})

    html = response.content.decode()
    assert 'id="search-nothing"' in html and "Ничто не подходит к «энергоэффективность»" in html
    assert f'href="?competence={energy.pk}">44 Энергетика</a>' in html
    # the link finds what the competence has
    found = results(client.get(URL, {"competence": energy.pk}))
    assert ("agent", "ООО «Небо»") in [(kind, title) for kind, title, _why in found]


def test_results_found_only_through_a_related_term_rank_below_direct_matches_and_say_so(client, agro):
    # "Небо" holds none of the typed words: "беспилотные" is a related term of "дроны", "земледелия" of "агро…"
    # (two concepts through related terms); the orchard's drones are the typed word itself (one concept)
    orchard = AgentFactory(name="Сады Придонья", description="Дроны для опрыскивания садов.", helix=Helix.BUSINESS)
    index_rebuild()

    found = results(client.get(URL, {"q": "агродроны"}))
    titles = [title for _kind, title, _why in found]

    assert titles.index(orchard.name) < titles.index("ООО «Небо»")
    sky = next(why for _kind, title, why in found if title == "ООО «Небо»")
    assert "(найдено по близкому термину для «агродроны»)" in sky
    orchard_why = next(why for _kind, title, why in found if title == orchard.name)
    assert "<mark>Дроны</mark>" in orchard_why and "по близкому термину" not in orchard_why


def test_precision_farming_direct_matches_first_in_english_too(client, agro):
    # one typed word ("точное") beats two ideas found only through related terms (quadcopters, crop growing)
    direct = AgentFactory(
        name="Точное литьё", name_en="Precision casting", description="Литьё по выплавляемым моделям."
    )
    related = AgentFactory(name="Коптер-Агро", name_en="Copter Agro", description="Квадрокоптеры для растениеводства.")
    index_rebuild()

    response = client.get(URL, {"q": "точное земледелие беспилотники"}, HTTP_ACCEPT_LANGUAGE="en")
    found = results(response)
    titles = [title for _kind, title, _why in found]

    assert titles.index(direct.name_en) < titles.index(related.name_en)
    copter = next(why for _kind, title, why in found if title == related.name_en)
    assert "found through a related term of “беспилотники”" in copter and "related term of “земледелие”" in copter


def test_with_nothing_found_the_results_take_the_row_without_a_lone_apply_button(client, agro):
    # The filter column held only "Apply filters" beside "nothing matches" (every filter was empty).
    html = client.get(URL, {"q": "энергоэффективность"}).content.decode()

    assert 'id="search-nothing"' in html
    assert 'id="filters-heading"' not in html and "Применить фильтры" not in html
    assert 'class="col-12" id="search-main"' in html
    # results: the filters are there beside them
    html = client.get(URL, {"q": "сельское хозяйство"}).content.decode()
    assert 'id="filters-heading"' in html and 'class="col-lg-9 order-lg-2" id="search-main"' in html


def test_a_chosen_filter_stays_offered_when_nothing_matches(client, agro):
    html = client.get(URL, {"q": "энергоэффективность", "competence": agro["agriculture"].pk}).content.decode()

    assert 'id="search-nothing"' in html
    assert 'id="filters-heading"' in html and f'value="{agro["agriculture"].pk}"' in html
