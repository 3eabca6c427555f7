"""Settings shared by every environment. Every value comes from the environment, with a safe
development default and a comment saying why it exists."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent.parent
# var/ holds the embedded database, uploads, collected static files and screenshots.
VAR_DIR = Path(os.environ.get("TONGBAN_VAR_DIR", SRC_DIR.parent.parent / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no setting: 1/true/yes/on count as yes."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated setting."""
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


SECRET_KEY = os.environ.get("TONGBAN_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("TONGBAN_DEBUG", False)
ALLOWED_HOSTS = env_list("TONGBAN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("TONGBAN_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "oauth2_provider",
    "tongban.core",
    "tongban.accounts",
    "tongban.catalog",
    "tongban.workflow",
    "tongban.cases",
    "tongban.licences",
    "tongban.exchange",
    "tongban.identity",
    "tongban.api",
    "tongban.web",
    "tongban.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tongban.urls"
WSGI_APPLICATION = "tongban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def sqlite_database(path: Path) -> dict:
    """The embedded default: SQLite in WAL mode. IMMEDIATE transactions take the write lock at
    BEGIN, so two writers queue on busy_timeout instead of failing half-way with 'locked'."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


# DATABASE_URL selects PostgreSQL (postgres://user@host:5432/name) for production and scale.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {"default": sqlite_database(VAR_DIR / "tongban.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "tongban.accounts.backends.IdentifierBackend",
]

# Argon2 first: new passwords are hashed with it; older hashes are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"

# Login throttling (django-axes): lock an account+address pair after this many failures,
# for this many hours. A national rule does not exist; provinces set their own.
AXES_FAILURE_LIMIT = int(os.environ.get("TONGBAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("TONGBAN_LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tongban.api.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False  # its start-up banner would print on every command

# Sessions: officials' idle sessions expire (see SESSION_COOKIE_AGE); every request renews it.
SESSION_COOKIE_AGE = int(os.environ.get("TONGBAN_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# API bearer tokens live this long (seconds).
TONGBAN_API_TOKEN_TTL = int(os.environ.get("TONGBAN_API_TOKEN_TTL", str(8 * 3600)))

# Personal data at rest (DESIGN.md): AES-256-GCM keys, "id:base64key" pairs, comma-separated,
# the first one encrypts new values and all of them decrypt. The keyed-hash key makes exact
# look-ups (by ID number, by phone) possible without decrypting. Production must set both.
TONGBAN_DATA_KEYS = os.environ.get(
    "TONGBAN_DATA_KEYS", "dev1:ZGV2LW9ubHktZGF0YS1rZXktMzItYnl0ZXMtbG9uZyE="
)
TONGBAN_LOOKUP_KEY = os.environ.get("TONGBAN_LOOKUP_KEY", "dev-only-lookup-hash-key")

# `tongban seed-demo` loads public demo accounts; production settings turn this off.
TONGBAN_ALLOW_DEMO_DATA = env_bool("TONGBAN_ALLOW_DEMO_DATA", True)

# 实施编码 check on catalogue import: "national" = issuing body's USCC + 行使层级 + 基本编码
# (STANDARDS.md §1.3, inferred from real codes, unverified); "free" accepts any code.
TONGBAN_IMPLEMENTATION_CODE_RULE = os.environ.get("TONGBAN_IMPLEMENTATION_CODE_RULE", "national")

# 行政许可法 art. 32: intake must answer within 5 working days or the application counts as
# accepted. Whether this applies unchanged to non-licensing items varies locally (STANDARDS §8).
TONGBAN_INTAKE_DAYS = int(os.environ.get("TONGBAN_INTAKE_DAYS", "5"))
# A deadline this many working days away or closer shows yellow; past it, red. No national
# figure was found; provinces set their own.
TONGBAN_DEADLINE_YELLOW_DAYS = int(os.environ.get("TONGBAN_DEADLINE_YELLOW_DAYS", "2"))

# 办件编号 (STANDARDS.md §2.2): no national composition rule was found; common practice is the
# 31-character implementation code, the date and a 4-digit daily sequence (43 characters ≤ 50).
TONGBAN_CASE_NUMBER_FORMAT = os.environ.get(
    "TONGBAN_CASE_NUMBER_FORMAT", "{implementation_code}{date:%Y%m%d}{seq:04d}"
)
# Uploaded materials larger than this are refused before they are kept.
TONGBAN_MAX_UPLOAD_BYTES = int(os.environ.get("TONGBAN_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# The CJK font official-document PDFs are set in and embed (core.documents). Empty: Debian's
# Noto Serif CJK SC (fonts-noto-cjk, installed by scripts/setup.sh); a .ttc picks its SC face.
TONGBAN_PDF_FONT = os.environ.get("TONGBAN_PDF_FONT", "")

# The working-day calendar (STANDARDS.md §7): years the chinesecalendar package covers are read
# from it; a newly announced year is loaded by an administrator into the HolidayYear table.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TONGBAN_LOG_LEVEL", "INFO")},
}
