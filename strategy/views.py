"""Pages of declared priorities and discovery sessions. Selectors read, presenters shape, services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from analytics.exports import filename, rows_csv_response, rows_xlsx_response
from core.exceptions import InvalidStateError
from core.forms import apply_validation_error
from regions.models import Region

from . import presenters, selectors, services
from .choices import SessionState
from .filtersets import SessionListFilterSet
from .forms import PriorityImportForm, PrioritySetForm, RatingForm, SessionOpenForm
from .models import DiscoverySession, Priority, PrioritySet, SessionItem

TEMPLATE_CSV = "classifier,code,rank,note\nnace2,C,1,Металлургия и машиностроение\ngrnti,53,2,\nfeacn_groups,72-83,3,\n"


class RegionMixin:
    """Loads the region from the URL (``iso_code``); an unknown code is a 404."""

    def get_region(self) -> Region:
        if not hasattr(self, "_region"):
            self._region = get_object_or_404(
                Region.objects.select_related("macroregion"), iso_code=self.kwargs["iso_code"]
            )
        return self._region

    def get_permission_object(self):
        return self.get_region()


class CountryView(TemplateView):
    """Declared priorities across the country: weak shared priorities and undeclared strengths."""

    template_name = "strategy/country.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = selectors.country_overview()
        context.update(
            presenters.country_page(
                weak=data["weak"],
                strengths=data["strengths"],
                region_names=data["region_names"],
                item_names=data["item_names"],
                regions=list(selectors.regions_with_priorities()),
            )
        )
        return context


class RegionPrioritiesView(RegionMixin, TemplateView):
    """A region's declared priorities, each classified revealed, related or unsupported, with the numbers."""

    template_name = "strategy/region.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region, user = self.get_region(), self.request.user
        sets = list(selectors.priority_sets(region=region))
        classified = selectors.classified_priorities(sets, region_iso=region.iso_code)
        context.update(
            presenters.region_page(region=region, sets=sets, classified=classified, threshold=selectors.threshold())
        )
        context["sessions"] = list(selectors.sessions(region=region)) if user.is_authenticated else []
        context["can"] = {
            "add": user.has_perm("strategy.add_priorityset", region),
            "open": user.has_perm("strategy.add_discoverysession", region),
        }
        context["deletable"] = {s.pk for s in sets if user.has_perm("strategy.delete_priorityset", s)}
        context["editable"] = {s.pk for s in sets if user.has_perm("strategy.change_priorityset", s)}
        context["removable"] = {s.pk for s in sets if user.has_perm("strategy.delete_priority", s)}
        return context


class PrioritySetCreateView(RegionMixin, PermissionRequiredMixin, FormView):
    """A coordinator enters the region's priorities from one source document."""

    permission_required = "strategy.add_priorityset"
    template_name = "strategy/priority_form.html"
    form_class = PrioritySetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "items": selectors.priority_items()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "region": self.get_region()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.priority_set_create(
                actor=self.request.user,
                region=self.get_region(),
                title=data["title"],
                url=data["url"],
                year=data["year"],
                is_illustrative=data["is_illustrative"],
                items=list(data["items"]),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The priorities are saved."))
        return redirect("strategy:region", iso_code=self.get_region().iso_code)


class PriorityImportView(RegionMixin, PermissionRequiredMixin, FormView):
    """Import of priorities from CSV/XLSX: a dry run lists every problem by row and column; nothing is
    written until the file is clean and the coordinator asks for the import."""

    permission_required = "strategy.add_priorityset"
    template_name = "strategy/priority_import.html"
    form_class = PriorityImportForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "region": self.get_region()}

    def form_valid(self, form):
        data = form.cleaned_data
        upload = data["file"]
        content = upload.read()
        checked = services.priority_import_check(content=content, file_name=upload.name)
        if checked.is_valid and data["apply"]:
            services.priority_import_apply(
                actor=self.request.user,
                region=self.get_region(),
                title=data["title"],
                url=data["url"],
                year=data["year"],
                is_illustrative=data["is_illustrative"],
                content=content,
                file_name=upload.name,
            )
            messages.success(self.request, _("%(count)d priorities imported.") % {"count": len(checked.items)})
            return redirect("strategy:region", iso_code=self.get_region().iso_code)
        return self.render_to_response(self.get_context_data(form=form, checked=checked))


def import_template(request):
    """The import file's exact columns with example rows."""
    response = HttpResponse(("\ufeff" + TEMPLATE_CSV).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="spiral-priorities-template.csv"'
    return response


class PrioritySetDeleteView(PermissionRequiredMixin, View):
    """Remove a set entered by mistake (POST)."""

    permission_required = "strategy.delete_priorityset"

    def get_permission_object(self):
        if not hasattr(self, "_set"):
            self._set = get_object_or_404(PrioritySet.objects.select_related("region"), pk=self.kwargs["pk"])
        return self._set

    def post(self, request, pk):
        priority_set = self.get_permission_object()
        services.priority_set_delete(actor=request.user, priority_set=priority_set)
        messages.success(request, _("The priority set is removed."))
        return redirect("strategy:region", iso_code=priority_set.region.iso_code)


class PrioritySetMixin:
    """Loads the priority set from the URL (``pk``); an unknown set is a 404."""

    def get_priority_set(self) -> PrioritySet:
        if not hasattr(self, "_set"):
            self._set = get_object_or_404(PrioritySet.objects.select_related("region"), pk=self.kwargs["pk"])
        return self._set

    def get_permission_object(self):
        return self.get_priority_set()


class PrioritySetUpdateView(PrioritySetMixin, PermissionRequiredMixin, FormView):
    """A coordinator corrects a set entered or imported by hand: its document and its priorities."""

    permission_required = "strategy.change_priorityset"
    template_name = "strategy/priority_form.html"
    form_class = PrioritySetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "items": selectors.priority_items()}

    def get_initial(self):
        priority_set = self.get_priority_set()
        ranked = [priority.item_id for priority in priority_set.priorities.order_by("rank", "id")]
        return {
            "title": priority_set.title,
            "url": priority_set.url,
            "year": priority_set.year,
            "is_illustrative": priority_set.is_illustrative,
            "items": ranked,
            "items_order": ",".join(str(pk) for pk in ranked),
        }

    def get_context_data(self, **kwargs):
        priority_set = self.get_priority_set()
        return {**super().get_context_data(**kwargs), "region": priority_set.region, "priority_set": priority_set}

    def form_valid(self, form):
        data = form.cleaned_data
        priority_set = self.get_priority_set()
        try:
            services.priority_set_update(
                actor=self.request.user,
                priority_set=priority_set,
                title=data["title"],
                url=data["url"],
                year=data["year"],
                is_illustrative=data["is_illustrative"],
                items=data["items"],  # in the order chosen (the form's ``items_order``)
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        except InvalidStateError as error:
            messages.error(self.request, error.message)
            return redirect("strategy:region", iso_code=priority_set.region.iso_code)
        messages.success(self.request, _("The priorities are saved; their evidence is classified again."))
        return redirect("strategy:region", iso_code=priority_set.region.iso_code)


class PriorityDeleteView(PermissionRequiredMixin, View):
    """Remove one priority from a set entered by hand (POST)."""

    permission_required = "strategy.delete_priority"

    def get_priority(self) -> Priority:
        if not hasattr(self, "_priority"):
            self._priority = get_object_or_404(
                Priority.objects.select_related("priority_set__region", "item"), pk=self.kwargs["pk"]
            )
        return self._priority

    def get_permission_object(self):
        return self.get_priority().priority_set

    def post(self, request, pk):
        priority = self.get_priority()
        priority_set = priority.priority_set
        try:
            services.priority_delete(actor=request.user, priority=priority)
        except (InvalidStateError, ValidationError) as error:
            messages.error(request, str(getattr(error, "message", error)))
        else:
            messages.success(request, _("The priority %(code)s is removed.") % {"code": priority.item.code})
        return redirect("strategy:region", iso_code=priority_set.region.iso_code)


def priorities_export(request, iso_code=None, extension="csv"):
    """The priorities with their evidence as CSV or XLSX (one region, or every region)."""
    if extension not in ("csv", "xlsx"):
        raise Http404
    region = get_object_or_404(Region, iso_code=iso_code) if iso_code else None
    sets = list(selectors.priority_sets(region=region))
    classified = selectors.classified_priorities(sets, region_iso=region.iso_code if region else None)
    rows = [presenters.export_header(), *presenters.export_rows(sets=sets, classified=classified)]
    name = filename("priorities", region.iso_code if region else "all", extension=extension)
    if extension == "xlsx":
        about = [(_("Source"), _("Declared priorities against the current competence maps"))]
        return rows_xlsx_response(rows, title=_("Priorities"), name=name, about=about)
    return rows_csv_response(rows, name=name)


# --- Discovery sessions -----------------------------------------------------------------------


class SessionListView(PermissionRequiredMixin, FilterView):
    """Discovery sessions across regions, newest first, filterable by region, state and opening day."""

    permission_required = "strategy.view_discoverysession"
    filterset_class = SessionListFilterSet
    template_name = "strategy/session_list.html"
    context_object_name = "sessions"
    paginate_by = 25

    def get_queryset(self):
        return selectors.visible_sessions(self.request.user)


class SessionOpenView(RegionMixin, PermissionRequiredMixin, FormView):
    """A coordinator opens a discovery session on the region's scenario model."""

    permission_required = "strategy.add_discoverysession"
    template_name = "strategy/session_open.html"
    form_class = SessionOpenForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "region": self.get_region()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            session = services.session_open(
                actor=self.request.user,
                region=self.get_region(),
                dataset=data["dataset"],
                year=data["year"],
                title=data["title"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The session is open; the region's organisations are told."))
        return redirect(session)


class SessionMixin:
    def get_session(self) -> DiscoverySession:
        if not hasattr(self, "_session"):
            self._session = get_object_or_404(
                DiscoverySession.objects.select_related("region", "dataset"), pk=self.kwargs["pk"]
            )
        return self._session

    def get_permission_object(self):
        return self.get_session()


class SessionDetailView(SessionMixin, PermissionRequiredMixin, TemplateView):
    """A session's directions with their S&T bundles; rating forms for the region's representatives;
    ratings by helix, close and adopt for the coordinator."""

    permission_required = "strategy.view_discoverysession"
    template_name = "strategy/session.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session, user = self.get_session(), self.request.user
        show_ratings = user.has_perm("strategy.view_discoverysession_ratings", session)
        items = selectors.session_items(session)
        outcome = services.session_outcome(session) if show_ratings else None
        context.update(
            presenters.session_page(session=session, items=items, outcome=outcome, show_ratings=show_ratings)
        )
        agents = selectors.rating_agents(user, session) if session.state == SessionState.OPEN else []
        own = {}
        if agents:
            for item in items:
                for rating in item.ratings.all():
                    if rating.agent_id == agents[0].pk:
                        own[item.pk] = rating
        context["rating_forms"] = (
            {
                item.pk: RatingForm(
                    agents=agents,
                    prefix=f"item{item.pk}",
                    initial={
                        "score": own[item.pk].score if item.pk in own else 3,
                        "comment": own[item.pk].comment if item.pk in own else "",
                    },
                )
                for item in items
            }
            if agents and user.has_perm("strategy.rate_discoverysession", session)
            else {}
        )
        missing = services.missing_helices(session) if session.state == SessionState.OPEN else []
        context.update(
            session=session,
            show_ratings=show_ratings,
            missing_helices=presenters.helix_labels(missing),
            can={
                "close": user.has_perm("strategy.close_discoverysession", session),
                "adopt": user.has_perm("strategy.adopt_discoverysession", session),
            },
            adopted_set=getattr(session, "adopted_set", None) if session.state == SessionState.ADOPTED else None,
        )
        return context


class SessionRateView(SessionMixin, PermissionRequiredMixin, View):
    """A representative rates one direction (POST)."""

    permission_required = "strategy.rate_discoverysession"

    def post(self, request, pk, item_pk):
        session = self.get_session()
        item = get_object_or_404(SessionItem, pk=item_pk, session=session)
        form = RatingForm(request.POST, agents=selectors.rating_agents(request.user, session), prefix=f"item{item.pk}")
        if not form.is_valid():
            messages.error(request, _("The rating was not saved: choose a rating from 1 to 5."))
            return redirect(session)
        try:
            services.session_rate(
                actor=request.user,
                session_item=item,
                agent=form.cleaned_data["agent"],
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except (InvalidStateError, ValidationError) as error:
            messages.error(request, str(getattr(error, "message", error)))
            return redirect(session)
        messages.success(request, _("Your rating of %(code)s is saved.") % {"code": item.item.code})
        return redirect(f"{session.get_absolute_url()}#direction-{item.pk}")


class SessionCloseView(SessionMixin, PermissionRequiredMixin, View):
    """The coordinator closes the session (POST); refused with the missing helices named."""

    permission_required = "strategy.close_discoverysession"

    def post(self, request, pk):
        session = self.get_session()
        try:
            services.session_close(actor=request.user, session=session)
        except InvalidStateError as error:
            messages.error(request, error.message)
            return redirect(session)
        messages.success(request, _("The session is closed. Adopt its outcome as the region's priorities."))
        return redirect(session)


class SessionAdoptView(SessionMixin, PermissionRequiredMixin, View):
    """The coordinator adopts the ranked directions as the region's declared priorities (POST)."""

    permission_required = "strategy.adopt_discoverysession"

    def post(self, request, pk):
        session = self.get_session()
        try:
            services.session_adopt(actor=request.user, session=session)
        except InvalidStateError as error:
            messages.error(request, error.message)
            return redirect(session)
        messages.success(request, _("The outcome is adopted as the region's declared priorities."))
        return redirect("strategy:region", iso_code=session.region.iso_code)
