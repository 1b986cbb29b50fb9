"""The Celery application.

It reads every ``CELERY_*`` Django setting, so the broker, eager mode and time
limits are configured in one place (``portal/settings/base.py``). With no
``REDIS_URL`` the settings switch Celery to eager mode: tasks run in-process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
