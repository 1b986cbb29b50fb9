"""Pages of the expert directory, the user's own profile, invitations and consultations. Selectors read,
services write."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from cooperation.models.attachments import content_type_for
from cooperation.selectors import projects_visible_to, user_agent_roles
from cooperation.views.agents import redirect_back
from cooperation.views.mixins import VisibleProjectMixin
from core.exceptions import InvalidStateError
from core.forms import apply_validation_error

from .choices import InvitationStatus
from .filtersets import ExpertFilterSet
from .forms import (
    ConsultationCompleteForm,
    ConsultationReasonForm,
    ConsultationRequestForm,
    ExpertInviteForm,
    ExpertProfileForm,
)
from .models import Consultation, ExpertInvitation, ExpertProfile, project_url
from .selectors import (
    consultation_detail,
    expert_detail,
    expert_list,
    experts_invitable_to,
    invitations_visible_to,
    my_consultations,
    own_profile,
    received_invitations,
    sent_invitations,
)
from .services import (
    consultation_answer,
    consultation_complete,
    consultation_confirm,
    consultation_dispute,
    consultation_request,
    expert_invitation_respond,
    expert_invitation_withdraw,
    expert_invite,
    expert_profile_save,
)


class ExpertListView(FilterView):
    """The directory of published experts, with filters."""

    filterset_class = ExpertFilterSet
    template_name = "experts/expert_list.html"
    paginate_by = 20
    context_object_name = "experts"

    def get_queryset(self):
        return expert_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context


class ExpertDetailView(PermissionRequiredMixin, DetailView):
    """An expert's page: competences, region, languages, availability, projects; contacts for signed-in users."""

    permission_required = "experts.view_expertprofile"
    template_name = "experts/expert_detail.html"
    context_object_name = "expert"
    raise_exception = True

    def get_object(self, queryset=None):
        if not hasattr(self, "_expert"):
            try:
                self._expert = expert_detail(self.request.user, self.kwargs["pk"])
            except ExpertProfile.DoesNotExist as error:
                raise Http404 from error
        return self._expert

    def get_permission_object(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, expert = self.request.user, self.object
        context["can"] = {
            "contacts": user.has_perm("experts.view_expertprofile_contacts", expert),
            "change": user.has_perm("experts.change_expertprofile", expert),
        }
        context["involvements"] = (
            expert.invitations.filter(status=InvitationStatus.ACCEPTED, project__in=projects_visible_to(user))
            .select_related("project", "project__lead_agent__region")
            .order_by("-decided_at")
        )
        return context


class ExpertProfileEditView(LoginRequiredMixin, FormView):
    """Create or edit the user's own expert profile."""

    form_class = ExpertProfileForm
    template_name = "experts/profile_form.html"

    def get_profile(self) -> ExpertProfile | None:
        if not hasattr(self, "_profile"):
            self._profile = own_profile(self.request.user)
        return self._profile

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_profile()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.get_profile(), **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            profile = expert_profile_save(
                user=self.request.user,
                full_name=data.pop("full_name"),
                competences=data.pop("competences"),
                **data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        if profile.is_published:
            messages.success(self.request, _("Your expert profile is saved and published."))
        else:
            messages.success(self.request, _("Your expert profile is saved. It is not published yet."))
        return redirect(profile)


class MyInvitationsView(LoginRequiredMixin, TemplateView):
    """Invitations the user received as an expert, and those sent for the projects their agents lead."""

    template_name = "experts/invitations.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            received=received_invitations(user),
            sent=sent_invitations(user)[:100],
            profile=own_profile(user),
            **kwargs,
        )


class ExpertInviteView(VisibleProjectMixin, LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """A member of the lead agent invites an expert to the project (the project page has the same form)."""

    permission_required = "experts.invite_expert"
    form_class = ExpertInviteForm
    template_name = "experts/invite_form.html"
    raise_exception = True
    project_url_kwarg = "project_pk"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "experts": experts_invitable_to(self.get_project())}

    def get_context_data(self, **kwargs):
        project = self.get_project()
        return super().get_context_data(project=project, project_url=project_url(project), **kwargs)

    def form_valid(self, form):
        project = self.get_project()
        expert = form.cleaned_data["expert"]
        try:
            expert_invite(project=project, expert=expert, actor=self.request.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("%(expert)s is invited to the project.") % {"expert": expert.display_name})
        return redirect_back(self.request, project_url(project))


class InvitationActionView(LoginRequiredMixin, View):
    """Base for POST actions on an invitation; invitations the user may not see answer 404."""

    def post(self, request, pk):
        invitation = get_object_or_404(invitations_visible_to(request.user), pk=pk)
        try:
            self.act(invitation)
        except (ValidationError, InvalidStateError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [getattr(error, "message", str(error))])))
        except PermissionDenied:
            messages.error(request, _("You are not allowed to do this."))
        return redirect_back(request, self.default_url(invitation))

    def default_url(self, invitation: ExpertInvitation) -> str:
        return reverse("experts:my-invitations")

    def act(self, invitation: ExpertInvitation) -> None:
        raise NotImplementedError


class InvitationRespondView(InvitationActionView):
    """The invited expert accepts (``accept=1``) or declines (``accept=0``)."""

    def act(self, invitation):
        accept = self.request.POST.get("accept") in ("1", "true", "on", "yes")
        expert_invitation_respond(invitation=invitation, actor=self.request.user, accept=accept)
        if accept:
            messages.success(
                self.request,
                _("You are now an expert of the project “%(project)s”.") % {"project": invitation.project.title},
            )
        else:
            messages.success(self.request, _("The invitation is declined."))


class InvitationWithdrawView(InvitationActionView):
    """A member of the lead agent withdraws an unanswered invitation."""

    def default_url(self, invitation):
        return project_url(invitation.project)

    def act(self, invitation):
        expert_invitation_withdraw(invitation=invitation, actor=self.request.user)
        messages.success(self.request, _("The invitation is withdrawn."))


# --- Consultations.


class ConsultationListView(LoginRequiredMixin, TemplateView):
    """My consultations: those my agents give (incoming) and those they asked for (outgoing), with actions."""

    template_name = "experts/consultations.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**my_consultations(self.request.user), **kwargs)


class ConsultationRequestView(LoginRequiredMixin, FormView):
    """The advised side asks an agent of another region for a consultation (``?agent=`` preselects it)."""

    form_class = ConsultationRequestForm
    template_name = "experts/consultation_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        agent = self.request.GET.get("agent", "")
        if agent.isdigit():
            initial["advising_agent"] = int(agent)
        roles = user_agent_roles(self.request.user)
        if len(roles) == 1:
            initial["advised_agent"] = next(iter(roles))
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(has_agents=bool(user_agent_roles(self.request.user)), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            consultation = consultation_request(actor=self.request.user, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error(
                "advising_agent",
                _("You can ask for advice an organisation of another region than the organisations you act for."),
            )
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your request is sent to %(agent)s.") % {"agent": consultation.advising_agent.display_name},
        )
        return redirect(consultation)


class ConsultationMixin:
    """Loads the consultation from the URL; one the user may not see answers 404 (its existence is private)."""

    def get_consultation(self) -> Consultation:
        if not hasattr(self, "_consultation"):
            try:
                self._consultation = consultation_detail(self.request.user, self.kwargs["pk"])
            except Consultation.DoesNotExist as error:
                raise Http404 from error
        return self._consultation


CONSULTATION_ACTIONS = ("accept", "decline", "complete", "confirm", "dispute")


class ConsultationDetailView(ConsultationMixin, LoginRequiredMixin, TemplateView):
    """A consultation: the two agents, the subject, the dates, the result, and the forms of the next step."""

    template_name = "experts/consultation_detail.html"

    def get_context_data(self, **kwargs):
        user, consultation = self.request.user, self.get_consultation()
        can = {action: user.has_perm(f"experts.{action}_consultation", consultation) for action in CONSULTATION_ACTIONS}
        return super().get_context_data(
            consultation=consultation,
            can=can,
            complete_form=kwargs.pop("complete_form", None)
            or ConsultationCompleteForm(initial={"ends_on": consultation.ends_on or timezone.localdate()}),
            reason_form=kwargs.pop("reason_form", None) or ConsultationReasonForm(),
            **kwargs,
        )


class ConsultationActionView(ConsultationMixin, LoginRequiredMixin, View):
    """Base of the POST steps of a consultation; the service checks state (409 → message) and permission."""

    def post(self, request, pk):
        consultation = self.get_consultation()
        try:
            message = self.act(consultation)
        except (ValidationError, InvalidStateError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [getattr(error, "message", str(error))])))
        except PermissionDenied:
            messages.error(request, _("You are not allowed to do this."))
        else:
            messages.success(request, message)
        return redirect_back(request, consultation.get_absolute_url())

    def act(self, consultation: Consultation) -> str:
        raise NotImplementedError


class ConsultationAcceptView(ConsultationActionView):
    def act(self, consultation):
        consultation_answer(consultation=consultation, actor=self.request.user, accept=True)
        return _("The request is accepted. Submit the result once the advice is given.")


class ConsultationDeclineView(ConsultationActionView):
    def act(self, consultation):
        reason = self.request.POST.get("reason", "")
        consultation_answer(consultation=consultation, actor=self.request.user, accept=False, reason=reason)
        return _("The request is declined.")


class ConsultationCompleteView(ConsultationMixin, LoginRequiredMixin, View):
    """The advising side submits the result (a form with a file: errors show on the detail page)."""

    def post(self, request, pk):
        consultation = self.get_consultation()
        form = ConsultationCompleteForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                consultation_complete(consultation=consultation, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            except InvalidStateError as error:
                form.add_error(None, error.message)
            except PermissionDenied:
                form.add_error(None, _("You are not allowed to do this."))
            else:
                messages.success(request, _("The result is submitted: the advised side is asked to confirm it."))
                return redirect(consultation)
        view = ConsultationDetailView(request=request, kwargs=self.kwargs, _consultation=consultation)
        return view.render_to_response(view.get_context_data(complete_form=form), status=400)


class ConsultationConfirmView(ConsultationActionView):
    def act(self, consultation):
        consultation_confirm(consultation=consultation, actor=self.request.user)
        return _("The consultation is confirmed: it counts as evidence of cooperation level 2.")


class ConsultationDisputeView(ConsultationActionView):
    def act(self, consultation):
        consultation_dispute(
            consultation=consultation, actor=self.request.user, reason=self.request.POST.get("reason", "")
        )
        return _("The result is disputed. The advising side is told why.")


class ConsultationDocumentView(ConsultationMixin, LoginRequiredMixin, View):
    """The result document, for whoever may see the consultation (never served from a public URL)."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        consultation = self.get_consultation()
        if not consultation.result_document:
            raise Http404
        try:
            handle = consultation.result_document.open("rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=consultation.document_name,
            content_type=content_type_for(consultation.document_name),
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
