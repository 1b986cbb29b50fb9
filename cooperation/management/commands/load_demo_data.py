from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from cooperation.demo import demo_data_load
from discussion.demo import demo_comments_load
from experts.demo import demo_experts_load
from levels.demo import load_demo as levels_demo_load


class Command(BaseCommand):
    help = "Load the demo users (one per role), agents, memberships, projects and experts. Idempotent."

    def handle(self, *args, **options):
        # The demo's history would otherwise e-mail the demo users about every step.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            users = demo_data_load()
            experts = demo_experts_load()
            levels_demo_load()  # interactions and an alliance between the demo agents' regions
            demo_comments_load()
        self.stdout.write(f"Demo log-ins (password: {settings.SPIRAL_DEMO_PASSWORD}):")
        for demo in users:
            self.stdout.write(f"  {demo.email:<32} {demo.role_label}")
        expert = _("expert")
        for email in experts:
            self.stdout.write(f"  {email:<32} {expert}")
