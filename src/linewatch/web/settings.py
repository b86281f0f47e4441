"""Django settings for Linewatch.

Everything that differs between a laptop demo and a production deployment comes from the
environment (see docs/operator-guide.md):

``DATABASE_URL``            database; default a SQLite file ``linewatch.db`` in the working dir
``LINEWATCH_ENV``           ``development`` (default) or ``production``
``LINEWATCH_SECRET_KEY``    required in production
``LINEWATCH_ALLOWED_HOSTS`` comma-separated, required in production

The security settings (sign-in lock-out, idle time-out, upload limits, TLS) and their
variables are listed in docs/security.md.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from csp.constants import NONE, SELF

from linewatch.core.access import Role
from linewatch.web.configuration import (
    ConfigurationError,
    database_from_env,
    environment_name,
    flag_from_env,
    int_from_env,
    list_from_env,
)

django_stubs_ext.monkeypatch()  # lets admin.ModelAdmin[Model] and friends work at run time

WEB_DIR = Path(__file__).resolve().parent
ENVIRONMENT = environment_name()
PRODUCTION = ENVIRONMENT == "production"

if PRODUCTION:
    SECRET_KEY = os.environ.get("LINEWATCH_SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ConfigurationError(
            "LINEWATCH_SECRET_KEY must be set to a random string of at least 50 characters "
            "in production (e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))')"
        )
    ALLOWED_HOSTS = list_from_env("LINEWATCH_ALLOWED_HOSTS", required=True)
    DEBUG = False
else:
    SECRET_KEY = os.environ.get(
        "LINEWATCH_SECRET_KEY", "development-only-key-not-for-production-use-0123456789abcdef"
    )
    ALLOWED_HOSTS = list_from_env("LINEWATCH_ALLOWED_HOSTS") or ["localhost", "127.0.0.1", "[::1]"]
    DEBUG = os.environ.get("LINEWATCH_DEBUG", "") == "1"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "linewatch.web.accounts",
    "linewatch.web.audit",
    "linewatch.web.pole",
    "linewatch.web.events",
    "linewatch.web.intel",
    "linewatch.web.lines",
    "linewatch.web.interventions",
    "linewatch.web.intake",
    "linewatch.web.search",
    "linewatch.web.api",
    "linewatch.web.concerns",
    "linewatch.web.linking",
    "linewatch.web.network",
    "linewatch.web.trends",
    "linewatch.web.messaging",
    "linewatch.web.risk",
    "linewatch.web.retention",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "linewatch.web.accounts.protection.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "linewatch.web.accounts.middleware.IdleTimeoutMiddleware",
    "linewatch.web.accounts.middleware.LoginRequiredMiddleware",
    "linewatch.web.accounts.middleware.TwoFactorRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "linewatch.web.accounts.protection.PrivateResponseHeadersMiddleware",
]

ROOT_URLCONF = "linewatch.web.urls"
WSGI_APPLICATION = "linewatch.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Argon2id first (new and re-hashed passwords); the others only to verify older hashes, which
# Django upgrades to Argon2 at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username before checking it
    "django.contrib.auth.backends.ModelBackend",
]
# NCSC password guidance: length and a deny-list of common passwords, no composition rules,
# no forced expiry (docs/security.md).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int_from_env("LINEWATCH_PASSWORD_MIN_LENGTH", 12, minimum=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "linewatch.web.accounts.passwords.DisguisedCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("LINEWATCH_STATIC_ROOT", Path.cwd() / "staticfiles"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = not PRODUCTION

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day at most, however active
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Lock-out after repeated failed sign-ins (django-axes), per username: an attacker spreading
# guesses over many addresses is still stopped.  An administrator can unlock early
# (`linewatch manage axes_reset_username USERNAME`).
AXES_FAILURE_LIMIT = int_from_env("LINEWATCH_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=int_from_env("LINEWATCH_LOCKOUT_MINUTES", 15, minimum=1))
# ... and per address, against password spraying (one password tried on many usernames): many
# failures from one address across usernames lock that address (accounts/lockout.py).
AXES_HANDLER = "linewatch.web.accounts.lockout.UsernameOrAddressHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # this order: lockout.PARAMETERS
LINEWATCH_LOCKOUT_ADDRESS_FAILURES = int_from_env(
    "LINEWATCH_LOCKOUT_ADDRESS_FAILURES", 30, minimum=AXES_FAILURE_LIMIT
)
# Behind N reverse proxies (LINEWATCH_PROXY_COUNT), the client's address is the one the
# outermost proxy added to X-Forwarded-For, counted from the right (the left is the client's
# to forge).
AXES_IPWARE_PROXY_COUNT = int_from_env("LINEWATCH_PROXY_COUNT", 0, minimum=0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Linewatch's idle time-out: a session unused for this long is signed out (sliding).
LINEWATCH_IDLE_TIMEOUT_SECONDS = 60 * int_from_env("LINEWATCH_IDLE_MINUTES", 30, minimum=1)

# Two-factor sign-in (TOTP, django-otp) for these roles (docs/security.md).
LINEWATCH_TWO_FACTOR_ROLES = list_from_env("LINEWATCH_TWO_FACTOR_ROLES") or [
    "police_analyst",
    "police_officer",
    "neighbourhood_commander",
    "partner_analyst",
]
_unknown_roles = sorted(set(LINEWATCH_TWO_FACTOR_ROLES) - {role.value for role in Role})
if _unknown_roles:
    raise ConfigurationError(
        f"LINEWATCH_TWO_FACTOR_ROLES names unknown role {_unknown_roles[0]!r}; use any of: "
        + ", ".join(role.value for role in Role)
    )
OTP_TOTP_ISSUER = "Linewatch"
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try

CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere.  Leaflet and
# the other scripts set element.style from JavaScript, which style-src does not govern; only
# style attributes in markup and <style> elements would need 'unsafe-inline' (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Upload limits.  A feed file may be large; every other request body is small.
LINEWATCH_UPLOAD_MAX_BYTES = (
    1024 * 1024 * int_from_env("LINEWATCH_MAX_FEED_UPLOAD_MB", 200, minimum=1)
)
LINEWATCH_API_MAX_UPLOAD_BYTES = LINEWATCH_UPLOAD_MAX_BYTES
LINEWATCH_MAX_REQUEST_BYTES = LINEWATCH_UPLOAD_MAX_BYTES + 1024 * 1024  # + the form around it
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # a form's fields, files not counted
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger files go to a temporary file

if PRODUCTION:
    # Served behind TLS.  The proxy that ends TLS must set the header named here (and strip
    # it from clients); LINEWATCH_PROXY_SSL_HEADER= (empty) when Linewatch ends TLS itself.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-linewatch-session"
    CSRF_COOKIE_NAME = "__Host-linewatch-csrf"
    SECURE_SSL_REDIRECT = flag_from_env("LINEWATCH_SSL_REDIRECT", True)
    _proxy_header = os.environ.get("LINEWATCH_PROXY_SSL_HEADER", "X-Forwarded-Proto").strip()
    if _proxy_header:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
    SECURE_HSTS_SECONDS = int_from_env("LINEWATCH_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = flag_from_env("LINEWATCH_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = flag_from_env("LINEWATCH_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LINEWATCH_LOG_LEVEL", "WARNING")},
}

# Linewatch's own settings.
LINEWATCH_PAGE_SIZE = 25
# Who rescores stale worklist runs: "background" (a thread of the web process that found the
# run stale) or "scheduled" (only `linewatch score --stale-only`, run by a timer in its own
# process: advised for big areas, so scoring never shares a web worker). docs/risk.md.
LINEWATCH_RISK_RESCORE = os.environ.get("LINEWATCH_RISK_RESCORE", "background").strip()
LINEWATCH_RISK_MAX_AGE_HOURS = int_from_env("LINEWATCH_RISK_MAX_AGE_HOURS", 24, minimum=1)
LINEWATCH_RISK_MIN_INTERVAL_SECONDS = int_from_env(
    "LINEWATCH_RISK_MIN_INTERVAL_SECONDS", 300, minimum=0
)
LINEWATCH_RISK_CLAIM_TIMEOUT_MINUTES = int_from_env(
    "LINEWATCH_RISK_CLAIM_TIMEOUT_MINUTES", 30, minimum=1
)
LINEWATCH_RETENTION_FILE = os.environ.get("LINEWATCH_RETENTION_FILE", "")  # docs/retention.md
# The auditor's page checks the whole audit chain on each visit up to this many entries.
LINEWATCH_AUDIT_VERIFY_ON_PAGE_MAX = int_from_env("LINEWATCH_AUDIT_VERIFY_ON_PAGE_MAX", 200_000)
