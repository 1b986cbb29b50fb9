from django.contrib import admin

from .models import Consultation, ExpertInvitation, ExpertProfile


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    """Administrators may correct profiles here; experts edit their own at /experts/me/."""

    list_display = ["__str__", "region", "availability", "is_published", "updated_at"]
    list_filter = ["is_published", "availability", "region__macroregion"]
    search_fields = ["user__full_name", "user__email", "headline_ru", "headline_en"]
    autocomplete_fields = ["competences"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(ExpertInvitation)
class ExpertInvitationAdmin(admin.ModelAdmin):
    """Invitations are made and answered in the portal; the admin shows them read-only."""

    list_display = ["expert", "project", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["expert__user__full_name", "project__title_ru", "project__title_en"]
    readonly_fields = [
        "project",
        "expert",
        "invited_by",
        "message",
        "status",
        "decided_by",
        "decided_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    """Consultations are requested, answered and confirmed in the portal (a confirmed one is evidence of level 2);
    the admin shows them read-only."""

    list_display = ["subject", "advising_agent", "advised_agent", "status", "starts_on", "ends_on"]
    list_filter = ["status"]
    search_fields = ["subject", "advising_agent__name", "advised_agent__name"]
    readonly_fields = [field.name for field in Consultation._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
