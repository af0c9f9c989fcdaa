"""One settings module for every environment, driven by environment variables.

The defaults give a working single-machine demo on SQLite; production sets DATABASE_URL,
PEERLEARN_SECRET_KEY, PEERLEARN_ALLOWED_HOSTS and the e-mail variables (see README.md).
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("PEERLEARN_DEBUG", False)
ALLOWED_HOSTS = env_list("PEERLEARN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("PEERLEARN_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("PEERLEARN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DATA_DIR = Path(env_str("PEERLEARN_DATA_DIR", str(BASE_DIR / "var")))


def persisted_secret_key(path: Path) -> str:
    """A random key made once and kept beside the data, for installs that set none.

    A self-hosted install must never run on a key printed in its source: it would let anyone
    forge sessions and password-reset links. Several app machines must share one key, so
    production sets PEERLEARN_SECRET_KEY; a single machine (and the demo) is safe without it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process (the worker) may be writing it right now
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.1)
        raise ImproperlyConfigured(
            f"{path} is empty; delete it or set PEERLEARN_SECRET_KEY."
        ) from None
    key = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w") as file:
        file.write(key)
    return key


SECRET_KEY = os.environ.get("PEERLEARN_SECRET_KEY") or persisted_secret_key(DATA_DIR / "secret_key")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs (Swagger UI) from its own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "peerlearn.core",
    "peerlearn.accounts",
    "peerlearn.people",
    "peerlearn.activities",
    "peerlearn.knowledge",
    "peerlearn.qa",
    "peerlearn.search",
    "peerlearn.jobs",
    "peerlearn.notifications",
    "peerlearn.mentoring",
    "peerlearn.onboarding",
    "peerlearn.shadowing",
    "peerlearn.calendars",
    "peerlearn.matching",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "peerlearn.core.middleware.RejectNulCharactersMiddleware",
    "peerlearn.core.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "peerlearn.core.middleware.ViewerTimezoneMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "peerlearn.core.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.static"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'peerlearn.sqlite3'}"),
        conn_max_age=env_int("PEERLEARN_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must work on a fresh checkout, so its folder is created on demand.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and the task worker proceed while a request writes; IMMEDIATE avoids
    # "database is locked" errors when two writers upgrade read locks at the same time.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["peerlearn.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("PEERLEARN_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed but not hashed: templates never need a manifest, so tests and the demo run
    # without collectstatic, and WhiteNoise still serves gzip/brotli in production.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env_str("PEERLEARN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("PEERLEARN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PEERLEARN_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("PEERLEARN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("PEERLEARN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PEERLEARN_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("PEERLEARN_FROM_EMAIL", "Peerlearn <peerlearn@localhost>")

# Upload limits for the CSV import page (the largest file an admin can send).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("PEERLEARN_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

PEERLEARN_PAGE_SIZE = env_int("PEERLEARN_PAGE_SIZE", 25)
# The largest file a hub page may attach (images and documents, checked by content).
PEERLEARN_HUB_MAX_ATTACHMENT_BYTES = env_int("PEERLEARN_HUB_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
# Matching rounds up to this many seekers run in the request; larger ones in the background.
PEERLEARN_MATCHING_SYNC_SEEKERS = env_int("PEERLEARN_MATCHING_SYNC_SEEKERS", 400)
PEERLEARN_API_TOKEN_PREFIX = "plp_"  # noqa: S105 - a public marker, not a secret

# Background jobs (reminders, digests, e-mail) go through Django's Tasks API (django-tasks).
# The default database backend needs no broker: `peerlearn worker` processes the queue and runs
# the periodic scheduler, and any number of workers on any number of machines may share it.
# PEERLEARN_TASKS_BACKEND names another backend class (e.g. a Redis-backed one) to swap it.
TASKS = {
    "default": {
        "BACKEND": env_str("PEERLEARN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": env_list("PEERLEARN_TASKS_QUEUES", ["default"]),
    }
}
# A failing job is retried up to this many attempts, waiting base·2^(n-1) seconds (capped).
PEERLEARN_JOB_MAX_ATTEMPTS = env_int("PEERLEARN_JOB_MAX_ATTEMPTS", 5)
PEERLEARN_JOB_RETRY_BASE_SECONDS = env_int("PEERLEARN_JOB_RETRY_BASE_SECONDS", 30)
PEERLEARN_JOB_RETRY_MAX_SECONDS = env_int("PEERLEARN_JOB_RETRY_MAX_SECONDS", 3600)
# A job still "running" this long after it started belongs to a worker that died; it is retried.
PEERLEARN_JOB_LEASE_SECONDS = env_int("PEERLEARN_JOB_LEASE_SECONDS", 1800)
# How often each worker's scheduler looks for due periodic jobs.
PEERLEARN_SCHEDULER_INTERVAL_SECONDS = env_int("PEERLEARN_SCHEDULER_INTERVAL_SECONDS", 30)

# Mentoring, onboarding and shadowing: a pair "needs attention" when a scheduled check-in is
# this many hours overdue without being recorded, or nothing happened for this many days.
PEERLEARN_MENTORING_QUIET_DAYS = env_int("PEERLEARN_MENTORING_QUIET_DAYS", 21)
PEERLEARN_CHECKIN_GRACE_HOURS = env_int("PEERLEARN_CHECKIN_GRACE_HOURS", 48)
# Reminders of check-ins, milestones and shadowing sessions go out this long before they start.
PEERLEARN_REMINDER_HOURS_BEFORE = env_int("PEERLEARN_REMINDER_HOURS_BEFORE", 24)
# People with a hire date in the last N days (or in the future) and no onboarding get one.
PEERLEARN_ONBOARDING_AUTO_START = env_bool("PEERLEARN_ONBOARDING_AUTO_START", True)
PEERLEARN_ONBOARDING_NEW_HIRE_DAYS = env_int("PEERLEARN_ONBOARDING_NEW_HIRE_DAYS", 14)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PEERLEARN_LOG_LEVEL", "WARNING")},
}
