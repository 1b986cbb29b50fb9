from django.contrib import admin

from .models import DiscoverySession, Priority, PrioritySet


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0
    raw_id_fields = ("item",)


@admin.register(PrioritySet)
class PrioritySetAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "year", "origin", "is_illustrative")
    list_filter = ("origin", "is_illustrative")
    inlines = [PriorityInline]


@admin.register(DiscoverySession)
class DiscoverySessionAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "dataset", "year", "state")
    list_filter = ("state",)
