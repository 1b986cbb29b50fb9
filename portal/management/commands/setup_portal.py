from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Bring a database up to date in one process: migrate, reference data, objectives, shipped statistics, "
        "competence maps, (unless --no-demo) the demo data and the search index. Idempotent; used by `make run` and "
        "`make serve-production`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Skip the demo users and agents (production).")

    def handle(self, *args, no_demo: bool = False, **options):
        # One process instead of six `manage.py` calls: each start-up costs ~2 s (pandas, SciPy), so a
        # second `make run` is ready in seconds.
        steps = [
            ("migrate", {"interactive": False, "verbosity": 0}),
            ("load_reference_data", {}),
            ("load_objectives", {}),
            ("load_analytics_data", {}),
            ("recompute_competence_maps", {}),
        ]
        if not no_demo:
            steps.append(("load_demo_data", {}))
        # Last: the bulk loads above skip the signals that keep the search index up to date.
        steps.append(("rebuild_search_index", {}))
        for name, kwargs in steps:
            call_command(name, stdout=self.stdout, stderr=self.stderr, **kwargs)
