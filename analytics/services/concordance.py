"""The concordance (direction → S&T rubric) and the cross-cutting rubrics, as analysts edit them.

Directions are items of a classifier of kind ``export`` (FEACN groups) or
``sector`` (NACE / OKVED sections); rubrics are items of a ``science``
classifier (GRNTI), named as in the paper's Table 5 (the item's English name).
Every change is validated with ``analytics.computations.concordance`` -- the
same rules the engine applies -- and writes an audit row. The shipped default
(``analytics/data/cbe_2020/concordance.csv`` and ``cross_cutting.csv``) is
loaded only into empty tables, so analysts' edits survive every re-run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from analytics.choices import ClassifierKind
from analytics.computations.concordance import (
    concordance_problems,
    cross_cutting_problems,
    default_concordance,
    default_cross_cutting,
    validate_concordance,
    validate_cross_cutting,
)
from analytics.importers import normalise_key
from analytics.models import Classifier, ClassifierItem, ConcordanceLink, CrossCuttingRubric
from audit.services import audit_log

if TYPE_CHECKING:
    from accounts.models import User

EDIT_PERMISSION = "analytics.edit_concordance"
DIRECTION_KINDS = (ClassifierKind.EXPORT, ClassifierKind.SECTOR)
#: The classifiers of the shipped default concordance, by its ``classifier`` column.
DEFAULT_DIRECTION_CLASSIFIERS = {ClassifierKind.EXPORT.value: "feacn_groups", ClassifierKind.SECTOR.value: "nace2"}
DEFAULT_RUBRIC_CLASSIFIER = "grnti"


def _require_edit_permission(actor: User | None) -> None:
    if actor is None or not actor.has_perm(EDIT_PERMISSION):
        raise PermissionDenied


def _rubric_items() -> list[ClassifierItem]:
    return list(ClassifierItem.objects.filter(classifier__kind=ClassifierKind.SCIENCE).select_related("classifier"))


def _find_rubric(text: str, rubrics: list[ClassifierItem]) -> ClassifierItem | None:
    """A rubric by its English name (as in the shared tables), Russian name or code, case-insensitively."""
    key = normalise_key(text)
    for attribute in ("name_en", "name_ru", "code"):
        for item in rubrics:
            if normalise_key(getattr(item, attribute)) == key:
                return item
    return None


def _rubric_message(problem: str, value: object) -> str:
    messages = {
        "empty": _("Choose an S&T rubric."),
        "unknown S&T rubric": _("Unknown S&T rubric “%(value)s”: choose one of the list.") % {"value": value},
        "duplicate row": _("This direction is already linked to this rubric."),
    }
    return messages.get(problem, problem)


@transaction.atomic
def concordance_link_add(
    *, actor: User, direction_classifier: Classifier, direction_code: str, rubric: str
) -> ConcordanceLink:
    """Link a specialisation direction to an S&T rubric (appended after the direction's other rubrics).

    ``direction_code`` is the item's code in ``direction_classifier``;
    ``rubric`` a rubric's English name (or Russian name, or code). Unknown codes
    and duplicate links are refused with a ``ValidationError`` per field.
    """
    _require_edit_permission(actor)
    if direction_classifier.kind not in DIRECTION_KINDS:
        raise ValidationError(
            {"direction_classifier": _("Directions come from export commodity groups or economic activities.")}
        )
    rubrics = _rubric_items()
    found = _find_rubric(rubric, rubrics)
    direction_code = (direction_code or "").strip()
    codes = list(direction_classifier.items.values_list("code", flat=True))
    direction = next((code for code in codes if normalise_key(code) == normalise_key(direction_code)), direction_code)
    existing = [
        (str(direction_classifier.kind), link.direction.code, link.rubric.name_en)
        for link in ConcordanceLink.objects.filter(direction__classifier=direction_classifier).select_related(
            "direction", "rubric"
        )
    ]
    new_row = (str(direction_classifier.kind), direction, found.name_en if found else (rubric or "").strip())
    frame = pd.DataFrame([*existing, new_row], columns=["classifier", "code", "st_rubric"])
    problems = concordance_problems(
        frame,
        directions={str(direction_classifier.kind): codes},
        st_rubrics=[item.name_en for item in rubrics],
    )
    problems = problems[problems["row"] == len(existing)]
    if not problems.empty:
        errors: dict[str, list[str]] = {}
        for problem in problems.itertuples(index=False):
            if problem.column == "code":
                message = (
                    _("Choose a direction code.")
                    if problem.problem == "empty"
                    else _("Unknown code “%(code)s” in %(classifier)s.")
                    % {"code": problem.value, "classifier": direction_classifier.name}
                )
                errors.setdefault("direction_code", []).append(message)
            else:
                errors.setdefault("rubric", []).append(_rubric_message(problem.problem, problem.value))
        raise ValidationError(errors)
    found = cast(ClassifierItem, found)  # an unknown rubric is among the problems refused above
    direction_item = direction_classifier.items.get(code=direction)
    position = ConcordanceLink.objects.filter(direction=direction_item).aggregate(last=Max("sort_order"))["last"]
    link = ConcordanceLink(direction=direction_item, rubric=found, sort_order=(position or 0) + 1)
    link.full_clean()
    link.save()
    audit_log(
        actor=actor,
        action="analytics.concordance_link_added",
        target=link,
        classifier=direction_classifier.code,
        direction=direction_item.code,
        rubric=found.name_en,
    )
    return link


@transaction.atomic
def concordance_link_remove(*, actor: User, link: ConcordanceLink) -> None:
    """Remove a direction → rubric link."""
    _require_edit_permission(actor)
    details = {
        "classifier": link.direction.classifier.code,
        "direction": link.direction.code,
        "rubric": link.rubric.name_en,
    }
    audit_log(actor=actor, action="analytics.concordance_link_removed", target=link, **details)
    link.delete()


@transaction.atomic
def cross_cutting_add(*, actor: User, rubric: str) -> CrossCuttingRubric:
    """Count an S&T rubric as cross-cutting (an end-to-end digital competence of every direction)."""
    _require_edit_permission(actor)
    rubrics = _rubric_items()
    found = _find_rubric(rubric, rubrics)
    current = list(CrossCuttingRubric.objects.select_related("rubric").values_list("rubric__name_en", flat=True))
    frame = pd.DataFrame({"st_rubric": [*current, found.name_en if found else (rubric or "").strip()]})
    problems = cross_cutting_problems(frame, st_rubrics=[item.name_en for item in rubrics])
    problems = problems[problems["row"] == len(current)]
    if not problems.empty:
        messages = [
            _("This rubric is already cross-cutting.")
            if problem.problem == "duplicate row"
            else _rubric_message(problem.problem, problem.value)
            for problem in problems.itertuples(index=False)
        ]
        raise ValidationError({"rubric": messages})
    found = cast(ClassifierItem, found)  # an unknown rubric is among the problems refused above
    position = CrossCuttingRubric.objects.aggregate(last=Max("sort_order"))["last"]
    entry = CrossCuttingRubric(rubric=found, sort_order=(position or 0) + 1)
    entry.full_clean()
    entry.save()
    audit_log(actor=actor, action="analytics.cross_cutting_added", target=entry, rubric=found.name_en)
    return entry


@transaction.atomic
def cross_cutting_remove(*, actor: User, entry: CrossCuttingRubric) -> None:
    """Stop counting a rubric as cross-cutting."""
    _require_edit_permission(actor)
    audit_log(actor=actor, action="analytics.cross_cutting_removed", target=entry, rubric=entry.rubric.name_en)
    entry.delete()


@dataclass
class DefaultConcordanceReport:
    """What loading the default concordance wrote (nothing when the tables already had rows)."""

    links: int = 0
    cross_cutting: int = 0
    notes: list[str] = field(default_factory=list)


@transaction.atomic
def concordance_load_default(
    *, concordance: pd.DataFrame | None = None, cross_cutting: pd.DataFrame | None = None
) -> DefaultConcordanceReport:
    """Load the shipped concordance and cross-cutting rubrics -- each only into an empty table.

    Validated against the classifiers in the database (FEACN groups for
    ``export``, NACE sections for ``sector``, GRNTI English names for rubrics);
    an invalid file raises ``ConcordanceError``. Writes one audit row per table loaded.
    """
    report = DefaultConcordanceReport()
    directions = {
        kind: {item.code: item for item in ClassifierItem.objects.filter(classifier__code=code)}
        for kind, code in DEFAULT_DIRECTION_CLASSIFIERS.items()
    }
    rubric_classifier = Classifier.objects.get(code=DEFAULT_RUBRIC_CLASSIFIER)
    rubrics = {item.name_en: item for item in rubric_classifier.items.all()}
    if ConcordanceLink.objects.exists():
        report.notes.append("concordance: kept (the table already has links)")
    else:
        frame = validate_concordance(
            default_concordance() if concordance is None else concordance,
            directions={kind: list(items) for kind, items in directions.items()},
            st_rubrics=list(rubrics),
        )
        positions: dict[tuple[str, str], int] = {}
        links = []
        for row in frame.itertuples(index=False):
            position = positions.get((row.classifier, row.code), 0) + 1
            positions[(row.classifier, row.code)] = position
            links.append(
                ConcordanceLink(
                    direction=directions[row.classifier][row.code], rubric=rubrics[row.st_rubric], sort_order=position
                )
            )
        ConcordanceLink.objects.bulk_create(links)
        report.links = len(links)
        # audit_log needs a target (target=None fails on AuditLogEntry.target_id): the rubric classifier.
        audit_log(actor=None, action="analytics.concordance_loaded", target=rubric_classifier, links=len(links))
    if CrossCuttingRubric.objects.exists():
        report.notes.append("cross-cutting rubrics: kept (the table already has rows)")
    else:
        frame = validate_cross_cutting(
            default_cross_cutting() if cross_cutting is None else cross_cutting, st_rubrics=list(rubrics)
        )
        entries = [
            CrossCuttingRubric(rubric=rubrics[name], sort_order=position)
            for position, name in enumerate(frame["st_rubric"], start=1)
        ]
        CrossCuttingRubric.objects.bulk_create(entries)
        report.cross_cutting = len(entries)
        audit_log(actor=None, action="analytics.cross_cutting_loaded", target=rubric_classifier, rubrics=len(entries))
    return report


# --- Reads for the concordance editor ------------------------------------------------------
# (Reads belong in analytics/selectors.py; kept here until that module's owner takes them.)


@dataclass
class DirectionLinks:
    """One direction and the rubrics linked to it, in order."""

    direction: ClassifierItem
    links: list[ConcordanceLink]


@dataclass
class ConcordanceSection:
    """The directions of one classifier (FEACN groups, NACE sections, …) with their links."""

    classifier: Classifier
    directions: list[DirectionLinks]

    @property
    def link_count(self) -> int:
        return sum(len(direction.links) for direction in self.directions)


@dataclass
class ConcordanceEditor:
    """Everything the concordance page shows, read in a fixed number of queries."""

    sections: list[ConcordanceSection]
    cross_cutting: list[CrossCuttingRubric]
    rubrics: list[ClassifierItem]
    direction_classifiers: list[Classifier]


def concordance_editor() -> ConcordanceEditor:
    """Directions per classifier with their linked rubrics, the cross-cutting rubrics and the rubric list."""
    classifiers = list(Classifier.objects.filter(kind__in=DIRECTION_KINDS))
    items = ClassifierItem.objects.filter(classifier__in=classifiers).order_by("classifier_id", "sort_order", "code")
    links = ConcordanceLink.objects.filter(direction__classifier__in=classifiers).select_related("rubric")
    by_direction: dict[int, list[ConcordanceLink]] = {}
    for link in links.order_by("direction_id", "sort_order", "id"):
        by_direction.setdefault(link.direction_id, []).append(link)
    by_classifier: dict[int, list[DirectionLinks]] = {}
    for item in items:
        by_classifier.setdefault(item.classifier_id, []).append(DirectionLinks(item, by_direction.get(item.pk, [])))
    sections = [ConcordanceSection(classifier, by_classifier.get(classifier.pk, [])) for classifier in classifiers]
    return ConcordanceEditor(
        sections=sections,
        cross_cutting=list(CrossCuttingRubric.objects.select_related("rubric")),
        rubrics=_rubric_items(),
        direction_classifiers=classifiers,
    )
