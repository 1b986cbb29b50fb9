"""Local development: the embedded defaults (SQLite, in-process tasks, console e-mail)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# The demo log-ins of `make run` (README) reach the staff pages with a password alone; set
# SPIRAL_STAFF_MFA_REQUIRED=true to try the TOTP enrolment that production requires.
SPIRAL_STAFF_MFA_REQUIRED = env.bool("SPIRAL_STAFF_MFA_REQUIRED", default=False)

# Serve static files straight from the source folders while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
