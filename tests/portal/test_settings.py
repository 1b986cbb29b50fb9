"""Production settings: the security settings that must not depend on someone remembering to set them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DATABASE_URL": "postgres://spiral@127.0.0.1:5432/spiral",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "spiral.example.org",
}
NAMES = ["ALLAUTH_TRUSTED_PROXY_COUNT", "SPIRAL_STAFF_MFA_REQUIRED", "SPIRAL_API_TOKEN_TTL_DAYS"]


def _production_settings(**environment: str) -> dict:
    base = {key: value for key, value in os.environ.items() if key not in NAMES}
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {NAMES!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our own settings
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**base, **PRODUCTION, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_trusts_one_proxy_and_requires_staff_totp_by_default():
    assert _production_settings() == {
        "ALLAUTH_TRUSTED_PROXY_COUNT": 1,
        "SPIRAL_STAFF_MFA_REQUIRED": True,
        "SPIRAL_API_TOKEN_TTL_DAYS": 30,
    }


def test_the_proxy_count_and_token_lifetime_come_from_the_environment_but_staff_totp_stays_on():
    assert _production_settings(
        ALLAUTH_TRUSTED_PROXY_COUNT="2", SPIRAL_API_TOKEN_TTL_DAYS="7", SPIRAL_STAFF_MFA_REQUIRED="false"
    ) == {"ALLAUTH_TRUSTED_PROXY_COUNT": 2, "SPIRAL_STAFF_MFA_REQUIRED": True, "SPIRAL_API_TOKEN_TTL_DAYS": 7}
