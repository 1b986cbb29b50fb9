from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from cooperation.demo import demo_data_load


class Command(BaseCommand):
    help = "Load the demo users (one per role), agents and memberships. Idempotent."

    def handle(self, *args, **options):
        # The demo's history would otherwise e-mail the demo users about every step.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            users = demo_data_load()
        self.stdout.write(f"Demo log-ins (password: {settings.SPIRAL_DEMO_PASSWORD}):")
        for demo in users:
            self.stdout.write(f"  {demo.email:<32} {demo.role_label}")
