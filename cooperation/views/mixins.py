"""View mixins the apps built on cooperation share (monitoring, discussion and experts import them)."""

from django.shortcuts import get_object_or_404

from cooperation.models import Project
from cooperation.selectors import projects_visible_to


class VisibleProjectMixin:
    """Loads the project of the URL once; a missing project and one the user may not see are a 404 alike.

    The project is also the object whose permission ``PermissionRequiredMixin`` checks, so list this mixin
    before it. ``project_url_kwarg`` names the URL's argument (``project_pk`` where ``pk`` is another object).
    """

    project_url_kwarg = "pk"

    def get_project(self) -> Project:
        if not hasattr(self, "_project"):
            self._project = get_object_or_404(
                projects_visible_to(self.request.user).select_related("lead_agent", "lead_agent__region"),
                pk=self.kwargs[self.project_url_kwarg],
            )
        return self._project

    def get_permission_object(self):
        return self.get_project()
