"""Django settings for Qamqor: one module, driven by environment variables (see ``qamqor.env``).

``QAMQOR_ENV=development`` (the default) gives the embedded SQLite demo; ``QAMQOR_ENV=production``
turns on every transport and cookie protection and refuses to start without a real ``SECRET_KEY``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from qamqor.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("QAMQOR_VAR_DIR", str(PROJECT_DIR / "var")))

QAMQOR_ENV = env_str("QAMQOR_ENV", "development")
PRODUCTION = QAMQOR_ENV == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

INSECURE_DEFAULT_SECRET_KEY = "django-insecure-qamqor-demo-key-change-me-in-production"
SECRET_KEY = env_str("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "qamqor.access.admin_apps.QamqorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "qamqor.core",
    "qamqor.rules",
    "qamqor.accounts",
    "qamqor.access",
    "qamqor.registry",
    "qamqor.journal",
    "qamqor.care",
    "qamqor.portal",
    "qamqor.exchange",
    "qamqor.control",
    "qamqor.api",
    "qamqor.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "qamqor.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session and user middleware, so that a database gone away there is a 503 too.
    "qamqor.core.db_unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "qamqor.accounts.middleware.SessionSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "qamqor.core.middleware.RequestContextMiddleware",
    "qamqor.core.middleware.ExportAuditMiddleware",
    "qamqor.api.middleware.ApiMiddleware",
]

ROOT_URLCONF = "qamqor.urls"
WSGI_APPLICATION = "qamqor.wsgi.application"
ASGI_APPLICATION = "qamqor.asgi.application"

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
                "qamqor.web.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default (the embedded demo); DATABASE_URL=postgres://... for PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'qamqor.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ yet, and SQLite does not create directories.
    if DATABASES["default"]["NAME"] and ":memory:" not in str(DATABASES["default"]["NAME"]):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions take the write lock at BEGIN, so two concurrent writers serialise
    # instead of failing half-way; WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
_test_name = env_str("DATABASE_TEST_NAME", "")
if _test_name:
    DATABASES["default"]["TEST"] = {"NAME": _test_name}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first; older PBKDF2 hashes still verify and are rehashed with Argon2 at the next log-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Every log-in (pages, admin, API) goes through the lockout of repeated failures.
AUTHENTICATION_BACKENDS = ["qamqor.accounts.backends.LockoutModelBackend"]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # Stateless application servers: the cache (throttling, lockout counters) and the sessions live in
    # Redis, shared by every worker and host; sessions are also written to the database (cached_db),
    # so a Redis restart logs nobody out.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "qamqor_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
# collectstatic target; in development WhiteNoise serves from the apps' folders (finders) instead.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "staticfiles"))) if PRODUCTION or env_str(
    "STATIC_ROOT", "") else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
CSRF_COOKIE_HTTPONLY = True
# Authentication (docs/security.md): lockout after repeated failed log-ins, per account and per address,
# within a sliding window; logged-out after inactivity; a second factor (TOTP) for the listed roles.
QAMQOR_LOCKOUT_ACCOUNT_FAILURES = env_int("QAMQOR_LOCKOUT_ACCOUNT_FAILURES", 5)
QAMQOR_LOCKOUT_ADDRESS_FAILURES = env_int("QAMQOR_LOCKOUT_ADDRESS_FAILURES", 20)
QAMQOR_LOCKOUT_WINDOW = env_int("QAMQOR_LOCKOUT_WINDOW", 15 * 60)
QAMQOR_SESSION_IDLE_TIMEOUT = env_int("QAMQOR_SESSION_IDLE_TIMEOUT", 30 * 60)
QAMQOR_TWO_FACTOR_REQUIRED = env_bool("QAMQOR_TWO_FACTOR_REQUIRED", True)
QAMQOR_TWO_FACTOR_ROLES = env_list("QAMQOR_TWO_FACTOR_ROLES", [
    "provider_specialist", "provider_head", "leb_officer", "inspector", "analyst", "admin"])
# Retention of records (docs/security.md): {"app.Model": {"field": date field, "days": N}}; the command
# `manage.py retention` reports what is past it and erases it only with --erase. QAMQOR_RETENTION_DAYS
# ("app.Model=days,...") changes the days of a listed rule.
QAMQOR_RETENTION = {
    "accounts.LoginAttempt": {"field": "at", "days": 90},
    "sessions.Session": {"field": "expire_date", "days": 0},
}
for _item in env_list("QAMQOR_RETENTION_DAYS", []):
    _label, _, _days = _item.partition("=")
    if _label.strip() in QAMQOR_RETENTION:
        QAMQOR_RETENTION[_label.strip()]["days"] = int(_days) if _days.strip() else None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script or style on any page (the admin's and the API docs' included): everything from 'self'.
QAMQOR_CONTENT_SECURITY_POLICY = env_str(
    "QAMQOR_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
QAMQOR_PERMISSIONS_POLICY = env_str(
    "QAMQOR_PERMISSIONS_POLICY",
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()")
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- REST API -------------------------------------------------------------------------------
# --- Scheduled jobs (manage.py run_jobs, from cron): name -> function(day) -------------------
QAMQOR_JOBS = {
    "lapse_offers": "qamqor.journal.jobs.lapse_offers",
    "recompute_risk": "qamqor.control.jobs.recompute_risk",
}

REST_FRAMEWORK = {
    # Session first: an anonymous request stays 403 (a bad bearer token is 401, see api.errors).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication",
                                       "qamqor.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["qamqor.access.drf.RequiredPermission",
                                   "qamqor.api.concurrency.IfMatchPrecondition"],
    "DEFAULT_SCHEMA_CLASS": "qamqor.api.schema.QamqorAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "qamqor.api.pagination.QamqorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "qamqor.api.errors.exception_handler",
    # Who the client is for throttling: the address the last proxy saw (X-Forwarded-For is otherwise
    # chosen by the client, and a throttle keyed on it is no throttle). 0 = no proxy in front.
    "NUM_PROXIES": env_int("NUM_PROXIES", 1 if PRODUCTION else 0),
}
# A retry with the same Idempotency-Key is answered from the stored response for this long.
API_IDEMPOTENCY_KEY_TTL = timedelta(hours=env_int("API_IDEMPOTENCY_KEY_TTL_HOURS", 24))
# PUT/PATCH of a versioned record without If-Match: 428 when True, accepted when False.
API_REQUIRE_IF_MATCH = env_bool("API_REQUIRE_IF_MATCH", False)
SPECTACULAR_SETTINGS = {
    "TITLE": "Qamqor API",
    "DESCRIPTION": "Special social services of the Republic of Kazakhstan",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from our own static files (no CDN), so that the Content-Security-Policy holds there too.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a field called "kind"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "GroundKindEnum": "qamqor.registry.models.Ground.Kind",
        "RepresentationKindEnum": "qamqor.registry.models.Representation.Kind",
        "InspectionKindEnum": "qamqor.control.models.Inspection.Kind",
        "InspectionStatusEnum": "qamqor.control.models.Inspection.Status",
        "CareFundingEnum": "qamqor.care.models.need.Funding",
        "DossierFundingEnum": "qamqor.care.models.AdmissionDossier.Funding",
        "FosterKindEnum": "qamqor.care.models.FosterFamily.Kind",
        "PlanStatusEnum": "qamqor.care.models.IndividualWorkPlan.Status",
        "SettingEnum": "qamqor.rules.choices.Setting",
        "SignedDocumentKindEnum": "qamqor.exchange.models.SignedDocument.Kind",
        "JournalSettingEnum": "qamqor.journal.models.JournalSetting",
        "EventKindEnum": "qamqor.journal.models.EventKind",
        "PlacementStatusEnum": "qamqor.journal.models.PlacementStatus",
        "ApplicationStatusEnum": "qamqor.journal.models.ApplicationStatus",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "qamqor.api.schema.postprocess_problems"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
