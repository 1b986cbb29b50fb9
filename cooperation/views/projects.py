"""Pages of the projects: catalogue, drafting, the project page and its actions, moderation, "my projects".

Views are thin: selectors read, services write (checking state and permission
again), and the services' errors go back into the form or into a message. A
project the user may not see answers 404 on every page, whatever the action.
"""

import re

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from cooperation import page_cache
from cooperation.checklist import failing_lines, principle_warnings, submission_checklist
from cooperation.choices import CooperationType, Helix, ParticipantStatus, ProjectState
from cooperation.filtersets import ProjectFilterSet
from cooperation.forms import (
    ApplyForm,
    AttachmentForm,
    CommentForm,
    DatesForm,
    InviteForm,
    MilestoneForm,
    ProjectForm,
    ProjectGoalForm,
    ReasonForm,
    StartForm,
)
from cooperation.models import Attachment, Milestone, Project, ProjectParticipant
from cooperation.models.projects import OPEN_STATES
from cooperation.page_cache import FACTS_CACHE_SECONDS
from cooperation.presenters import fit_as_dict, fit_parts
from cooperation.project_selectors import (
    agents_to_invite,
    applications_to_decide,
    attachments_visible_to,
    invitations_to_answer,
    milestones_visible_to,
    own_applications,
    project_attachments,
    project_goals_by_horizon,
    project_open_requests,
    project_runners,
    project_timeline,
    user_projects_by_state,
)
from cooperation.selectors import (
    agents_free_to_join,
    best_fit_first,
    fit_names,
    moderation_queue,
    project_fit_row,
    project_list,
    project_page,
    project_page_relations,
    project_participants_visible_to,
    user_agent_roles,
    with_project_list_relations,
)
from cooperation.services import attachments as attachment_services
from cooperation.services import milestones as milestone_services
from cooperation.services import projects as services
from core.exceptions import InvalidStateError
from core.forms import apply_validation_error

from .agents import redirect_back
from .mixins import VisibleProjectMixin

# What the page says when a link of the quadruple helix is missing among the accepted participants.
MISSING_HELIX_MESSAGES = {
    Helix.GOVERNMENT: gettext_lazy("No government authority takes part yet."),
    Helix.BUSINESS: gettext_lazy("No business organisation takes part yet."),
    Helix.SCIENCE: gettext_lazy("No science or education organisation takes part yet."),
    Helix.CIVIL: gettext_lazy("No civil society organisation takes part yet."),
}


# The cached parts of the project page, in ``project_page_parts.html`` (the discussion is cached apart: per user).
PANEL_PARTS = ("top", "participation", "goals", "panels")
PART_MARKER = re.compile(r"<!--spiral-part:(\w+)-->")

# States in which nothing is left for those who run the project (moderation, or closed for good).
RUNNERLESS_STATES = (ProjectState.SUBMITTED, ProjectState.REJECTED, ProjectState.ARCHIVED)


def error_text(error: Exception) -> str:
    """One line for a message: the texts of a ``ValidationError`` or the message of an ``InvalidStateError``."""
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(getattr(error, "message", error))


# The project pages' name for the shared mixin.
ProjectMixin = VisibleProjectMixin


# --- The catalogue.


class ProjectListView(FilterView):
    """Public projects (and the user's own in every state), with filters; a constant number of queries."""

    filterset_class = ProjectFilterSet
    template_name = "cooperation/project_list.html"
    paginate_by = 20
    context_object_name = "projects"

    def get_queryset(self):
        return project_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            type_choices=CooperationType.choices,
            state_choices=ProjectState.choices,
            helix_choices=Helix.choices,
            selected={name: self.request.GET.getlist(name) for name in ("type", "state", "helix")},
        )
        return context


# --- Drafting and editing.


class ProjectCreateView(LoginRequiredMixin, FormView):
    """Draft a new project led by one of the user's agents."""

    form_class = ProjectForm
    template_name = "cooperation/project_form.html"

    #: Fields a link may prefill (``?directions=3&partners=7&partners=9``), e.g. "Start a project here" of a cell.
    PREFILLED = ("directions", "rubrics", "partners", "objectives")

    def get_initial(self):
        initial = super().get_initial()
        for name in self.PREFILLED:
            ids = [value for value in self.request.GET.getlist(name) if value.isdigit() and len(value) < 19]
            if ids:
                initial[name] = ids
        return initial

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(has_agents=bool(user_agent_roles(self.request.user)), **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            project = services.project_create(actor=self.request.user, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error("lead_agent", _("You do not act for this organisation."))
            return self.form_invalid(form)
        messages.success(self.request, _("The draft is saved. Submit it for moderation when it is ready."))
        return redirect(project)


class ProjectUpdateView(ProjectMixin, PermissionRequiredMixin, FormView):
    """Edit a draft, or a project the moderators sent back (the lead's members)."""

    permission_required = "cooperation.change_project"
    form_class = ProjectForm
    template_name = "cooperation/project_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.get_project(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        project = self.get_project()
        # Seed 000's principles as guidance where the proposer acts: the checklist's warnings, by principle.
        warnings = principle_warnings(submission_checklist(project))
        return super().get_context_data(project=project, principle_warnings=warnings, **kwargs)

    def form_valid(self, form):
        # The ModelForm already copied the values onto the instance; the service gets a clean copy.
        project = Project.objects.get(pk=self.get_project().pk)
        try:
            services.project_update(project=project, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes are saved."))
        return redirect(project)


# --- The project page.


def _split_parts(html: str) -> dict[str, str]:
    """The parts of a rendering at its ``<!--spiral-part:name-->`` markers, by name."""
    pieces = PART_MARKER.split(html)
    # ``split`` with one group: text before the first marker, then (name, html) pairs.
    return {pieces[index]: pieces[index + 1] for index in range(1, len(pieces) - 1, 2)}


def _fit_context(project: Project):
    fit = project_fit_row(project)
    return None if fit is None else fit_parts(fit_as_dict(fit), fit_names([fit.explanation]))


class ProjectDetailView(ProjectMixin, PermissionRequiredMixin, DetailView):
    """Everything about one project, and the buttons the viewer may use."""

    permission_required = "cooperation.view_project"
    template_name = "cooperation/project_detail.html"
    context_object_name = "project"

    def get_project(self) -> Project:
        if not hasattr(self, "_project"):
            try:
                self._project = project_page(self.request.user, self.kwargs["pk"])
            except Project.DoesNotExist as error:
                raise Http404 from error
        return self._project

    def get_object(self, queryset=None):
        return self.get_project()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The versions the parts are cached under (one cache read); the first is the facts' (``FACTS_VERSION``),
        # which the recommendations panel is cached under too (``search.recommendations.project_panel``).
        versions = page_cache.page_versions(self.object)
        context["facts_version"] = versions.split(".")[0]
        context.update(self._cached_parts(context, versions))
        return context

    def _cached_parts(self, context, versions: str) -> dict[str, dict[str, str]]:
        """The facts (``facts``: the same for every viewer, per project, language and facts version) and the rest
        of the page (``parts``: per project, language, day and audience, ``cooperation.page_cache``), in one cache
        read; read and rendered only on a miss, with this request's CSRF token put into the stored forms."""
        request, project = self.request, self.object
        user = request.user
        language, today, path = get_language() or "", timezone.localdate(), request.get_full_path()
        audience = page_cache.project_audience(user, project)
        keys = {
            "facts": page_cache.facts_key(project, version=context["facts_version"], language=language),
            "panels": page_cache.page_key(
                project,
                versions=versions,
                language=language,
                today=today,
                path=path,
                audience=audience,
            ),
            "discussion": page_cache.page_key(
                project,
                versions=versions,
                language=language,
                today=today,
                path=path,
                audience=page_cache.discussion_audience(user, audience),
                kind="discussion",
            ),
        }
        found = cache.get_many(list(keys.values()))
        facts = found.get(keys["facts"])
        parts = dict(found.get(keys["panels"]) or {})
        discussion = found.get(keys["discussion"])
        if facts is None or not parts or discussion is None:
            # A miss: the relations the parts show, read once for all of them.
            project_page_relations(project)
            context["participants"] = sorted(
                project.accepted_participants, key=lambda p: (p.role != "lead", p.agent.display_name.lower())
            )
        if facts is None:
            facts = self._render_facts(context)
            cache.set(keys["facts"], facts, FACTS_CACHE_SECONDS)
        if not parts or discussion is None:
            wanted = {name for name in PANEL_PARTS if not parts} | ({"discussion"} if discussion is None else set())
            rendered = self._render_parts(context, wanted)
            if not parts:
                parts = {name: rendered[name] for name in PANEL_PARTS}
                cache.set(keys["panels"], parts, page_cache.PAGE_CACHE_SECONDS)
            if discussion is None:
                discussion = rendered["discussion"]
                cache.set(keys["discussion"], discussion, page_cache.PAGE_CACHE_SECONDS)
        token = get_token(request)
        parts["discussion"] = discussion
        return {
            "facts": {name: mark_safe(html) for name, html in facts.items()},  # noqa: S308
            "parts": {name: mark_safe(page_cache.with_csrf(html, token)) for name, html in parts.items()},  # noqa: S308
        }

    def _render_facts(self, context) -> dict[str, str]:
        """Render the facts (``project_facts.html``, split at its markers): the same for every viewer."""
        project = self.object
        facts_context = {
            **context,
            "missing_helix_messages": [
                MISSING_HELIX_MESSAGES[value] for value, _label, count in project.helix_balance if count == 0
            ],
            "helix_total": sum(count for _value, _label, count in project.helix_balance),
            "fit": _fit_context(project),
        }
        html = render_to_string("cooperation/includes/project_facts.html", facts_context, request=self.request)
        return _split_parts(html)

    def _render_parts(self, context, wanted: set[str]) -> dict[str, str]:
        """Render the ``wanted`` parts (``project_page_parts.html``, split at its markers), without CSRF tokens."""
        if wanted & set(PANEL_PARTS):
            self._add_panels_context(context)
        html = render_to_string(
            "cooperation/includes/project_page_parts.html", {**context, "wanted": wanted}, request=self.request
        )
        rendered = _split_parts(html)
        return {name: page_cache.without_csrf(rendered.get(name, "")) for name in wanted}

    def _add_panels_context(self, context) -> None:
        user, project = self.request.user, self.object
        can = {
            name: user.has_perm(f"cooperation.{name}_project", project)
            for name in (
                "change",
                "submit",
                "moderate",
                "start",
                "complete",
                "archive",
                "feature",
                "hide",
                "apply",
                "invite",
            )
        }
        can["change_dates"] = user.has_perm("cooperation.change_dates_project", project)
        can["history"] = user.has_perm("cooperation.view_project_history", project)
        can["add_attachment"] = user.has_perm("cooperation.add_attachment", project)
        can["milestones"] = user.has_perm("cooperation.add_milestone", project)
        can["goals"] = user.has_perm("cooperation.change_goals_project", project)
        context["can"] = can
        context["goals"] = project_goals_by_horizon(project)
        context["timeline"] = project_timeline(project, today=timezone.localdate())
        context["attachments"] = [
            (attachment, user.has_perm("cooperation.delete_attachment", attachment))
            for attachment in project_attachments(project)
        ]
        context["transitions"] = list(project.transitions.select_related("actor"))
        context["open_states"] = OPEN_STATES
        context["runners"] = self._runners_to_ask(user, project, can)
        self._add_participation_context(context, user, project, can)

    def _runners_to_ask(self, user, project, can) -> list:
        """A lead member who cannot run the project is told who can (issue #12), while there is something to run."""
        runs = can["invite"] or can["start"] or can["complete"] or can["archive"]
        if runs or project.lead_agent_id not in user_agent_roles(user) or project.state in RUNNERLESS_STATES:
            return []
        return [person for person in project_runners(project) if person.pk != user.pk]

    def _add_participation_context(self, context, user, project, can):
        roles = user_agent_roles(user)
        requests = list(project_open_requests(project)) if (can["history"] or roles) else []
        if can["history"]:
            context["open_requests"] = [
                (request_, user.has_perm("cooperation.decide_projectparticipant", request_)) for request_ in requests
            ]
        context["my_invitations"] = [
            request_
            for request_ in requests
            if request_.status == ParticipantStatus.INVITED
            and user.has_perm("cooperation.respond_projectparticipant", request_)
        ]
        context["my_applications"] = [
            request_
            for request_ in requests
            if request_.status == ParticipantStatus.APPLIED and request_.agent_id in roles
        ]
        context["my_partnerships"] = [
            participant
            for participant in project.accepted_participants
            if participant.agent_id in roles and user.has_perm("cooperation.leave_projectparticipant", participant)
        ]
        if can["apply"]:
            context["apply_form"] = ApplyForm(
                agents=agents_free_to_join(user, project).order_by("name"), auto_id="apply_%s"
            )
        if can["invite"]:
            context["invite_form"] = InviteForm(agents=agents_to_invite(project), auto_id="invite_%s")
        if can["hide"] and not project.is_hidden:
            context["hide_form"] = ReasonForm(auto_id="hide_%s")
        if can["add_attachment"]:
            context["attachment_form"] = AttachmentForm(auto_id="attachment_%s")
        if can["milestones"]:
            context["milestone_form"] = MilestoneForm(auto_id="milestone_%s")
        if can["goals"]:
            context["goal_form"] = ProjectGoalForm(auto_id="goal_%s")
        context["may_apply_after_login"] = (
            not user.is_authenticated and project.state in OPEN_STATES and not project.is_hidden
        )


# --- Buttons and small forms on the project page.


class ProjectPostView(ProjectMixin, PermissionRequiredMixin, View):
    """A button on the project page: POST only; the service's errors come back as a message."""

    http_method_names = ["post"]
    success_message = ""

    def post(self, request, pk):
        project = self.get_project()
        try:
            self.act(project)
        except (ValidationError, InvalidStateError) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, self.get_success_message(project))
        return redirect_back(request, project.get_absolute_url())

    #: The transition service of a plain button (``service(project=, actor=)``); forms override ``act``.
    service = None

    def act(self, project: Project) -> None:
        if self.service is None:
            raise NotImplementedError
        type(self).service(project=project, actor=self.request.user)

    def get_success_message(self, project: Project) -> str:
        return str(self.success_message)


class ProjectConfirmView(ProjectPostView):
    """An irreversible step: GET shows what it does and a button, POST does it (no JavaScript needed).

    API clients call the services directly; the confirmation is the pages' concern. The consequences are
    said before the click, the button posts to the same URL, and ``next`` (e.g. the moderation queue)
    is carried through.
    """

    http_method_names = ["get", "post"]
    template_name = "cooperation/project_confirm.html"
    heading = ""
    consequences: tuple = ()
    confirm_label = ""
    button_class = "btn-primary"

    def get_context_data(self, **kwargs):
        return {
            "project": self.get_project(),
            "heading": self.heading,
            "consequences": self.consequences,
            "confirm_label": self.confirm_label,
            "button_class": self.button_class,
            "next_url": self.request.GET.get("next", ""),
            "allowed": True,
            **kwargs,
        }

    def get(self, request, pk):
        return render(request, self.template_name, self.get_context_data())


class ProjectSubmitView(ProjectConfirmView):
    """Submit after the pre-submit checklist: every line must hold (``cooperation.checklist``)."""

    permission_required = "cooperation.submit_project"
    success_message = gettext_lazy("The project is sent to the moderators.")
    service = services.project_submit
    heading = gettext_lazy("Submit the project for moderation")
    consequences = (
        gettext_lazy("The moderators review the project; until they decide, its text cannot be edited."),
        gettext_lazy("If they publish it, the partners you invited receive their invitations."),
    )
    confirm_label = gettext_lazy("Submit for moderation")

    def get_context_data(self, **kwargs):
        lines = submission_checklist(self.get_project())
        return super().get_context_data(checklist=lines, allowed=not failing_lines(lines), **kwargs)


class ProjectApproveView(ProjectConfirmView):
    permission_required = "cooperation.moderate_project"
    success_message = gettext_lazy("The project is published.")
    service = services.project_approve
    heading = gettext_lazy("Approve and publish the project")
    consequences = (
        gettext_lazy("Everyone will see the project, and organisations may apply to join it."),
        gettext_lazy("The partners invited from the draft receive their invitations."),
        gettext_lazy("A published project cannot go back to moderation."),
    )
    confirm_label = gettext_lazy("Approve and publish")
    button_class = "btn-success"


class ProjectStartView(ProjectConfirmView):
    """Start the project on the day its work actually began (asked here; today by default)."""

    permission_required = "cooperation.start_project"
    success_message = gettext_lazy("The project is under way.")
    heading = gettext_lazy("Start the project")
    consequences = (
        gettext_lazy("The project becomes active: its indicators' values can be recorded from the actual start on."),
        gettext_lazy("The partners and experts are told. An active project cannot go back to published."),
    )
    confirm_label = gettext_lazy("Start the project")
    button_class = "btn-success"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", StartForm(initial={"started_on": timezone.localdate()}, auto_id="start_%s"))
        return super().get_context_data(**kwargs)

    def post(self, request, pk):
        project = self.get_project()
        form = StartForm(request.POST, auto_id="start_%s")
        if form.is_valid():
            try:
                services.project_start(project=project, actor=request.user, started_on=form.cleaned_data["started_on"])
            except ValidationError as error:
                apply_validation_error(form, error)
            except InvalidStateError as error:
                messages.error(request, error_text(error))
                return redirect(project)
            else:
                messages.success(request, str(self.success_message))
                return redirect_back(request, project.get_absolute_url())
        return render(request, self.template_name, self.get_context_data(form=form), status=400)


class ProjectCompleteView(ProjectConfirmView):
    permission_required = "cooperation.complete_project"
    success_message = gettext_lazy("The project is completed.")
    service = services.project_complete
    heading = gettext_lazy("Declare the project completed")
    consequences = (
        gettext_lazy("No more values of its indicators can be recorded; the closing report is written next."),
        gettext_lazy("The partners and experts are told. A completed project cannot be resumed."),
    )
    confirm_label = gettext_lazy("Declare it completed")
    button_class = "btn-success"


class ProjectArchiveView(ProjectConfirmView):
    permission_required = "cooperation.archive_project"
    success_message = gettext_lazy("The project is archived.")
    service = services.project_archive
    heading = gettext_lazy("Archive the project")
    consequences = (
        gettext_lazy("The project, its files and its timeline become read-only for good."),
        gettext_lazy("Its closing report can no longer be changed, and nobody can comment on it."),
    )
    confirm_label = gettext_lazy("Archive")
    button_class = "btn-outline-secondary"


class ProjectDatesView(ProjectMixin, PermissionRequiredMixin, FormView):
    """Correct the planned dates (and, once active, the actual start) of a published or active project."""

    permission_required = "cooperation.change_dates_project"
    form_class = DatesForm
    template_name = "cooperation/project_action_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"project": self.get_project(), "auto_id": "dates_%s"}

    def get_initial(self):
        project = self.get_project()
        return {"starts_on": project.starts_on, "ends_on": project.ends_on, "started_on": project.started_on}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.get_project(),
            heading=_("Correct the dates"),
            intro=_("The change is recorded in the audit log. Monitoring accepts values from the actual start on."),
            submit_label=_("Save"),
            **kwargs,
        )

    def form_valid(self, form):
        project = self.get_project()
        try:
            services.project_change_dates(project=project, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The dates are corrected."))
        return redirect(project)


class ProjectFeatureView(ProjectPostView):
    """Feature the project on the home page (``featured=1``) or stop featuring it (``featured=0``)."""

    permission_required = "cooperation.feature_project"

    def act(self, project):
        self.featured = self.request.POST.get("featured", "1") != "0"
        services.project_feature(project=project, actor=self.request.user, featured=self.featured)

    def get_success_message(self, project):
        return _("The project is featured.") if self.featured else _("The project is no longer featured.")


class ProjectShowView(ProjectPostView):
    """Show a hidden project to the public again."""

    permission_required = "cooperation.hide_project"
    success_message = gettext_lazy("The project is visible to everyone again.")

    def act(self, project):
        services.project_hide(project=project, actor=self.request.user, hidden=False)


class ProjectFormView(ProjectMixin, PermissionRequiredMixin, FormView):
    """A small form about the project (a reason, an application...): shown on its own page when it has errors."""

    template_name = "cooperation/project_action_form.html"
    heading = ""
    submit_label = gettext_lazy("Send")
    success_message = ""
    intro = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.get_project(),
            heading=self.heading,
            intro=self.intro,
            submit_label=self.submit_label,
            next_url=self.request.POST.get("next") or self.request.GET.get("next", ""),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            self.act(self.get_project(), form)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, str(self.success_message))
        return redirect_back(self.request, self.get_project().get_absolute_url())

    def act(self, project: Project, form) -> None:
        raise NotImplementedError


class ProjectRequestChangesView(ProjectFormView):
    permission_required = "cooperation.moderate_project"
    form_class = CommentForm
    heading = gettext_lazy("Ask for changes")
    intro = gettext_lazy("The project goes back to its lead with your comment; they may submit it again.")
    submit_label = gettext_lazy("Ask for changes")
    success_message = gettext_lazy("The project is sent back to its lead.")

    def act(self, project, form):
        services.project_request_changes(project=project, actor=self.request.user, comment=form.cleaned_data["comment"])


class ProjectRejectView(ProjectFormView):
    permission_required = "cooperation.moderate_project"
    form_class = ReasonForm
    heading = gettext_lazy("Reject the project")
    intro = gettext_lazy("A rejected project cannot be submitted again. Its lead sees your reason.")
    submit_label = gettext_lazy("Reject")
    success_message = gettext_lazy("The project is rejected.")

    def act(self, project, form):
        services.project_reject(project=project, actor=self.request.user, reason=form.cleaned_data["reason"])


class ProjectHideView(ProjectFormView):
    permission_required = "cooperation.hide_project"
    form_class = ReasonForm
    heading = gettext_lazy("Hide the project")
    intro = gettext_lazy("Only its participants and the staff will see it. Its lead is told your reason.")
    submit_label = gettext_lazy("Hide")
    success_message = gettext_lazy("The project is hidden from the public.")

    def act(self, project, form):
        services.project_hide(project=project, actor=self.request.user, hidden=True, reason=form.cleaned_data["reason"])


class ProjectApplyView(ProjectFormView):
    permission_required = "cooperation.apply_project"
    form_class = ApplyForm
    heading = gettext_lazy("Apply to join the project")
    intro = gettext_lazy("The lead's administrators decide on your application.")
    submit_label = gettext_lazy("Apply")
    success_message = gettext_lazy("Your application is sent to the project's lead.")

    def get_form_kwargs(self):
        agents = agents_free_to_join(self.request.user, self.get_project()).order_by("name")
        return super().get_form_kwargs() | {"agents": agents}

    def act(self, project, form):
        services.participant_apply(
            project=project,
            agent=form.cleaned_data["agent"],
            actor=self.request.user,
            motivation=form.cleaned_data["motivation"],
        )


class ProjectInviteView(ProjectFormView):
    permission_required = "cooperation.invite_project"
    form_class = InviteForm
    heading = gettext_lazy("Invite an organisation")
    intro = gettext_lazy("The organisation's administrators accept or decline the invitation.")
    submit_label = gettext_lazy("Invite")
    success_message = gettext_lazy("The invitation is sent.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"agents": agents_to_invite(self.get_project())}

    def act(self, project, form):
        services.participant_invite(
            project=project,
            agent=form.cleaned_data["agent"],
            actor=self.request.user,
            message=form.cleaned_data["message"],
        )


# --- Participations (the URL names the participation).


class ParticipantPostView(PermissionRequiredMixin, View):
    """A decision about one participation; participations of projects the user may not see are 404."""

    http_method_names = ["post"]

    def get_participant(self) -> ProjectParticipant:
        if not hasattr(self, "_participant"):
            try:
                self._participant = project_participants_visible_to(self.request.user).get(pk=self.kwargs["pk"])
            except ProjectParticipant.DoesNotExist as error:
                raise Http404 from error
        return self._participant

    def get_permission_object(self):
        return self.get_participant()

    def post(self, request, pk):
        participant = self.get_participant()
        try:
            message = self.act(participant)
        except (ValidationError, InvalidStateError) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, message)
        return redirect_back(request, participant.project.get_absolute_url())

    def accept(self) -> bool:
        return self.request.POST.get("decision") == "accept"


class ParticipantDecideView(ParticipantPostView):
    """The lead's administrator accepts or declines an application (``decision=accept|decline``)."""

    permission_required = "cooperation.decide_projectparticipant"

    def act(self, participant):
        services.participant_decide(participant=participant, actor=self.request.user, accept=self.accept())
        if self.accept():
            return _("%(agent)s joins the project.") % {"agent": participant.agent}
        return _("The application is declined.")


class ParticipantWithdrawView(ParticipantPostView):
    """Those who run the project take back an invitation of the draft (not sent yet)."""

    permission_required = "cooperation.invite_project"

    def get_permission_object(self):
        return self.get_participant().project  # the same people who invite take an invitation back

    def act(self, participant):
        services.participant_withdraw(participant=participant, actor=self.request.user)
        return _("The invitation of %(agent)s is withdrawn.") % {"agent": participant.agent}


class ParticipantRespondView(ParticipantPostView):
    """The invited agent's administrator accepts or declines (``decision=accept|decline``)."""

    permission_required = "cooperation.respond_projectparticipant"

    def act(self, participant):
        services.participant_respond(participant=participant, actor=self.request.user, accept=self.accept())
        return _("Your organisation joins the project.") if self.accept() else _("The invitation is declined.")


class ParticipantLeaveView(ParticipantPostView):
    """An accepted partner's administrator takes the organisation out of the project."""

    permission_required = "cooperation.leave_projectparticipant"

    def act(self, participant):
        services.participant_leave(participant=participant, actor=self.request.user)
        return _("%(agent)s no longer takes part in the project.") % {"agent": participant.agent}


# --- Attachments.


class AttachmentUploadView(ProjectFormView):
    permission_required = "cooperation.add_attachment"
    form_class = AttachmentForm
    heading = gettext_lazy("Attach a file")
    submit_label = gettext_lazy("Upload")
    success_message = gettext_lazy("The file is attached.")

    def act(self, project, form):
        attachment_services.attachment_upload(
            project=project, actor=self.request.user, file=form.cleaned_data["file"], title=form.cleaned_data["title"]
        )


class AttachmentMixin:
    def get_attachment(self) -> Attachment:
        if not hasattr(self, "_attachment"):
            try:
                self._attachment = attachments_visible_to(self.request.user).get(pk=self.kwargs["pk"])
            except Attachment.DoesNotExist as error:
                raise Http404 from error
        return self._attachment

    def get_permission_object(self):
        return self.get_attachment()


class AttachmentDownloadView(AttachmentMixin, PermissionRequiredMixin, View):
    """The file itself, for those who may see the project (files are never served from a public URL)."""

    permission_required = "cooperation.view_attachment"
    http_method_names = ["get", "head"]

    def get(self, request, pk):
        attachment = self.get_attachment()
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class AttachmentDeleteView(AttachmentMixin, PermissionRequiredMixin, View):
    """Remove an attachment (its uploader or the lead's administrator)."""

    permission_required = "cooperation.delete_attachment"
    http_method_names = ["post"]

    def post(self, request, pk):
        attachment = self.get_attachment()
        try:
            attachment_services.attachment_delete(attachment=attachment, actor=request.user)
        except InvalidStateError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The file “%(title)s” is removed.") % {"title": attachment.title})
        return redirect_back(request, attachment.project.get_absolute_url())


# --- Milestones.


class MilestoneAddView(ProjectFormView):
    permission_required = "cooperation.add_milestone"
    form_class = MilestoneForm
    heading = gettext_lazy("Add a milestone")
    submit_label = gettext_lazy("Add")
    success_message = gettext_lazy("The milestone is added.")

    def act(self, project, form):
        milestone_services.milestone_add(project=project, actor=self.request.user, **form.cleaned_data)


class MilestoneMixin:
    def get_milestone(self) -> Milestone:
        if not hasattr(self, "_milestone"):
            try:
                self._milestone = milestones_visible_to(self.request.user).get(pk=self.kwargs["pk"])
            except Milestone.DoesNotExist as error:
                raise Http404 from error
        return self._milestone

    def get_permission_object(self):
        return self.get_milestone()


class MilestoneUpdateView(MilestoneMixin, PermissionRequiredMixin, FormView):
    """Rename a milestone or move its date."""

    permission_required = "cooperation.change_milestone"
    form_class = MilestoneForm
    template_name = "cooperation/project_action_form.html"

    def get_initial(self):
        milestone = self.get_milestone()
        return {"title": milestone.title, "title_en": milestone.title_en, "due_on": milestone.due_on}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.get_milestone().project,
            heading=_("Edit the milestone"),
            submit_label=_("Save"),
            **kwargs,
        )

    def form_valid(self, form):
        milestone = self.get_milestone()
        try:
            milestone_services.milestone_update(milestone=milestone, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The milestone is saved."))
        return redirect(milestone.project)


class MilestonePostView(MilestoneMixin, PermissionRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        milestone = self.get_milestone()
        try:
            message = self.act(milestone)
        except (ValidationError, InvalidStateError) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, message)
        return redirect_back(request, milestone.project.get_absolute_url())


class MilestoneCompleteView(MilestonePostView):
    """Mark a milestone done today (``done=1``) or not done after all (``done=0``)."""

    permission_required = "cooperation.change_milestone"

    def act(self, milestone):
        done = self.request.POST.get("done", "1") != "0"
        milestone_services.milestone_complete(milestone=milestone, actor=self.request.user, done=done)
        return _("The milestone is done.") if done else _("The milestone is open again.")


class MilestoneDeleteView(MilestonePostView):
    permission_required = "cooperation.delete_milestone"

    def act(self, milestone):
        milestone_services.milestone_remove(milestone=milestone, actor=self.request.user)
        return _("The milestone is removed.")


# --- Moderation and "my projects".


class ProjectModerationView(PermissionRequiredMixin, ListView):
    """The moderators' queue: submitted projects, the longest-waiting first, filterable."""

    permission_required = "cooperation.moderate_projects"
    template_name = "cooperation/project_moderation.html"
    context_object_name = "projects"
    paginate_by = 20

    def get_queryset(self):
        self.filterset = ProjectFilterSet(self.request.GET or None, queryset=moderation_queue(), request=self.request)
        queryset = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else moderation_queue()
        self.sort = "fit" if self.request.GET.get("sort") == "fit" else "waiting"
        if self.sort == "fit":
            queryset = best_fit_first(queryset)
        return with_project_list_relations(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            type_choices=CooperationType.choices,
            helix_choices=Helix.choices,
            selected={name: self.request.GET.getlist(name) for name in ("type", "helix")},
            sort=self.sort,
            **kwargs,
        )


class MyProjectsView(LoginRequiredMixin, TemplateView):
    """The projects of the user's agents by state, the applications to decide and the invitations to answer."""

    template_name = "cooperation/project_mine.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            groups=user_projects_by_state(user),
            applications=applications_to_decide(user),
            invitations=invitations_to_answer(user),
            own_applications=own_applications(user),
            has_agents=bool(user_agent_roles(user)),
            **kwargs,
        )
