"""Site-wide pages: home, health checks (readiness and liveness), language switch."""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from django.views.i18n import set_language

from cooperation.choices import Helix
from cooperation.principles import HELIX_ROLES, PRINCIPLES

from .guide import PLATFORM_TASKS
from .health import UNAVAILABLE, readiness
from .home_cache import USER_PART_CACHE_SECONDS, user_part_version
from .selectors import home_feed, user_home

#: Seconds the home page's feed (projects, interactions, levels, the directory's figures) is cached for,
#: per language and per signed-in or not. A change (a project featured or hidden, a new interaction)
#: reaches the home page within this delay; the user's own part has its own rule (``portal.home_cache``).
HOME_FEED_CACHE_SECONDS = 60


class HomeView(TemplateView):
    """The living-laboratory home: what Spiral is, what is happening on it now, and, for a signed-in
    user, their agents' projects and what awaits their answer.

    A fixed number of queries whatever the amount of data (``portal.selectors``). The feed is the same
    for every visitor of a kind (signed in or not), so its rendered HTML is cached for
    :data:`HOME_FEED_CACHE_SECONDS`; it is read lazily, only when the cache misses. The user's own part
    is cached per user until any write of the rows it is built from (``portal.home_cache``).
    """

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["helices"] = Helix.choices
        context["helix_roles"] = helix_roles()
        context["tasks"] = PLATFORM_TASKS
        context["feed"] = SimpleLazyObject(lambda: home_feed(user))
        context["feed_cache_seconds"] = HOME_FEED_CACHE_SECONDS
        if user.is_authenticated:
            context["mine"] = SimpleLazyObject(lambda: user_home(user))
            context["mine_version"] = user_part_version()
            context["mine_cache_seconds"] = USER_PART_CACHE_SECONDS
        return context


def helix_roles() -> list[tuple[str, str, str]]:
    """``(helix, label, its role on the platform)`` for the four helices (seed 000)."""
    return [(value, str(label), str(HELIX_ROLES[value])) for value, label in Helix.choices]


class AboutView(TemplateView):
    """How Spiral works: the helices' roles, the four levels, the platform's tasks and seed 000's nine
    principles (``cooperation.principles``), each linked to the page that does it. Public."""

    template_name = "about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            helix_roles=helix_roles(), tasks=PLATFORM_TASKS, principles=PRINCIPLES, **kwargs
        )


@never_cache
def healthz(request):
    """Readiness, for a load balancer: 200 when every dependency answers, else 503 naming the one down.

    ``{"status": "ok" | "unavailable", "checks": {"database": ..., "redis": ..., "broker": ...}}``;
    see ``portal.health``. The pages themselves survive a Redis outage; this check tells the operator.
    """
    checks = readiness()
    ready = UNAVAILABLE not in checks.values()
    return JsonResponse({"status": "ok" if ready else UNAVAILABLE, "checks": checks}, status=200 if ready else 503)


@never_cache
def livez(request):
    """Liveness, for the process manager: the process answers requests. It asks no dependency, so an
    outage of the database or Redis does not get healthy web processes restarted."""
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
