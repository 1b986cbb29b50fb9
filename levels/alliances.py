"""Pure rules for integrated structures: the evidence a confirmation needs, and the alliance builder (seed 003).

No Django, no database: the selectors read the rows, these functions choose.

**Evidence for confirmation.** A structure counts as level 4 ("integrated", seed 000) only once a moderator
confirms it, and a confirmation needs evidence: a member agent in each member region (the structure exists on
the ground in every region it joins) and a founding document (an agreement, a charter, a strategy). A moderator
may confirm without them only by writing the reason (``levels.services.structure_confirm``).

**Alliance builder.** Seed 003 proposes an *interregional industry alliance of innovative clusters*: the
clusters of one industry in several regions, under a coordinating body at the federal level. The builder
selects, for one OKVED2 section, the regions where the section is localised both against Russia and
against the region's macro-region (localisation factors ≥ 1, the method's threshold of a competence), and
among them the S&T rubrics that complement each other: a rubric in which some selected regions are
specialised (S&T specialisation ratio ≥ 1) and others are not, so one brings to the alliance what another lacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it (``makemessages`` knows this name)."""
    return message


#: Kinds that join regions (a federal body joins none and needs no members in regions).
FEDERAL_BODY = "federal_body"

#: What a structure may lack for confirmation on evidence alone, with the text the pages show.
NO_DOCUMENT, REGION_WITHOUT_MEMBER = "no_document", "region_without_member"
EVIDENCE_GAPS = {
    NO_DOCUMENT: gettext_noop("no founding document"),
    REGION_WITHOUT_MEMBER: gettext_noop("a member region without a member organisation"),
}

#: A localisation factor or a specialisation ratio at or above this marks a competence (the method's threshold).
COMPETENCE_THRESHOLD = 1.0


def structure_evidence_gaps(
    *, kind: str, region_ids: Iterable[int], agent_region_ids: Iterable[int], document_count: int
) -> list[str]:
    """The gaps (codes of :data:`EVIDENCE_GAPS`) in the evidence of a structure, in a fixed order; empty if none.

    Every member region needs a member agent located in it (not required of a federal body, which has no
    member regions), and the structure needs at least one founding document.
    """
    gaps = []
    if kind != FEDERAL_BODY and set(region_ids) - set(agent_region_ids):
        gaps.append(REGION_WITHOUT_MEMBER)
    if document_count < 1:
        gaps.append(NO_DOCUMENT)
    return gaps


@dataclass(frozen=True)
class Localisation:
    """A region's two localisation factors of one sector (None where undefined)."""

    region: str
    national: float | None
    macroregional: float | None


def alliance_regions(rows: Iterable[Localisation], *, threshold: float = COMPETENCE_THRESHOLD) -> list[Localisation]:
    """The regions whose sector is localised both nationally and macro-regionally (both factors ≥ ``threshold``).

    Ordered by the national factor, highest first, then by region code; a region with an undefined factor is
    left out (no evidence of localisation).
    """
    chosen = [
        row
        for row in rows
        if row.national is not None
        and row.macroregional is not None
        and row.national >= threshold
        and row.macroregional >= threshold
    ]
    return sorted(chosen, key=lambda row: (-(row.national or 0.0), row.region))


@dataclass(frozen=True)
class Complement:
    """An S&T rubric in which ``strong`` regions are specialised and ``weak`` ones (with data) are not."""

    rubric: str
    strong: tuple[str, ...]
    weak: tuple[str, ...]


@dataclass(frozen=True)
class Complements:
    """The complementary rubrics among the chosen regions, and which of them have S&T data at all."""

    rubrics: tuple[Complement, ...]
    regions_with_data: tuple[str, ...]
    regions_without_data: tuple[str, ...]


def complementary_rubrics(
    ratios: Mapping[str, Mapping[str, float | None]],
    regions: Iterable[str],
    *,
    sector_rubrics: Iterable[str] | None = None,
    threshold: float = COMPETENCE_THRESHOLD,
) -> Complements:
    """The rubrics that complement each other among ``regions``.

    ``ratios`` maps a region to its S&T specialisation ratios by rubric. A rubric complements when at least
    one region (with data) is specialised in it (ratio ≥ ``threshold``) and at least one other is not. With
    ``sector_rubrics`` (the rubrics the concordance links to the sector) only those rubrics are considered.
    Rubrics are ordered by the number of strong regions (most first), then by name.
    """
    regions = list(dict.fromkeys(regions))
    with_data = tuple(region for region in regions if ratios.get(region))
    without = tuple(region for region in regions if region not in with_data)
    allowed = set(sector_rubrics) if sector_rubrics is not None else None
    rubrics = sorted({rubric for region in with_data for rubric in ratios[region]})
    found = []
    for rubric in rubrics:
        if allowed is not None and rubric not in allowed:
            continue
        values = {region: ratios[region].get(rubric) for region in with_data}
        strong = tuple(region for region, value in values.items() if value is not None and value >= threshold)
        weak = tuple(region for region, value in values.items() if value is not None and value < threshold)
        if strong and weak:
            found.append(Complement(rubric, strong, weak))
    found.sort(key=lambda complement: (-len(complement.strong), complement.rubric))
    return Complements(tuple(found), with_data, without)
