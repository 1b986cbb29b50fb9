from django.contrib import admin

from .models import Agent, AgentMembership, Milestone, Objective, Project, ProjectParticipant, ProjectTransition


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


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    """The catalogue of Table II: administrators edit the texts here (``load_objectives`` keeps their edits)."""

    list_display = ["helix", "sort_order", "text_en", "text_ru"]
    list_filter = ["helix"]
    list_editable = ["text_en", "text_ru"]
    search_fields = ["text_en", "text_ru"]


class ProjectParticipantInline(admin.TabularInline):
    model = ProjectParticipant
    extra = 0
    fields = ["agent", "role", "status", "decided_by", "decided_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ProjectTransitionInline(admin.TabularInline):
    model = ProjectTransition
    extra = 0
    fields = ["created_at", "actor", "from_state", "to_state", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class MilestoneInline(admin.TabularInline):
    """The timeline: administrators may correct the titles in both languages; the lead adds and completes steps."""

    model = Milestone
    extra = 0
    fields = ["title", "title_en", "due_on", "done_on"]
    readonly_fields = ["due_on", "done_on"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """Administrators may correct a project's texts here; its state, flags and partners change through the services."""

    list_display = ["__str__", "lead_agent", "state", "is_featured", "is_hidden", "created_at"]
    list_filter = ["state", "is_featured", "is_hidden"]
    search_fields = ["title_ru", "title_en"]
    autocomplete_fields = ["directions", "rubrics"]
    readonly_fields = ["lead_agent", "state", "is_featured", "is_hidden", "created_by", "created_at", "updated_at"]
    inlines = [ProjectParticipantInline, ProjectTransitionInline, MilestoneInline]
