"""Loading the catalogue of cooperation objectives (the paper's Table II)."""

import csv
from pathlib import Path

from django.db import transaction

from cooperation.choices import Helix
from cooperation.models import Objective

OBJECTIVES_CSV = Path(__file__).resolve().parents[1] / "data" / "objectives.csv"


@transaction.atomic
def objectives_load_reference_data(*, path: Path = OBJECTIVES_CSV) -> int:
    """Create the objectives of ``path`` that do not exist yet; return how many were created.

    Idempotent. Rows are matched by helix and sort order, and existing ones are
    left as they are, because administrators may have edited their texts.
    """
    created = 0
    with path.open(newline="", encoding="utf-8") as file:
        for record in csv.DictReader(file):
            if record["helix"] not in Helix.values:
                raise ValueError(f"Unknown helix in {path.name}: {record['helix']!r}")
            _, was_created = Objective.objects.get_or_create(
                helix=record["helix"],
                sort_order=int(record["sort_order"]),
                defaults={"text_en": record["text_en"].strip(), "text_ru": record["text_ru"].strip()},
            )
            created += was_created
    return created
