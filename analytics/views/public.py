"""Public analytics pages (open data, no log-in): region, macro-region, country map, exports.

Thin views: they validate the query string (400 on nonsense), ask a presenter
(``analytics.presenters``, which reads through ``analytics.selectors``) for the
context, and either render it or, with ``?format=csv|xlsx``, send its tables.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from analytics import charts, exports, presenters, selectors, series
from analytics.choices import Indicator
from analytics.maps import ATTRIBUTION, LICENCE
from regions.models import Region
from regions.selectors import macroregion_list, region_detail

BAD_REQUEST_TEMPLATE = "analytics/public/bad_request.html"


class PublicQueryForm(forms.Form):
    """The query string of the public pages; every field is optional."""

    dataset = forms.SlugField(label=gettext_lazy("Data set"), required=False, max_length=60)
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=1900, max_value=2100)
    indicator = forms.ChoiceField(
        label=gettext_lazy("Coefficient"), required=False, choices=[("", "—"), *Indicator.choices]
    )
    item = forms.CharField(label=gettext_lazy("Item"), required=False, max_length=100)
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), required=False, choices=[("", "—"), ("csv", "CSV"), ("xlsx", "XLSX")]
    )
    table = forms.SlugField(label=gettext_lazy("Table"), required=False, max_length=80)
    quantile = forms.FloatField(
        label=gettext_lazy("Quantile of the density cut-off"), required=False, min_value=0, max_value=1
    )
    min_density = forms.FloatField(
        label=gettext_lazy("Fixed density cut-off"), required=False, min_value=0, max_value=1
    )


class CoefficientExportForm(forms.Form):
    """Filters of the coefficient list download (the same as the API's)."""

    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    dataset = forms.SlugField(label=gettext_lazy("Data set"), required=False, max_length=60)
    region = forms.CharField(label=gettext_lazy("Region"), required=False, max_length=8)
    macroregion = forms.SlugField(label=gettext_lazy("Macro-region"), required=False, max_length=40)
    indicator = forms.ChoiceField(
        label=gettext_lazy("Coefficient"), required=False, choices=[("", "—"), *Indicator.choices]
    )
    classifier = forms.SlugField(label=gettext_lazy("Classifier"), required=False, max_length=40)
    item = forms.CharField(label=gettext_lazy("Item"), required=False, max_length=40)
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=1900, max_value=2100)


def _bad_request(request, form: forms.Form) -> HttpResponse:
    return render(request, BAD_REQUEST_TEMPLATE, {"form": form}, status=400)


def _about(context: dict[str, Any]) -> list[tuple[str, str]]:
    """The "About" sheet of an XLSX download: what, from where, computed when, under which terms."""
    dataset = context.get("dataset")
    snapshot = context.get("snapshot")
    about = [(_("Portal"), "Spiral")]
    if dataset is not None:
        about += [(_("Data set"), dataset.name), (_("Source"), dataset.localized_source or "")]
    if snapshot is not None:
        finished = snapshot.finished_at.isoformat() if snapshot.finished_at else ""
        about += [(_("Snapshot"), f"#{snapshot.pk}"), (_("Computed at"), finished)]
        about += [(_("Competence threshold"), f"≥ {snapshot.threshold:g}")]
    if context.get("attribution"):
        about += [(_("Map boundaries"), f"{ATTRIBUTION} ({LICENCE})")]
    return about


def possible_rule(query: dict[str, Any]) -> presenters.PossibleRule:
    """The possible-to-develop cut-off: ``?min_density=`` or ``?quantile=``, else the setting
    ``ANALYTICS_POSSIBLE_DENSITY_QUANTILE`` (default 0.5, the median)."""
    if query.get("min_density") is not None:
        return presenters.PossibleRule(min_density=query["min_density"])
    if query.get("quantile") is not None:
        return presenters.PossibleRule(quantile=query["quantile"])
    return presenters.PossibleRule(quantile=float(getattr(settings, "ANALYTICS_POSSIBLE_DENSITY_QUANTILE", 0.5)))


def item_space_min_proximity() -> float:
    """Proximity at or above which the item space draws an edge (``ANALYTICS_ITEM_SPACE_MIN_PROXIMITY``)."""
    return float(getattr(settings, "ANALYTICS_ITEM_SPACE_MIN_PROXIMITY", 0.6))


class PublicAnalyticsView(TemplateView):
    """Validates the query, builds the context, and answers ``?format=csv|xlsx`` with the page's tables."""

    def get(self, request, *args, **kwargs):
        form = PublicQueryForm(request.GET)
        if not form.is_valid():
            return _bad_request(request, form)
        self.query = form.cleaned_data
        context = self.get_context_data(**kwargs)
        if self.query["dataset"] and context.get("snapshot") is not None and context.get("dataset") is None:
            raise Http404(_("Unknown data set."))
        if self.query["format"]:
            return self.export(context)
        return self.render_to_response(context)

    def export(self, context: dict[str, Any]) -> HttpResponse:
        tables = context.get("tables") or []
        slug = self.query["table"]
        if slug:
            tables = [table for table in tables if table.slug == slug]
        if not tables:
            raise Http404(_("No such table on this page."))
        stem = context.get("export_name")
        if self.query["format"] == "csv":
            if len(tables) > 1:
                form = PublicQueryForm(self.request.GET)
                form.is_valid()
                form.add_error("table", _("Choose a table to download as CSV."))
                return _bad_request(self.request, form)
            name = exports.filename(stem, tables[0].slug, extension="csv")
            return exports.table_csv_response(tables[0], name=name)
        name = exports.filename(stem, slug or "tables", extension="xlsx")
        return exports.tables_xlsx_response(tables, name=name, about=_about(context))


class AnalyticsIndexView(PublicAnalyticsView):
    """The way into the competence maps: the country map, the macro-regions, the data sets."""

    template_name = "analytics/public/index.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **presenters.index_page(data=selectors.index_page_data())}


class RegionAnalyticsView(PublicAnalyticsView):
    """A region's competence profile (heat maps), scenario model (Figure 1) and localisation trend."""

    template_name = "analytics/public/region.html"

    def get_context_data(self, **kwargs):
        try:
            region = region_detail(self.kwargs["iso_code"])
        except Region.DoesNotExist as error:
            raise Http404(_("Unknown region.")) from error
        data = selectors.region_page_data(region.iso_code, dataset_code=self.query["dataset"], year=self.query["year"])
        import_urls = {}
        if data.dataset is not None:
            import_urls = {
                "upload": reverse("analytics:data-bank-import") + f"?dataset={data.dataset.pk}&kind=observations",
                "template": reverse("analytics:data-bank-import-template", kwargs={"kind": "observations"}),
            }
        page = presenters.region_page(
            region=region,
            data=data,
            year=self.query["year"],
            rule=possible_rule(self.query),
            min_proximity=item_space_min_proximity(),
            import_urls=import_urls,
        )
        ratings = charts.ratings_section(series.region_ratings(region))
        return {**super().get_context_data(**kwargs), "region": region, **page, "ratings": ratings}


class MacroRegionAnalyticsView(PublicAnalyticsView):
    """A macro-region's managerial matrix (Table 6) and heat maps of its regions (Tables 2–5)."""

    template_name = "analytics/public/macroregion.html"

    def get_context_data(self, **kwargs):
        macroregion = macroregion_list().filter(code=self.kwargs["code"]).first()
        if macroregion is None:
            raise Http404(_("Unknown macro-region."))
        data = selectors.macroregion_page_data(
            macroregion.code, dataset_code=self.query["dataset"], year=self.query["year"]
        )
        page = presenters.macroregion_page(
            macroregion=macroregion, data=data, year=self.query["year"], rule=possible_rule(self.query)
        )
        return {**super().get_context_data(**kwargs), "macroregion": macroregion, **page}


class CountryMapView(PublicAnalyticsView):
    """The country coloured by a coefficient of an item in a year: inline SVG, a legend and a table."""

    template_name = "analytics/public/map.html"

    def get_context_data(self, **kwargs):
        data = selectors.map_page_data(
            dataset_code=self.query["dataset"],
            indicator=self.query["indicator"] or None,
            item=self.query["item"] or None,
            year=self.query["year"],
        )
        page = presenters.map_page(data=data)
        return {**super().get_context_data(**kwargs), **page}


COEFFICIENT_EXPORT_COLUMNS = (
    "dataset",
    "indicator",
    "region_iso",
    "region_name_ru",
    "region_name_en",
    "macroregion",
    "classifier",
    "item_code",
    "item_name_ru",
    "item_name_en",
    "year",
    "value",
    "is_competence",
)


def coefficient_export(request):
    """The current snapshot's coefficients (filtered like the API) as one long CSV or XLSX table."""
    form = CoefficientExportForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form)
    query = form.cleaned_data
    snapshot = selectors.current_snapshot()
    if snapshot is None:
        raise Http404(_("No competence map has been computed yet."))
    rows = selectors.coefficient_values(
        snapshot=snapshot,
        dataset=query["dataset"] or None,
        region=query["region"].upper() or None,
        macroregion=query["macroregion"] or None,
        indicator=query["indicator"] or None,
        classifier=query["classifier"] or None,
        item=query["item"] or None,
        year=query["year"],
    )
    table = chain(
        [COEFFICIENT_EXPORT_COLUMNS],
        (
            (
                row.dataset_code,
                row.indicator,
                row.region_iso,
                row.region_name_ru,
                row.region_name_en,
                row.macroregion_code,
                row.classifier_code,
                row.item_code,
                row.item_name_ru,
                row.item_name_en,
                row.year,
                row.value,
                int(row.is_competence),
            )
            for row in rows.iterator(chunk_size=2000)
        ),
    )
    parts = [query[key] for key in ("dataset", "region", "macroregion", "indicator", "classifier", "item", "year")]
    name = exports.filename("coefficients", *parts, extension=query["format"])
    if query["format"] == "csv":
        return exports.rows_csv_response(table, name=name)
    about = [(_("Portal"), "Spiral"), (_("Snapshot"), f"#{snapshot.pk}")]
    return exports.rows_xlsx_response(table, title="coefficients", name=name, about=about)
