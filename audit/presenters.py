"""How an audit-log entry reads to an administrator: a sentence per action code, details as "field: value" lines.

The log stores stable codes ("report.resolved") and raw details so that it can be filtered and kept for years;
the page translates them when it shows them. An unknown code or field falls back to itself rather than hiding.
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote_plus

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTION_LABELS = {
    "analytics.concordance_link_added": _("Link between a specialisation direction and an S&T rubric added"),
    "analytics.concordance_link_removed": _("Link between a specialisation direction and an S&T rubric removed"),
    "analytics.concordance_loaded": _("Concordance of specialisation directions and S&T rubrics loaded"),
    "analytics.cross_cutting_added": _("Cross-cutting rubric added"),
    "analytics.cross_cutting_loaded": _("Cross-cutting rubrics loaded"),
    "analytics.cross_cutting_removed": _("Cross-cutting rubric removed"),
    "analytics.dataset_created": _("Data set created"),
    "analytics.imported": _("Data imported into the data bank"),
    "analytics.recompute_requested": _("Recomputation of the competence maps requested"),
    "analytics.recomputed": _("Competence maps recomputed"),
    "strategy.direction_rated": _("Direction rated in an entrepreneurial discovery session"),
    "strategy.priorities_declared": _("Strategy priorities declared"),
    "strategy.priorities_edited": _("Strategy priorities edited"),
    "strategy.priorities_removed": _("Strategy priorities removed"),
    "strategy.priority_removed": _("Strategy priority removed"),
    "strategy.session_adopted": _("Result of an entrepreneurial discovery session adopted"),
    "strategy.session_closed": _("Entrepreneurial discovery session closed"),
    "strategy.session_opened": _("Entrepreneurial discovery session opened"),
    "agent.created": _("Organisation created"),
    "agent.updated": _("Organisation edited"),
    "agent.verified": _("Organisation verified"),
    "agent.rejected": _("Organisation rejected"),
    "agent.details_requested": _("Details requested about the organisation"),
    "agent.resubmitted": _("Organisation submitted for verification again"),
    "api_token.created": _("API token issued"),
    "api_token.revoked": _("API token revoked"),
    "attachment.uploaded": _("File attached"),
    "attachment.deleted": _("Attached file removed"),
    "comment.hidden": _("Comment hidden"),
    "comment.unhidden": _("Comment shown again"),
    "expert.invited": _("Expert invited"),
    "expert_invitation.withdrawn": _("Expert invitation withdrawn"),
    "expert_invitation.accepted": _("Expert invitation accepted"),
    "expert_invitation.declined": _("Expert invitation declined"),
    "consultation.requested": _("Consultation requested"),
    "consultation.accepted": _("Consultation request accepted"),
    "consultation.declined": _("Consultation request declined"),
    "consultation.completed": _("Consultation result submitted"),
    "consultation.confirmed": _("Consultation confirmed by the advised side"),
    "consultation.disputed": _("Consultation disputed by the advised side"),
    "expert_profile.created": _("Expert profile created"),
    "expert_profile.updated": _("Expert profile edited"),
    "interaction.recorded": _("Interaction recorded"),
    "interaction.updated": _("Interaction edited"),
    "interaction.withdrawn": _("Interaction withdrawn"),
    "interaction.restored": _("Interaction restored"),
    "interaction.confirmed": _("Interaction confirmed by the other side"),
    "interaction.disputed": _("Interaction disputed by the other side"),
    "levels.recomputed": _("Cooperation levels recomputed"),
    "membership.requested": _("Membership requested"),
    "membership.approved": _("Membership approved"),
    "membership.declined": _("Membership declined"),
    "membership.left": _("Member left the organisation"),
    "membership.role_changed": _("Member's role changed"),
    "milestone.added": _("Milestone added"),
    "milestone.updated": _("Milestone edited"),
    "milestone.completed": _("Milestone completed"),
    "milestone.reopened": _("Milestone reopened"),
    "milestone.removed": _("Milestone removed"),
    "project_goal.added": _("Project goal added"),
    "project_goal.removed": _("Project goal removed"),
    "monitoring.effect_added": _("Effect added"),
    "monitoring.effect_updated": _("Effect edited"),
    "monitoring.effect_removed": _("Effect removed"),
    "monitoring.indicator_added": _("Indicator added"),
    "monitoring.indicator_linked": _("Indicator linked to the data bank"),
    "monitoring.indicator_unlinked": _("Indicator unlinked from the data bank"),
    "monitoring.indicator_updated": _("Indicator edited"),
    "monitoring.indicator_removed": _("Indicator removed"),
    "monitoring.value_recorded": _("Indicator value recorded"),
    "monitoring.value_corrected": _("Indicator value corrected"),
    "monitoring.value_removed": _("Indicator value removed"),
    "monitoring.closing_report_created": _("Closing report written"),
    "monitoring.closing_report_updated": _("Closing report edited"),
    "participant.applied": _("Organisation applied to join the project"),
    "participant.application.accepted": _("Application to the project accepted"),
    "participant.application.declined": _("Application to the project declined"),
    "participant.invited": _("Organisation invited to the project"),
    "participant.invitation.accepted": _("Invitation to the project accepted"),
    "participant.invitation.declined": _("Invitation to the project declined"),
    "participant.withdrawn": _("Participant withdrawn from the project"),
    "participant.left": _("Participant left the project"),
    "project.created": _("Project created"),
    "project.updated": _("Project edited"),
    "project.submitted": _("Project submitted for moderation"),
    "project.approved": _("Project approved"),
    "project.changes_requested": _("Changes to the project requested"),
    "project.rejected": _("Project rejected"),
    "project.started": _("Project started"),
    "project.dates_changed": _("Project dates changed"),
    "project.featured": _("Project featured on the home page"),
    "project.unfeatured": _("Project no longer featured"),
    "project.hidden": _("Project hidden"),
    "project.shown": _("Project shown again"),
    "report.created": _("Report of abuse filed"),
    "report.resolved": _("Report of abuse resolved"),
    "report.dismissed": _("Report of abuse dismissed"),
    "role.granted": _("Role granted"),
    "role.revoked": _("Role revoked"),
    "saved_search.created": _("Saved search created"),
    "saved_search.updated": _("Saved search edited"),
    "saved_search.deleted": _("Saved search deleted"),
    "competence_watch.created": _("Competence watch created"),
    "competence_watch.deleted": _("Competence watch deleted"),
    "structure.proposed": _("Structure proposed"),
    "structure.confirmed": _("Structure confirmed"),
    "structure.rejected": _("Structure rejected"),
    "structure.dissolved": _("Structure dissolved"),
    "structure.document_added": _("Document added to the structure"),
    "structure.updated": _("Structure edited"),
    "structure.details_requested": _("Details requested about the structure"),
    "structure.resubmitted": _("Structure submitted again"),
    "user.profile_updated": _("Profile edited"),
}

FIELD_LABELS = {
    "agent": _("organisation"),
    "lead_agent": _("lead organisation"),
    "participants": _("participants"),
    "project": _("project"),
    "expert": _("expert"),
    "fields": _("changed fields"),
    "reason": _("reason"),
    "role": _("role"),
    "region": _("region"),
    "old": _("before"),
    "new": _("after"),
    "from_state": _("from state"),
    "to_state": _("to state"),
    "due_on": _("due on"),
    "started_on": _("started on"),
    "published": _("published"),
    "replaced": _("replaced"),
    "document": _("document"),
    "type": _("type"),
    "indicator": _("indicator"),
    "advised_agent": pgettext_lazy("audit field", "advised organisation"),
    "advising_agent": pgettext_lazy("audit field", "advising organisation"),
    "after": pgettext_lazy("audit field", "after"),
    "before": pgettext_lazy("audit field", "before"),
    "agents": pgettext_lazy("audit field", "organisations"),
    "alerts_enabled": pgettext_lazy("audit field", "alerts"),
    "also_resolved": pgettext_lazy("audit field", "reports resolved with it"),
    "as_of": pgettext_lazy("audit field", "as of"),
    "baseline": pgettext_lazy("audit field", "baseline value"),
    "checksum": pgettext_lazy("audit field", "checksum"),
    "classifier": pgettext_lazy("audit field", "classifier"),
    "code": pgettext_lazy("audit field", "code"),
    "coefficients": pgettext_lazy("audit field", "coefficients"),
    "comment": pgettext_lazy("audit field", "comment"),
    "count": pgettext_lazy("audit field", "count"),
    "created": pgettext_lazy("audit field", "created"),
    "dataset": pgettext_lazy("audit field", "data set"),
    "date": pgettext_lazy("audit field", "date"),
    "direction": pgettext_lazy("audit field", "direction"),
    "dissolved_on": pgettext_lazy("audit field", "dissolved on"),
    "done_on": pgettext_lazy("audit field", "done on"),
    "evidence": pgettext_lazy("audit field", "evidence"),
    "evidence_gaps": pgettext_lazy("audit field", "missing evidence"),
    "file": pgettext_lazy("audit field", "file"),
    "goal": pgettext_lazy("audit field", "goal"),
    "horizon": pgettext_lazy("audit field", "horizon"),
    "is_published": pgettext_lazy("audit field", "published"),
    "item": pgettext_lazy("audit field", "classifier item"),
    "items": pgettext_lazy("audit field", "items"),
    "kind": pgettext_lazy("audit field", "kind"),
    "links": pgettext_lazy("audit field", "links"),
    "name": pgettext_lazy("audit field", "name"),
    "note": pgettext_lazy("audit field", "note"),
    "occurred_on": pgettext_lazy("audit field", "took place on"),
    "origin": pgettext_lazy("audit field", "origin"),
    "pair_periods": pgettext_lazy("audit field", "periods of region pairs"),
    "previous": pgettext_lazy("audit field", "previous version"),
    "previous_reason": pgettext_lazy("audit field", "previous reason"),
    "priorities": pgettext_lazy("audit field", "priorities"),
    "priority": pgettext_lazy("audit field", "priority"),
    "query": pgettext_lazy("audit field", "query"),
    "rank": pgettext_lazy("audit field", "rank"),
    "recorder_region": pgettext_lazy("audit field", "region of the recording side"),
    "region_periods": pgettext_lazy("audit field", "periods of regions"),
    "regions": pgettext_lazy("audit field", "regions"),
    "reopened": pgettext_lazy("audit field", "reopened"),
    "reused": pgettext_lazy("audit field", "reused"),
    "rubric": pgettext_lazy("audit field", "rubric"),
    "rubrics": pgettext_lazy("audit field", "rubrics"),
    "score": pgettext_lazy("audit field", "score"),
    "series": pgettext_lazy("audit field", "data series"),
    "size": pgettext_lazy("audit field", "size, bytes"),
    "status": pgettext_lazy("audit field", "status"),
    "target_value": pgettext_lazy("audit field", "target value"),
    "title": pgettext_lazy("audit field", "title"),
    "title_en": pgettext_lazy("audit field", "title in English"),
    "unchanged": pgettext_lazy("audit field", "unchanged"),
    "updated": pgettext_lazy("audit field", "updated"),
    "value": pgettext_lazy("audit field", "value"),
}

# A date, or a date and time as Python or JSON writes it (UTC when it carries no offset: the server's zone).
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def action_label(code: str) -> str:
    """The sentence for an action code in the active language; the code itself when it is not known."""
    return str(ACTION_LABELS.get(code, code))


def _moment(match: re.Match) -> str:
    text = match.group(0)
    try:
        if len(text) == 10:
            return formats.date_format(date.fromisoformat(text), "SHORT_DATE_FORMAT")
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


#: An indicator value's name as logged ("Доля экспорта: 36.5 (2026-03-01)"): its number before its date.
_LOGGED_VALUE = re.compile(r"(?<=: )-?\d+(?:\.\d+)?(?= \(\d{4}-\d{2}-\d{2}\))")

#: Details that hold a number, logged as the plain text of a decimal ("36.5", monitoring's ``_plain``).
NUMBER_FIELDS = frozenset({"value", "baseline", "target_value"})


def _number(text: str) -> str:
    """A logged decimal in the page language ("36,5" on a Russian page); anything else unchanged."""
    try:
        number = Decimal(text)
    except (InvalidOperation, TypeError, ValueError):
        return text
    return formats.number_format(number) if number.is_finite() else text


def local_times(text: str) -> str:
    """``text`` with every ISO date and time in it written in the portal's time zone (Moscow) and format, and a
    logged indicator value's number in the page language (the text of an HTML page, never a data attribute)."""
    text = _LOGGED_VALUE.sub(lambda match: _number(match.group(0)), str(text))
    return _MOMENT.sub(_moment, text)


def _value(value, key: str = "") -> str:
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, float | Decimal):
        return formats.number_format(value)
    if isinstance(value, list | tuple):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{name}: {_value(item, name)}" for name, item in value.items())
    if key in NUMBER_FIELDS and isinstance(value, str):
        return _number(value)
    return local_times(value)


#: Details whose value is a state of the entry's object: shown by the label of that state (its model's choices).
STATE_FIELDS = ("from_state", "to_state", "status")


def _state_labels(model) -> dict[str, str]:
    """Every choice of ``model``'s state-like fields (state, status, review_status first), value to label."""
    labels: dict[str, str] = {}
    fields = sorted(
        (field for field in model._meta.concrete_fields if field.choices),
        key=lambda field: field.name not in ("state", "status", "review_status"),
    )
    for field in fields:
        for value, label in field.flatchoices:
            labels.setdefault(str(value), str(label))
    return labels


def detail_lines(data: dict, model=None) -> list[tuple[str, str]]:
    """The details as (field, value) pairs, both readable: lists joined, dates in Moscow time, a state by its
    label when the entry's object ``model`` names it, a saved search's query as typed."""
    states = _state_labels(model) if model is not None else {}
    lines = []
    for key, value in (data or {}).items():
        if key in STATE_FIELDS and str(value) in states:
            shown = states[str(value)]
        elif key == "query" and isinstance(value, str):
            shown = unquote_plus(value)
        else:
            shown = _value(value, key)
        lines.append((str(FIELD_LABELS.get(key, key)), shown))
    return lines


def entry_details(entry) -> list[tuple[str, str]]:
    """The details of an audit-log entry, read with its object's model (``target_type`` is selected with it)."""
    model = entry.target_type.model_class() if entry.target_type_id else None
    return detail_lines(entry.data, model=model)
