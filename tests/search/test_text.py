"""Stems of the fallback: PostgreSQL's rules (Snowball Russian and English stemmers, its stop lists). No database."""

from search import text


def test_russian_plural_and_singular_share_a_stem():
    assert text.query_terms("кластеры") == text.query_terms("кластер") == ["кластер"]
    assert text.stems("университетов университет университеты") == ["университет"] * 3


def test_english_plural_and_singular_share_a_stem():
    # Snowball 2 (as bundled with PostgreSQL 15): "university" and "universities" -> "univers".
    assert text.query_terms("universities") == text.query_terms("University") == ["univers"]
    assert text.query_terms("clusters") == ["cluster"]


def test_words_are_stemmed_by_their_alphabet_and_e_with_diaeresis_is_e():
    assert text.stems("Biotechnology биотехнологии") == ["biotechnolog", "биотехнолог"]
    assert text.stems("ёлки") == text.stems("елки")


def test_stop_words_of_both_languages_are_dropped_and_numbers_kept():
    assert text.query_terms("the cluster and the universities") == ["cluster", "univers"]
    assert text.query_terms("кластеры и университеты в регионе") == ["кластер", "университет", "регион"]
    assert text.query_terms("и the") == []
    assert text.stems("COVID 2020 3D") == ["covid", "2020", "3d"]


def test_stored_stems_are_distinct_and_delimited():
    assert text.stems_field(["Кластеры кластер", "Cluster"]) == " кластер cluster "
    assert text.stems_field(["и"]) == ""
