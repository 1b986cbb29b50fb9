"""Regions on forms and filters (#12): a multiple choice grouped under the federal districts, every list in
alphabetical order of the page's language (sorted in Python: the same on SQLite and PostgreSQL)."""

import html
import re

import pytest
from django.utils import translation

from accounts.choices import SiteRole
from cooperation.forms import AgentForm
from regions.models import Region

pytestmark = pytest.mark.django_db

CENTRAL_RU = [
    "Белгородская область",
    "Брянская область",
    "Владимирская область",
    "Воронежская область",
    "Ивановская область",
    "Калужская область",
    "Костромская область",
    "Курская область",
    "Липецкая область",
    "г. Москва",  # under "М", not under "г"
    "Московская область",
    "Орловская область",
    "Рязанская область",
    "Смоленская область",
    "Тамбовская область",
    "Тверская область",
    "Тульская область",
    "Ярославская область",
]
CENTRAL_EN = [
    "Belgorod Oblast",
    "Bryansk Oblast",
    "Ivanovo Oblast",
    "Kaluga Oblast",
    "Kostroma Oblast",
    "Kursk Oblast",
    "Lipetsk Oblast",
    "Moscow",
    "Moscow Oblast",
    "Oryol Oblast",
    "Ryazan Oblast",
    "Smolensk Oblast",
    "Tambov Oblast",
    "Tula Oblast",
    "Tver Oblast",
    "Vladimir Oblast",
    "Voronezh Oblast",
    "Yaroslavl Oblast",
]


def select_groups(page: str, name: str) -> list[tuple[str, list[str]]]:
    """``(optgroup label, [option labels])`` of the ``<select name=…>`` of a page."""
    select = re.search(rf'<select name="{name}".*?</select>', page, flags=re.S).group(0)
    return [
        (
            html.unescape(label),
            [html.unescape(option.strip()) for option in re.findall(r"<option [^>]*>([^<]*)<", body)],
        )
        for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, flags=re.S)
    ]


def dictionary_order(names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: name.removeprefix("г. ").lower().replace("ё", "е"))


@pytest.mark.parametrize(
    ("language", "central", "central_regions"),
    [("ru", "Центральный федеральный округ", CENTRAL_RU), ("en", "Central Federal District", CENTRAL_EN)],
)
def test_the_moderation_queue_groups_regions_by_district_in_alphabetical_order(
    client, make_user, reference_data, language, central, central_regions
):
    client.force_login(make_user(SiteRole.MODERATOR))

    page = client.get("/projects/moderation/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    groups = select_groups(page, "region")
    assert len(groups) == 8 and sum(len(options) for _label, options in groups) == Region.objects.count() == 85
    assert groups[0] == (central, central_regions)
    for _label, options in groups:
        assert options == dictionary_order(options)


def test_a_single_region_is_chosen_from_a_list_in_the_pages_language(reference_data):
    with translation.override("en"):
        english = [label for value, label in AgentForm().fields["region"].choices if value]
    with translation.override("ru"):
        russian = [label for value, label in AgentForm().fields["region"].choices if value]

    assert len(english) == len(russian) == 85
    assert english == dictionary_order(english) and russian == dictionary_order(russian)
    # the English list is not the Russian one's order translated (Vladimir after Tver, not after Bryansk)
    assert english.index("Vladimir Oblast") > english.index("Tver Oblast")
    assert russian.index("Владимирская область") < russian.index("Тверская область")
