from pathlib import Path

from django.db import transaction

from analytics.models import Classifier, ClassifierItem
from portal.reference import LoadReport, read_csv, upsert

CLASSIFIERS_DIR = Path(__file__).resolve().parents[1] / "data" / "classifiers"


@transaction.atomic
def classifiers_load_reference_data(*, update: bool = False, data_dir: Path = CLASSIFIERS_DIR) -> list[LoadReport]:
    """Load the shipped classifiers (OKVED2/NACE, OKVED1, FEACN groups, GRNTI) and their items.

    ``classifiers.csv`` lists the classifiers; ``<code>.csv`` holds each one's items.
    Idempotent; existing rows change only with ``update=True``.
    """
    reports = [
        upsert(
            Classifier, read_csv(data_dir / "classifiers.csv"), key_fields=("code",), update=update, label="classifiers"
        )
    ]
    for classifier in Classifier.objects.filter(code__in=[r["code"] for r in read_csv(data_dir / "classifiers.csv")]):
        items = [
            {"code": r["code"], "name_ru": r["name_ru"], "name_en": r["name_en"], "sort_order": position}
            for position, r in enumerate(read_csv(data_dir / f"{classifier.code}.csv"), start=1)
        ]
        reports.append(
            upsert(
                ClassifierItem,
                items,
                key={"classifier": classifier},
                key_fields=("code",),
                update=update,
                label=f"{classifier.code} items",
            )
        )
    return reports
