import pytest

from analytics.models import Classifier, ClassifierItem
from analytics.services import classifiers_load_reference_data
from regions.models import FederalDistrict, MacroRegion, Region
from regions.services import regions_load_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_reference_tables():
    """The suite preloads the reference data; these tests start from empty tables (rolled back after)."""
    from cooperation.models import Agent

    Agent.objects.all().delete()
    ClassifierItem.objects.all().delete()
    Classifier.objects.all().delete()
    Region.objects.all().delete()
    MacroRegion.objects.all().delete()
    FederalDistrict.objects.all().delete()


def test_loads_85_regions_8_districts_12_macroregions():
    # when
    reports = regions_load_reference_data()

    # then
    assert [(r.label, r.created) for r in reports] == [
        ("federal districts", 8),
        ("macro-regions", 12),
        ("regions", 85),
    ]
    assert Region.objects.count() == 85
    assert FederalDistrict.objects.count() == 8
    assert MacroRegion.objects.count() == 12


def test_central_black_earth_is_the_five_regions_of_the_paper():
    regions_load_reference_data()

    members = set(MacroRegion.objects.get(code="central-black-earth").regions.values_list("iso_code", flat=True))

    assert members == {"RU-BEL", "RU-VOR", "RU-KRS", "RU-LIP", "RU-TAM"}


def test_second_load_creates_nothing():
    regions_load_reference_data()
    classifiers_load_reference_data()

    again = regions_load_reference_data() + classifiers_load_reference_data()

    assert sum(r.created + r.updated for r in again) == 0
    assert Region.objects.count() == 85
    assert Classifier.objects.count() == 4


def test_administrators_edits_survive_a_reload_unless_update_is_asked():
    # given an administrator renamed a region in the admin
    regions_load_reference_data()
    Region.objects.filter(iso_code="RU-LIP").update(name_en="Lipetsk Region (edited)")

    # when the set-up runs again
    regions_load_reference_data()

    # then the edit is kept
    assert Region.objects.get(iso_code="RU-LIP").name_en == "Lipetsk Region (edited)"

    # and an explicit update restores the shipped value
    reports = regions_load_reference_data(update=True)
    assert Region.objects.get(iso_code="RU-LIP").name_en == "Lipetsk Oblast"
    assert reports[-1].updated == 1


def test_a_broken_file_loads_nothing(tmp_path):
    # given a copy of the data whose regions file names an unknown macro-region on its last line
    from regions.services import DATA_DIR

    for name in ("federal_districts.csv", "macroregions.csv"):
        (tmp_path / name).write_text((DATA_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    lines = (DATA_DIR / "regions.csv").read_text(encoding="utf-8").splitlines()
    lines[-1] = lines[-1].replace("far-eastern", "atlantis").replace("central", "atlantis")
    (tmp_path / "regions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # when / then: the load fails as a whole, districts and macro-regions included
    with pytest.raises(KeyError):
        regions_load_reference_data(data_dir=tmp_path)
    assert FederalDistrict.objects.count() == 0
    assert Region.objects.count() == 0


def test_classifiers_hold_okved2_sections_and_grnti_rubrics_of_the_paper():
    classifiers_load_reference_data()

    nace = set(ClassifierItem.objects.filter(classifier__code="nace2").values_list("code", flat=True))
    assert nace == set("ABCDEFGHIJKLMNOPQRSTU")
    rubric = ClassifierItem.objects.get(classifier__code="grnti", code="50")
    assert rubric.name_en == "Automation. Computer engineering"
    assert rubric.name_ru == "Автоматика. Вычислительная техника"
