from django.core.management.base import BaseCommand

from analytics.services import classifiers_load_reference_data
from regions.services import regions_load_reference_data


class Command(BaseCommand):
    help = "Load the reference data shipped with Spiral (regions, districts, macro-regions, classifiers). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite existing rows with the shipped values (discards admin edits).",
        )

    def handle(self, *args, update: bool = False, **options):
        for report in regions_load_reference_data(update=update) + classifiers_load_reference_data(update=update):
            self.stdout.write(str(report))
