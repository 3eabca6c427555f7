"""Production: refuses to start with any development default left in place."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

for required in ("TONGBAN_SECRET_KEY", "TONGBAN_DATA_KEYS", "TONGBAN_LOOKUP_KEY", "DATABASE_URL"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"{required} must be set in production")

DEBUG = False
TONGBAN_ALLOW_DEMO_DATA = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("TONGBAN_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("TONGBAN_HSTS_SECONDS", "31536000"))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
