"""Pages of integrated structures beyond the list and the detail: editing, the moderation queue and its
decisions (each with a reason and a confirmation page), resubmission, and the alliance builder (seed 003).

Thin: selectors and presenters read, services write; objects a user may not see answer 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.exceptions import InvalidStateError
from core.forms import apply_validation_error

from . import presenters, selectors, services
from .forms import StructureDecisionForm, StructureForm, priorities_text
from .models import IntegratedStructure


class VisibleStructureMixin:
    """The structure of the URL if the user may see it, else 404."""

    def get_structure(self) -> IntegratedStructure:
        if not hasattr(self, "_structure"):
            try:
                self._structure = selectors.structure_detail(self.request.user, self.kwargs["pk"])
            except IntegratedStructure.DoesNotExist as error:
                raise Http404 from error
        return self._structure

    def get_permission_object(self):
        return self.get_structure()


def structure_form_data(form: StructureForm) -> dict:
    """The service's keyword arguments from a valid structure form (documents apart)."""
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "name_ru": data["name_ru"],
        "name_en": data["name_en"],
        "founded_on": data["founded_on"],
        "member_regions": data["member_regions"],
        "member_agents": data["member_agents"],
        "cooperation_types": list(data.get("cooperation_types") or []),
        "description": data["description"],
        "sector": data.get("sector"),
        "parent": data.get("parent"),
        "stage": data["stage"],
        "origin": data["origin"],
        "priorities": data.get("priorities") or [],
    }


class StructureUpdateView(LoginRequiredMixin, VisibleStructureMixin, PermissionRequiredMixin, FormView):
    """The proposer completes a structure (while proposed or asked for details); moderators correct one."""

    permission_required = "levels.change_integratedstructure"
    raise_exception = False  # anonymous visitors go to the log-in page; signed-in users without the right get 403
    form_class = StructureForm
    template_name = "levels/structure_form.html"

    def get_initial(self):
        structure = self.get_structure()
        return {
            "kind": structure.kind,
            "name_ru": structure.name_ru,
            "name_en": structure.name_en,
            "founded_on": structure.founded_on,
            "member_regions": list(structure.member_regions.all()),
            "member_agents": list(structure.member_agents.all()),
            "cooperation_types": structure.cooperation_types,
            "description": structure.description,
            "sector": structure.sector.code if structure.sector else None,
            "parent": structure.parent_id,
            "stage": structure.stage,
            "origin": structure.origin,
            "priorities": priorities_text(structure.priorities.all()),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(structure=self.get_structure(), **kwargs)

    def form_valid(self, form):
        structure = self.get_structure()
        data = structure_form_data(form)
        try:
            structure = services.structure_update(structure=structure, actor=self.request.user, **data)
            for document in form.document_specs():
                services.structure_add_document(structure=structure, actor=self.request.user, **document)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            messages.error(self.request, error.message)
            return redirect(structure)
        messages.success(self.request, _("The structure is saved."))
        return redirect(structure)


class StructureModerationView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The moderators' queue of structures to confirm, oldest first, with the evidence each one has."""

    permission_required = "levels.moderate_structures"
    raise_exception = False  # anonymous visitors go to the log-in page; signed-in users without the right get 403
    template_name = "levels/structure_moderation.html"

    def get_context_data(self, **kwargs):
        queue = selectors.structure_moderation_queue()
        return super().get_context_data(rows=presenters.structure_queue_rows(queue), **kwargs)


class _StructureDecisionView(LoginRequiredMixin, VisibleStructureMixin, PermissionRequiredMixin, View):
    """A decision on a structure: GET shows what happens, the evidence and the reason field; POST decides.

    The confirmation page is the dialog: nothing changes before its button is pressed.
    """

    raise_exception = False  # anonymous visitors go to the log-in page; signed-in users without the right get 403
    template_name = "levels/structure_decision.html"
    heading = ""
    consequences: tuple = ()
    button = ""
    button_class = "btn-primary"
    success = ""
    reason_help = ""

    def reason_required(self, gaps: list[str]) -> bool:
        return True

    def decide(self, structure: IntegratedStructure, reason: str) -> None:
        raise NotImplementedError

    def _context(self, form) -> dict:
        structure = self.get_structure()
        return {
            "structure": structure,
            "heading": self.heading,
            "consequences": self.consequences,
            "button": self.button,
            "button_class": self.button_class,
            "evidence": presenters.structure_evidence(structure, services.structure_evidence_gaps(structure)),
            "form": form,
        }

    def _form(self, data=None):
        gaps = services.structure_evidence_gaps(self.get_structure())
        return StructureDecisionForm(
            data, reason_required=self.reason_required(gaps), reason_help=str(self.reason_help), prefix=None
        )

    def get(self, request, *args, **kwargs):
        form = self._form() if self.needs_reason else None
        return render(request, self.template_name, self._context(form))

    needs_reason = True

    def post(self, request, *args, **kwargs):
        structure = self.get_structure()
        form = self._form(request.POST) if self.needs_reason else None
        if form is not None and not form.is_valid():
            return render(request, self.template_name, self._context(form), status=400)
        try:
            self.decide(structure, form.cleaned_data["reason"] if form is not None else "")
        except InvalidStateError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(structure)
            apply_validation_error(form, error)
            return render(request, self.template_name, self._context(form), status=400)
        except PermissionDenied:
            raise
        else:
            messages.success(request, str(self.success))
        return redirect(structure)


class StructureConfirmView(_StructureDecisionView):
    permission_required = "levels.confirm_integratedstructure"
    heading = gettext_lazy("Confirm the structure")
    consequences = (
        gettext_lazy(
            "The structure counts as evidence of level 4 (integrated) between every two of its member regions."
        ),
        gettext_lazy("The proposer is notified, with your note."),
    )
    button = gettext_lazy("Confirm the structure")
    button_class = "btn-success"
    success = gettext_lazy("The structure is confirmed: it counts as evidence of integrated cooperation.")
    reason_help = gettext_lazy("Required when the evidence is incomplete: say why the structure is confirmed.")

    def reason_required(self, gaps: list[str]) -> bool:
        return bool(gaps)

    def decide(self, structure, reason):
        services.structure_confirm(structure=structure, actor=self.request.user, reason=reason)


class StructureRejectView(_StructureDecisionView):
    permission_required = "levels.reject_integratedstructure"
    heading = gettext_lazy("Reject the structure")
    consequences = (
        gettext_lazy("The structure is closed: it never counts as evidence and cannot be edited."),
        gettext_lazy("The proposer is notified, with your reason."),
    )
    button = gettext_lazy("Reject the structure")
    button_class = "btn-danger"
    success = gettext_lazy("The structure is rejected.")

    def decide(self, structure, reason):
        services.structure_reject(structure=structure, actor=self.request.user, reason=reason)


class StructureRequestDetailsView(_StructureDecisionView):
    permission_required = "levels.request_details_integratedstructure"
    heading = gettext_lazy("Ask the proposer for details")
    consequences = (
        gettext_lazy("The structure goes back to its proposer, who completes it and submits it again."),
        gettext_lazy("The proposer is notified, with your request."),
    )
    button = gettext_lazy("Ask for details")
    success = gettext_lazy("The proposer is asked for details.")
    reason_help = gettext_lazy("Which details or documents are missing.")

    def decide(self, structure, reason):
        services.structure_request_details(structure=structure, actor=self.request.user, reason=reason)


class StructureSubmitView(_StructureDecisionView):
    permission_required = "levels.submit_integratedstructure"
    heading = gettext_lazy("Submit the structure again")
    consequences = (gettext_lazy("The moderators review the structure again."),)
    button = gettext_lazy("Submit again")
    success = gettext_lazy("The structure is sent to the moderators again.")
    needs_reason = False

    def decide(self, structure, reason):
        services.structure_submit(structure=structure, actor=self.request.user)


class AllianceBuilderView(LoginRequiredMixin, TemplateView):
    """Seed 003's interregional industry alliance for one OKVED2 section: who could join, what they bring."""

    template_name = "levels/alliance_builder.html"

    def get_context_data(self, **kwargs):
        section = self.request.GET.get("section") or self.kwargs.get("section") or ""
        sections = selectors.okved_sections()
        data = None
        if section:
            data = selectors.alliance_builder_data(section.upper(), self.request.user)
            if data is None:
                raise Http404
        page = presenters.alliance_builder_page(data, sections=sections) if data else None
        return super().get_context_data(
            sections=sections,
            section=section.upper(),
            page=page,
            can_propose=self.request.user.has_perm("levels.add_integratedstructure"),
            **kwargs,
        )
