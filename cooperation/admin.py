from django.contrib import admin

from .models import Agent, AgentMembership


class AgentMembershipInline(admin.TabularInline):
    model = AgentMembership
    fk_name = "agent"
    extra = 0
    fields = ["user", "role", "status", "decided_by", "decided_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    """Administrators may correct agents here; verification and membership decisions go through the portal."""

    list_display = ["name", "helix", "region", "is_verified", "created_at"]
    list_filter = ["helix", "is_verified", "region__macroregion"]
    search_fields = ["name", "name_en"]
    autocomplete_fields = ["competences"]
    readonly_fields = ["is_verified", "verified_at", "verified_by", "created_by", "created_at", "updated_at"]
    inlines = [AgentMembershipInline]
