"""Monitoring's line of the submission checklist: the project declares effects, each measured by an indicator."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cooperation.checklist import ChecklistLine

from .models import Effect


def effects_with_indicators(project) -> ChecklistLine:
    """At least one expected effect, and none without an indicator (an effect nobody measures cannot be monitored)."""
    effects = list(Effect.objects.filter(project=project).values_list("pk", "indicators"))
    declared = {pk for pk, _indicator in effects}
    unmeasured = {pk for pk, indicator in effects if indicator is None}
    if not declared:
        detail = _("No expected effect is declared.")
    elif unmeasured:
        detail = _("%(count)d of the effects has no indicator.") % {"count": len(unmeasured)}
    else:
        detail = _("%(count)d effects, each with an indicator.") % {"count": len(declared)}
    return ChecklistLine(
        key="effects",
        label=_("Expected effects with indicators"),
        ok=bool(declared) and not unmeasured,
        detail=detail,
        fix_url=reverse("monitoring:project-monitoring", kwargs={"project_pk": project.pk}),
        fix_label=_("Declare effects and indicators"),
    )
