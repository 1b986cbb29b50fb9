"""WSGI entry point, used by gunicorn (``gunicorn portal.wsgi``).

The default settings are the local ones, as in ``manage.py`` and ``portal/celery.py`` (one default
everywhere); production sets ``DJANGO_SETTINGS_MODULE=portal.settings.production`` in its environment
(``.env``, the systemd units, the Dockerfile).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

application = get_wsgi_application()
