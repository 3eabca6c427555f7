"""The test suite: the same stack, with Argon2 made cheap so factories stay fast."""

from __future__ import annotations

import os

from django.contrib.auth.hashers import Argon2PasswordHasher

from .base import *  # noqa: F403


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    """Still Argon2, so tests see the production hash format, at a fraction of the cost."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


PASSWORD_HASHERS = ["tongban.settings.test.CheapArgon2PasswordHasher"]
# Tests serve static files through Django's own handler; no collected files are needed.
MIDDLEWARE = [name for name in MIDDLEWARE if not name.startswith("whitenoise")]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# SQLite tests use a file, as the embedded default does: threads in concurrency tests then
# queue on the write lock (busy_timeout) instead of failing at once as shared-cache memory does.
# One file per test process, so two runs in one work tree never share a database.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-suite-{os.getpid()}.sqlite3")  # noqa: F405
    }

# Uploaded files of the test suite go to their own folder, never into the real var/media.
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
