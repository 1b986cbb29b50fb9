"""Search parameters: read leniently from GET, written back canonically (no database)."""

from django.http import QueryDict

from search.params import SearchParams


def test_every_filter_is_read_and_written_back_in_a_canonical_order():
    params = SearchParams.from_query(
        QueryDict(
            "region=RU-VOR&q=  кластеры   вузы &kind=project&kind=agent&region=ru-lip&competence=12&level=3&sort=name"
        )
    )
    assert params.q == "кластеры вузы"
    assert params.kind == ("agent", "project")
    assert params.region == ("RU-LIP", "RU-VOR")
    assert params.competence == (12,)
    assert params.level == (3,)
    assert params.sort == "name"
    query = params.to_query()
    assert SearchParams.from_query(query) == params
    assert query.startswith("q=") and "page" not in query


def test_unknown_values_are_dropped_not_refused():
    params = SearchParams.from_query(
        "kind=planet&helix=nobody&type=x&level=9&level=two&competence=-1&region=%3Cscript%3E&sort=chaos&page=zero"
    )
    assert params == SearchParams()
    assert params.is_empty and params.effective_sort == "newest"


def test_relevance_needs_text():
    assert SearchParams.from_query("q=кластер").effective_sort == "relevance"
    assert SearchParams.from_query("sort=relevance").effective_sort == "newest"
    assert SearchParams.from_query("q=кластер&sort=newest").effective_sort == "newest"


def test_toggling_a_value_resets_the_page():
    params = SearchParams.from_query("q=x&region=RU-LIP&page=3")
    assert params.page == 3
    assert params.toggled("region", "RU-VOR").to_query(page=True) == "q=x&region=RU-LIP&region=RU-VOR"
    assert params.toggled("region", "RU-LIP").to_query(page=True) == "q=x"
    assert params.to_query(page=True) == "q=x&region=RU-LIP&page=3"
