from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from portal.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo users (one per role), agents, memberships, projects and experts. Idempotent."

    def handle(self, *args, **options):
        # The demo's history would otherwise e-mail the demo users about every step.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            users, experts = demo_load()
        self.stdout.write(f"Demo log-ins (password: {settings.SPIRAL_DEMO_PASSWORD}):")
        for demo in users:
            self.stdout.write(f"  {demo.email:<32} {demo.role_label}")
        # In English like the other roles and every command's output ("эксперт" stood among them).
        for email in experts:
            self.stdout.write(f"  {email:<32} expert")
