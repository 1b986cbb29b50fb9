"""Pages of the partner search: the search, recommendations, saved searches. Selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from analytics import selectors as analytics_selectors
from analytics.models import ClassifierItem
from cooperation.models import Agent, Project
from cooperation.selectors import agent_detail, project_detail
from core import cache_versions
from core.forms import apply_validation_error
from regions.models import Region

from . import cells, recommendations, selectors
from .choices import SortOrder
from .forms import CompetenceWatchForm, SavedSearchForm, SavedSearchRenameForm
from .models import CompetenceWatch, SavedSearch
from .params import SearchParams
from .services import saved_search_create, saved_search_delete, saved_search_update
from .services.competence_watches import competence_watch_create, competence_watch_delete


class SearchView(TemplateView):
    """One search over agents, experts, open projects and regions; every part of it is in the URL."""

    template_name = "search/search.html"

    def get_params(self) -> SearchParams:
        return SearchParams.from_query(self.request.GET)

    def get_context_data(self, *, save_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.get_params()
        # Lazy but for its key: the results' HTML is cached under it (the template), and on a hit nothing else is read.
        results = selectors.search(params)
        user = self.request.user
        query = params.to_query()
        saved_search = selectors.saved_search_for_query(user, params)
        can_save = user.has_perm("search.add_savedsearch")
        if save_form is None and can_save and saved_search is None:
            save_form = SavedSearchForm(initial={"query": query, "name": params.q, "alerts_enabled": True})
        context.update(
            params=params,
            results=results,
            cache_seconds=selectors.CACHE_SECONDS,
            # The results (and their page links) are cached per canonical search: the links are built from it,
            # not from this request's query string, which may carry other parameters.
            pagination_query=QueryDict(query),
            share_url=self.request.build_absolute_uri(f"{reverse('search:index')}{'?' + query if query else ''}"),
            # "Best match": by relevance when there is text, newest first without; keeps the URL free of a sort
            # that would outlive the query it was chosen for.
            sort_options=[
                ("", _("Best match")),
                (SortOrder.NEWEST, SortOrder.NEWEST.label),
                (SortOrder.NAME, SortOrder.NAME.label),
            ],
            current_sort=params.sort if params.sort != SortOrder.RELEVANCE else "",
            saved_search=saved_search,
            can_save=can_save,
            save_form=save_form,
        )
        return context


class SavedSearchCreateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Save the search being shown (POST from the search page)."""

    permission_required = "search.add_savedsearch"
    http_method_names = ["post"]

    def post(self, request):
        form = SavedSearchForm(request.POST)
        if form.is_valid():
            try:
                saved = saved_search_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    query=form.cleaned_data["query"],
                    alerts_enabled=form.cleaned_data["alerts_enabled"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The search “%(name)s” is saved.") % {"name": saved.name})
                return redirect(saved.get_absolute_url())
        # Show the search again, with the form's errors.
        view = SearchView(request=request, args=(), kwargs={})
        view.get_params = lambda: SearchParams.from_query(form.data.get("query", ""))
        response = view.render_to_response(view.get_context_data(save_form=form))
        response.status_code = 400
        return response


class SavedSearchListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The user's saved searches: run, rename, delete, switch alerts."""

    permission_required = "search.list_savedsearch"
    template_name = "search/saved_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["saved_searches"] = list(selectors.saved_searches_of(self.request.user))
        return context


class _OwnSavedSearchMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """One of the user's saved searches; another user's answers 404 (its existence is private)."""

    raise_exception = True

    def get_saved_search(self) -> SavedSearch:
        if not hasattr(self, "_saved_search"):
            try:
                self._saved_search = selectors.saved_search_of(self.request.user, self.kwargs["pk"])
            except SavedSearch.DoesNotExist as error:
                raise Http404 from error
        return self._saved_search

    def get_permission_object(self):
        return self.get_saved_search()

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            return redirect_to_login(self.request.get_full_path())
        return super().handle_no_permission()


class SavedSearchRenameView(_OwnSavedSearchMixin, FormView):
    permission_required = "search.change_savedsearch"
    form_class = SavedSearchRenameForm
    template_name = "search/saved_rename.html"

    def get_initial(self):
        return {"name": self.get_saved_search().name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(saved_search=self.get_saved_search(), **kwargs)

    def form_valid(self, form):
        try:
            saved_search_update(
                actor=self.request.user, saved_search=self.get_saved_search(), name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The saved search is renamed."))
        return redirect("search:saved-list")


class SavedSearchDeleteView(_OwnSavedSearchMixin, TemplateView):
    permission_required = "search.delete_savedsearch"
    template_name = "search/saved_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(saved_search=self.get_saved_search(), **kwargs)

    def post(self, request, pk):
        saved_search = self.get_saved_search()
        saved_search_delete(actor=request.user, saved_search=saved_search)
        messages.success(request, _("The saved search “%(name)s” is deleted.") % {"name": saved_search.name})
        return redirect("search:saved-list")


class SavedSearchAlertsView(_OwnSavedSearchMixin, View):
    """Switch a saved search's alerts on (``alerts=on``) or off (POST)."""

    permission_required = "search.change_savedsearch"
    http_method_names = ["post"]

    def post(self, request, pk):
        enabled = request.POST.get("alerts") == "on"
        saved_search = saved_search_update(
            actor=request.user, saved_search=self.get_saved_search(), alerts_enabled=enabled
        )
        if saved_search.alerts_enabled:
            messages.success(request, _("Alerts for “%(name)s” are on.") % {"name": saved_search.name})
        else:
            messages.success(request, _("Alerts for “%(name)s” are off.") % {"name": saved_search.name})
        return redirect("search:saved-list")


class _RecommendationsView(TemplateView):
    """Partner regions (with the coefficients behind them), agents and experts for an agent or a project."""

    template_name = "search/recommendations.html"
    subject_kind = ""

    def get_subject(self):
        raise NotImplementedError

    def compute(self, subject, dataset):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subject = self.get_subject()
        dataset = self.request.GET.get("dataset") or None
        context.update(
            subject=subject,
            subject_kind=self.subject_kind,
            recommendations=self.compute(subject, dataset),
        )
        context["years"] = recommendations.caption_used_years(context["recommendations"])
        return context


class AgentRecommendationsView(_RecommendationsView):
    subject_kind = "agent"

    def get_subject(self):
        try:
            return agent_detail(self.request.user, self.kwargs["pk"])
        except Agent.DoesNotExist as error:
            raise Http404 from error

    def compute(self, subject, dataset):
        return recommendations.for_agent(subject, dataset=dataset)


class ProjectRecommendationsView(_RecommendationsView):
    subject_kind = "project"

    def get_subject(self):
        try:
            return project_detail(self.request.user, self.kwargs["pk"])
        except Project.DoesNotExist as error:
            raise Http404 from error

    def compute(self, subject, dataset):
        return recommendations.for_project(subject, dataset=dataset)


class _CellMixin:
    """The region and the direction of a cell of the managerial matrix (404 for an unknown one)."""

    def get_cell(self, version: int | None = None):
        if version is not None:
            found = cells.cell_target(
                iso_code=self.kwargs["iso_code"],
                classifier=self.kwargs["classifier"],
                code=self.kwargs["code"],
                version=version,
            )
            if found is None:
                raise Http404
            return found
        try:
            region = Region.objects.get(iso_code=self.kwargs["iso_code"])
            direction = ClassifierItem.objects.select_related("classifier").get(
                classifier__code=self.kwargs["classifier"], code=self.kwargs["code"]
            )
        except (Region.DoesNotExist, ClassifierItem.DoesNotExist) as error:
            raise Http404 from error
        return region, direction


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit() and len(value) < 19]


class CellView(_CellMixin, TemplateView):
    """A region × a direction: the S&T rubrics it has and lacks, who supplies them, and "Start a project here"."""

    template_name = "search/cell.html"

    def get_context_data(self, **kwargs):
        # The version of the rows the content shows: it keys the cell's region and direction too.
        version = cache_versions.version(cells.CACHE_VERSION)
        region, direction = self.get_cell(version)
        user, dataset = self.request.user, self.request.GET.get("dataset") or None
        # The content is rendered once per audience and cached (``cells.cell_cache_key``); the page is read only
        # on a miss.
        # The current snapshot is read once: the key names it, and a miss renders from it.
        snapshot = analytics_selectors.cached_current_snapshot()
        page = SimpleLazyObject(
            lambda: cells.cell_page(user=user, region=region, direction=direction, dataset=dataset, snapshot=snapshot)
        )
        return super().get_context_data(
            page=page,
            region=region,
            direction=direction,
            cache_key=cells.cell_cache_key(
                user=user, region=region, direction=direction, dataset=dataset, snapshot=snapshot, version=version
            ),
            cache_seconds=cells.CACHE_SECONDS,
            **kwargs,
        )


class CellStartView(LoginRequiredMixin, _CellMixin, View):
    """ "Start a project here": the new-project form prefilled with the cell's direction, rubrics, the ticked
    partners and the objectives of the helices involved (GET, so the choice stays in the address)."""

    def get(self, request, *args, **kwargs):
        _region, direction = self.get_cell()
        url, _initial = cells.start_url(
            user=request.user,
            direction=direction,
            rubrics=_ids(request.GET.getlist("rubrics")),
            partners=_ids(request.GET.getlist("partners")),
        )
        return redirect(url)


class CompetenceWatchListView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """The user's competence watches, and the form that adds one (``?region=RU-LIP`` or ``?item=<id>`` fills it)."""

    permission_required = "search.list_competencewatch"
    template_name = "search/watch_list.html"
    form_class = CompetenceWatchForm

    def get_initial(self):
        initial = {}
        region = self.request.GET.get("region", "")
        if region:
            initial["region"] = selectors.region_by_iso(region)
        item = self.request.GET.get("item", "")
        if item.isdigit():
            initial["item"] = int(item)
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(watches=list(selectors.competence_watches_of(self.request.user)), **kwargs)

    def form_valid(self, form):
        try:
            watch = competence_watch_create(
                actor=self.request.user, region=form.cleaned_data["region"], item=form.cleaned_data["item"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("You follow “%(watch)s”.") % {"watch": watch})
        return redirect("search:watch-list")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class CompetenceWatchDeleteView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Stop following (a confirmation page, then POST); another user's watch answers 404."""

    permission_required = "search.delete_competencewatch"
    template_name = "search/watch_confirm_delete.html"
    raise_exception = True

    def get_watch(self) -> CompetenceWatch:
        if not hasattr(self, "_watch"):
            try:
                self._watch = selectors.competence_watch_of(self.request.user, self.kwargs["pk"])
            except CompetenceWatch.DoesNotExist as error:
                raise Http404 from error
        return self._watch

    def get_permission_object(self):
        return self.get_watch()

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            return redirect_to_login(self.request.get_full_path())
        raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(watch=self.get_watch(), **kwargs)

    def post(self, request, pk):
        watch = self.get_watch()
        competence_watch_delete(actor=request.user, watch=watch)
        messages.success(request, _("You no longer follow “%(watch)s”.") % {"watch": watch})
        return redirect("search:watch-list")
