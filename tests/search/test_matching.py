"""How a query is read and why a text matches it (search/matching.py): pure, no database.

Expected values are worked out by hand from Snowball's stems (see tests/search/test_text.py) and
search/data/related_terms.txt.
"""

from search import matching
from search.matching import concepts, highlight, why


def words(query):
    return [concept.words for concept in concepts(query)]


def test_each_word_is_a_concept_and_a_known_phrase_is_one():
    assert words("точное земледелие беспилотники") == ["точное", "земледелие", "беспилотники"]
    # "сельское хозяйство" is a term of the list: one idea, not "сельское" or "хозяйство" alone
    assert words("сельское хозяйство") == ["сельское хозяйство"]
    assert concepts("сельское хозяйство")[0].literal == (("сельск", "хозяйств"),)
    assert words("и the") == []


def test_a_long_stem_also_begins_longer_words_and_a_short_one_is_exact():
    # "беспилотных" → "беспилотн": finds "беспилотник" (the noun) as well as the adjective
    assert concepts("беспилотных")[0].literal == (("беспилотн*",),)
    assert concepts("дрон")[0].literal == (("дрон",),)


def test_related_terms_find_the_other_forms_of_an_idea():
    drones = concepts("беспилотники")[0]
    assert ("дрон",) in drones.related and ("беспилотн",) in drones.related
    # "беспилотник" and "беспилотных" find each other, through the list
    assert matching.concepts_in("Беспилотных систем", concepts("беспилотники")) == {0}
    assert matching.concepts_in("Беспилотники", concepts("беспилотных")) == {0}


def test_a_compound_with_a_combining_form_is_two_ideas():
    agro, drone = concepts("агродроны")
    assert agro.words == drone.words == "агродроны"
    assert ("агро*",) in agro.related and ("сельск", "хозяйств") in agro.related
    assert drone.literal == (("агродрон*",), ("дрон",)) and ("беспилотн",) in drone.related
    # the whole word, or either part
    assert matching.concepts_in("Агродроны", [agro, drone]) == {0, 1}
    assert matching.concepts_in("Агрохолдинг «Черноземье»", [agro, drone]) == {0}
    assert matching.concepts_in("Сельское хозяйство", [agro, drone]) == {0}
    assert matching.concepts_in("дроны", [agro, drone]) == {1}
    assert matching.concepts_in("Беспилотные системы", [agro, drone]) == {1}


def test_a_phrase_needs_all_its_words_in_the_same_text():
    query = concepts("сельское хозяйство")
    assert matching.concepts_in("A Сельское, лесное хозяйство, охота", query) == {0}
    assert matching.concepts_in("Водное хозяйство", query) == set()


def test_highlight_marks_the_matched_words_in_their_own_form():
    assert highlight("Беспилотные системы для точного земледелия", concepts("точное земледелие беспилотники")) == (
        "<mark>Беспилотные</mark> системы для <mark>точного</mark> <mark>земледелия</mark>"
    )
    # the words of a phrase are marked only where the whole phrase is found
    assert highlight("Водное хозяйство", concepts("сельское хозяйство")) == "Водное хозяйство"


def test_highlight_escapes_the_text_so_a_description_cannot_inject_html():
    html = highlight('<script>alert("x")</script> беспилотники & <b>', concepts("беспилотники"))
    assert html == ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>беспилотники</mark> &amp; &lt;b&gt;")
    # a query cannot inject either: its words are only compared, never copied
    assert highlight("script", concepts("<script>")) == "<mark>script</mark>"


def test_a_long_text_is_cut_around_its_first_match():
    value = "Слово " * 40 + "беспилотники " + "слово " * 40
    html = highlight(value, concepts("беспилотники"), limit=60)
    assert html.startswith("…") and html.endswith("…") and "<mark>беспилотники</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 62


def test_why_gives_the_fields_that_cover_the_query_best_first():
    query = concepts("точное земледелие беспилотники")
    fields = [
        ("name", "ООО «Небо»"),
        ("competence", "A Сельское, лесное хозяйство"),  # "земледелие" through a related term
        ("description", "Беспилотники для точного земледелия"),  # all three words
        ("region", "Липецкая область"),
    ]
    found = why(fields, query)
    assert [(match.field, match.concepts) for match in found] == [("description", {0, 1, 2})]
    # with one word in the description, the competence adds the one it lacks; the description comes first, as
    # it holds a word of the query itself (the competence only a related term)
    fields[2] = ("description", "Беспилотники")
    found = why(fields, query)
    assert [(match.field, match.concepts) for match in found] == [("description", {2}), ("competence", {1})]
    assert matching.words_found(query, found) == 2


def test_why_prefers_the_query_s_own_words_to_related_ones():
    query = concepts("university")
    fields = [("name", "Воронежский государственный университет"), ("name", "Voronezh State University")]
    assert [str(match.html) for match in why(fields, query)] == ["Voronezh State <mark>University</mark>"]


def test_a_compound_counts_as_one_word_of_the_query():
    query = concepts("агродроны")
    found = why([("name", "Агродроны")], query)
    assert matching.words_found(query, found) == 1


def test_akin_names_share_the_beginning_of_a_stem():
    assert matching.akin("Энергетика", concepts("энергоэффективность"))
    assert matching.akin("Медицина и здравоохранение", concepts("медицинские"))
    assert not matching.akin("Физика", concepts("гравитация"))
