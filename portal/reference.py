"""Idempotent loading of reference data shipped as CSV files in the repository."""

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models


@dataclass
class LoadReport:
    """How many rows a load created, updated and left as they were."""

    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.label}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file with a header row into a list of dicts (values stripped)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def upsert(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    key: Mapping[str, str] | None = None,
    key_fields: tuple[str, ...],
    update: bool,
    label: str,
) -> LoadReport:
    """Create missing rows of ``model``; with ``update`` also overwrite changed fields.

    Without ``update`` a row that exists is left untouched, so edits that
    administrators made in the portal survive every re-run of the set-up.
    """
    report = LoadReport(label)
    for row in rows:
        lookup = {name: row[name] for name in key_fields}
        if key:
            lookup.update(key)
        defaults = {name: value for name, value in row.items() if name not in key_fields}
        instance = model._default_manager.filter(**lookup).first()
        if instance is None:
            model._default_manager.create(**lookup, **defaults)
            report.created += 1
            continue
        changed = [name for name, value in defaults.items() if getattr(instance, name) != value]
        if update and changed:
            for name in changed:
                setattr(instance, name, defaults[name])
            instance.save(update_fields=changed)
            report.updated += 1
        else:
            report.unchanged += 1
    return report
