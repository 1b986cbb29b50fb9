"""Seed 000's principles of interregional partnership and the role of each helix.

One place names them; the living-laboratory home and the "How Spiral works" page (``portal``) show them, and the
project checklist (``cooperation.checklist``) says which principle each of its warnings comes from, linking
to the principle's anchor on that page (``#principle-<key>``).

Source: seed ``000_…`` (section III, the nine principles; section IV, the role of each group of agents
"in the digital environment of the platform").
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import Helix


@dataclass(frozen=True)
class Principle:
    """One principle: its key (the anchor), name, the seed's definition and where Spiral applies it."""

    key: str
    name: Promise
    definition: Promise
    applied: Promise


PRINCIPLES: tuple[Principle, ...] = (
    Principle(
        "goal-orientation",
        _("Goal orientation"),
        _(
            "Cooperation is determined by a system of goals — strategic, tactical, operational — reflecting the "
            "priorities of the territory's innovative development."
        ),
        _("A project states its goals at the three horizons; the checklist warns while one is missing."),
    ),
    Principle(
        "consistency",
        _("Consistency"),
        _(
            "Targets and the mechanism of implementing the strategy are integrated into the whole system of relations "
            "between the participants of the innovation process."
        ),
        _("Projects name the specialisation directions of the regions' strategies and the objectives of each helix."),
    ),
    Principle(
        "innovation",
        _("Innovation"),
        _("Cooperation develops the innovation processes of its participants or creates and spreads innovations."),
        _("Projects carry S&T rubrics and are matched with the regions' scientific competences."),
    ),
    Principle(
        "flexibility",
        _("Flexibility"),
        _(
            "Cooperation allows for a changing environment: goals, objectives, the strategy and its mechanism "
            "may be adjusted."
        ),
        _("The lead corrects an active project's dates and goals; every change is recorded in the audit log."),
    ),
    Principle(
        "performance",
        _("Performance"),
        _("Collaboration has an overall result reflected in a system of indicators linked to the goals."),
        _("Every effect of a project is measured by indicators with a baseline and a target (monitoring)."),
    ),
    Principle(
        "synergy",
        _("Synergy"),
        _("Cooperation reaches a synergistic effect built on the potential of the partner regions."),
        _("Partner recommendations join regions whose competences complement each other."),
    ),
    Principle(
        "mutual-benefit",
        _("Mutual benefit"),
        _(
            "Cooperation rests on the mutual interest of all participants of the innovation process and on "
            "economically sound forecasts."
        ),
        _("Every helix taking part in a project has an objective of its own; the checklist warns otherwise."),
    ),
    Principle(
        "competence",
        _("Competence"),
        _("Cooperation creates conditions to form new (missing) competences and to develop existing ones."),
        _("The competence maps show what each region has and lacks, and who supplies what it lacks."),
    ),
    Principle(
        "openness",
        _("Openness"),
        _(
            "Cooperation eases the exchange of knowledge and technology needed to create and spread innovation, "
            "including by the open-innovation model."
        ),
        _("The data bank, the maps, the levels and published projects are public; the API serves them."),
    ),
)

PRINCIPLES_BY_KEY = {principle.key: principle for principle in PRINCIPLES}


#: The role the seed gives each group of agents on the platform ("common factors of innovative development").
HELIX_ROLES: dict[str, Promise] = {
    Helix.GOVERNMENT: _("A consistent innovation policy that manages change."),
    Helix.BUSINESS: _("A developed production base: the ground for trial and error."),
    Helix.SCIENCE: _("Training potential for professional development."),
    Helix.CIVIL: _("Socio-cultural institutions that help experience of trial and error accumulate."),
}
