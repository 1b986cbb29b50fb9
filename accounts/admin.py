from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import RoleGrant, User
from .services import api_token_revoke, role_grant, role_revoke


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ["role", "region", "granted_by", "granted_at"]
    readonly_fields = ["role", "region", "granted_by", "granted_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "language")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]
    inlines = [RoleGrantInline]

    def user_change_password(self, request, id, form_url=""):
        """A password set by an administrator revokes the user's API token, as the user's own change does."""
        user = self.get_object(request, unquote(id))
        before = user.password if user is not None else None
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if user is not None and request.method == "POST":
                user.refresh_from_db(fields=["password"])
                if user.password != before:
                    api_token_revoke(user=user, actor=request.user, reason="password_changed")
        return response


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    """Grants go through ``accounts.services`` so that each one is audited."""

    list_display = ["user", "role", "region", "granted_by", "granted_at"]
    list_filter = ["role", "region__macroregion"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]
    fields = ["user", "role", "region"]

    def has_change_permission(self, request, obj=None):
        return obj is None

    def save_model(self, request, obj, form, change):
        granted = role_grant(user=obj.user, role=obj.role, region=obj.region, actor=request.user)
        obj.pk = granted.pk

    def delete_model(self, request, obj):
        role_revoke(grant=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for grant in queryset:
            role_revoke(grant=grant, actor=request.user)
