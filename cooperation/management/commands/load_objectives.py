from django.core.management.base import BaseCommand

from cooperation.services.objectives import objectives_load_reference_data


class Command(BaseCommand):
    help = "Load the catalogue of cooperation objectives per helix (Table II). Idempotent; keeps edited texts."

    def handle(self, *args, **options):
        created = objectives_load_reference_data()
        self.stdout.write(f"Objectives created: {created}")
