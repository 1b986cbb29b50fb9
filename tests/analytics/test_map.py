"""The country map: projection, the antimeridian, path strings, and the map page's SVG."""

import json
import re

import numpy as np
import pytest

from analytics.maps import REGIONS_GEOJSON, albers, country_map, project_features, ring_paths, unwrap_longitudes
from regions.models import Region

NUMBER = r"-?\d+(?:\.\d)?"
PATH = re.compile(rf"^(M{NUMBER} {NUMBER}l{NUMBER} {NUMBER}(?: {NUMBER} {NUMBER})*z)+$")


def test_the_shipped_map_has_83_regions_with_valid_paths():
    the_map = country_map()

    assert len(the_map.shapes) == 83
    assert the_map.width == 1000 and 400 < the_map.height < 800
    for shape in the_map.shapes:
        assert PATH.match(shape.path), shape.geo_iso


def test_the_map_is_computed_once_per_process():
    assert country_map() is country_map()


def test_projection_puts_regions_where_they_belong():
    shapes = country_map().by_iso()
    x = {iso: shape.centroid[0] for iso, shape in shapes.items()}
    y = {iso: shape.centroid[1] for iso, shape in shapes.items()}

    # An equal-area conic around 100° E: the west curves down to the left, the east to the right.
    assert x["RU-KGD"] < x["RU-MOW"] < x["RU-NVS"] < x["RU-PRI"] < x["RU-CHU"]
    assert max(x, key=x.get) in {"RU-CHU", "RU-KAM", "RU-SAK"}  # Kuril Islands belong to Sakhalin
    assert y["RU-MUR"] < y["RU-MOW"] < y["RU-KDA"]  # north is up (SVG y grows downwards)


def test_chukotka_stays_in_one_piece_across_the_antimeridian():
    chukotka = country_map().shape("RU-CHU")
    numbers = np.array([float(n) for n in re.findall(NUMBER, chukotka.path)])

    # Absolute starts of every ring: all in the east of the map, none wrapped to the west.
    starts = [float(x) for x in re.findall(rf"M({NUMBER}) {NUMBER}", chukotka.path)]
    assert min(starts) > 700
    assert len(numbers) > 100
    # The cut along 180° closes the area but is not drawn as a border.
    assert chukotka.outline is not None
    assert chukotka.outline.count("z") < chukotka.path.count("z")
    assert all(shape.outline is None for shape in country_map().shapes if shape.geo_iso != "RU-CHU")


def test_unwrap_longitudes_shifts_only_the_western_hemisphere():
    assert unwrap_longitudes(np.array([-180.0, -169.5, 19.6, 180.0])).tolist() == [180.0, 190.5, 19.6, 180.0]


def test_albers_is_symmetric_around_the_central_meridian():
    x, _y = albers(np.array([90.0, 110.0]), np.array([60.0, 60.0]))

    assert x[0] == pytest.approx(-x[1])


def test_ring_paths_keep_every_point_and_drop_only_repeats():
    points = np.array([[0, 0], [10, 0], [10, 0], [10, 15], [0, 15], [0, 0]])
    flags = np.zeros(len(points), dtype=bool)

    area, outline = ring_paths(points, flags)

    assert area == "M0 0l1 0 0 1.5 -1 0 0 -1.5z"
    assert outline is None


def test_ring_paths_leave_the_antimeridian_cut_out_of_the_outline():
    points = np.array([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]])
    on_cut = np.array([False, True, True, False, False])  # the edge (10,0)-(10,10) lies on 180°

    area, outline = ring_paths(points, on_cut)

    assert area == "M0 0l1 0 0 1 -1 0 0 -1z"
    assert outline == "M0 0l1 0M1 1l-1 0 0 -1"


def test_nothing_is_simplified():
    with REGIONS_GEOJSON.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    lipetsk = next(f for f in features if f["properties"]["shapeISO"] == "RU-LIP")
    ring = lipetsk["geometry"]["coordinates"][0][0] if lipetsk["geometry"]["type"] == "MultiPolygon" else None
    ring = ring or lipetsk["geometry"]["coordinates"][0]

    shape = project_features([lipetsk]).shapes[0]

    steps = len(re.findall(NUMBER, shape.path)) // 2 - 1
    # A larger drawing (so that no two points round together): one step per input point.
    big = project_features([lipetsk], width=100_000).shapes[0]
    assert len(re.findall(NUMBER, big.path)) // 2 - 1 == len(ring) - 1
    assert steps <= len(ring) - 1


@pytest.mark.django_db
def test_every_region_with_a_map_code_is_on_the_map(reference_data):
    on_map = set(country_map().by_iso())
    codes = set(Region.objects.exclude(geo_iso="").values_list("geo_iso", flat=True))

    assert codes == on_map
    assert set(Region.objects.filter(geo_iso="").values_list("iso_code", flat=True)) == {"RU-CR", "RU-SEV"}


@pytest.mark.django_db
def test_map_page_svg_has_focusable_links_titles_and_a_legend(client, reference_data):
    from tests.analytics.public_data import PAPER, build_snapshot

    build_snapshot()
    client.cookies["django_language"] = "en"
    html = client.get("/analytics/map/", {"dataset": PAPER, "indicator": "st_specialisation"}).content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count('<a href="/analytics/regions/') == 83
    assert svg.count("<title") == 84  # the map's own title and one per region
    assert 'class="heat-na"' in svg  # regions without a value are grey
    assert 'class="legend"' in html and "no data" in html
    assert "Not on the map" in html and "Republic of Crimea" in html
