"""The Celery application.

It reads every ``CELERY_*`` Django setting, so the broker, eager mode and time
limits are configured in one place (``portal/settings/base.py``). With no
``REDIS_URL`` the settings switch Celery to eager mode: tasks run in-process.
"""

import logging
import os

from celery import Celery
from celery import Task as CeleryTask
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

logger = logging.getLogger(__name__)

#: What sending a task raises when the broker (or the Redis result backend, which subscribes to the
#: task's result when it is sent) cannot be reached, after kombu's publish retries.
BROKER_UNAVAILABLE = (OperationalError, RedisConnectionError, RedisTimeoutError)


class Task(CeleryTask):
    """Every task of the portal: sending one while the broker is down is logged, not raised.

    Tasks are sent from requests, mostly after the commit (e-mails, re-indexing, notifications,
    recomputations): an exception there answered 500 for a change that was already saved. The work
    is not lost for good: the nightly runs (levels, search index, competence maps) catch up, and the
    log names each task that could not be sent. ``apply_async`` (and so ``delay``) then returns None.
    """

    def apply_async(self, *args, **kwargs):
        try:
            return super().apply_async(*args, **kwargs)
        except (*BROKER_UNAVAILABLE, RuntimeError) as error:
            # The Redis result backend gives up subscribing with a RuntimeError caused by the connection error.
            if isinstance(error, RuntimeError) and not isinstance(error.__cause__, BROKER_UNAVAILABLE):
                raise
            logger.error("Task %s not sent, the broker is unavailable: %s: %s", self.name, type(error).__name__, error)
            return None


app = Celery("portal", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
