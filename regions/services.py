from pathlib import Path

from django.db import transaction

from core.reference import LoadReport, read_csv, upsert

from .models import FederalDistrict, MacroRegion, Region

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def regions_load_reference_data(*, update: bool = False, data_dir: Path = DATA_DIR) -> list[LoadReport]:
    """Load federal districts, macro-regions and the 85 federal subjects from ``regions/data``.

    Idempotent: a second run creates nothing. Existing rows are overwritten
    only with ``update=True``, so administrators' edits are kept.
    """
    districts = [
        {"code": r["code"], "name_ru": r["name_ru"], "name_en": r["name_en"], "sort_order": int(r["sort_order"])}
        for r in read_csv(data_dir / "federal_districts.csv")
    ]
    macroregions = [
        {"code": r["code"], "name_ru": r["name_ru"], "name_en": r["name_en"], "sort_order": int(r["sort_order"])}
        for r in read_csv(data_dir / "macroregions.csv")
    ]
    reports = [
        upsert(FederalDistrict, districts, key_fields=("code",), update=update, label="federal districts"),
        upsert(MacroRegion, macroregions, key_fields=("code",), update=update, label="macro-regions"),
    ]
    district_by_code = {d.code: d for d in FederalDistrict.objects.all()}
    macroregion_by_code = {m.code: m for m in MacroRegion.objects.all()}
    regions = [
        {
            "iso_code": r["iso_code"],
            "okato": r["okato"],
            "name_ru": r["name_ru"],
            "name_en": r["name_en"],
            "kind": r["kind"],
            "federal_district": district_by_code[r["federal_district"]],
            "macroregion": macroregion_by_code[r["macroregion"]],
            "rosstat_name": r.get("rosstat_name", ""),
            "geo_iso": r.get("geo_iso", ""),
            "sort_order": int(r["sort_order"]),
        }
        for r in read_csv(data_dir / "regions.csv")
    ]
    reports.append(upsert(Region, regions, key_fields=("iso_code",), update=update, label="regions"))
    return reports
