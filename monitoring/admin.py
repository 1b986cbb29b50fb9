from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ClosingReport, Effect, Indicator, IndicatorValue


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name_ru", "name_en", "unit", "baseline", "target"]


@admin.register(Effect)
class EffectAdmin(admin.ModelAdmin):
    """Expected effects; the lead keeps them in the portal, administrators may correct them here."""

    list_display = ["project", "type", "created_at"]
    list_filter = ["type"]
    search_fields = ["project__title_ru", "project__title_en"]
    raw_id_fields = ["project"]
    inlines = [IndicatorInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Recorded values, read-only: corrections go through the portal, which audits them."""

    list_display = ["indicator", "date", "value", "recorded_by", "recorded_at"]
    list_select_related = ["indicator", "recorded_by"]
    date_hierarchy = "date"
    readonly_fields = ["indicator", "date", "value", "note", "recorded_by", "recorded_at", "updated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ClosingReport)
class ClosingReportAdmin(admin.ModelAdmin):
    """Closing reports; the lead writes them in the portal."""

    list_display = ["project", "is_published", "published_at", "author", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["search_text"]
    raw_id_fields = ["project", "author"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["project", "author", "is_published", "published_at"]}),
        (_("Russian"), {"fields": ["summary", "results", "lessons_learned", "recommendations"]}),
        (_("English"), {"fields": ["summary_en", "results_en", "lessons_learned_en", "recommendations_en"]}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj.search_text = obj.build_search_text()  # keep the library's search in step with a correction
        super().save_model(request, obj, form, change)
