"""Site-wide pages: home, health check, language switch."""

from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from django.views.i18n import set_language

from cooperation.choices import Helix
from cooperation.models import Agent
from regions.models import MacroRegion, Region


class HomeView(TemplateView):
    """The landing page: what Spiral is, and the way into regions and agents."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["region_count"] = Region.objects.count()
        context["macroregions"] = MacroRegion.objects.all()
        context["agent_count"] = Agent.objects.filter(is_verified=True).count()
        context["helices"] = Helix.choices
        return context


@never_cache
def healthz(request):
    """Liveness and readiness: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def switch_language(request):
    """Django's ``set_language``, which also remembers the choice on the user's account (for e-mails)."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in {"ru", "en"}:
        if request.user.language != language:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; the static URL is resolved per request
    (with hashed file names in production it is known only once collectstatic has run)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
