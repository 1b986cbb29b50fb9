"""The analysts' data bank: overview, imports (upload → preview → confirm) and the concordance editor.

Views are thin: services in ``analytics.services.imports`` and
``analytics.services.concordance`` read and write; permissions come from
``analytics/rules.py`` (anonymous users are sent to log in, others get 403).
The small forms live here because they serve these pages only.
"""

from __future__ import annotations

import csv
import io
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.forms import apply_validation_error

from .. import presenters
from ..choices import BatchKind, SnapshotStatus
from ..computations.snapshot_diff import DEFAULT_TOLERANCE
from ..exports import BOM
from ..importers import max_import_bytes
from ..importers.validation import COEFFICIENTS, OBSERVATIONS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from ..models import Classifier, ConcordanceLink, CrossCuttingRubric, Dataset
from ..selectors import (
    comparable_snapshots,
    current_snapshot,
    imports_not_in_the_maps,
    previous_snapshot,
    recent_snapshots,
    snapshot_changes,
    snapshot_comparison_data,
)
from ..services.concordance import (
    DIRECTION_KINDS,
    concordance_editor,
    concordance_link_add,
    concordance_link_remove,
    cross_cutting_add,
    cross_cutting_remove,
)
from ..services.imports import (
    APPLIED,
    ImportCheck,
    ImportRejectedError,
    StagedImportNotFoundError,
    data_bank_overview,
    dataset_create,
    import_stage,
    staged_import_apply,
    staged_import_apply_request,
    staged_import_discard,
    staged_import_state,
)
from ..services.snapshots import snapshot_recompute_request

ACCEPTED_EXTENSIONS = (".csv", ".xlsx")

# --- Forms ----------------------------------------------------------------------------------


class ImportUploadForm(forms.Form):
    """Which data set, what the file holds, which classifier its codes belong to, and the file."""

    dataset = forms.ModelChoiceField(label=gettext_lazy("Data set"), queryset=Dataset.objects.all())
    kind = forms.ChoiceField(label=gettext_lazy("The file holds"), choices=BatchKind.choices)
    classifier = forms.ModelChoiceField(
        label=gettext_lazy("Classifier of the codes"),
        queryset=Classifier.objects.all(),
        help_text=gettext_lazy("For S&T rubrics (GRNTI) the rubric's name may stand for its code."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV in UTF-8 or Excel .xlsx, header in the first row. Volumes: region, code, year, value "
            "(and optionally unit, name). Coefficients: indicator, code, region, year, value (and optionally name)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_import_bytes()
        if upload.size > limit:
            raise ValidationError(
                _("The file is too large: %(size).1f MB; the limit is %(limit).1f MB.")
                % {"size": upload.size / 1048576, "limit": limit / 1048576}
            )
        if not upload.name.lower().endswith(ACCEPTED_EXTENSIONS):
            raise ValidationError(_("Upload a CSV (UTF-8) or an Excel workbook (.xlsx)."))
        return upload


class DatasetForm(forms.ModelForm):
    """A new, empty data set."""

    class Meta:
        model = Dataset
        fields = ["code", "name_ru", "name_en", "source", "source_en", "description", "description_en"]
        widgets = {
            "source": forms.Textarea(attrs={"rows": 3}),
            "source_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        }


class ConcordanceLinkForm(forms.Form):
    """A direction (classifier and code) and the S&T rubric to link it to."""

    direction_classifier = forms.ModelChoiceField(
        label=gettext_lazy("Direction classifier"), queryset=Classifier.objects.filter(kind__in=DIRECTION_KINDS)
    )
    direction_code = forms.CharField(label=gettext_lazy("Direction code"), max_length=40)
    rubric = forms.CharField(
        label=gettext_lazy("S&T rubric"),
        max_length=300,
        help_text=gettext_lazy("The rubric's name as in the list (or its GRNTI code)."),
        widget=forms.TextInput(attrs={"list": "rubric-options", "autocomplete": "off"}),
    )


class CrossCuttingForm(forms.Form):
    """An S&T rubric to count as cross-cutting."""

    rubric = forms.CharField(
        label=gettext_lazy("Add a cross-cutting rubric"),
        max_length=300,
        widget=forms.TextInput(attrs={"list": "rubric-options", "autocomplete": "off"}),
    )


class SnapshotCompareForm(forms.Form):
    """Which two complete snapshots to compare, and below which move a value counts as unchanged."""

    after = forms.TypedChoiceField(label=gettext_lazy("Snapshot"), coerce=int)
    before = forms.TypedChoiceField(label=gettext_lazy("Compared with"), coerce=int)
    tolerance = forms.DecimalField(
        label=gettext_lazy("Tolerance"),
        help_text=gettext_lazy("A value that moved by no more than this counts as unchanged."),
        min_value=0,
        max_value=1000,
        decimal_places=3,
        widget=forms.NumberInput(attrs={"step": "0.001"}),
    )

    def __init__(self, *args, snapshots, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(snapshot.pk, presenters.snapshot_label(snapshot)) for snapshot in snapshots]
        self.fields["after"].choices = self.fields["before"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("after") is not None and cleaned.get("after") == cleaned.get("before"):
            raise ValidationError(_("Choose two different snapshots."))
        return cleaned


# --- Pages ----------------------------------------------------------------------------------


class DataBankPermissionMixin(PermissionRequiredMixin):
    """Analysts and administrators only: anonymous visitors are sent to log in, other users get 403."""

    permission_required = "analytics.view_data_bank"


class DataBankOverviewView(DataBankPermissionMixin, TemplateView):
    """Data sets with their import batches and row counts per year and classifier."""

    template_name = "analytics/data_bank/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            overview=data_bank_overview(),
            pending=imports_not_in_the_maps(),
            can_recompute=self.request.user.has_perm("analytics.recompute"),
            **kwargs,
        )


class DatasetCreateView(DataBankPermissionMixin, FormView):
    """Create an empty data set to import files into."""

    permission_required = "analytics.import_data"
    form_class = DatasetForm
    template_name = "analytics/data_bank/dataset_form.html"

    def form_valid(self, form):
        try:
            dataset = dataset_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The data set %(name)s is created.") % {"name": dataset.name})
        return redirect(f"{reverse('analytics:data-bank-import')}?dataset={dataset.pk}")


class ImportUploadView(DataBankPermissionMixin, FormView):
    """Upload a file; it is kept until confirmed, and the preview shows what it would change."""

    permission_required = "analytics.import_data"
    form_class = ImportUploadForm
    template_name = "analytics/data_bank/upload.html"

    def get_initial(self):
        return {**super().get_initial(), **self.request.GET.dict()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(max_megabytes=max_import_bytes() / 1048576, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            staged = import_stage(
                actor=self.request.user,
                dataset=form.cleaned_data["dataset"],
                kind=form.cleaned_data["kind"],
                classifier=form.cleaned_data["classifier"],
                file_name=upload.name,
                content=upload.read(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        return redirect("analytics:data-bank-import-preview", staging_id=uuid.UUID(staged.id))


#: An example row per import kind, in the order of the template's columns (required, then optional):
#: a NACE Rev. 2 section of Lipetsk Oblast, so the template imports as it is into a NACE data set.
TEMPLATE_EXAMPLES = {
    OBSERVATIONS: {"region": "RU-LIP", "code": "A", "year": "2020", "value": "1.5", "unit": "million RUB"},
    COEFFICIENTS: {
        "indicator": "national_localisation",
        "code": "A",
        "region": "RU-LIP",
        "year": "2020",
        "value": "1.5",
    },
}


class ImportTemplateView(DataBankPermissionMixin, View):
    """A CSV to fill in for an import kind: exactly the columns the importer reads, and one example row."""

    permission_required = "analytics.import_data"

    def get(self, request, kind):
        if kind not in TEMPLATE_EXAMPLES:
            raise Http404
        columns = REQUIRED_COLUMNS[kind] + OPTIONAL_COLUMNS[kind]
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerow([TEMPLATE_EXAMPLES[kind].get(column, "") for column in columns])
        # The BOM makes Excel read the file as UTF-8; the importer skips it.
        response = HttpResponse(BOM + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="spiral-{kind}-template.csv"'
        return response


class ImportPreviewView(DataBankPermissionMixin, View):
    """GET: the dry run of a staged upload (or its check's progress in the worker). POST: apply it, all or nothing."""

    permission_required = "analytics.import_data"
    template_name = "analytics/data_bank/preview.html"
    checking_template_name = "analytics/data_bank/checking.html"
    refresh_seconds = 2

    def render_preview(self, preview, *, status: int = 200):
        context = {"preview": preview, "staging_id": self.kwargs["staging_id"]}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, staging_id):
        try:
            state = staged_import_state(staging_id=staging_id.hex, actor=request.user)
        except StagedImportNotFoundError as error:
            raise Http404 from error
        if isinstance(state, ImportCheck):
            if state.status == APPLIED:
                self.imported_message(state.file_name, state.result or {})
                return redirect("analytics:data-bank")
            context = {"check": state, "staging_id": staging_id, "refresh_seconds": self.refresh_seconds}
            return render(request, self.checking_template_name, context)
        return self.render_preview(state)

    def imported_message(self, file_name: str, report: dict) -> None:
        messages.success(
            self.request,
            _("%(file)s is imported: %(created)s rows created, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "file": file_name,
                "created": report.get("created", 0),
                "updated": report.get("updated", 0),
                "unchanged": report.get("unchanged", 0),
            },
        )
        changed = int(report.get("created", 0)) + int(report.get("updated", 0)) > 0
        if changed and self.request.user.has_perm("analytics.recompute"):
            # The public maps read the last snapshot, not the data bank: until a recomputation (nightly, or
            # started by hand) the import does not show. The overview, where this lands, holds the button.
            messages.info(
                self.request,
                format_html(
                    '{} <a class="alert-link" href="{}">{}</a>',
                    _("The competence maps do not show this import until they are recomputed."),
                    reverse("analytics:data-bank-snapshots"),
                    _("Recompute the competence maps"),
                ),
            )

    def post(self, request, staging_id):
        try:
            # A large file is imported by the worker; this page follows it.
            queued = staged_import_apply_request(staging_id=staging_id.hex, actor=request.user)
        except StagedImportNotFoundError as error:
            raise Http404 from error
        if queued is not None:
            return redirect("analytics:data-bank-import-preview", staging_id=staging_id)
        try:
            batch = staged_import_apply(staging_id=staging_id.hex, actor=request.user)
        except StagedImportNotFoundError as error:
            raise Http404 from error
        except ImportRejectedError as error:
            messages.error(request, error.messages[0])
            return self.render_preview(error.preview, status=400)
        self.imported_message(batch.file_name, batch.report)
        return redirect("analytics:data-bank")


class ImportDiscardView(DataBankPermissionMixin, View):
    """Forget a staged upload without importing it."""

    permission_required = "analytics.import_data"

    def post(self, request, staging_id):
        try:
            staged_import_discard(staging_id=staging_id.hex, actor=request.user)
        except StagedImportNotFoundError as error:
            raise Http404 from error
        messages.info(request, _("The upload is discarded; nothing was imported."))
        return redirect("analytics:data-bank")


class ConcordanceView(DataBankPermissionMixin, TemplateView):
    """The concordance per direction and the cross-cutting rubrics, with the forms to change them."""

    permission_required = "analytics.edit_concordance"
    template_name = "analytics/data_bank/concordance.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("link_form", ConcordanceLinkForm())
        kwargs.setdefault("cross_cutting_form", CrossCuttingForm())
        return super().get_context_data(editor=concordance_editor(), **kwargs)


class ConcordanceLinkAddView(ConcordanceView):
    """Add a direction → rubric link (POST); errors are shown on the concordance page."""

    http_method_names = ["post"]

    def post(self, request):
        form = ConcordanceLinkForm(request.POST)
        if form.is_valid():
            try:
                link = concordance_link_add(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(direction)s is linked to %(rubric)s.")
                    % {"direction": link.direction.code, "rubric": link.rubric.name},
                )
                return redirect("analytics:data-bank-concordance")
        return self.render_to_response(self.get_context_data(link_form=form), status=400)


class ConcordanceLinkRemoveView(DataBankPermissionMixin, View):
    """Remove a direction → rubric link (POST)."""

    permission_required = "analytics.edit_concordance"

    def post(self, request, pk):
        link = get_object_or_404(ConcordanceLink.objects.select_related("direction__classifier", "rubric"), pk=pk)
        concordance_link_remove(actor=request.user, link=link)
        messages.success(
            request,
            _("The link %(direction)s → %(rubric)s is removed.")
            % {"direction": link.direction.code, "rubric": link.rubric.name},
        )
        return redirect("analytics:data-bank-concordance")


class CrossCuttingAddView(ConcordanceView):
    """Count a rubric as cross-cutting (POST); errors are shown on the concordance page."""

    http_method_names = ["post"]

    def post(self, request):
        form = CrossCuttingForm(request.POST)
        if form.is_valid():
            try:
                entry = cross_cutting_add(actor=request.user, rubric=form.cleaned_data["rubric"])
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("%(rubric)s is now cross-cutting.") % {"rubric": entry.rubric.name})
                return redirect("analytics:data-bank-concordance")
        return self.render_to_response(self.get_context_data(cross_cutting_form=form), status=400)


class CrossCuttingRemoveView(DataBankPermissionMixin, View):
    """Stop counting a rubric as cross-cutting (POST)."""

    permission_required = "analytics.edit_concordance"

    def post(self, request, pk):
        entry = get_object_or_404(CrossCuttingRubric.objects.select_related("rubric"), pk=pk)
        cross_cutting_remove(actor=request.user, entry=entry)
        messages.success(request, _("%(rubric)s is no longer cross-cutting.") % {"rubric": entry.rubric.name})
        return redirect("analytics:data-bank-concordance")


class SnapshotStatusView(DataBankPermissionMixin, TemplateView):
    """The recent recomputations of the competence maps, their status and figures."""

    template_name = "analytics/data_bank/snapshots.html"

    def get_context_data(self, **kwargs):
        snapshots = list(recent_snapshots(limit=20))
        changes = snapshot_changes(snapshots)
        return super().get_context_data(
            snapshots=snapshots,
            snapshot_rows=[(snapshot, changes.get(snapshot.pk)) for snapshot in snapshots],
            running=any(s.status == SnapshotStatus.RUNNING and not s.is_interrupted for s in snapshots),
            can_recompute=self.request.user.has_perm("analytics.recompute"),
            **kwargs,
        )


class SnapshotCompareView(DataBankPermissionMixin, View):
    """What changed between two complete snapshots: by default the current one against the one before it."""

    template_name = "analytics/data_bank/snapshot_compare.html"

    def get(self, request):
        snapshots = comparable_snapshots()
        context: dict = {"snapshots": snapshots}
        if len(snapshots) < 2:
            return render(request, self.template_name, context)
        after = current_snapshot() or snapshots[0]
        before = previous_snapshot(after, snapshots) or next(s for s in snapshots if s.pk != after.pk)
        initial = {"after": after.pk, "before": before.pk, "tolerance": DEFAULT_TOLERANCE}
        form = SnapshotCompareForm({**initial, **request.GET.dict()}, snapshots=snapshots)
        context["form"] = form
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        by_pk = {snapshot.pk: snapshot for snapshot in snapshots}
        data = snapshot_comparison_data(
            before=by_pk[form.cleaned_data["before"]],
            after=by_pk[form.cleaned_data["after"]],
            snapshots=snapshots,
            tolerance=float(form.cleaned_data["tolerance"]),
        )
        context["comparison"] = presenters.snapshot_comparison_page(data)
        return render(request, self.template_name, context)


class RecomputeStartView(DataBankPermissionMixin, View):
    """Start a recomputation now (POST); it runs on a worker, or in-process without Redis."""

    permission_required = "analytics.recompute"

    def post(self, request):
        snapshot_recompute_request(actor=request.user)
        messages.success(
            request,
            _("The recomputation is started. Unchanged data make no new snapshot; refresh this page to follow it."),
        )
        return redirect("analytics:data-bank-snapshots")
