"""Pages of the discussion: comment forms, reports, the moderators' queue. Selectors read, services write."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from cooperation.models import Project
from cooperation.selectors import projects_visible_to
from cooperation.views.mixins import VisibleProjectMixin
from core.exceptions import InvalidStateError
from core.forms import apply_validation_error

from .choices import ReportStatus
from .filtersets import ReportFilterSet
from .forms import CommentEditForm, CommentForm, HideForm, ReportForm, ResolveForm
from .models import Comment, Report, project_url
from .selectors import comments_visible_to, has_open_report, open_reports, reports_visible_to
from .services.comments import comment_delete, comment_edit, comment_hide, comment_post, comment_unhide
from .services.reports import report_create, report_resolve


def _state_error(request, error: InvalidStateError, target: str) -> HttpResponseRedirect:
    messages.error(request, error.message)
    return HttpResponseRedirect(target)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class VisibleCommentMixin:
    """Loads the comment from the URL; one on a project the user may not see is a 404."""

    def get_comment(self) -> Comment:
        if not hasattr(self, "_comment"):
            self._comment = get_object_or_404(comments_visible_to(self.request.user), pk=self.kwargs["pk"])
        return self._comment

    def get_permission_object(self):
        return self.get_comment()


class CommentCreateView(VisibleProjectMixin, PermissionRequiredMixin, FormView):
    """Write a comment on a project, or a reply (``?reply_to=<comment id>``).

    The project page carries the same form; this page is where it comes back with errors.
    """

    permission_required = "discussion.add_comment"
    form_class = CommentForm
    template_name = "discussion/comment_form.html"

    def get_initial(self):
        return {"parent": self.request.GET.get("reply_to") or None}

    def get_replied_to(self, form) -> Comment | None:
        parent_id = form["parent"].value()
        if not parent_id:
            return None
        try:
            return Comment.objects.select_related("author").get(pk=int(parent_id), project=self.get_project())
        except (Comment.DoesNotExist, TypeError, ValueError):
            return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["project"] = self.get_project()
        context["project_url"] = project_url(self.get_project())
        context["replied_to"] = self.get_replied_to(context["form"])
        return context

    def form_valid(self, form):
        project = self.get_project()
        parent_id = form.cleaned_data.get("parent")
        parent = None
        if parent_id:
            parent = Comment.objects.filter(pk=parent_id, project=project).first()
            if parent is None:
                form.add_error(None, _("The comment you reply to does not exist."))
                return self.form_invalid(form)
        try:
            comment = comment_post(
                project=project, author=self.request.user, text=form.cleaned_data["text"], parent=parent
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            return _state_error(self.request, error, project_url(project))
        messages.success(self.request, _("Your comment is published."))
        return HttpResponseRedirect(f"{project_url(project)}#comment-{comment.pk}")


class CommentUpdateView(VisibleCommentMixin, PermissionRequiredMixin, FormView):
    """The author edits their comment."""

    permission_required = "discussion.change_comment"
    form_class = CommentEditForm
    template_name = "discussion/comment_edit.html"
    raise_exception = True

    def get_initial(self):
        return {"text": self.get_comment().text}

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment=self.get_comment(), **kwargs)

    def form_valid(self, form):
        comment = self.get_comment()
        try:
            comment_edit(comment=comment, actor=self.request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            return _state_error(self.request, error, comment.get_absolute_url())
        messages.success(self.request, _("Your comment is saved."))
        return HttpResponseRedirect(comment.get_absolute_url())


class CommentDeleteView(VisibleCommentMixin, PermissionRequiredMixin, TemplateView):
    """The author deletes their comment, after confirming."""

    permission_required = "discussion.delete_comment"
    template_name = "discussion/comment_confirm_delete.html"
    raise_exception = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment=self.get_comment(), **kwargs)

    def post(self, request, *args, **kwargs):
        comment = self.get_comment()
        try:
            comment_delete(comment=comment, actor=request.user)
        except InvalidStateError as error:
            return _state_error(request, error, comment.get_absolute_url())
        messages.success(request, _("Your comment is deleted."))
        return HttpResponseRedirect(comment.get_absolute_url())


class CommentHideView(VisibleCommentMixin, PermissionRequiredMixin, FormView):
    """A moderator hides a comment, giving the reason (the project page has the same form inline)."""

    permission_required = "discussion.hide_comment"
    form_class = HideForm
    template_name = "discussion/comment_hide.html"
    raise_exception = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment=self.get_comment(), **kwargs)

    def form_valid(self, form):
        comment = self.get_comment()
        try:
            comment_hide(comment=comment, actor=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            return _state_error(self.request, error, comment.get_absolute_url())
        messages.success(self.request, _("The comment is hidden."))
        return HttpResponseRedirect(_safe_next(self.request, comment.get_absolute_url()))


class CommentUnhideView(VisibleCommentMixin, PermissionRequiredMixin, View):
    """A moderator shows a hidden comment again (POST only)."""

    permission_required = "discussion.hide_comment"
    raise_exception = True

    def post(self, request, pk):
        comment = self.get_comment()
        try:
            comment_unhide(comment=comment, actor=request.user)
        except InvalidStateError as error:
            return _state_error(request, error, comment.get_absolute_url())
        messages.success(request, _("The comment is shown again."))
        return HttpResponseRedirect(_safe_next(request, comment.get_absolute_url()))


class ReportCreateView(PermissionRequiredMixin, FormView):
    """Report a project (``?project=<id>``) or a comment (``?comment=<id>``) to the moderators."""

    form_class = ReportForm
    template_name = "discussion/report_form.html"

    def get_target(self) -> tuple[str, Project | Comment]:
        if not hasattr(self, "_target"):
            for field, queryset in (
                ("comment", comments_visible_to(self.request.user)),
                ("project", projects_visible_to(self.request.user).select_related("lead_agent")),
            ):
                value = self.request.GET.get(field)
                if value:
                    try:
                        self._target = (field, queryset.get(pk=int(value)))
                    except (ValueError, queryset.model.DoesNotExist) as error:
                        raise Http404 from error
                    break
            else:
                raise Http404
        return self._target

    def get_permission_required(self):
        return [f"discussion.report_{self.get_target()[0]}"]

    def get_permission_object(self):
        return self.get_target()[1]

    def get_context_data(self, **kwargs):
        field, target = self.get_target()
        project = target.project if field == "comment" else target
        return super().get_context_data(
            target_type=field,
            target=target,
            project=project,
            project_url=project_url(project),
            already_reported=has_open_report(reporter=self.request.user, **{field: target}),
            **kwargs,
        )

    def form_valid(self, form):
        field, target = self.get_target()
        back = target.get_absolute_url() if field == "comment" else project_url(target)
        try:
            report_create(
                reporter=self.request.user,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
                **{field: target},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            return _state_error(self.request, error, back)
        messages.success(self.request, _("Thank you. The moderators will look at your report."))
        return HttpResponseRedirect(back)


class ReportQueueView(PermissionRequiredMixin, FilterView):
    """The moderators' queue of open reports, the longest-waiting first, filterable by target and reason."""

    permission_required = "discussion.moderate_reports"
    raise_exception = True
    filterset_class = ReportFilterSet
    template_name = "discussion/report_queue.html"
    paginate_by = 20
    context_object_name = "reports"

    def get_queryset(self):
        return open_reports(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decisions"] = ResolveForm.base_fields["decision"].choices
        return context


class ReportResolveView(PermissionRequiredMixin, FormView):
    """A moderator hides the reported content or dismisses the report.

    The queue posts here; on a missing note this page shows the form again with the error.
    """

    permission_required = "discussion.moderate_reports"
    raise_exception = True
    form_class = ResolveForm
    template_name = "discussion/report_resolve.html"

    def get_report(self) -> Report:
        if not hasattr(self, "_report"):
            self._report = get_object_or_404(reports_visible_to(self.request.user), pk=self.kwargs["pk"])
        return self._report

    def get_context_data(self, **kwargs):
        report = self.get_report()
        return super().get_context_data(
            report=report, next=_safe_next(self.request, ""), project_url=project_url(report.target_project), **kwargs
        )

    def form_valid(self, form):
        report = self.get_report()
        queue = _safe_next(self.request, reverse("discussion:report-queue"))
        try:
            report_resolve(
                report=report,
                actor=self.request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            return _state_error(self.request, error, queue)
        report.refresh_from_db(fields=["status"])
        if report.status == ReportStatus.DISMISSED:
            messages.success(self.request, _("The report is dismissed."))
        else:
            messages.success(self.request, _("The content is hidden and the report resolved."))
        return HttpResponseRedirect(queue)
