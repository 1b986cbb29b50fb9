"""``manage.py load_analytics_data``: load the shipped data sets and the default concordance (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from analytics.computations.concordance import ConcordanceError
from analytics.services.shipped import ShippedDataError, shipped_load_all


class Command(BaseCommand):
    help = (
        "Load the data shipped with Spiral into the data bank: the paper's Tables 2-5 (cbe-2020), Rosstat's GVA "
        "by OKVED section (rosstat-gva) and the default concordance. Idempotent: a second run writes nothing. "
        "Needs the reference data (manage.py load_reference_data)."
    )

    def handle(self, *args, **options):
        try:
            reports = shipped_load_all()
        except (ShippedDataError, ConcordanceError) as error:
            raise CommandError(str(error)) from error
        for report in reports:
            self.stdout.write(str(report))
        self.stdout.write(f"total: {sum(report.seconds for report in reports):.2f} s")
