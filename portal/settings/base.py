"""Settings shared by every environment.

Everything that differs between a laptop and a server comes from environment
variables (read with django-environ), so one code base runs everywhere:

- ``DATABASE_URL``: defaults to the embedded SQLite file ``db.sqlite3``.
- ``REDIS_URL``: when set, Redis is the cache and the Celery broker; when
  empty, the cache is in-memory and Celery tasks run in-process (eager).
- ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``EMAIL_URL``, ``DEFAULT_FROM_EMAIL``.
- ``SITE_URL``: the portal's address, from which e-mails build their links
  (default ``http://127.0.0.1:8000``, where ``make run`` serves).
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    # third party
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    # Spiral
    "portal",
    "accounts",
    "audit",
    "regions",
    "analytics",
    "cooperation",
    "experts",
    "monitoring",
    "discussion",
    "strategy",
    "notifications",
    "levels",
    "search",
]

MIDDLEWARE = [
    # First, so that it compresses the body every other middleware has finished with (pages weigh ~5x less
    # on phones). BREACH: Django pads the gzip stream with random bytes and masks the CSRF token anew on
    # every response, so compressed length does not leak the token; keep both. WhiteNoise's files come
    # precompressed (Content-Encoding already set), which GZipMiddleware leaves alone.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything looks a path, a query or a form up in the database (PostgreSQL refuses NUL).
    "core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: staff who have not set up TOTP are sent to do so (SPIRAL_STAFF_MFA_REQUIRED).
    "accounts.middleware.StaffMfaEnrolmentMiddleware",
]

# --- Content-Security-Policy (django-csp), in every environment so that tests and `make run` see the
# policy production sends. Only the portal's own origin: no inline script, no inline style (not even
# style="" attributes), no third-party origin. Page data reaches scripts through json_script elements
# and data- attributes. ReDoc's page relaxes style-src for itself only (portal/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the small SVG icons Bootstrap's CSS embeds (form checks, selects, toggler).
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    },
}

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
    {
        # Plain text (e-mail subjects and bodies, in-portal notification texts): no HTML escaping,
        # so a title with quotes arrives as written. Render with ``render_to_string(..., using="text")``.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# Forms render with Bootstrap markup from templates/forms/ and templates/django/forms/.
FORM_RENDERER = "core.forms.BootstrapFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

# --- Internationalisation: the portal speaks Russian (default) and English.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

# --- Static files: vendor assets are installed from the npm registry by
# `make assets` into static/vendor/ (git-ignored); WhiteNoise serves them.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files (project attachments, staged imports): this machine's disk (MEDIA_ROOT) by default;
# S3-compatible object storage (AWS S3, MinIO, Yandex Object Storage, ...) when AWS_STORAGE_BUCKET_NAME
# is set, which a deployment on more than one machine needs (every web process and worker sees the same
# files). Credentials stay out of the settings: boto3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
# (or the machine's role) itself. The bucket stays private: attachments are streamed through the
# permission-checked download views, never linked; a URL the storage would sign expires in 5 minutes.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # An empty value (as .env.example and docker-compose.yml leave them) means boto3's default.
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,  # None: AWS itself
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="") or None,  # "path" for most MinIO
            "location": env("AWS_LOCATION", default="media"),  # key prefix inside the bucket
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            # Django's semantics: a second upload with the same name gets a new name, never replaces a file.
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Cache and tasks: Redis when configured, in-process otherwise.
REDIS_URL = env("REDIS_URL", default="")
# A Redis outage is a cache miss, not a 500 (portal/cache.py); the short timeouts keep a Redis that
# does not answer (rather than refuses) from holding every request for redis-py's default of none.
REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Sending a task subscribes to its result first; with Redis down the default policy (20 retries, 1 s
# apart) held the request 20 s. Give up within about a second (portal.celery.Task logs it).
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 3, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
}
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# Time limits of every task (a task may set lower ones). The hard limit bounds how long any run can
# live, so it is the one source of the timeouts below: the soft limit interrupts a hung run cleanly
# (the recomputation marks its snapshot failed), the recomputation lock outlives the soft limit and
# expires before the hard one, and the broker's visibility timeout lies just above the hard limit.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=10 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=CELERY_TASK_TIME_LIMIT * 9 // 10)
# A task is acknowledged only once it finished, so a killed worker's task is
# delivered again (to any worker) once the visibility timeout has passed.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# An unacknowledged message returns to the queue once older than the visibility timeout: just above
# the hard time limit (no live run is ever delivered twice, a killed one comes back within ~11
# minutes instead of the transport's default hour). Every worker sweeps the unacknowledged messages
# every 10 s (unacked_restore_interval x throttle; kombu's default throttle makes it 100 s).
# The integration test shortens the limits (CELERY_TASK_TIME_LIMIT, CELERY_VISIBILITY_TIMEOUT).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 60),
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must exceed CELERY_TASK_TIME_LIMIT: a running task would be delivered twice."
    )
# Beat schedule, in code.  The time zone is explicit: crontab hours are read in
# CELERY_TIMEZONE (Moscow), not UTC.
CELERY_TIMEZONE = "Europe/Moscow"
CELERY_BEAT_SCHEDULE: dict = {
    # Recompute the competence maps at 02:30 Moscow time, after the evening imports.
    # Idempotent: with unchanged inputs the run returns the current snapshot and writes
    # nothing; a lock keeps two runs (beat + a click in the portal) from overlapping, and
    # a run killed mid-way leaves the previous snapshot current and is redelivered.
    "recompute-competence-maps-nightly": {
        "task": "analytics.tasks.recompute_competence_maps_task",
        "schedule": crontab(hour=2, minute=30),
    },
    # Recompute the cooperation levels at 03:00 Moscow time (after the competence maps), so that
    # periods ending or starting on a date move with the calendar. Idempotent: unchanged evidence leaves
    # the stored history untouched (fingerprint); a row lock serialises it with the recomputations
    # scheduled after evidence changes; a killed run leaves the previous history (one transaction).
    "recompute-cooperation-levels-nightly": {
        "task": "levels.tasks.recompute_levels_task",
        "schedule": crontab(hour=3, minute=0),
    },
    # Rebuild the search index at 03:30 Moscow time: it repairs what the on-commit re-indexing cannot
    # see (QuerySet.update, bulk loads, new competence maps). Idempotent: it rewrites the same documents.
    "rebuild-search-index-nightly": {
        "task": "search.tasks.rebuild_search_index_task",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- Analytics: competence maps (analytics/services/snapshots.py).
# A coefficient at or above the threshold is a competence (the paper's Figure 1 counts 1.00).
ANALYTICS_COMPETENCE_THRESHOLD = env.float("ANALYTICS_COMPETENCE_THRESHOLD", default=1.0)
# Possible-to-develop competences: density at least this quantile of the region's densities over the items
# it is not specialised in (0.5: the median; analytics/computations/relatedness.py). Pages and the API take
# ?quantile= or ?min_density= instead.
ANALYTICS_POSSIBLE_DENSITY_QUANTILE = env.float("ANALYTICS_POSSIBLE_DENSITY_QUANTILE", default=0.5)
# The item-space picture draws the pairs of items whose proximity is at least this (and each item's strongest link).
ANALYTICS_ITEM_SPACE_MIN_PROXIMITY = env.float("ANALYTICS_ITEM_SPACE_MIN_PROXIMITY", default=0.6)
# Complete snapshots kept (the current one is never pruned).
ANALYTICS_SNAPSHOT_RETENTION = env.int("ANALYTICS_SNAPSHOT_RETENTION", default=3)
# The recomputation lock outlives the task's soft time limit (9 min) and expires before
# its hard limit (10 min), itself below the visibility timeout (11 min): a task redelivered
# after a killed worker finds the dead run's lock expired (a message requeued at once,
# after a lost prefork child, is refused by the lock and retried; see analytics/tasks.py).
ANALYTICS_RECOMPUTE_LOCK_TIMEOUT = env.int(
    "ANALYTICS_RECOMPUTE_LOCK_TIMEOUT", default=(CELERY_TASK_SOFT_TIME_LIMIT + CELERY_TASK_TIME_LIMIT) // 2
)
# Test hook only: seconds a recomputation sleeps between computing and switching, so an
# integration test can kill a real worker mid-run.  Always 0 in production.
ANALYTICS_RECOMPUTE_PAUSE_SECONDS = env.float("ANALYTICS_RECOMPUTE_PAUSE_SECONDS", default=0.0)

# --- Analytics: data-bank imports (analytics/importers/limits.py).  A hostile file is refused
# before it is parsed whole: the upload's size, then a workbook's size unpacked (its zip
# directory, then its XML streamed), then rows, columns and characters per cell while reading.
ANALYTICS_IMPORT_MAX_BYTES = env.int("ANALYTICS_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
ANALYTICS_IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("ANALYTICS_IMPORT_MAX_UNCOMPRESSED_BYTES", default=200 * 1024 * 1024)
ANALYTICS_IMPORT_MAX_ROWS = env.int("ANALYTICS_IMPORT_MAX_ROWS", default=200_000)
ANALYTICS_IMPORT_MAX_COLUMNS = env.int("ANALYTICS_IMPORT_MAX_COLUMNS", default=200)
ANALYTICS_IMPORT_MAX_CELL_CHARS = env.int("ANALYTICS_IMPORT_MAX_CELL_CHARS", default=10_000)
# Files larger than this (unpacked) are checked by a Celery task (import_check_task, hard limit
# 5 min) instead of in the request; the check stops reading after ANALYTICS_IMPORT_CHECK_SECONDS.
ANALYTICS_IMPORT_BACKGROUND_BYTES = env.int("ANALYTICS_IMPORT_BACKGROUND_BYTES", default=2 * 1024 * 1024)
ANALYTICS_IMPORT_CHECK_SECONDS = env.int("ANALYTICS_IMPORT_CHECK_SECONDS", default=180)

# --- E-mail: console by default, SMTP when EMAIL_URL is set
# (e.g. smtp+tls://user:password@smtp.example.org:587).
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Spiral <noreply@spiral.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address and name as e-mails give them (portal/site.py): every link in a mail is built from
# SITE_URL (scheme, host and port, no path), never from the host of the request that caused the mail.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
if urlsplit(SITE_URL).scheme not in ("http", "https") or not urlsplit(SITE_URL).netloc:
    raise ImproperlyConfigured(
        f"SITE_URL must be an http(s) address such as https://spiral.example.org, not {SITE_URL!r}"
    )
SITE_NAME = _("Spiral")

# --- Accounts (django-allauth): e-mail only, confirmed before first log-in.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Subjects start with "[Спираль] " or "[Spiral] ", in the recipient's language: accounts.adapter.AccountAdapter.
# Repeated failed log-ins are throttled per IP and per account (allauth's
# cache-based rate limits; Redis shares the counters between workers).  The
# per-account limit stops a password-guessing run, but it would also lock the
# owner out: while it holds, the owner signs in with a one-time code sent to
# their e-mail address (the code is its own factor: TOTP is still asked for).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# The client's IP address for the per-IP limits: behind N reverse proxies of ours, the N-th address from the
# right of X-Forwarded-For.  0 (no proxy) reads REMOTE_ADDR; behind a proxy, 0 would put every visitor in the
# proxy's one bucket, so that 10 failures by anyone refuse everyone's log-in.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Spiral"
# Accept the neighbouring 30-second window too: phones drift by a few seconds.
MFA_TOTP_TOLERANCE = 1
# Numeric keypad on phones for the 2FA code fields (allauth sets only autocomplete="one-time-code").
MFA_FORMS = {
    "authenticate": "accounts.mfa_forms.NumericAuthenticateForm",
    "reauthenticate": "accounts.mfa_forms.NumericReauthenticateForm",
    "activate_totp": "accounts.mfa_forms.NumericActivateTOTPForm",
}

# Staff (administrators, moderators, analysts, regional coordinators) must set up TOTP before any staff page or
# API call works (accounts/middleware.py, portal/api_permissions.py).  Production forces it on; local settings
# relax it for the demo log-ins of `make run`; test settings turn it off (the tests of it turn it on).
SPIRAL_STAFF_MFA_REQUIRED = env.bool("SPIRAL_STAFF_MFA_REQUIRED", default=True)

# --- REST API
# An API token stops working this many days after it was created (accounts/authentication.py);
# changing or resetting the password revokes it at once.
SPIRAL_API_TOKEN_TTL_DAYS = env.int("SPIRAL_API_TOKEN_TTL_DAYS", default=30)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["portal.api_permissions.RulesPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's parsers, refusing NUL and JSON nested too deep with a 400 (portal/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "core.parsers.FormParser",
        "core.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "portal.api_exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Spiral API",
    "DESCRIPTION": "Interregional cooperation in innovation: regions, agents of the quadruple helix, memberships.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The error responses every operation can give (400, 403, 404, 409 on writes), with their bodies.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "portal.api_schema.document_errors"],
    # Several models have a "state" or a "kind": name their enums after the model, not the field.
    "ENUM_NAME_OVERRIDES": {
        "ProjectStateEnum": "cooperation.choices.ProjectState",
        "CommentStateEnum": "discussion.choices.CommentState",
        "InteractionKindEnum": "levels.choices.InteractionKind",
        "StructureKindEnum": "levels.choices.StructureKind",
        "IntegrationOriginEnum": "levels.choices.IntegrationOrigin",
        "PriorityOriginEnum": "strategy.choices.PriorityOrigin",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

SPIRAL_DEMO_PASSWORD = env("SPIRAL_DEMO_PASSWORD", default="spiral-demo-2026")
LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}
