"""Lantern's settings. Every value comes from the environment: see docs/configuration.md."""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from lantern.env import env_bool, env_choice, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("LANTERN_DEBUG", False)
DATA_DIR = Path(env_str("LANTERN_DATA_DIR", "var")).resolve()

SECRET_KEY = env_secret("LANTERN_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "LANTERN_SECRET_KEY (or LANTERN_SECRET_KEY_FILE) must be set unless "
            "LANTERN_DEBUG=true. (`make run` keeps one in lantern.env in its data directory, "
            f"which the lantern command looks for in {DATA_DIR}: run it where `make run` "
            "ran, or set LANTERN_DATA_DIR.)"
        )
    SECRET_KEY = "lantern-insecure-development-key-never-use-in-production"  # noqa: S105
elif len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("LANTERN_SECRET_KEY must be at least 32 characters long.")

ALLOWED_HOSTS = env_list(
    "LANTERN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "LANTERN_ALLOWED_HOSTS must name the host names Lantern is served on "
        "(comma-separated), e.g. lantern.example.org."
    )
CSRF_TRUSTED_ORIGINS = env_list("LANTERN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ninja",
    "lantern.audit",
    "lantern.partnerships",
    "lantern.accounts",
    "lantern.sso",
    "lantern.cases",
    "lantern.clock",
    "lantern.notifications",
    "lantern.agencyrequests",
    "lantern.meetings",
    "lantern.documents",
    "lantern.children",
    "lantern.adults",
    "lantern.dhr",
    "lantern.workflow",
    "lantern.chronology",
    "lantern.audits",
    "lantern.actions",
    "lantern.learning",
    "lantern.publications",
    "lantern.training",
    "lantern.calendars",
    "lantern.reports",
    "lantern.access",
    "lantern.manage",
    "lantern.api",
    "lantern.web",
    "lantern.demo",
    "lantern.ops",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lantern.ops.sessions.SessionRenewalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before anything that reads the address or looks up by it (PostgreSQL refuses NUL).
    "lantern.web.middleware.RefuseNulPathMiddleware",
    "lantern.accounts.middleware.TwoFactorMiddleware",
    "lantern.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "lantern.work.middleware.WorkCountMiddleware",
]

ROOT_URLCONF = "lantern.urls"
WSGI_APPLICATION = "lantern.wsgi.application"

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
                "csp.context_processors.nonce",
                "lantern.web.context_processors.lantern",
            ],
        },
    },
]
FORM_RENDERER = "lantern.web.forms.GovukRenderer"

# Identity providers' client secrets are read only from files under this folder, so an
# administrator registering a provider cannot point Lantern at any other file on the server.
SSO_SECRETS_DIR = Path(
    env_str("LANTERN_SSO_SECRETS_DIR", str(DATA_DIR / "secrets" / "sso"))
).resolve()
DATA_DIR_DEFAULT_DB = f"sqlite:///{DATA_DIR / 'lantern.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", DATA_DIR_DEFAULT_DB) or DATA_DIR_DEFAULT_DB,
            conn_max_age=env_int("LANTERN_DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL Lantern knows: {error}"
    ) from None
if DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:// or postgres:// URL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Several requests write at once (audit events on every read): wait, don't fail.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("LANTERN_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    # Sessions read from Redis, written through to the database: shared by every app
    # process, and kept if Redis restarts.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No Redis: the cache is a table every app process shares (one process's local
    # memory would keep counts another process has retired). `lantern migrate` creates
    # it (lantern.ops.cachetable). SQLite keeps Django's local-memory cache: one machine.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lantern_cache",
        }
    }

# Background tasks (e-mail, reminders): the database queue unless LANTERN_TASKS=rq;
# `immediate` runs them in the process that queued them (`make run`, which has no worker).
TASKS_QUEUE = env_choice("LANTERN_TASKS", "database", {"database", "rq", "immediate"})
if TASKS_QUEUE == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASKS_QUEUE == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("LANTERN_TASKS=rq needs LANTERN_REDIS_URL.")
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Off only in the test suite, whose test transactions never commit.
LANTERN_TASKS_AFTER_COMMIT = True

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("LANTERN_PASSWORD_MIN_LENGTH", 12, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle expiry: the session lapses after this much inactivity. A request renews it when a
# minute or more has passed since the last renewal (lantern.ops.sessions), not on every
# request: saving the session row on every page was a write per GET.
SESSION_COOKIE_AGE = env_int("LANTERN_SESSION_IDLE_MINUTES", 30, minimum=5, maximum=24 * 60) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env_int("LANTERN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LANTERN_LOCKOUT_MINUTES", 30, minimum=1) / 60
# Locked by account, not address: partner agencies' staff share office addresses,
# and locking an address would lock out a whole agency.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_CALLABLE = "lantern.accounts.services.login_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

OTP_TOTP_ISSUER = "Lantern"
# The platform admin never shows a person's second-factor secret or its QR code: an
# operator could otherwise take over someone's second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("LANTERN_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("LANTERN_STATIC_ROOT", str(DATA_DIR / "static"))).resolve()
# Uploaded and generated files: under the data directory (one volume every process
# mounts), or in an S3-compatible bucket so that no machine keeps any. Private either
# way: no URL, only Lantern's permission-checked views send them. `documents` holds the
# case documents, `default` the rest (evidence, agencies' returns).
FILE_STORAGE = env_choice("LANTERN_STORAGE", "filesystem", {"filesystem", "s3"})
if FILE_STORAGE == "s3":
    S3_OPTIONS: dict[str, object] = {
        "bucket_name": env_str("LANTERN_S3_BUCKET"),
        "endpoint_url": env_str("LANTERN_S3_ENDPOINT_URL") or None,
        "region_name": env_str("LANTERN_S3_REGION") or None,
        "default_acl": env_choice("LANTERN_S3_ACL", "private", {"private", "none"}),
        "file_overwrite": False,  # evidence keeps its own file name: never write over one
        "max_memory_size": 10 * 1024 * 1024,  # a larger file read spills to a temporary file
    }
    if not S3_OPTIONS["bucket_name"]:
        raise ImproperlyConfigured(
            "LANTERN_STORAGE=s3 needs LANTERN_S3_BUCKET: the name of the bucket Lantern's "
            "files are kept in (it must exist already)."
        )
    if S3_OPTIONS["endpoint_url"] and not str(S3_OPTIONS["endpoint_url"]).startswith(
        ("https://", "http://")
    ):
        raise ImproperlyConfigured(
            "LANTERN_S3_ENDPOINT_URL must be an https:// (or http://) address, not "
            f"{S3_OPTIONS['endpoint_url']!r}."
        )
    if S3_OPTIONS["default_acl"] == "none":  # a bucket with ACLs turned off: private anyway
        S3_OPTIONS["default_acl"] = None
    _s3_key_id = env_str("LANTERN_S3_ACCESS_KEY_ID")
    _s3_secret = env_secret("LANTERN_S3_SECRET_ACCESS_KEY")
    if bool(_s3_key_id) != bool(_s3_secret):
        raise ImproperlyConfigured(
            "LANTERN_S3_ACCESS_KEY_ID and LANTERN_S3_SECRET_ACCESS_KEY go together: set "
            "both, or neither to use the standard AWS credentials (AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY, a profile or the machine's role)."
        )
    if _s3_key_id:  # otherwise boto3 finds the credentials itself
        S3_OPTIONS |= {"access_key": _s3_key_id, "secret_key": _s3_secret}
    _private_s3 = "lantern.documents.s3.PrivateS3Storage"
    STORAGES = {
        "default": {"BACKEND": _private_s3, "OPTIONS": S3_OPTIONS | {"location": "media"}},
        "documents": {
            "BACKEND": _private_s3,
            "OPTIONS": S3_OPTIONS | {"location": "private/documents"},
        },
    }
else:
    STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(DATA_DIR / "media")},
        },
        "documents": {
            "BACKEND": "lantern.documents.models.PrivateStorage",
            "OPTIONS": {"location": str(DATA_DIR / "private" / "documents")},
        },
    }
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
WHITENOISE_USE_FINDERS = DEBUG

# HTTPS: secure cookies, redirect and HSTS. On by default outside development.
HTTPS = env_bool("LANTERN_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("LANTERN_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^health/"]
SECURE_HSTS_SECONDS = env_int("LANTERN_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
if env_bool("LANTERN_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

EMAIL_SUBJECT_PREFIX = "[Lantern] "
DEFAULT_FROM_EMAIL = env_str("LANTERN_FROM_EMAIL", "lantern@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("LANTERN_SMTP_HOST")
# Every e-mail is queued after its transaction commits and sent by the worker
# (lantern.notifications.delivery) through the backend LANTERN_EMAIL chooses.
EMAIL_BACKEND = "lantern.notifications.delivery.QueueBackend"
LANTERN_EMAIL = env_choice(
    "LANTERN_EMAIL", "smtp" if EMAIL_HOST else "console", {"smtp", "notify", "console", "file"}
)
EMAIL_DELIVERY_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "notify": "lantern.notifications.notify_backend.NotifyBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}[LANTERN_EMAIL]
if LANTERN_EMAIL == "smtp":
    if not EMAIL_HOST:
        raise ImproperlyConfigured("LANTERN_EMAIL=smtp needs LANTERN_SMTP_HOST.")
    EMAIL_PORT = env_int("LANTERN_SMTP_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("LANTERN_SMTP_USER")
    EMAIL_HOST_PASSWORD = env_secret("LANTERN_SMTP_PASSWORD")
    EMAIL_USE_TLS = env_bool("LANTERN_SMTP_TLS", True)
    EMAIL_TIMEOUT = 30
LANTERN_NOTIFY_API_KEY = env_secret("LANTERN_NOTIFY_API_KEY")
LANTERN_NOTIFY_TEMPLATE_ID = env_str("LANTERN_NOTIFY_TEMPLATE_ID")
LANTERN_NOTIFY_BASE_URL = env_str(
    "LANTERN_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
)
if LANTERN_EMAIL == "notify" and not (LANTERN_NOTIFY_API_KEY and LANTERN_NOTIFY_TEMPLATE_ID):
    raise ImproperlyConfigured(
        "LANTERN_EMAIL=notify needs LANTERN_NOTIFY_API_KEY and LANTERN_NOTIFY_TEMPLATE_ID."
    )
if LANTERN_EMAIL == "file":
    EMAIL_FILE_PATH = str(Path(env_str("LANTERN_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))))
# Tries in all before a refused e-mail is given up (1, 4, 16, 64 … minutes apart).
LANTERN_EMAIL_ATTEMPTS = env_int("LANTERN_EMAIL_ATTEMPTS", 5, minimum=1, maximum=10)
_reminder_time = env_str("LANTERN_REMINDER_TIME", "07:00")
try:
    _hour, _minute = (int(part) for part in _reminder_time.split(":"))
    if not (0 <= _hour < 24 and 0 <= _minute < 60):
        raise ValueError
except ValueError:
    raise ImproperlyConfigured(
        f"LANTERN_REMINDER_TIME must be a time as HH:MM, not {_reminder_time!r}."
    ) from None
LANTERN_REMINDER_TIME = (_hour, _minute)

LOG_LEVEL = env_choice("LANTERN_LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
# json: one JSON object a line on standard output, for a log collector.
LOG_FORMAT = env_choice("LANTERN_LOG_FORMAT", "text", {"text", "json"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lantern.ops.logs.JsonFormatter"}},
    "handlers": {
        "console": (
            {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
            if LOG_FORMAT == "json"
            else {"class": "logging.StreamHandler"}
        )
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# Shown in the phase banner; a partnership's live service says "live" here.
LANTERN_PHASE = env_choice("LANTERN_PHASE", "beta", {"alpha", "beta", "live"})

# The address people reach Lantern at, e.g. https://lantern.example.org: the links in its
# e-mails. Staff can sign in and find their case without one; a practitioner asked to
# answer a training survey has no account, so surveys are not sent until it is set.
LANTERN_BASE_URL = env_str("LANTERN_BASE_URL").rstrip("/")
if LANTERN_BASE_URL:
    _base = urlsplit(LANTERN_BASE_URL)
    if (
        _base.scheme not in {"http", "https"}
        or not _base.hostname
        or _base.query
        or (_base.fragment)
    ):
        raise ImproperlyConfigured(
            "LANTERN_BASE_URL must be the address Lantern is served at, "
            "e.g. https://lantern.example.org."
        )
