"""Demo data of the search app: a competence watch, so that ``/search/watches/`` shows one on ``make run``."""

from accounts.models import User
from regions.models import Region

from .models import CompetenceWatch
from .services.competence_watches import competence_watch_create

DEMO_WATCHER = "member@spiral.example"
DEMO_WATCHED_REGION = "RU-LIP"


def demo_competence_watches_load() -> None:
    """The demo member follows Lipetsk's competences (idempotent: nothing when already there)."""
    user = User.objects.filter(email=DEMO_WATCHER).first()
    region = Region.objects.filter(iso_code=DEMO_WATCHED_REGION).first()
    if user is None or region is None:
        return
    if CompetenceWatch.objects.filter(user=user, region=region, item__isnull=True).exists():
        return
    competence_watch_create(actor=user, region=region)
