"""Every picture and chart, rendered in Russian, gives the browser numbers it can read.

Russian is the default language, and Django prints ``74.4`` as ``74,4`` in Russian: in an SVG
attribute that is no number at all, so the network picture came out blank. Each page that draws a
picture is rendered in Russian with data that give fractional numbers, and every number that goes
into SVG, a ``data-*`` attribute or the JSON a chart reads must parse in the C locale.
"""

import datetime
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from cooperation.choices import ProjectState
from levels.services import levels_recompute
from regions.models import Region
from tests.analytics.public_data import PAPER, ROSSTAT, build_snapshot
from tests.cooperation.factories import AgentFactory, ParticipantFactory, ProjectFactory
from tests.levels.factories import InteractionFactory, StructureFactory
from tests.monitoring.factories import EffectFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

#: A number as SVG, CSS and JavaScript read it: decimal point, no grouping.
NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
#: A number as Russian prints it ("74,4", "1 234,5"): never where a program reads it.
LOCALISED = re.compile(r"^[-+]?\d[\d\s\u00a0]*,\d+$")
#: SVG attributes holding one number.
SINGLE = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy", "width", "height"}
SINGLE |= {"stroke-width", "font-size", "opacity", "fill-opacity", "stroke-opacity", "offset"}
#: SVG attributes holding numbers separated by spaces (Spiral never uses commas there: in Russian a
#: comma would split one number into two).
LISTS = {"viewbox": 4, "points": None, "stroke-dasharray": None}
PATH_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|\s+")


class PictureParser(HTMLParser):
    """Collects every problem with the numbers of a page's SVG, ``data-*`` attributes and JSON scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.svg_depth = 0
        self.in_json = False
        self.problems: list[str] = []
        self.numbers: list[str] = []  # every SVG number read, to show the page drew something
        self.json_numbers: list[float] = []

    def number(self, where: str, token: str) -> None:
        if NUMBER.match(token):
            self.numbers.append(token)
        else:
            self.problems.append(f"{where}={token!r}")

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.svg_depth += 1
        if tag == "script" and dict(attrs).get("type") == "application/json":
            self.in_json = True
        for name, value in attrs:
            value = value or ""
            where = f"<{tag} {name}>"
            if name.startswith("data-") and re.fullmatch(r"[-+\d.,\s]*\d[-+\d.,\s]*", value):
                for token in value.split():
                    self.number(where, token)
            if not self.svg_depth:
                continue
            if name in SINGLE:
                self.number(where, value.strip())
            elif name in LISTS:
                tokens = value.split()
                if LISTS[name] is not None and len(tokens) != LISTS[name]:
                    self.problems.append(f"{where}={value!r} (expected {LISTS[name]} numbers)")
                for token in tokens:
                    self.number(where, token)
            elif name == "d":
                rest = PATH_TOKEN.sub("", value)
                if rest:
                    self.problems.append(f"{where} has {rest[:20]!r}")
                self.numbers.extend(re.findall(r"\d+\.\d+", value))
            elif name == "transform":
                for arguments in re.findall(r"\(([^)]*)\)", value):
                    for token in arguments.split():
                        self.number(where, token)
            elif name == "style":
                for declaration in value.split(";"):
                    _property, _colon, declared = declaration.partition(":")
                    if re.fullmatch(r"\s*[-+\d.,\s]*\d[-+\d.,\s]*", declared):
                        for token in declared.split():
                            self.number(f"{where} {_property.strip()}", token)

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg_depth -= 1
        if tag == "script":
            self.in_json = False

    def handle_data(self, data):
        if self.in_json and data.strip():
            self.walk(json.loads(data), "json")

    def walk(self, value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                self.walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.walk(item, f"{where}[{index}]")
        elif isinstance(value, bool):
            return
        elif isinstance(value, int | float):
            self.json_numbers.append(value)
        elif isinstance(value, str) and LOCALISED.match(value.strip()):
            self.problems.append(f"{where}={value!r} (a localised number in JSON)")


def read(html: str) -> PictureParser:
    parser = PictureParser()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture
def pictures(reference_data, make_user):
    """Data for every picture: cooperation between Lipetsk, Voronezh and Novosibirsk, the competence
    maps, and a project whose indicators have fractional values. Returns a signed-in user's id."""
    lipetsk, voronezh, novosibirsk = (Region.objects.get(iso_code=code) for code in ("RU-LIP", "RU-VOR", "RU-NVS"))
    lip, vor, nvs = AgentFactory(region=lipetsk), AgentFactory(region=voronezh), AgentFactory(region=novosibirsk)
    InteractionFactory(participants=[lip, nvs], occurred_on=datetime.date(2024, 6, 1))
    InteractionFactory(participants=[lip, vor], occurred_on=datetime.date(2023, 6, 1))
    StructureFactory(member_regions=[lipetsk, voronezh], founded_on=datetime.date(2025, 4, 1))
    levels_recompute(as_of=timezone.localdate())
    build_snapshot()
    project = ProjectFactory(lead_agent=lip, state=ProjectState.ACTIVE)
    ParticipantFactory(project=project, agent=vor)
    indicator = IndicatorFactory(
        effect=EffectFactory(project=project), name_ru="Выручка", baseline=Decimal("100.25"), target=Decimal("250.5")
    )
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2025, 3, 31), value=Decimal("120.75"))
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2025, 6, 30), value=Decimal("150.5"))
    return {"user": make_user(), "project": project}


PAGES = {
    "network": "/cooperation/network/",
    "network of a macro-region": "/cooperation/network/?macroregion={macroregion}",
    "level history": "/cooperation/regions/RU-LIP/",
    "map": f"/analytics/map/?dataset={PAPER}&indicator=export_specialisation&item=01-24",
    "trends": f"/analytics/regions/RU-LIP/?dataset={ROSSTAT}",
    "item space": f"/analytics/regions/RU-LIP/?dataset={PAPER}",
    "monitoring progress (project page)": "/projects/{project}/",
    "monitoring history": "/projects/{project}/monitoring/",
}
#: Pictures whose numbers are whole by nature (levels 0–4), so a Russian page prints them correctly anyway.
WHOLE_NUMBERS = {"level history"}


@pytest.mark.parametrize("page", PAGES)
def test_every_number_of_the_picture_reads_in_the_c_locale_on_a_russian_page(client, pictures, page):
    from regions.models import MacroRegion

    client.force_login(pictures["user"])
    macroregion = MacroRegion.objects.get(code="central-black-earth")
    url = PAGES[page].format(project=pictures["project"].pk, macroregion=macroregion.pk)

    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "ru"
    parser = read(response.content.decode())
    assert parser.problems == []
    # the page did draw something, with fractional numbers (the ones Russian would print with a comma)
    assert parser.numbers or parser.json_numbers
    assert (
        page in WHOLE_NUMBERS
        or any("." in token for token in parser.numbers)
        or any(isinstance(number, float) and not number.is_integer() for number in parser.json_numbers)
    )


def test_the_network_picture_has_its_lines_and_dots_in_russian(client, pictures):
    client.force_login(pictures["user"])

    html = client.get(PAGES["network"], HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    edges = html.split('<g class="edges"')[1].split("</g>")[0]
    lines = re.findall(r'<line [^>]*x1="([^"]+)" y1="([^"]+)" x2="([^"]+)" y2="([^"]+)"', edges)
    assert len(lines) == 2  # Lipetsk–Voronezh and Lipetsk–Novosibirsk
    for coordinates in lines:
        x1, y1, x2, y2 = (float(value) for value in coordinates)
        assert (x1, y1) != (x2, y2)
    radii = [float(radius) for radius in re.findall(r'<circle [^>]*r="([^"]+)"', html)]
    assert len(radii) >= 80 and min(radii) > 0


def test_the_item_space_has_its_nodes_and_lines_in_russian(client, pictures):
    html = client.get(PAGES["item space"], HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    svg = html.split('<svg class="item-space"')[1].split("</svg>")[0]  # the export table's item space
    # Table 2's four groups on a circle, joined where proximity >= 0.6 or by each one's strongest link:
    # 01-24–28-40 (0.6), 01-24–72-83 (0.4, 72-83's strongest), 28-40–84-90 (1/3, 84-90's strongest)
    lines = re.findall(r'<line x1="([^"]+)" y1="([^"]+)" x2="([^"]+)" y2="([^"]+)" stroke-width="([^"]+)"', svg)
    assert len(lines) == 3
    for numbers in lines:
        x1, y1, x2, y2, width = (float(value) for value in numbers)
        assert (x1, y1) != (x2, y2) and width > 0
    assert len(re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="[\d.]+"', svg)) == 3  # 2 competences, 1 neither
    assert len(re.findall(r'<path d="M [\d. LZ]+"', svg)) == 1  # the possible one, a diamond


def test_the_progress_chart_gets_the_latest_value_and_the_target_as_numbers(client, pictures):
    project = pictures["project"]

    html = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    data = json.loads(
        re.search(rf'<script id="monitoring-progress-{project.pk}" type="application/json">(.*?)</script>', html).group(
            1
        )
    )
    assert data["latest"] == [150.5]
    assert data["target"] == [250.5]
    assert data["locale"] == "ru"  # the chart formats them for the reader
