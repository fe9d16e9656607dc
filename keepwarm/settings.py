"""Django settings, all taken from the environment through ``keepwarm.config``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from keepwarm import config, config_email

try:
    config.check_unknown()
    DATA_DIR = config.data_dir()
    # Made up front: whitenoise warns about a missing folder before `collectstatic`.
    STATIC_ROOT = config.subfolder(DATA_DIR, "static")
    SECRET_KEY = config.secret_key(DATA_DIR)
    DEBUG: bool = config.read("KEEPWARM_DEBUG")
    ALLOWED_HOSTS: list[str] = config.read("KEEPWARM_ALLOWED_HOSTS")
    CSRF_TRUSTED_ORIGINS: list[str] = config.read("KEEPWARM_CSRF_TRUSTED_ORIGINS")
    HTTPS: bool = config.read("KEEPWARM_HTTPS")
    KEEPWARM_BASE_URL: str = config.read("KEEPWARM_BASE_URL")
    KEEPWARM_OPEN_SIGNUP: bool = config.read("KEEPWARM_OPEN_SIGNUP")
    KEEPWARM_PUBLIC_DEMO: bool = config.read("KEEPWARM_PUBLIC_DEMO")
    KEEPWARM_DEFAULT_TIME_ZONE: str = config.read("KEEPWARM_TIME_ZONE")
    KEEPWARM_THREADS: int = config.read("KEEPWARM_THREADS")
    KEEPWARM_UPLOAD_LIMIT_MB: int = config.read("KEEPWARM_UPLOAD_LIMIT_MB")
    KEEPWARM_IMPORT_MAX_ROWS: int = config.read("KEEPWARM_IMPORT_MAX_ROWS")
    AXES_FAILURE_LIMIT: int = config.read("KEEPWARM_LOGIN_FAILURE_LIMIT")
    KEEPWARM_ACCOUNT_FAILURE_LIMIT: int = config.read("KEEPWARM_ACCOUNT_FAILURE_LIMIT")
    KEEPWARM_API_RATE_LIMIT: int = config.read("KEEPWARM_API_RATE_LIMIT")
    _COOLOFF_MINUTES: int = config.read("KEEPWARM_LOGIN_COOLOFF_MINUTES")
    KEEPWARM_LABEL_FONT_DIRS: list[Path] | None = config.read("KEEPWARM_LABEL_FONT_DIRS")
    _LOG_LEVEL: str = config.read("KEEPWARM_LOG_LEVEL")
    _DATABASE_URL: str | None = config.read("DATABASE_URL")
    _EMAIL = config_email.email()
    KEEPWARM_WORKER_INTERVAL: int = config.read("KEEPWARM_WORKER_INTERVAL")
except config.ConfigError as exc:
    raise ImproperlyConfigured(str(exc)) from None

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "ninja",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "keepwarm.accounts",
    "keepwarm.contacts",
    "keepwarm.touches",
    "keepwarm.plans",
    "keepwarm.mail",
    "keepwarm.occasions",
    "keepwarm.warmcalls",
    "keepwarm.imports",
    "keepwarm.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "keepwarm.accounts.middleware.UserTimeZoneMiddleware",
    "keepwarm.accounts.middleware.SessionSeenMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "keepwarm.urls"
WSGI_APPLICATION = "keepwarm.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

FORM_RENDERER = "keepwarm.web.rendering.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "keepwarm.web.context.site",
                "keepwarm.web.context.health",
            ],
        },
    },
]

# SQLite: WAL lets readers go on while one writer writes; IMMEDIATE takes the
# write lock at BEGIN so two writers queue (busy timeout) instead of failing
# half-way with "database is locked".
_SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if _DATABASE_URL:
    _database = dj_database_url.parse(_DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        _database["OPTIONS"] = dict(_SQLITE_OPTIONS)
else:
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "keepwarm.sqlite3",
        "OPTIONS": dict(_SQLITE_OPTIONS),
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_COOLOFF_TIME = dt.timedelta(minutes=_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Two limits: a user name from one address (AXES_FAILURE_LIMIT), and the same
# name from every address together (keepwarm.accounts.throttle). A refused
# attempt during a lock-out is no guess (no password is checked) and counts for
# neither, so one address cannot run the account's count up; a lock-out lasts
# the cool-off from its start.
AXES_HANDLER = "keepwarm.accounts.throttle.Handler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "keepwarm.web.views.signin.locked_out"
AXES_VERBOSE = False
# Lock-out messages are logged: keep user names (often emails) and addresses out.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]

# Two-factor sign-in (keepwarm.accounts.two_factor): the name authenticator apps show.
OTP_TOTP_ISSUER = "keepwarm"
# A password reset link (keepwarm.mail.account_mail) works for an hour.
PASSWORD_RESET_TIMEOUT = 60 * 60

# Email goes out through the outbox (keepwarm.mail.outbox), never from a
# request. EMAIL_HOST empty means "not set up": messages wait in the outbox.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = _EMAIL.host or ""
EMAIL_PORT = _EMAIL.port
EMAIL_HOST_USER = _EMAIL.user
EMAIL_HOST_PASSWORD = _EMAIL.password
EMAIL_USE_TLS = _EMAIL.tls
EMAIL_USE_SSL = _EMAIL.ssl
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = _EMAIL.sender
SERVER_EMAIL = _EMAIL.sender

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Cookies and headers. Secure cookies, HSTS and the redirect need HTTPS, so they
# follow KEEPWARM_HTTPS (a local `make run` is plain http on 127.0.0.1).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a one-way commitment for a whole domain; the admin decides.
    "security.W021",
]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The installable app: its service worker (/sw.js) and manifest.
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
    "loggers": {
        # Request logs would carry names and emails in query strings: keep them out.
        "django.request": {"level": "ERROR"},
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
