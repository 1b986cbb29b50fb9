"""Template tags of the experts app; ``experts_project_panel`` is the app's section of the project page."""

from django import template
from django.template.loader import render_to_string

from cooperation.predicates import is_lead_member

from ..forms import ExpertInviteForm
from ..selectors import experts_invitable_to, project_experts, project_pending_invitations

register = template.Library()


@register.simple_tag(takes_context=True)
def experts_project_panel(context, project) -> str:
    """The experts section of the project page: the project's experts for everyone who sees the project;
    for the lead's members, the invitations awaiting an answer and (while the project is open) the invite form."""
    request = context.get("request")
    user = getattr(request, "user", None)
    can_invite = bool(user and user.has_perm("experts.invite_expert", project))
    leads = bool(user and is_lead_member(user, project))
    panel = {
        "project": project,
        "experts": project_experts(project),
        "can_invite": can_invite,
        "pending": project_pending_invitations(project) if leads else [],
        "can_withdraw": leads,
        "invite_form": ExpertInviteForm(experts=experts_invitable_to(project), auto_id="id_expert_invite_%s")
        if can_invite
        else None,
    }
    return render_to_string("experts/includes/project_panel.html", panel, request=request)


@register.simple_tag(takes_context=True)
def experts_agent_actions(context, agent) -> str:
    """The experts app's buttons on an agent's page: "Ask for a consultation" for whoever acts for an agent of
    another region (``experts.request_consultation``)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.has_perm("experts.request_consultation", agent)):
        return ""
    return render_to_string("experts/includes/agent_actions.html", {"agent": agent}, request=request)
