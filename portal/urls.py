from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from accounts.views import ApiTokenRevokeView, ApiTokenView, ProfileView

from . import error_views
from .api import router
from .views import HomeView, favicon, healthz, livez, switch_language

# The admin site logs in only through allauth (its log-in page redirects there), so two-factor authentication
# and the log-in rate limits hold for it too; its own password form would skip both.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("accounts/profile/", ProfileView.as_view(), name="profile"),
    path("accounts/profile/token/", ApiTokenView.as_view(), name="api-token"),
    path("accounts/profile/token/revoke/", ApiTokenRevokeView.as_view(), name="api-token-revoke"),
    path("accounts/", include("allauth.urls")),
    path("", include("regions.urls")),
    path("", include("cooperation.urls")),
    path("experts/", include("experts.urls")),
    path("", include("monitoring.urls")),
    path("", include("discussion.urls")),
    path("notifications/", include("notifications.urls")),
    path("cooperation/", include("levels.urls")),
    path("audit/", include("audit.urls")),
    path("search/", include("search.urls")),
    path("analytics/", include("analytics.urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("admin/", admin.site.urls),
]

# JSON under /api/, the HTML pages elsewhere (portal/error_views.py).
handler400 = error_views.bad_request
handler403 = error_views.permission_denied
handler404 = error_views.page_not_found
handler500 = error_views.server_error
