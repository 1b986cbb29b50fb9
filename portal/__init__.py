"""The Spiral project package: settings, URL map, Celery application."""

from .celery import app as celery_app

__all__ = ("celery_app",)
