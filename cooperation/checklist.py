"""The checklist a project passes before it is submitted for moderation (issue #12).

One place decides the lines; the submit confirmation page shows them (✓/✗, with a
link to fix each) and ``project_submit`` refuses a project with a failing line, so
the moderators' queue never gets a project missing the basics, whether it comes
from the page or the API. The basic lines block; the helix line is satisfied either by
the four helices among the lead and its partners or by a stated reason, because a
project may have a good reason to leave a link of the spiral out.

Two lines only warn, and name the principle of seed 000 they come from
(``cooperation.principles``): *mutual benefit* (every helix taking part has an objective
of its own from Table II) and *goal orientation* (strategic, tactical and operational
goals). They do not block: a principle is guidance for the proposer and the moderator,
who sees the same warnings, not a rule the portal can judge.

Lines about other apps' data (monitoring's effects and indicators) are registered
by those apps with :func:`register_submission_check` from their ``AppConfig.ready()``:
``cooperation`` does not import the apps built on it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import GoalHorizon, Helix, ParticipantStatus
from .principles import PRINCIPLES_BY_KEY

# Participations that count for the checklist: the lead, accepted partners and the partners invited from the draft.
COUNTED = (ParticipantStatus.ACCEPTED, ParticipantStatus.INVITED)


@dataclass(frozen=True)
class ChecklistLine:
    """One line of the checklist: what is checked, whether it holds, what is missing and where to fix it."""

    key: str
    label: str
    ok: bool
    detail: str
    fix_url: str
    fix_label: str
    #: Key of the seed-000 principle the line comes from (``cooperation.principles``), or "".
    principle: str = ""
    #: A failing blocking line stops the submission; a failing advisory line is a warning.
    blocking: bool = True

    @property
    def principle_name(self) -> str:
        """The principle's name in the active language ("" when the line comes from none)."""
        return str(PRINCIPLES_BY_KEY[self.principle].name) if self.principle else ""


_CHECKS: list[Callable] = []


def register_submission_check(check: Callable) -> None:
    """Add ``check(project) -> ChecklistLine`` to every project's checklist (idempotent)."""
    if check not in _CHECKS:
        _CHECKS.append(check)


def _partners_line(project, agents) -> ChecklistLine:
    regions = {agent.region_id for agent in agents}
    return ChecklistLine(
        key="regions",
        label=_("Partners from at least two regions (the lead's included)"),
        ok=len(regions) >= 2,
        detail=ngettext("%(count)d region so far.", "%(count)d regions so far.", len(regions))
        % {"count": len(regions)},
        fix_url=project.get_absolute_url() + "#invite-heading",
        fix_label=_("Invite partners"),
    )


def _helix_line(project, agents) -> ChecklistLine:
    present = {agent.helix for agent in agents}
    missing = [str(label) for value, label in Helix.choices if value not in present]
    reason = (project.helix_reason or "").strip()
    if not missing:
        detail = _("All four helices take part.")
    elif reason:
        detail = _("Missing: %(helices)s; the reason is given.") % {"helices": ", ".join(missing)}
    else:
        detail = _("Missing: %(helices)s. Invite them or say why they are not needed.") % {
            "helices": ", ".join(missing)
        }
    return ChecklistLine(
        key="helices",
        label=_("The four helices take part, or the reason why not is given"),
        ok=not missing or bool(reason),
        detail=detail,
        fix_url=reverse("cooperation:project-update", kwargs={"pk": project.pk}) + "#id_helix_reason",
        fix_label=_("Give the reason"),
    )


def _objectives_line(project) -> ChecklistLine:
    count = project.objectives.count()
    return ChecklistLine(
        key="objectives",
        label=_("At least one objective of cooperation"),
        ok=count > 0,
        detail=ngettext("%(count)d objective chosen.", "%(count)d objectives chosen.", count) % {"count": count},
        fix_url=reverse("cooperation:project-update", kwargs={"pk": project.pk}) + "#id_objectives",
        fix_label=_("Choose objectives"),
    )


def _mutual_benefit_line(project, agents) -> ChecklistLine:
    present = {agent.helix for agent in agents}
    with_objective = set(project.objectives.values_list("helix", flat=True))
    missing = [str(label) for value, label in Helix.choices if value in present and value not in with_objective]
    return ChecklistLine(
        key="mutual_benefit",
        label=_("Every helix taking part has an objective of its own"),
        ok=not missing,
        detail=(
            _("Each participating helix has chosen an objective.")
            if not missing
            else _("No objective yet for: %(helices)s.") % {"helices": ", ".join(missing)}
        ),
        fix_url=reverse("cooperation:project-update", kwargs={"pk": project.pk}) + "#id_objectives",
        fix_label=_("Choose objectives"),
        principle="mutual-benefit",
        blocking=False,
    )


def _goals_line(project) -> ChecklistLine:
    stated = set(project.goals.values_list("horizon", flat=True))
    missing = [str(label).lower() for value, label in GoalHorizon.choices if value not in stated]
    return ChecklistLine(
        key="goals",
        label=_("Strategic, tactical and operational goals"),
        ok=not missing,
        detail=(
            _("Goals are stated at the three horizons.")
            if not missing
            else _("No goal yet at the horizon: %(horizons)s.") % {"horizons": ", ".join(missing)}
        ),
        fix_url=project.get_absolute_url() + "#goals-heading",
        fix_label=_("State the goals"),
        principle="goal-orientation",
        blocking=False,
    )


def submission_checklist(project) -> list[ChecklistLine]:
    """The lines of ``project``'s checklist, in the order the confirmation page shows them."""
    agents = [
        participant.agent for participant in project.participants.filter(status__in=COUNTED).select_related("agent")
    ]
    lines = [_partners_line(project, agents), _helix_line(project, agents), _objectives_line(project)]
    lines += [check(project) for check in _CHECKS]
    return lines + [_mutual_benefit_line(project, agents), _goals_line(project)]


def failing_lines(lines: list[ChecklistLine]) -> list[ChecklistLine]:
    """The lines that stop the submission: the failing blocking ones (see the module's docstring)."""
    return [line for line in lines if line.blocking and not line.ok]


def principle_warnings(lines: list[ChecklistLine]) -> list[ChecklistLine]:
    """The failing advisory lines: warnings, each naming the principle it comes from."""
    return [line for line in lines if not line.blocking and not line.ok]
