"""Pages of the agent directory. Views are thin: selectors read, services write."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from cooperation.choices import Helix, MembershipStatus
from cooperation.filtersets import AgentFilterSet
from cooperation.forms import (
    AGENT_READS_REASON,
    AgentForm,
    MembershipDecisionForm,
    MembershipRequestForm,
    MembershipRoleForm,
    ReasonForm,
)
from cooperation.models import Agent, AgentMembership
from cooperation.selectors import (
    agent_detail,
    agent_list,
    agents_awaiting_details,
    agents_awaiting_verification,
    memberships_visible_to,
    pending_requests_for_admin,
)
from cooperation.services.agents import (
    agent_create,
    agent_reject,
    agent_request_details,
    agent_resubmit,
    agent_update,
    agent_verify,
)
from cooperation.services.memberships import (
    membership_change_role,
    membership_decide,
    membership_leave,
    membership_request,
)
from core.exceptions import InvalidStateError
from core.forms import apply_validation_error


def redirect_back(request, default: str) -> HttpResponseRedirect:
    """Redirect to the form's ``next`` when it points into this site, else to ``default``."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return HttpResponseRedirect(target)


class VisibleAgentMixin:
    """Loads the agent from the URL; a missing or hidden agent is a 404 alike."""

    def get_agent(self) -> Agent:
        if not hasattr(self, "_agent"):
            try:
                self._agent = agent_detail(self.request.user, self.kwargs["pk"])
            except Agent.DoesNotExist as error:
                raise Http404 from error
        return self._agent

    def get_permission_object(self):
        return self.get_agent()


class AgentListView(FilterView):
    """The directory of agents of the four helices, with filters."""

    filterset_class = AgentFilterSet
    template_name = "cooperation/agent_list.html"
    paginate_by = 20
    context_object_name = "agents"

    def get_queryset(self):
        return agent_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["helices"] = Helix.choices
        return context


class AgentDetailView(VisibleAgentMixin, PermissionRequiredMixin, DetailView):
    """An agent's page: who they are, their competences, members and contacts (signed-in only)."""

    permission_required = "cooperation.view_agent"
    template_name = "cooperation/agent_detail.html"
    context_object_name = "agent"
    raise_exception = True

    def get_object(self, queryset=None):
        return self.get_agent()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, agent = self.request.user, self.object
        context["can"] = {
            "contacts": user.has_perm("cooperation.view_agent_contacts", agent),
            "change": user.has_perm("cooperation.change_agent", agent),
            "verify": user.has_perm("cooperation.verify_agent", agent),
            "reject": user.has_perm("cooperation.reject_agent", agent),
            "request_details": user.has_perm("cooperation.request_details_agent", agent),
            "resubmit": user.has_perm("cooperation.resubmit_agent", agent),
            "join": user.has_perm("cooperation.join_agent", agent),
            "members": user.has_perm("cooperation.view_agent_members", agent),
            "manage_members": user.has_perm("cooperation.manage_agent_members", agent),
        }
        if context["can"]["manage_members"]:
            context["pending_requests"] = agent.memberships.filter(status=MembershipStatus.PENDING).select_related(
                "user"
            )
        if user.is_authenticated:
            context["own_membership"] = agent.memberships.filter(
                user=user, status__in=[MembershipStatus.PENDING, MembershipStatus.APPROVED]
            ).first()
        context["decision_form"] = MembershipDecisionForm()
        context["role_form"] = MembershipRoleForm()
        return context


class AgentCreateView(LoginRequiredMixin, FormView):
    """Register a new agent; it stays unverified until a moderator verifies it."""

    form_class = AgentForm
    template_name = "cooperation/agent_form.html"

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        competences = data.pop("competences")
        try:
            agent = agent_create(actor=self.request.user, competences=competences, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The organisation is registered. A moderator will verify it soon."))
        return redirect(agent)


class AgentUpdateView(VisibleAgentMixin, PermissionRequiredMixin, FormView):
    """Edit an organisation's details (its administrators only)."""

    permission_required = "cooperation.change_agent"
    form_class = AgentForm
    template_name = "cooperation/agent_form.html"
    raise_exception = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_agent()
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(agent=self.get_agent(), **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        competences = data.pop("competences")
        # The ModelForm already copied the values onto the instance; reload a clean copy for the service.
        agent = Agent.objects.get(pk=self.get_agent().pk)
        try:
            agent_update(agent=agent, actor=self.request.user, competences=competences, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes are saved."))
        return redirect(agent)


class AgentVerifyView(VisibleAgentMixin, PermissionRequiredMixin, View):
    """A moderator verifies an agent (POST only)."""

    permission_required = "cooperation.verify_agent"
    raise_exception = True

    def post(self, request, pk):
        agent = agent_verify(agent=self.get_agent(), actor=request.user)
        messages.success(request, _("%(agent)s is verified.") % {"agent": agent})
        return redirect_back(request, agent.get_absolute_url())


class AgentReviewFormView(VisibleAgentMixin, PermissionRequiredMixin, FormView):
    """A moderator's decision with a reason, on its own page: what happens is said before it is done."""

    template_name = "cooperation/agent_review_form.html"
    raise_exception = True
    heading: Any = ""
    intro: Any = ""
    submit_label: Any = ""
    submit_class = "btn-primary"
    success_message: Any = ""
    form_class = ReasonForm
    reason_label: Any = gettext_lazy("Reason")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "label": self.reason_label, "help_text": AGENT_READS_REASON}

    def get_context_data(self, **kwargs):
        next_url = self.request.POST.get("next") or self.request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={self.request.get_host()}):
            next_url = ""
        return super().get_context_data(
            agent=self.get_agent(),
            heading=self.heading,
            intro=self.intro,
            submit_label=self.submit_label,
            submit_class=self.submit_class,
            next_url=next_url,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            agent = self.act(self.get_agent(), form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, str(self.success_message) % {"agent": agent})
        return redirect_back(self.request, agent.get_absolute_url())

    def act(self, agent: Agent, reason: str) -> Agent:
        raise NotImplementedError


class AgentRejectView(AgentReviewFormView):
    """A moderator rejects an agent, giving the reason (a confirmation page: rejection is final)."""

    permission_required = "cooperation.reject_agent"
    heading = gettext_lazy("Reject the organisation")
    intro = gettext_lazy(
        "A rejected organisation cannot be submitted again and stays out of the directory. "
        "Its representatives are told your reason. This cannot be undone."
    )
    submit_label = gettext_lazy("Reject")
    submit_class = "btn-danger"
    success_message = gettext_lazy("%(agent)s is rejected.")

    def act(self, agent, reason):
        return agent_reject(agent=agent, actor=self.request.user, reason=reason)


class AgentRequestDetailsView(AgentReviewFormView):
    """A moderator asks an agent's administrators for details before verifying it."""

    permission_required = "cooperation.request_details_agent"
    reason_label = gettext_lazy("Which details are missing")
    heading = gettext_lazy("Ask for details")
    intro = gettext_lazy(
        "The organisation leaves the queue until its administrators add the details and submit it again. "
        "Its representatives are told what you ask for."
    )
    submit_label = gettext_lazy("Ask for details")
    submit_class = "btn-warning"
    success_message = gettext_lazy("The organisation's representatives are asked for details about %(agent)s.")

    def act(self, agent, reason):
        return agent_request_details(agent=agent, actor=self.request.user, reason=reason)


class AgentResubmitView(VisibleAgentMixin, PermissionRequiredMixin, View):
    """The organisation's administrator submits it for verification again, the details added (POST only)."""

    permission_required = "cooperation.resubmit_agent"
    raise_exception = True

    def post(self, request, pk):
        agent = agent_resubmit(agent=self.get_agent(), actor=request.user)
        messages.success(request, _("%(agent)s is submitted for verification again.") % {"agent": agent})
        return redirect(agent)


class AgentJoinView(LoginRequiredMixin, VisibleAgentMixin, FormView):
    """Ask to act for an agent."""

    form_class = MembershipRequestForm
    template_name = "cooperation/agent_join.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(agent=self.get_agent(), **kwargs)

    def form_valid(self, form):
        agent = self.get_agent()
        try:
            membership_request(agent=agent, user=self.request.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error(None, _("You cannot ask to join this organisation."))
            return self.form_invalid(form)
        messages.success(self.request, _("Your request is sent to the organisation's administrators."))
        return redirect(agent)


class MembershipActionView(LoginRequiredMixin, View):
    """Base for POST actions on a membership; hidden memberships answer 404."""

    def get_membership(self) -> AgentMembership:
        return get_object_or_404(memberships_visible_to(self.request.user), pk=self.kwargs["pk"])

    def post(self, request, pk):
        membership = self.get_membership()
        try:
            self.act(membership)
        except (ValidationError, InvalidStateError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [getattr(error, "message", str(error))])))
        except PermissionDenied:
            messages.error(request, _("You are not allowed to do this."))
        return redirect_back(request, membership.agent.get_absolute_url())

    def act(self, membership: AgentMembership) -> None:
        raise NotImplementedError


class MembershipDecideView(MembershipActionView):
    def act(self, membership):
        form = MembershipDecisionForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose a decision and a role."))
        approve = form.cleaned_data["decision"] == "approve"
        membership_decide(
            membership=membership, actor=self.request.user, approve=approve, role=form.cleaned_data["role"]
        )
        if approve:
            messages.success(self.request, _("%(user)s now acts for the organisation.") % {"user": membership.user})
        else:
            messages.success(self.request, _("The request is declined."))


class MembershipLeaveView(MembershipActionView):
    def act(self, membership):
        membership_leave(membership=membership, actor=self.request.user)
        messages.success(self.request, _("You no longer act for %(agent)s.") % {"agent": membership.agent})


class MembershipRoleView(MembershipActionView):
    def act(self, membership):
        form = MembershipRoleForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose a role."))
        membership_change_role(membership=membership, actor=self.request.user, role=form.cleaned_data["role"])
        messages.success(self.request, _("The role is changed."))


class MyAgentsView(LoginRequiredMixin, TemplateView):
    """The user's agents, their own pending requests and the requests they must decide."""

    template_name = "cooperation/my_agents.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        memberships = (
            AgentMembership.objects.filter(user=user)
            .exclude(status=MembershipStatus.LEFT)
            .select_related("agent", "agent__region")
            .order_by("status", "agent__name")
        )
        return super().get_context_data(
            memberships=memberships, requests_to_decide=pending_requests_for_admin(user), **kwargs
        )


class ModerationQueueView(PermissionRequiredMixin, TemplateView):
    """Moderators' queue of agents awaiting verification, oldest first."""

    permission_required = "cooperation.moderate_agents"
    template_name = "cooperation/moderation_queue.html"
    raise_exception = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            agents=agents_awaiting_verification(), awaiting_details=agents_awaiting_details(), **kwargs
        )
