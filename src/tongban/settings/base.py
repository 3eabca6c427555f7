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
    # Keeps the signed-in sessions list ("last seen", accounts.login_sessions) current.
    "tongban.accounts.login_sessions.SessionActivityMiddleware",
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
        # Project-wide overrides of other apps' templates (the admin's base_site.html).
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Whom the signed-in person acts for (经办人), shown in every page's header.
                "tongban.web.account_views.acting_for_context",
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

# Real-name verification (实名核验): the identity-verification service's address and the key its
# answers are signed with (HMAC-SHA256). The default is the sandbox (`tongban sandbox idcheck`);
# a province points these at its own service. Production must set the key.
TONGBAN_IDCHECK_URL = os.environ.get("TONGBAN_IDCHECK_URL", "http://127.0.0.1:8701")
TONGBAN_IDCHECK_KEY = os.environ.get("TONGBAN_IDCHECK_KEY", "dev-only-idcheck-key")
# Seconds to wait for the service before telling the user to try again later.
TONGBAN_IDCHECK_TIMEOUT = float(os.environ.get("TONGBAN_IDCHECK_TIMEOUT", "5"))

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

# Where the public reaches the platform: licence QR codes point to {this}/verify/.
TONGBAN_PUBLIC_URL = os.environ.get("TONGBAN_PUBLIC_URL", "http://127.0.0.1:8000")

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
# from it; a newly announced year is loaded by an administrator into the HolidayYear table; any
# other year is counted provisionally (core.provisional) with these break lengths, custom rather
# than law, so settings: 春节 from the day(s) before 除夕, 劳动节 from 1 May, 国庆 from 1 October.
TONGBAN_PROVISIONAL_SPRING_FESTIVAL_DAYS = int(
    os.environ.get("TONGBAN_PROVISIONAL_SPRING_FESTIVAL_DAYS", "9")
)
TONGBAN_PROVISIONAL_SPRING_FESTIVAL_DAYS_BEFORE_EVE = int(
    os.environ.get("TONGBAN_PROVISIONAL_SPRING_FESTIVAL_DAYS_BEFORE_EVE", "1")
)
TONGBAN_PROVISIONAL_LABOUR_DAY_DAYS = int(
    os.environ.get("TONGBAN_PROVISIONAL_LABOUR_DAY_DAYS", "5")
)
TONGBAN_PROVISIONAL_NATIONAL_DAY_DAYS = int(
    os.environ.get("TONGBAN_PROVISIONAL_NATIONAL_DAY_DAYS", "7")
)
# Deemed acceptance never fires on a provisional date: an intake period counted provisionally
# counts as over only this many calendar days after its provisional end, so that an arrangement
# outside the usual pattern (the 2020 Spring Festival was extended by a week) cannot make it
# fire before the official end.
TONGBAN_PROVISIONAL_DEEMED_GRACE_DAYS = int(
    os.environ.get("TONGBAN_PROVISIONAL_DEEMED_GRACE_DAYS", "10")
)
# From this day of the year (month, day) administrators are warned while next year's official
# schedule is not loaded.
TONGBAN_CALENDAR_WARNING_FROM = (10, 1)
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

# --- OpenID Connect provider (identity room, django-oauth-toolkit) -------------------------
# Department systems sign their users in through Tongban (一次认证，全网通办). Authorization code
# flow only; PKCE (S256 only) required of public clients; ID tokens RS256, signed with the
# database keys of identity.SigningKey (`tongban oidc rotate-key`), read at request time through
# the hooks in tongban.identity.hooks.
from tongban.identity import hooks as oidc_hooks  # noqa: E402

# Subjects are pairwise: HMAC(client id, user id) under this key. Changing it changes every
# subject every department system knows, so production sets it once and keeps it.
TONGBAN_OIDC_PAIRWISE_KEY = os.environ.get("TONGBAN_OIDC_PAIRWISE_KEY", "dev-only-pairwise-key")
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OAUTH2_VALIDATOR_CLASS": "tongban.identity.validators.TongbanValidator",
    "OIDC_RSA_PRIVATE_KEY": oidc_hooks.CURRENT_PRIVATE_KEY,
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE": oidc_hooks.RETIRED_PRIVATE_KEYS,
    # Empty: the issuer is derived from the request (scheme, host, /o). Behind a proxy, set it.
    "OIDC_ISS_ENDPOINT": os.environ.get("TONGBAN_OIDC_ISSUER", ""),
    "SCOPES": {
        "openid": _("用户标识"),
        "profile": _("姓名和代办企业"),
        "realname": _("实名等级"),
    },
    "DEFAULT_SCOPES": ["openid"],
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OIDC_SUBJECT_TYPES_SUPPORTED": ["pairwise"],
    "OIDC_TOKEN_ENDPOINT_AUTH_METHODS_SUPPORTED": [
        "client_secret_basic",
        "client_secret_post",
        "none",
    ],
    "PKCE_REQUIRED": oidc_hooks.pkce_required,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    # Codes are single-use (deleted on exchange) and live this long: long enough for one
    # back-channel exchange, too short to be worth stealing.
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": int(os.environ.get("TONGBAN_OIDC_CODE_SECONDS", "60")),
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("TONGBAN_OIDC_TOKEN_SECONDS", "3600")),
    # Also how long a retired signing key stays in the JWKS after rotation.
    "ID_TOKEN_EXPIRE_SECONDS": int(os.environ.get("TONGBAN_OIDC_ID_TOKEN_SECONDS", "3600")),
    "REFRESH_TOKEN_EXPIRE_SECONDS": int(
        os.environ.get("TONGBAN_OIDC_REFRESH_SECONDS", str(8 * 3600))
    ),
    # Consent is asked every time: the person always sees which system gets which data.
    "REQUEST_APPROVAL_PROMPT": "force",
    # http is allowed for development; production sets "https".
    "ALLOWED_REDIRECT_URI_SCHEMES": env_list("TONGBAN_OIDC_REDIRECT_SCHEMES", "https,http"),
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
}
# DOT's models are swappable; identity.ActingFor points at these two, so migrations need them.
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # noqa: S105
# --- end of OpenID Connect provider ---------------------------------------------------------
