"""Read-only admin views of the evidence and the computed levels.

Recording, correcting, withdrawing, confirming and dissolving go through the
portal (the services check permissions, audit and recompute); the admin is for
looking things up.
"""

from django.contrib import admin

from .models import IntegratedStructure, Interaction, LevelComputation, PairLevel, RegionLevel, StructureDocument


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin):
    list_display = ["title", "title_en", "kind", "occurred_on", "is_withdrawn", "recorded_by", "created_at"]
    list_filter = ["kind", "is_withdrawn"]
    search_fields = ["title", "title_en", "description", "description_en"]
    date_hierarchy = "occurred_on"


class StructureDocumentInline(admin.TabularInline):
    model = StructureDocument
    extra = 0
    fields = ["title", "url", "file", "added_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IntegratedStructure)
class IntegratedStructureAdmin(ReadOnlyAdmin):
    list_display = ["name_ru", "name_en", "kind", "status", "founded_on", "dissolved_on"]
    list_filter = ["kind", "status"]
    search_fields = ["name_ru", "name_en"]
    inlines = [StructureDocumentInline]


@admin.register(PairLevel)
class PairLevelAdmin(ReadOnlyAdmin):
    list_display = ["region_a", "region_b", "level", "reached_on", "lost_on"]
    list_filter = ["level"]
    list_select_related = ["region_a", "region_b"]


@admin.register(RegionLevel)
class RegionLevelAdmin(ReadOnlyAdmin):
    list_display = ["region", "level", "reached_on", "lost_on"]
    list_filter = ["level", "region__macroregion"]
    list_select_related = ["region"]


@admin.register(LevelComputation)
class LevelComputationAdmin(ReadOnlyAdmin):
    list_display = ["as_of", "computed_at", "evidence_count", "pair_period_count", "region_period_count", "seconds"]
