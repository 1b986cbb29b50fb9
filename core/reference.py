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
    key: Mapping[str, Any] | None = None,
    key_fields: tuple[str, ...],
    update: bool,
    label: str,
) -> LoadReport:
    """Create missing rows of ``model``; with ``update`` also overwrite changed fields.

    Without ``update`` a row that exists is left untouched, so edits that
    administrators made in the portal survive every re-run of the set-up.
    Two queries to read, one bulk insert and one bulk update, whatever the size.
    """
    report = LoadReport(label)
    scope = dict(key or {})
    existing = {tuple(getattr(obj, name) for name in key_fields): obj for obj in model._default_manager.filter(**scope)}
    to_create, to_update, changed_fields = [], [], set()
    for row in rows:
        identity = tuple(row[name] for name in key_fields)
        defaults = {name: value for name, value in row.items() if name not in key_fields}
        instance = existing.get(identity)
        if instance is None:
            to_create.append(model(**scope, **dict(zip(key_fields, identity, strict=True)), **defaults))
            continue
        changed = [name for name, value in defaults.items() if getattr(instance, name) != value]
        if update and changed:
            for name in changed:
                setattr(instance, name, defaults[name])
            to_update.append(instance)
            changed_fields.update(changed)
        else:
            report.unchanged += 1
    for instance in to_create:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    model._default_manager.bulk_create(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields))
    report.created, report.updated = len(to_create), len(to_update)
    return report
