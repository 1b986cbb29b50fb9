from pathlib import Path

from django.db import transaction

from analytics.models import Classifier, ClassifierItem, ClassifierMapping
from core.reference import LoadReport, read_csv, upsert

CLASSIFIERS_DIR = Path(__file__).resolve().parents[1] / "data" / "classifiers"
#: Shipped mappings between classifiers: (source classifier, target classifier, file).
#: Mapping files, loaded in this order. FEACN groups → OKVED2: which sections make an export group's goods
#: (a project's directions are OKVED2 sections, so a FEACN cell of the matrix starts a project on them).
MAPPING_FILES = (("feacn_groups", "nace2", "feacn_groups_nace2.csv"), ("okved1", "nace2", "okved1_nace2.csv"))


@transaction.atomic
def classifiers_load_reference_data(*, update: bool = False, data_dir: Path = CLASSIFIERS_DIR) -> list[LoadReport]:
    """Load the shipped classifiers (OKVED2/NACE, OKVED1, FEACN groups, GRNTI), their items and mappings.

    ``classifiers.csv`` lists the classifiers; ``<code>.csv`` holds each one's items;
    :data:`MAPPING_FILES` the links between two classifiers (OKVED1 → OKVED2, FEACN groups → OKVED2).
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
    for source, target, file_name in MAPPING_FILES:
        reports.append(
            classifier_mappings_load(
                source=source, target=target, path=data_dir / file_name, update=update, label=file_name
            )
        )
    return reports


def classifier_mappings_load(*, source: str, target: str, path: Path, update: bool, label: str) -> LoadReport:
    """Load links from items of classifier ``source`` to items of ``target`` from a CSV file.

    Columns: ``source_code``, ``target_code``, ``kind`` (a ``MappingKind`` value), ``note``.

    A code that is not an item of its classifier raises ``ValueError`` naming the line,
    so a typo in the shipped file fails the set-up instead of dropping a link.
    """
    items = {
        (item.classifier.code, item.code): item.pk
        for item in ClassifierItem.objects.filter(classifier__code__in=(source, target)).select_related("classifier")
    }
    rows = []
    for line, row in enumerate(read_csv(path), start=2):  # line 1 is the header
        missing = [
            f"{column}={row[column]!r}"
            for column, classifier in (("source_code", source), ("target_code", target))
            if (classifier, row[column]) not in items
        ]
        if missing:
            raise ValueError(f"{path.name}, line {line}: unknown item(s) {', '.join(missing)}")
        rows.append(
            {
                "source_id": items[(source, row["source_code"])],
                "target_id": items[(target, row["target_code"])],
                "kind": row["kind"],
                "note": row["note"],
            }
        )
    return upsert(ClassifierMapping, rows, key_fields=("source_id", "target_id"), update=update, label=label)
