"""Pages of the cooperation levels: the region dashboard, the network picture, interactions and structures.

Views are thin: selectors and presenters read, services write. Every page is for
signed-in users; objects a user may not see answer 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.predicates import is_administrator, is_moderator
from accounts.selectors import user_coordinated_region_ids
from core.exceptions import InvalidStateError
from core.forms import apply_validation_error
from regions.models import Region
from regions.selectors import region_detail

from . import presenters, selectors, services
from .filtersets import InteractionFilterSet, StructureFilterSet
from .forms import (
    DisputeForm,
    DissolveForm,
    InteractionForm,
    NetworkFilterForm,
    StructureForm,
    WithdrawForm,
)
from .models import Interaction
from .structure_views import VisibleStructureMixin, structure_form_data

#: Seconds the dashboard's and the network's shared parts are cached for at most (a change of the levels
#: shows at once; an edited name within this delay).
DASHBOARD_CACHE_SECONDS = 60
#: Pairs of regions per page of the network's table.
NETWORK_TABLE_PAGE_SIZE = 100


class RegionDashboardView(LoginRequiredMixin, TemplateView):
    """A region's cooperation: its level and progress, its partners, the evidence and the next steps.

    Most of the page is the same for every signed-in user, and the evidence lists are the same for
    everyone of an audience (staff or not): their rendered HTML is cached per region, language, day,
    audience and the levels' fingerprint (a recomputation that changes anything shows at once), for
    :data:`DASHBOARD_CACHE_SECONDS` at most (an edited title or a hidden project within that delay).
    The parts are read lazily, only when the cache misses; only the viewer's own bits (their role,
    their buttons, the proposals they may see) are read on every request.
    """

    template_name = "levels/region_dashboard.html"

    def get_context_data(self, **kwargs):
        try:
            region = region_detail(self.kwargs["iso_code"])
        except Region.DoesNotExist as error:
            raise Http404 from error
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        sees_everything = is_moderator(user) or is_administrator(user)
        context.update(
            region=region,
            today=today,
            cache_seconds=DASHBOARD_CACHE_SECONDS,
            fingerprint=selectors.levels_fingerprint(),
            audience="staff" if sees_everything else "members",
            overview=SimpleLazyObject(
                lambda: presenters.region_overview(
                    region=region, today=today, data=selectors.region_overview_data(region, today)
                )
            ),
            evidence=SimpleLazyObject(lambda: selectors.region_evidence(region, sees_everything=sees_everything)),
            proposals=[] if sees_everything else selectors.region_proposals_for(region, user),
            is_coordinator=region.pk in user_coordinated_region_ids(user),
            can={
                "record": user.has_perm("levels.add_interaction"),
                "propose": user.has_perm("levels.add_integratedstructure"),
            },
        )
        return context


class NetworkView(LoginRequiredMixin, TemplateView):
    """The network of cooperation between regions, with filters and a table alternative.

    The picture and the table are the same for every signed-in user: their rendered HTML is cached per
    filter, page of the table, language, day and the levels' fingerprint, and built only on a miss
    (at the scale of 10,000 agents every pair of regions cooperates: 3,000 lines and rows).
    """

    template_name = "levels/network.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = NetworkFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        today = timezone.localdate()
        network = SimpleLazyObject(
            lambda: presenters.network_picture(
                *selectors.network_inputs(
                    today=today,
                    macroregion=filters.get("macroregion"),
                    cooperation_type=filters.get("cooperation_type") or "",
                    date_from=filters.get("date_from"),
                    date_to=filters.get("date_to"),
                ),
                macroregion=filters.get("macroregion"),
            )
        )
        page = self.request.GET.get("page") or "1"
        context.update(
            form=form,
            filtered=any(filters.values()),
            network=network,
            table_page=SimpleLazyObject(lambda: Paginator(network["table"], NETWORK_TABLE_PAGE_SIZE).get_page(page)),
            cache_key=[
                getattr(filters.get("macroregion"), "code", ""),
                filters.get("cooperation_type") or "",
                filters.get("date_from"),
                filters.get("date_to"),
                page,
            ],
            cache_seconds=DASHBOARD_CACHE_SECONDS,
            fingerprint=selectors.levels_fingerprint(),
            today=today,
            my_regions=selectors.coordinated_regions(self.request.user),
        )
        return context


# --- Interactions.


class InteractionListView(LoginRequiredMixin, FilterView):
    """Recorded information exchanges, newest first, filterable."""

    filterset_class = InteractionFilterSet
    template_name = "levels/interaction_list.html"
    context_object_name = "interactions"
    paginate_by = 20

    def get_queryset(self):
        return selectors.interaction_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_record"] = self.request.user.has_perm("levels.add_interaction")
        return context


class VisibleInteractionMixin:
    """Loads the interaction from the URL; a missing or hidden one is a 404 alike."""

    def get_interaction(self) -> Interaction:
        if not hasattr(self, "_interaction"):
            try:
                self._interaction = selectors.interaction_detail(self.request.user, self.kwargs["pk"])
            except Interaction.DoesNotExist as error:
                raise Http404 from error
        return self._interaction

    def get_permission_object(self):
        return self.get_interaction()


def _interaction_data(form: InteractionForm) -> dict:
    data = dict(form.cleaned_data)
    data["cooperation_types"] = list(data.get("cooperation_types") or [])
    return data


class InteractionCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Record an information exchange between agents of different regions."""

    permission_required = "levels.add_interaction"
    raise_exception = True
    form_class = InteractionForm
    template_name = "levels/interaction_form.html"

    def get_initial(self):
        return {"occurred_on": timezone.localdate()}

    def form_valid(self, form):
        try:
            interaction = services.interaction_record(actor=self.request.user, **_interaction_data(form))
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The interaction is recorded. The levels are being updated."))
        return redirect(interaction)


class InteractionDetailView(LoginRequiredMixin, VisibleInteractionMixin, TemplateView):
    """One interaction: what, when, who; and the actions the user may take."""

    template_name = "levels/interaction_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        interaction = self.get_interaction()
        user = self.request.user
        context["interaction"] = interaction
        context["regions"] = sorted({agent.region for agent in interaction.participants.all()}, key=lambda r: r.name)
        context["can"] = {
            "change": user.has_perm("levels.change_interaction", interaction),
            "withdraw": user.has_perm("levels.withdraw_interaction", interaction),
            "restore": user.has_perm("levels.restore_interaction", interaction),
            "confirm": user.has_perm("levels.confirm_interaction", interaction),
            "dispute": user.has_perm("levels.dispute_interaction", interaction),
        }
        context["withdraw_form"] = WithdrawForm()
        context["dispute_form"] = DisputeForm(auto_id="id_dispute_%s")
        return context


class InteractionUpdateView(LoginRequiredMixin, VisibleInteractionMixin, PermissionRequiredMixin, FormView):
    """Correct an interaction."""

    permission_required = "levels.change_interaction"
    raise_exception = True
    form_class = InteractionForm
    template_name = "levels/interaction_form.html"

    def get_initial(self):
        interaction = self.get_interaction()
        return {
            "title": interaction.title,
            "title_en": interaction.title_en,
            "kind": interaction.kind,
            "occurred_on": interaction.occurred_on,
            "participants": list(interaction.participants.all()),
            "cooperation_types": interaction.cooperation_types,
            "link": interaction.link,
            "description": interaction.description,
            "description_en": interaction.description_en,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(interaction=self.get_interaction(), **kwargs)

    def form_valid(self, form):
        try:
            services.interaction_update(
                interaction=self.get_interaction(), actor=self.request.user, **_interaction_data(form)
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            messages.error(self.request, error.message)
            return redirect(self.get_interaction())
        messages.success(self.request, _("The interaction is corrected."))
        return redirect(self.get_interaction())


class _InteractionActionView(LoginRequiredMixin, VisibleInteractionMixin, View):
    """A POST-only action on an interaction; errors come back as messages on its page."""

    http_method_names = ["post"]

    def act(self, interaction):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        interaction = self.get_interaction()
        try:
            message = self.act(interaction)
        except PermissionDenied:
            raise
        except InvalidStateError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, message)
        return HttpResponseRedirect(interaction.get_absolute_url())


class InteractionWithdrawView(_InteractionActionView):
    def act(self, interaction):
        services.interaction_withdraw(
            interaction=interaction, actor=self.request.user, reason=self.request.POST.get("reason", "")
        )
        return _("The interaction is withdrawn: it no longer counts as evidence.")


class InteractionRestoreView(_InteractionActionView):
    def act(self, interaction):
        services.interaction_restore(interaction=interaction, actor=self.request.user)
        return _("The interaction is restored: it counts again.")


class InteractionConfirmView(_InteractionActionView):
    def act(self, interaction):
        services.interaction_confirm(interaction=interaction, actor=self.request.user)
        return _("The interaction is confirmed: it counts as evidence and the levels are being updated.")


class InteractionDisputeView(_InteractionActionView):
    def act(self, interaction):
        services.interaction_dispute(
            interaction=interaction, actor=self.request.user, reason=self.request.POST.get("reason", "")
        )
        return _("The interaction is disputed: it does not count. The other side is told why.")


class InteractionsToConfirmView(LoginRequiredMixin, TemplateView):
    """The interactions other regions recorded with the user's agents or region, awaiting the user's side."""

    template_name = "levels/interactions_to_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        candidates = list(selectors.interactions_to_confirm(user)[:100])
        context["interactions"] = [
            interaction for interaction in candidates if user.has_perm("levels.confirm_interaction", interaction)
        ]
        context["dispute_form"] = DisputeForm()
        # Consultations are the other evidence that waits for a side's word (seed 000's level 2).
        from experts.selectors import consultations_awaiting

        context["consultations"] = list(consultations_awaiting(user)[:100])
        return context


# --- The pair of regions.


class PairView(LoginRequiredMixin, TemplateView):
    """Two regions: their level, the 4 × 4 grid of links between their helices, the thin links with the next
    step of each, the regularity of links per year, and the interactions awaiting confirmation (marked).

    Everything but the interactions awaiting confirmation is the same for every signed-in user and changes
    only when the levels are recomputed: its rendered HTML is cached per pair (in the order shown), language,
    day and the levels' fingerprint, for :data:`DASHBOARD_CACHE_SECONDS` at most (an edited region name or
    structure title), and read and built only on a miss. The pending interactions are read on every request
    (recording one recomputes nothing, so it changes no key).
    """

    template_name = "levels/pair.html"

    def get_context_data(self, **kwargs):
        try:
            first = region_detail(self.kwargs["iso_a"])
            second = region_detail(self.kwargs["iso_b"])
        except Region.DoesNotExist as error:
            raise Http404 from error
        if first.pk == second.pk:
            raise Http404
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            first=first,
            second=second,
            today=today,
            cache_seconds=DASHBOARD_CACHE_SECONDS,
            fingerprint=selectors.levels_fingerprint(),
            pair=SimpleLazyObject(
                lambda: presenters.pair_view(
                    first=first, second=second, today=today, data=selectors.pair_data(first, second, pending=False)
                )
            ),
            pending=selectors.pair_pending(first, second),
        )
        return context


# --- Integrated structures.


class StructureListView(LoginRequiredMixin, FilterView):
    """Integrated structures; moderators also see the proposals awaiting confirmation."""

    filterset_class = StructureFilterSet
    template_name = "levels/structure_list.html"
    context_object_name = "structures"
    paginate_by = 20

    def get_queryset(self):
        return selectors.structure_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_propose"] = user.has_perm("levels.add_integratedstructure")
        if user.has_perm("levels.moderate_structures"):
            context["awaiting"] = list(selectors.structures_awaiting_confirmation())
        return context


class StructureCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Propose an integrated structure."""

    permission_required = "levels.add_integratedstructure"
    raise_exception = True
    form_class = StructureForm
    template_name = "levels/structure_form.html"

    def get_initial(self):
        """Prefilled from the query (the alliance builder's "propose an alliance" link)."""
        return selectors.structure_initial(self.request.GET)

    def form_valid(self, form):
        try:
            structure = services.structure_propose(
                actor=self.request.user, documents=form.document_specs(), **structure_form_data(form)
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The structure is proposed. A moderator will confirm it."))
        return redirect(structure)


class StructureDetailView(LoginRequiredMixin, VisibleStructureMixin, TemplateView):
    """One integrated structure with its members and documents, and the moderators' actions."""

    template_name = "levels/structure_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        structure = self.get_structure()
        user = self.request.user
        context["structure"] = structure
        context["can"] = {
            "confirm": user.has_perm("levels.confirm_integratedstructure", structure),
            "reject": user.has_perm("levels.reject_integratedstructure", structure),
            "request_details": user.has_perm("levels.request_details_integratedstructure", structure),
            "submit": user.has_perm("levels.submit_integratedstructure", structure),
            "edit": user.has_perm("levels.change_integratedstructure", structure),
            "dissolve": user.has_perm("levels.dissolve_integratedstructure", structure),
            "document": user.has_perm("levels.change_integratedstructure", structure),
        }
        context["evidence"] = presenters.structure_evidence(structure, services.structure_evidence_gaps(structure))
        context["members_by_helix"] = presenters.members_by_helix(list(structure.member_agents.all()))
        context["dissolve_form"] = DissolveForm(initial={"dissolved_on": timezone.localdate()})
        return context


class _StructureActionView(LoginRequiredMixin, VisibleStructureMixin, View):
    http_method_names = ["post"]

    def act(self, structure):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        structure = self.get_structure()
        try:
            message = self.act(structure)
        except InvalidStateError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, message)
        return HttpResponseRedirect(structure.get_absolute_url())


class StructureDissolveView(_StructureActionView):
    def act(self, structure):
        form = DissolveForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        services.structure_dissolve(
            structure=structure,
            actor=self.request.user,
            dissolved_on=form.cleaned_data["dissolved_on"],
            reason=form.cleaned_data["reason"],
        )
        return _("The structure is recorded as dissolved.")


class StructureDocumentView(_StructureActionView):
    def act(self, structure):
        services.structure_add_document(
            structure=structure,
            actor=self.request.user,
            title=self.request.POST.get("title", ""),
            url=self.request.POST.get("url", ""),
            file=self.request.FILES.get("file"),
        )
        return _("The document is added.")


class IndexView(LoginRequiredMixin, View):
    """``/cooperation/``: the network picture."""

    def get(self, request):
        return redirect(reverse("levels:network"))


class MyRegionsView(LoginRequiredMixin, TemplateView):
    """A regional coordinator's regions, each with its page, its dashboard and what awaits the coordinator there:
    interactions and structures to confirm, discovery sessions, priorities."""

    template_name = "levels/my_regions.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(regions=selectors.my_regions(self.request.user), **kwargs)
