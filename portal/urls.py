from allauth.account.decorators import secure_admin_login
from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from accounts.views import ApiTokenRevokeView, ApiTokenView, ProfileView

from . import error_views
from .api import router
from .api_schema import SchemaView
from .views import AboutView, HomeView, favicon, healthz, livez, switch_language

# The admin site logs in only through allauth (its log-in page redirects there), so two-factor authentication
# and the log-in rate limits hold for it too; its own password form would skip both.
admin.site.login = secure_admin_login(admin.site.login)

# The API documentation pages under the Content-Security-Policy: Swagger UI is served by the "split"
# view, whose start-up script is a separate request (?script) instead of an inline <script>. ReDoc's
# bundle writes its styles into <style> elements (styled-components, and CSS modules as soon as the
# bundle loads, before any nonce could be handed to it) and runs its search in a worker made from a
# blob: URL, so its page alone also allows inline styles and blob: workers. Scripts stay 'self' there
# too (a blob: worker can only be made by the page's own scripts), and the page shows only the
# portal's own schema. ReDoc's footer asks for its logo from cdn.redoc.ly: the policy blocks it.
api_docs = SpectacularSwaggerSplitView.as_view(url_name="schema")
api_redoc = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
    SpectacularRedocView.as_view(url_name="schema")
)

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("about/", AboutView.as_view(), name="about"),
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
    path("strategy/", include("strategy.urls")),
    path("analytics/", include("analytics.urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("api/redoc/", api_redoc, name="api-redoc"),
    path("admin/", admin.site.urls),
]

# JSON under /api/, the HTML pages elsewhere (portal/error_views.py).
handler400 = error_views.bad_request
handler403 = error_views.permission_denied
handler404 = error_views.page_not_found
handler500 = error_views.server_error
