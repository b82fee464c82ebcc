"""OneTeam's one settings file.

Everything an operator may change comes from the environment, and a value that
cannot be understood stops the process with a message naming the variable:
a typo in production should fail at start-up, not at three in the morning.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ONETEAM_VAR_DIR", BASE_DIR.parent / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("ONETEAM_TESTING", False)
# ONETEAM_DEV=1 (set by `make run`) allows the built-in development key and
# local host names while still serving the real 404/500 pages.
DEV = env_bool("ONETEAM_DEV", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING or DEV:
        SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for local development."
        )
elif len(SECRET_KEY) < 32 and not (DEBUG or DEV):
    raise ImproperlyConfigured("SECRET_KEY is too short: use at least 32 random characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG or TESTING or DEV else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is empty: list the host names this site answers to.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if urlparse(SITE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    # Before allauth, so its templates under people/templates/account/ win.
    "oneteam.people",
    "allauth",
    "allauth.account",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "oneteam.core",
    "oneteam.chapters",
    "oneteam.events",
    "oneteam.leancoffee",
    "oneteam.unconf",
    "oneteam.work",
    "oneteam.goals",
    "oneteam.stories",
    # Last: the demo loads data through every app above and nothing imports it.
    "oneteam.demo",
]
SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "oneteam.core.middleware.ViewerTimezoneMiddleware",
    "oneteam.core.middleware.RefuseNullCharactersMiddleware",
]

ROOT_URLCONF = "oneteam.urls"
ASGI_APPLICATION = "oneteam.asgi.application"
# Threads that run requests in each server process (oneteam/asgi.py); each keeps a database
# connection. One is fastest on SQLite (one writer at a time anyway) and under load (threads of
# one process share one core); more help when pages wait on a slow PostgreSQL. To use more
# cores, run more processes: `oneteam run --workers N` (docs/live.md).
REQUEST_THREADS = env_int("ONETEAM_THREADS", 1, minimum=1)

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
                "django.template.context_processors.tz",
            ],
            "builtins": ["oneteam.core.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "oneteam.core.forms.GovukFormRenderer"

# --- Database: SQLite in var/ unless DATABASE_URL says otherwise -----------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    try:
        # conn_max_age 0: the pool below keeps the connections (Django requires 0 with it),
        # and without the pool, threads Django starts outside oneteam/asgi.py's request
        # pool (its signals, async views' sync_to_async) would each keep one open.
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    except Exception as exc:  # dj-database-url raises several types
        raise ImproperlyConfigured(f"DATABASE_URL could not be understood: {exc}") from None
    # PostgreSQL: a pool of connections per process (psycopg_pool, Django 5.1+), shared by
    # whichever thread runs the view. Opening a connection per request cost PostgreSQL
    # 30-50 ms at the 95th percentile (bench/register.py); the pool hands back an open one.
    # Django requires conn_max_age 0 with it. ONETEAM_DB_POOL_SIZE=0 switches it off.
    DB_POOL_SIZE = env_int("ONETEAM_DB_POOL_SIZE", 8, minimum=0)
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOL_SIZE:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1, "max_size": DB_POOL_SIZE, "timeout": 20,
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "oneteam.sqlite3",
            "OPTIONS": {
                # WAL lets readers carry on while one writer writes; IMMEDIATE
                # takes the write lock when a transaction starts, so two
                # sign-ups never both read "one place left".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
            # Kept open: the server's request threads are a fixed pool (oneteam/asgi.py), and
            # opening a connection per request, then folding the WAL back in when the last one
            # closes, cost more than a lean coffee vote itself (docs/live.md).
            "CONN_MAX_AGE": None,
        }
    }
if TESTING and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the concurrency tests sign up from many threads at once.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
if DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: shared cache across processes when REDIS_URL is set -----------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    if urlparse(REDIS_URL).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://.")
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background work: `oneteam worker` runs what the site queues ------------
# database (default): tasks wait in a table of the site's own database.
# redis: tasks wait in Redis (REDIS_URL) and RQ runs them, for instances with
# several machines. immediate: run at once, in the process that queued them
# (the test suite's default).
TASKS_QUEUE = os.environ.get("ONETEAM_TASKS", "immediate" if TESTING else "database")
if TASKS_QUEUE == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_QUEUE == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("ONETEAM_TASKS=redis needs REDIS_URL.")
    INSTALLED_APPS.insert(INSTALLED_APPS.index("oneteam.core"), "django_rq")  # the demo app stays last
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
elif TASKS_QUEUE == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(f"ONETEAM_TASKS={TASKS_QUEUE!r} must be database, redis or immediate.")

# --- People and sign-in (django-allauth, e-mail only) ----------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
if ACCOUNT_EMAIL_VERIFICATION not in {"mandatory", "optional", "none"}:
    raise ImproperlyConfigured("ACCOUNT_EMAIL_VERIFICATION must be mandatory, optional or none.")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "oneteam.people.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "oneteam.people.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"oneteam.people.account_forms.{cls}"
    for name, cls in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OneTeam] "
if TESTING:
    ACCOUNT_RATE_LIMITS = False  # allauth's defaults (kept in the cache, shared through Redis) apply otherwise
# allauth counts sign-in attempts per client address. Behind reverse proxies
# that you run, every request comes from the last proxy, so allauth must read
# the client from X-Forwarded-For: the address that many entries from its
# right end, which your own proxies wrote. With 0 the header is ignored, as
# anyone can send one.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "people:me"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- E-mail: printed to the console unless an SMTP server is configured ----
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OneTeam <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files (GOV.UK Frontend built by `npm run build`) --------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded files (story covers, podcast audio), read and written through Django's storage API.
MEDIA_ROOT = Path(os.environ.get("ONETEAM_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
if DEBUG or TESTING or DEV:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Security: strict when DEBUG is off ----------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Sessions live in the database and are read through the cache (Redis when REDIS_URL is set):
# every signed-in request reads one, and a cache hit costs a tenth of the query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
HTTPS = env_bool("HTTPS", SITE_URL.startswith("https://"))
for _name, _on in (("ONETEAM_TESTING", TESTING), ("ONETEAM_DEV", DEV)):
    # Both switch on the development key, local host names and (for tests)
    # no sign-in rate limits: an HTTPS site is a real one, so refuse.
    if _on and (HTTPS or SITE_URL.startswith("https://")):
        raise ImproperlyConfigured(
            f"{_name} is for development and tests only, but this site is served over HTTPS "
            "(HTTPS=true or an https:// SITE_URL): unset it in production."
        )
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 30)

# Content-Security-Policy (django-csp): every script and stylesheet is a file
# served from this site; no inline script, no style attribute, no plugin, and
# no other site may frame a page. Images may be data: URLs because Swagger UI's
# stylesheet (the API docs at /api/docs) draws its icons that way; an image
# cannot run script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy; Django 5.2 has no setting of
# its own for it): OneTeam uses none of these browser features, so no page,
# nor anything it might embed, may ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi",
        "payment", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}

# Every record goes through one handler whose filter hides the secrets that
# travel in paths (the calendar-feed token: see oneteam/core/logging.py).
# Django's own handlers for its loggers are dropped so that their records reach
# that one (no ADMINS are set, so its mail handler never sent anything).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secret_paths": {"()": "oneteam.core.logging.RedactSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_secret_paths"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
