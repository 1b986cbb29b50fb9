"""Pages of the monitoring of projects. Views are thin: selectors read, services write."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from analytics.series import series_choices
from cooperation.choices import CooperationType
from cooperation.models import Project
from cooperation.views.agents import redirect_back
from cooperation.views.mixins import VisibleProjectMixin
from core.exceptions import InvalidStateError
from core.forms import apply_validation_error
from regions.models import Region

from .choices import EffectType
from .filtersets import ClosingReportFilterSet
from .forms import (
    ClosingReportForm,
    EffectDescriptionForm,
    EffectForm,
    IndicatorForm,
    IndicatorLinkForm,
    IndicatorValueForm,
)
from .models import Effect, Indicator, IndicatorValue
from .overview import build_overview
from .presenters import closing_report_sections
from .selectors import lessons_library, project_closing_report, project_effects
from .services import (
    closing_report_save,
    effect_add,
    effect_remove,
    effect_update,
    indicator_add,
    indicator_link,
    indicator_remove,
    indicator_unlink,
    indicator_update,
    indicator_value_record,
    indicator_value_remove,
    indicator_value_update,
    participating_regions,
)
from .statistics import linked_indicators, region_rollup, suggestions

# Prefixes keep the ids of the monitoring forms apart from other forms of the project page.
EFFECT_PREFIX = "effect"
INDICATOR_PREFIX = "indicator"
VALUE_PREFIX = "value"


def monitoring_url(project: Project) -> str:
    return reverse("monitoring:project-monitoring", kwargs={"project_pk": project.pk})


def project_url(project: Project) -> str:
    """The project's page (``/projects/<pk>/``)."""
    try:
        return project.get_absolute_url()
    except (AttributeError, NoReverseMatch):  # the project pages are another app's; keep working without them
        return f"/projects/{project.pk}/"


def report_url(project: Project) -> str:
    return reverse("monitoring:closing-report", kwargs={"project_pk": project.pk})


def _error_text(error: Exception) -> str:
    return " ".join(getattr(error, "messages", None) or [getattr(error, "message", str(error))])


def monitoring_context(user: Any, project: Project, *, full: bool = False, **forms: Any) -> dict[str, Any]:
    """What the monitoring section (the project page's panel, or the full page) shows ``user``.

    ``forms`` replaces the blank forms (a bound form with errors, say).
    """
    effects = project_effects(project)
    overview = build_overview(effects)
    can = {
        "change": user.has_perm("monitoring.change_effects_project", project),
        "record": user.has_perm("monitoring.record_indicator_project", project),
        "add_report": user.has_perm("monitoring.add_closingreport_project", project),
        "change_report": user.has_perm("monitoring.change_closingreport_project", project),
        "link": user.has_perm("monitoring.link_indicator_project", project),
    }
    report = project_closing_report(project)
    if report is not None and not user.has_perm("monitoring.view_closingreport", report):
        report = None
    context: dict[str, Any] = {
        "project": project,
        "project_url": project_url(project),
        "overview": overview,
        "can": can,
        "report": report,
        "full": full,
        "monitoring_url": monitoring_url(project),
        "report_url": report_url(project),
        "progress_chart": overview.progress_chart(),
        "progress_chart_id": f"monitoring-progress-{project.pk}",
    }
    indicators = [row.indicator for row in overview.rows]
    # The only choice comes chosen (one indicator to record, one effect to add an indicator to): no
    # "---------" to change at every value.
    recordable = [indicator for indicator in indicators if not indicator.series]
    if can["record"] and indicators:
        initial: dict[str, Any] = {"date": timezone.localdate()}
        if len(recordable) == 1:
            initial["indicator"] = recordable[0].pk
        context["value_form"] = forms.get("value_form") or IndicatorValueForm(
            prefix=VALUE_PREFIX, indicators=_indicator_choices(project), initial=initial
        )
    if full and can["change"]:
        declared = [effect.type for effect in effects]
        context["effect_form"] = forms.get("effect_form") or EffectForm(prefix=EFFECT_PREFIX, declared=declared)
        if effects:
            context["indicator_form"] = forms.get("indicator_form") or IndicatorForm(
                prefix=INDICATOR_PREFIX,
                effects=Effect.objects.filter(project=project).order_by("id"),
                initial={"effect": effects[0].pk} if len(effects) == 1 else None,
            )
    if full:
        for row in overview.rows:
            row.series = overview.series_chart(row) if row.values else None
        context["linked"] = linked_indicators(project)
        context["linked_items"] = [{"link": link, "project": project} for link in context["linked"]]
    return context


def _indicator_choices(project: Project):
    return (
        Indicator.objects.filter(effect__project=project, series="")
        .select_related("effect")
        .order_by("effect_id", "id")
    )


class ProjectMixin(VisibleProjectMixin):
    """The project of the URL (``project_pk``); a signed-in user without the permission gets 403."""

    raise_exception = True
    project_url_kwarg = "project_pk"


class ProjectMonitoringView(ProjectMixin, PermissionRequiredMixin, TemplateView):
    """The monitoring of one project: effects, indicators, the history of values, and the forms to keep them."""

    permission_required = "monitoring.view_monitoring_project"
    template_name = "monitoring/project_monitoring.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.get_project()
        context.update(monitoring_context(self.request.user, project, full=True))
        # The pre-submit checklist sends a draft's proposer here to declare effects with indicators: lead back.
        if self.request.user.has_perm("cooperation.submit_project", project):
            context["submit_url"] = reverse("cooperation:project-submit", kwargs={"pk": project.pk})
        return context


class MonitoringFormPostView(ProjectMixin, PermissionRequiredMixin, View):
    """Base of the "add" forms: POST only; on errors the monitoring page is shown again with the form."""

    form_name = ""
    success_message = ""

    def build_form(self, project: Project, data):
        raise NotImplementedError

    def act(self, project: Project, form) -> None:
        raise NotImplementedError

    def post(self, request, project_pk):
        project = self.get_project()
        form = self.build_form(project, request.POST)
        if form.is_valid():
            try:
                self.act(project, form)
            except ValidationError as error:
                apply_validation_error(form, error)
            except InvalidStateError as error:
                messages.error(request, error.message)
                return redirect(monitoring_url(project))
            else:
                messages.success(request, self.success_message)
                return redirect_back(request, monitoring_url(project))
        context = monitoring_context(request.user, project, full=True, **{self.form_name: form})
        return TemplateResponse(request, "monitoring/project_monitoring.html", context, status=400)


class EffectAddView(MonitoringFormPostView):
    """Declare an expected effect (the lead's members)."""

    permission_required = "monitoring.change_effects_project"
    form_name = "effect_form"

    def build_form(self, project, data):
        declared = list(Effect.objects.filter(project=project).values_list("type", flat=True))
        return EffectForm(data, prefix=EFFECT_PREFIX, declared=declared)

    def act(self, project, form):
        effect = effect_add(
            project=project,
            actor=self.request.user,
            effect_type=form.cleaned_data["type"],
            description=form.cleaned_data["description"],
        )
        self.success_message = _("The effect “%(effect)s” is declared.") % {"effect": effect.get_type_display()}


class IndicatorAddView(MonitoringFormPostView):
    """Add an indicator to one of the project's effects (the lead's members)."""

    permission_required = "monitoring.change_effects_project"
    form_name = "indicator_form"

    def build_form(self, project, data):
        return IndicatorForm(
            data, prefix=INDICATOR_PREFIX, effects=Effect.objects.filter(project=project).order_by("id")
        )

    def act(self, project, form):
        data = dict(form.cleaned_data)
        indicator = indicator_add(actor=self.request.user, **data)
        self.success_message = _("The indicator “%(indicator)s” is added.") % {"indicator": indicator.name}


class IndicatorValueAddView(MonitoringFormPostView):
    """Record an indicator's actual value on a date (the lead's members, active projects)."""

    permission_required = "monitoring.record_indicator_project"
    form_name = "value_form"

    def build_form(self, project, data):
        return IndicatorValueForm(data, prefix=VALUE_PREFIX, indicators=_indicator_choices(project))

    def act(self, project, form):
        data = dict(form.cleaned_data)
        indicator_value_record(actor=self.request.user, **data)
        self.success_message = _("The value is recorded.")


class RowMixin(ProjectMixin):
    """Loads a row of the project's monitoring from the URL (404 when it belongs to another project)."""

    def get_row(self):
        if not hasattr(self, "_row"):
            self._row = self.load_row()
        return self._row

    def load_row(self):
        raise NotImplementedError


class EffectRowMixin(RowMixin):
    permission_required = "monitoring.change_effects_project"

    def load_row(self) -> Effect:
        return get_object_or_404(Effect, pk=self.kwargs["pk"], project=self.get_project())


class IndicatorRowMixin(RowMixin):
    permission_required = "monitoring.change_effects_project"

    def load_row(self) -> Indicator:
        return get_object_or_404(
            Indicator.objects.select_related("effect"), pk=self.kwargs["pk"], effect__project=self.get_project()
        )


class ValueRowMixin(RowMixin):
    permission_required = "monitoring.record_indicator_project"

    def load_row(self) -> IndicatorValue:
        return get_object_or_404(
            IndicatorValue.objects.select_related("indicator__effect"),
            pk=self.kwargs["pk"],
            indicator__effect__project=self.get_project(),
        )


class RemoveView(PermissionRequiredMixin, View):
    """Base of the "remove" buttons: POST only, then back to the monitoring page with a message."""

    success_message = ""

    def remove(self, row) -> None:
        raise NotImplementedError

    def post(self, request, project_pk, pk):
        row = self.get_row()
        try:
            self.remove(row)
        except (ValidationError, InvalidStateError) as error:
            messages.error(request, _error_text(error))
        except PermissionDenied:
            messages.error(request, _("You are not allowed to do this."))
        else:
            messages.success(request, self.success_message)
        return redirect(monitoring_url(self.get_project()))


class EffectRemoveView(EffectRowMixin, RemoveView):
    success_message = gettext_lazy("The effect is removed.")

    def remove(self, row):
        effect_remove(effect=row, actor=self.request.user)


class IndicatorRemoveView(IndicatorRowMixin, RemoveView):
    success_message = gettext_lazy("The indicator is removed.")

    def remove(self, row):
        indicator_remove(indicator=row, actor=self.request.user)


class IndicatorValueRemoveView(ValueRowMixin, RemoveView):
    success_message = gettext_lazy("The value is removed.")

    def remove(self, row):
        indicator_value_remove(indicator_value=row, actor=self.request.user)


class IndicatorLinkView(IndicatorRowMixin, PermissionRequiredMixin, FormView):
    """Link an indicator to a series of the data bank (GET: the form with the effect's suggestions)."""

    permission_required = "monitoring.link_indicator_project"
    template_name = "monitoring/link_form.html"
    form_class = IndicatorLinkForm

    def regions(self):
        return participating_regions(self.get_project())

    def get_form_kwargs(self):
        indicator = self.get_row()
        return {
            **super().get_form_kwargs(),
            "suggested": suggestions(self.get_project(), indicator.effect.type, self.regions()),
            "choices": series_choices(),
            "regions": self.regions(),
        }

    def get_initial(self):
        indicator = self.get_row()
        return {"series": indicator.series, "region": indicator.series_region_id}

    def get_context_data(self, **kwargs):
        project = self.get_project()
        return super().get_context_data(
            project=project,
            row=self.get_row(),
            heading=_("Link the indicator to the data bank"),
            monitoring_url=monitoring_url(project),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            indicator_link(
                indicator=self.get_row(),
                actor=self.request.user,
                series=form.cleaned_data["series"],
                region=form.cleaned_data["region"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, _("The indicator now takes its values from the data bank."))
        return redirect(monitoring_url(self.get_project()))


class IndicatorUnlinkView(IndicatorRowMixin, PermissionRequiredMixin, View):
    """Undo the link of an indicator to the data bank (POST only)."""

    permission_required = "monitoring.link_indicator_project"

    def post(self, request, project_pk, pk):
        try:
            indicator_unlink(indicator=self.get_row(), actor=request.user)
        except InvalidStateError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The indicator is no longer linked to the data bank."))
        return redirect(monitoring_url(self.get_project()))


class RegionRollupView(TemplateView):
    """Every indicator linked to a region's statistics, in the projects the visitor may see: before and after."""

    template_name = "monitoring/region_rollup.html"

    def get_context_data(self, **kwargs):
        region = get_object_or_404(Region.objects.select_related("macroregion"), iso_code=self.kwargs["iso_code"])
        return super().get_context_data(rollup=region_rollup(region, user=self.request.user), **kwargs)


class EditView(PermissionRequiredMixin, FormView):
    """Base of the edit pages of a row (GET shows the form, POST saves through the service)."""

    template_name = "monitoring/edit_form.html"
    heading = ""
    success_message = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.get_project(),
            row=self.get_row(),
            heading=self.heading,
            project_url=project_url(self.get_project()),
            monitoring_url=monitoring_url(self.get_project()),
            **kwargs,
        )

    def save(self, row, data) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.save(self.get_row(), dict(form.cleaned_data))
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, self.success_message)
        return redirect(monitoring_url(self.get_project()))


class EffectEditView(EffectRowMixin, EditView):
    """Rewrite what the project expects of an effect."""

    form_class = EffectDescriptionForm
    heading = gettext_lazy("Edit the effect")
    success_message = gettext_lazy("The changes are saved.")

    def get_initial(self):
        return {"description": self.get_row().description}

    def save(self, row, data):
        effect_update(effect=row, actor=self.request.user, description=data["description"])


class IndicatorEditView(IndicatorRowMixin, EditView):
    """Correct an indicator (the baseline only until the first value is recorded)."""

    form_class = IndicatorForm
    heading = gettext_lazy("Edit the indicator")
    success_message = gettext_lazy("The changes are saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_row()}

    def save(self, row, data):
        indicator_update(indicator=Indicator.objects.get(pk=row.pk), actor=self.request.user, **data)


class IndicatorValueEditView(ValueRowMixin, EditView):
    """Correct a recorded value (its date, figure or note)."""

    form_class = IndicatorValueForm
    heading = gettext_lazy("Correct the value")
    success_message = gettext_lazy("The value is corrected.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_row()}

    def save(self, row, data):
        indicator_value_update(indicator_value=IndicatorValue.objects.get(pk=row.pk), actor=self.request.user, **data)


class ClosingReportView(ProjectMixin, TemplateView):
    """A project's closing report: read it, and (the lead's members, completed projects) write or revise it.

    A project without a report the user may read answers 404, unless the user may write one.
    """

    template_name = "monitoring/closing_report.html"

    def dispatch(self, request, *args, **kwargs):
        project = self.get_project()
        user = request.user
        self.report = project_closing_report(project)
        action = "change" if self.report else "add"
        self.can_write = user.has_perm(f"monitoring.{action}_closingreport_project", project)
        self.can_read = self.report is not None and user.has_perm("monitoring.view_closingreport", self.report)
        if not (self.can_read or self.can_write):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.get_project()
        report = self.report if self.can_read else None
        context.update(
            project=project,
            report=report,
            report_sections=closing_report_sections(report) if report else [],
            can_write=self.can_write,
            project_url=project_url(project),
            monitoring_url=monitoring_url(project),
        )
        if self.can_write:
            context["form"] = form or ClosingReportForm(instance=self.report)
        return context

    def post(self, request, project_pk):
        if not self.can_write:
            raise PermissionDenied
        project = self.get_project()
        form = ClosingReportForm(request.POST, instance=self.report)
        if form.is_valid():
            try:
                report = closing_report_save(project=project, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            except InvalidStateError as error:
                messages.error(request, error.message)
                return redirect(report_url(project))
            else:
                if report.is_published:
                    messages.success(request, _("The closing report is saved and published."))
                else:
                    messages.success(request, _("The closing report is saved as a draft."))
                return redirect(report_url(project))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ClosingReportListView(FilterView):
    """The library of lessons learned: published closing reports, searchable and filterable."""

    filterset_class = ClosingReportFilterSet
    template_name = "monitoring/report_list.html"
    paginate_by = 20
    context_object_name = "reports"

    def get_queryset(self):
        return lessons_library(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cooperation_types"] = CooperationType.choices
        context["effect_types"] = EffectType.choices
        return context
