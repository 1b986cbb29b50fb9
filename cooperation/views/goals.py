"""Pages for a project's goals at the three horizons (seed 000's principle of goal orientation)."""

from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from cooperation.forms import ProjectGoalForm
from cooperation.models import Project, ProjectGoal
from cooperation.project_selectors import project_goals_visible_to
from cooperation.services import goals as goal_services
from core.exceptions import InvalidStateError

from .agents import redirect_back
from .projects import ProjectFormView, error_text


class ProjectGoalAddView(ProjectFormView):
    """State a goal of the project (the lead's members, while the project is open)."""

    permission_required = "cooperation.change_goals_project"
    form_class = ProjectGoalForm
    heading = gettext_lazy("Add a goal")
    submit_label = gettext_lazy("Add")
    success_message = gettext_lazy("The goal is added.")

    def act(self, project: Project, form) -> None:
        goal_services.project_goal_add(project=project, actor=self.request.user, **form.cleaned_data)


class ProjectGoalDeleteView(PermissionRequiredMixin, View):
    """Remove a goal of the project."""

    permission_required = "cooperation.change_goals_project"
    http_method_names = ["post"]

    def get_goal(self) -> ProjectGoal:
        if not hasattr(self, "_goal"):
            try:
                self._goal = (
                    project_goals_visible_to(self.request.user).select_related("project").get(pk=self.kwargs["pk"])
                )
            except ProjectGoal.DoesNotExist as error:
                raise Http404 from error
        return self._goal

    def get_permission_object(self):
        return self.get_goal().project

    def post(self, request, pk):
        goal = self.get_goal()
        try:
            goal_services.project_goal_remove(goal=goal, actor=request.user)
        except InvalidStateError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The goal is removed."))
        return redirect_back(request, goal.project.get_absolute_url())
