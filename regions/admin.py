from django.contrib import admin

from .models import FederalDistrict, MacroRegion, Region


@admin.register(FederalDistrict)
class FederalDistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ru", "name_en", "sort_order"]


@admin.register(MacroRegion)
class MacroRegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ru", "name_en", "sort_order"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["iso_code", "okato", "name_ru", "name_en", "kind", "federal_district", "macroregion"]
    list_filter = ["federal_district", "macroregion", "kind"]
    search_fields = ["iso_code", "okato", "name_ru", "name_en"]
