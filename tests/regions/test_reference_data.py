"""Consistency checks for the reference CSVs in regions/data/.

Pure Python + pandas: no database, no Django. The checks against the shared
Rosstat table and the geoBoundaries GeoJSON are skipped when the shared/
folder (a sibling of the repository checkout) is absent.
"""

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "regions" / "data"
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
ROSSTAT_CSV = SHARED_DATA / "rosstat" / "gva_structure_by_okved_section_2009_2022.csv"
GEOJSON = SHARED_DATA / "maps" / "russia_adm1_geoboundaries_83.geojson"

ISO_RE = re.compile(r"^RU-[A-Z]{2,3}$")
# Two-digit OKATO code of a subject; the three autonomous okrugs that are
# nested in an oblast in OK 019-95 carry their full five-digit code.
OKATO_RE = re.compile(r"^\d{2}(\d{3})?$")
SLUG_RE = re.compile(r"^[a-z]+(-[a-z]+)*$")
KINDS = {"republic", "krai", "oblast", "federal_city", "autonomous_oblast", "autonomous_okrug"}

REGION_COLUMNS = [
    "iso_code",
    "okato",
    "name_ru",
    "name_en",
    "kind",
    "federal_district",
    "macroregion",
    "rosstat_name",
    "rosstat_short",
    "geo_iso",
    "sort_order",
]


def read_csv(name):
    path = DATA_DIR / name
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} must be UTF-8 without BOM"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


@pytest.fixture(scope="module")
def districts():
    return read_csv("federal_districts.csv")


@pytest.fixture(scope="module")
def macroregions():
    return read_csv("macroregions.csv")


@pytest.fixture(scope="module")
def regions():
    return read_csv("regions.csv")


def _shared(path):
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


def test_headers(districts, macroregions, regions):
    assert districts[0] == ["code", "name_ru", "name_en", "okato", "sort_order"]
    assert macroregions[0] == ["code", "name_ru", "name_en", "sort_order"]
    assert regions[0] == REGION_COLUMNS


def test_counts(districts, macroregions, regions):
    assert len(districts[1]) == 8
    assert len(macroregions[1]) == 12
    assert len(regions[1]) == 85


def test_no_stray_whitespace(districts, macroregions, regions):
    for _, rows in (districts, macroregions, regions):
        for row in rows:
            for key, value in row.items():
                assert value == value.strip(), (key, value)


def test_district_codes(districts):
    codes = [r["code"] for r in districts[1]]
    assert codes == ["CFD", "NWFD", "SFD", "NCFD", "VFD", "UFD", "SIBFD", "FEFD"]
    for row in districts[1]:
        assert row["name_ru"].endswith("федеральный округ")
        assert row["name_en"].endswith("Federal District")
        assert row["okato"] == "" or row["okato"].isdigit()


def test_macroregion_codes(macroregions):
    codes = [r["code"] for r in macroregions[1]]
    assert codes == [
        "central",
        "central-black-earth",
        "north-western",
        "northern",
        "southern",
        "north-caucasian",
        "volga-kama",
        "volga-ural",
        "ural-siberian",
        "south-siberian",
        "angara-yenisei",
        "far-eastern",
    ]
    assert all(SLUG_RE.match(c) for c in codes)
    assert all(r["name_ru"] and r["name_en"] for r in macroregions[1])


@pytest.mark.parametrize("which", ["districts", "macroregions", "regions"])
def test_sort_order_is_1_to_n(which, request):
    rows = request.getfixturevalue(which)[1]
    assert sorted(int(r["sort_order"]) for r in rows) == list(range(1, len(rows) + 1))


def test_iso_codes_unique_and_well_formed(regions):
    codes = [r["iso_code"] for r in regions[1]]
    assert len(set(codes)) == len(codes)
    bad = [c for c in codes if not ISO_RE.match(c)]
    assert not bad, bad


def test_okato_codes_unique_and_well_formed(regions):
    rows = regions[1]
    codes = [r["okato"] for r in rows]
    assert len(set(codes)) == len(codes)
    bad = [c for c in codes if not OKATO_RE.match(c)]
    assert not bad, bad
    two_digit = {c for c in codes if len(c) == 2}
    for row in rows:
        if len(row["okato"]) == 5:
            # only autonomous okrugs nested in an oblast have a 5-digit code
            assert row["kind"] == "autonomous_okrug", row["iso_code"]
            assert row["okato"][:2] in two_digit, row["iso_code"]
    assert {"14": "RU-BEL", "45": "RU-MOW", "40": "RU-SPE", "35": "RU-CR", "67": "RU-SEV"}.items() <= {
        r["okato"]: r["iso_code"] for r in rows
    }.items()


def test_sort_order_follows_okato(regions):
    rows = sorted(regions[1], key=lambda r: int(r["sort_order"]))
    okato = [r["okato"] for r in rows]
    assert okato == sorted(okato)


def test_region_fields(regions):
    for row in regions[1]:
        assert row["kind"] in KINDS, row
        assert row["name_ru"] and row["name_en"], row
    kinds = pd.Series([r["kind"] for r in regions[1]]).value_counts().to_dict()
    assert kinds == {
        "oblast": 46,
        "republic": 22,
        "krai": 9,
        "autonomous_okrug": 4,
        "federal_city": 3,
        "autonomous_oblast": 1,
    }


def test_references_exist_and_groups_non_empty(districts, macroregions, regions):
    district_codes = {r["code"] for r in districts[1]}
    macro_codes = {r["code"] for r in macroregions[1]}
    used_districts = {r["federal_district"] for r in regions[1]}
    used_macros = {r["macroregion"] for r in regions[1]}
    assert used_districts <= district_codes, used_districts - district_codes
    assert used_macros <= macro_codes, used_macros - macro_codes
    assert used_districts == district_codes, district_codes - used_districts
    assert used_macros == macro_codes, macro_codes - used_macros


def test_macroregions_nest_in_districts(regions):
    """Each macro-region of Order 207-r lies inside a single federal district."""
    by_macro = {}
    for row in regions[1]:
        by_macro.setdefault(row["macroregion"], set()).add(row["federal_district"])
    assert all(len(v) == 1 for v in by_macro.values()), by_macro


def _members(regions, macro):
    return {r["iso_code"] for r in regions[1] if r["macroregion"] == macro}


def test_central_black_earth(regions):
    assert _members(regions, "central-black-earth") == {"RU-BEL", "RU-VOR", "RU-KRS", "RU-LIP", "RU-TAM"}


def test_selected_macroregions(regions):
    assert _members(regions, "central") == {
        "RU-VLA",
        "RU-IVA",
        "RU-KLU",
        "RU-KOS",
        "RU-MOW",
        "RU-MOS",
        "RU-RYA",
        "RU-SMO",
        "RU-TVE",
        "RU-TUL",
        "RU-YAR",
        "RU-BRY",
        "RU-ORL",
    }
    assert _members(regions, "volga-kama") == {
        "RU-KIR",
        "RU-ME",
        "RU-MO",
        "RU-TA",
        "RU-UD",
        "RU-CU",
        "RU-NIZ",
        "RU-PER",
    }
    assert _members(regions, "volga-ural") == {"RU-BA", "RU-ORE", "RU-PNZ", "RU-SAM", "RU-SAR", "RU-ULY"}
    assert _members(regions, "angara-yenisei") == {"RU-KYA", "RU-IRK"}
    assert {"RU-CR", "RU-SEV"} <= _members(regions, "southern")


def test_excludes_2022_regions(regions):
    names = " ".join(r["name_ru"] for r in regions[1])
    for fragment in ("Донецкая", "Луганская", "Запорожская", "Херсонская"):
        assert fragment not in names


@pytest.fixture(scope="module")
def rosstat_pairs():
    path = _shared(ROSSTAT_CSV)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=["region_name_rosstat", "region_name_short"])
    return set(df.drop_duplicates().itertuples(index=False, name=None))


def test_rosstat_names_exist(regions, rosstat_pairs):
    rosstat_names = {name for name, _ in rosstat_pairs}
    used = [r["rosstat_name"] for r in regions[1] if r["rosstat_name"]]
    assert len(set(used)) == len(used)
    missing = [n for n in used if n not in rosstat_names]
    assert not missing, missing
    for row in regions[1]:
        if row["rosstat_name"]:
            assert (row["rosstat_name"], row["rosstat_short"]) in rosstat_pairs, row["iso_code"]
        else:
            assert row["rosstat_short"] == ""


@pytest.fixture(scope="module")
def geo_isos():
    path = _shared(GEOJSON)
    with path.open(encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    return [f["properties"]["shapeISO"] for f in features]


def test_geo_iso_matches_geojson(regions, geo_isos):
    shape_isos = set(geo_isos)
    assert len(shape_isos) == len(geo_isos), "duplicate shapeISO in the GeoJSON"
    used = [r["geo_iso"] for r in regions[1] if r["geo_iso"]]
    unknown = [g for g in used if g not in shape_isos]
    assert not unknown, unknown
    counts = pd.Series(used).value_counts()
    assert all(counts.get(g, 0) == 1 for g in shape_isos), counts[counts != 1]
    no_geo = {r["iso_code"] for r in regions[1] if not r["geo_iso"]}
    assert no_geo == {"RU-CR", "RU-SEV"}
