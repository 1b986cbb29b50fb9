"""Production: PostgreSQL, Redis cache and broker, WhiteNoise, secure cookies.

Required environment: ``SECRET_KEY``, ``DATABASE_URL``, ``REDIS_URL``,
``ALLOWED_HOSTS`` (and ``SITE_URL`` when the portal's public address is not
``https://`` + the first allowed host). ``manage.py check --deploy`` passes with no warning.
"""

from .base import *  # noqa: F403
from .base import MEDIA_STORAGE, REDIS_CACHE_OPTIONS, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# E-mails link to the portal's public address: SITE_URL, else the first allowed host over HTTPS.
SITE_URL = env("SITE_URL", default=f"https://{ALLOWED_HOSTS[0]}").rstrip("/")

# Staff always set up TOTP in production, whatever the environment says (a deploy check guards it too).
SPIRAL_STAFF_MFA_REQUIRED = True
# Production runs behind one TLS-terminating proxy (README, "Production"): the client is the last address it
# appends to X-Forwarded-For.  Set 0 only when gunicorn faces the clients directly, 2 behind a CDN and nginx.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=1)

REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": {"BACKEND": "portal.cache.DegradingRedisCache", "LOCATION": REDIS_URL, "OPTIONS": REDIS_CACHE_OPTIONS}
}
# Sessions are read on every signed-in request: from Redis, written through to the database (which keeps
# them when Redis restarts, and serves them while Redis is down: the cache then answers misses).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False

STORAGES = {
    "default": MEDIA_STORAGE,  # object storage when AWS_STORAGE_BUCKET_NAME is set (base.py)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The load balancer and the process manager probe over plain HTTP on the machine itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
