"""Who may do what with a project's monitoring — declared once, used by pages, services and the API.

Project-level permissions (the object is a ``Project``) carry the role *and*
the state; services check the state first (``InvalidStateError``, the API's
409) and then these. Row-level permissions (the object is an effect, an
indicator, a value or a report) let the API answer 404/403 for a row before
the service looks at the state, so they carry the role only. The ``add_*``
permissions without an object only admit signed-in callers to try: the
project is in the request body and the service decides.

The matrix in ``tests/monitoring/rules/monitoring_permissions.csv`` is the
specification; ``tests/monitoring/rules/test_monitoring_permissions.py`` checks it.
"""

import rules

from accounts.predicates import is_administrator, is_moderator
from cooperation.predicates import is_lead_member
from cooperation.rules import can_view_project

from .predicates import (
    has_closing_report,
    is_planning_project,
    is_published_report,
    is_recording_project,
    is_reporting_project,
    is_staff_linking_project,
    via_project,
)

is_staff_role = is_moderator | is_administrator

# --- The project (object: ``Project``).
rules.add_perm("monitoring.view_monitoring_project", can_view_project)
rules.add_perm("monitoring.change_effects_project", is_lead_member & is_planning_project)
rules.add_perm("monitoring.record_indicator_project", is_lead_member & is_recording_project)
rules.add_perm("monitoring.add_closingreport_project", is_lead_member & is_reporting_project & ~has_closing_report)
rules.add_perm("monitoring.change_closingreport_project", is_lead_member & is_reporting_project & has_closing_report)
# Link an indicator to a series of the data bank: the lead's members while they plan, moderators while the
# project is under way (they help pick the statistics); nobody else.
rules.add_perm(
    "monitoring.link_indicator_project",
    (is_lead_member & is_planning_project) | (is_moderator & is_staff_linking_project),
)

# --- Rows (object: ``Effect``, ``Indicator``, ``IndicatorValue``, ``ClosingReport``).
can_view_row = via_project(can_view_project, "can_view_row_project")
is_row_lead_member = via_project(is_lead_member, "is_row_lead_member")

for model in ("effect", "indicator", "indicatorvalue"):
    rules.add_perm(f"monitoring.view_{model}", can_view_row)
    rules.add_perm(f"monitoring.change_{model}", is_row_lead_member)
    rules.add_perm(f"monitoring.add_{model}", rules.is_authenticated)

rules.add_perm("monitoring.link_indicator", is_row_lead_member | is_moderator)

# A draft report is the lead's business (and the moderators'); a published one is read by whoever sees the project.
rules.add_perm(
    "monitoring.view_closingreport", (is_published_report & can_view_row) | is_row_lead_member | is_staff_role
)
rules.add_perm("monitoring.change_closingreport", is_row_lead_member)
rules.add_perm("monitoring.add_closingreport", rules.is_authenticated)
