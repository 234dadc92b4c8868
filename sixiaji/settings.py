"""Settings for sixiaji, read from the environment.

With no environment set, the embedded default: a SQLite file, Celery tasks run
eagerly in the web process (no Redis), DEBUG on. Production sets DATABASE_URL,
CELERY_BROKER_URL (or REDIS_URL), SECRET_KEY, ALLOWED_HOSTS and DEBUG=off.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
NODE_MODULES = BASE_DIR / "node_modules"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env(
        "SECRET_KEY", default="django-insecure-embedded-only-never-use-in-production"
    )
else:
    SECRET_KEY = env("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("生产环境必须设置至少50个字符的 SECRET_KEY。")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "import_export",
    # 等保2.0 level-3 application controls (identity, audit trail, headers).
    "security.apps.AxesConfig",  # django-axes, named in Chinese
    "django_otp",
    "django_otp.plugins.otp_totp",
    "auditlog",
    "csp",
    # The core: shared by the pillars, naming none of them.
    "ui",
    "org",
    "tracking",
    "security",
    "ledgers",
    # The four pillars, the reports that read them, and supervision beside them.
    "activities",
    "research",
    "petitions",
    "reports",
    "supervision",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Refuse an over-large body before CSRF or form parsing spools it to disk.
    "security.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.AuditlogMiddleware",
    "security.middleware.AccountPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "sixiaji.urls"

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
                "org.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "sixiaji.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind PgBouncer in transaction pooling a named cursor cannot outlive
    # its transaction; without them an export's iterator receives its whole
    # result at once (more memory per export job, docs/scaling.md).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
        "PGBOUNCER_TRANSACTION_POOLING", default=False
    )
# A PostgreSQL read replica for the dashboard's reads (docs/scaling.md).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "DISABLE_SERVER_SIDE_CURSORS": DATABASES["default"].get(
            "DISABLE_SERVER_SIDE_CURSORS", False
        ),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["reports.routing.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    # Django's common-password list, also with digits and symbols added.
    {"NAME": "security.passwords.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 等保2.0 level 3: character classes, no sequence or keyboard pattern, not
    # the user name, no recent reuse.
    {"NAME": "security.passwords.CharacterClassesValidator"},
    {"NAME": "security.passwords.PatternValidator"},
    {"NAME": "security.passwords.NotUsernameValidator"},
    {"NAME": "security.passwords.HistoryValidator", "OPTIONS": {"count": 5}},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Chinese for the strings Django and the third-party apps leave in English
# (compiled by `make setup`).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries come from npm (package-lock.json) and are served locally.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/echarts-i18n", NODE_MODULES / "echarts" / "i18n"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

# Cache: Redis when configured, otherwise process memory.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ui.cache.TolerantRedisCache",  # pages work with Redis down
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a real broker and result store when configured, eager otherwise.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
CELERY_TIMEZONE = TIME_ZONE
# A request that queues a job (a large export, a report) waits at most this
# long for each attempt to reach an unreachable Redis, then says the queue is
# down; the tasks those requests send keep no result (`ignore_result`), so
# they never wait for the result store's 20 reconnection attempts either.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_CONNECT_TIMEOUT", default=2.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECTION_TIMEOUT
# A ledger export of more rows than this runs as a job with progress.
LEDGER_EXPORT_ASYNC_ROWS = env.int("LEDGER_EXPORT_ASYNC_ROWS", default=5000)
# A ledger import of more rows than this is checked and written by a worker.
LEDGER_IMPORT_ASYNC_ROWS = env.int("LEDGER_IMPORT_ASYNC_ROWS", default=10000)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_RESULT_EXPIRES = 7 * 24 * 3600
CELERY_BEAT_SCHEDULE = {
    "quarterly-report-drafts": {
        "task": "reports.tasks.quarterly_drafts",
        # Daily at 07:00; the task acts on the first working day of a quarter.
        "schedule": crontab(hour=7, minute=0),
    },
    # Reminders act on working days of the Chinese calendar only; each notice
    # is keyed, so a second run on the same day sends nothing.
    "quota-shortfall-reminders": {
        "task": "reports.tasks.quota_shortfall_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "tracked-item-reminders": {
        "task": "supervision.tasks.send_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    "supervision-order-escalation": {
        "task": "supervision.tasks.escalate_orders",
        "schedule": crontab(hour=9, minute=0),
    },
    "ledger-files-purge": {
        "task": "ledgers.tasks.purge_ledger_files",
        "schedule": crontab(hour=3, minute=0),
    },
    # Each dashboard's table holds the day's progress: the ones in use are
    # computed as the day turns, before anyone opens them.
    "dashboard-warm-up": {
        "task": "reports.tasks.warm_dashboards",
        "schedule": crontab(hour=0, minute=5),
    },
    "requeue-waiting-reports": {
        "task": "reports.tasks.requeue_waiting",
        "schedule": 60.0,
    },
}
# Uploaded ledgers waiting for confirmation, and finished export files, are
# kept this long.
LEDGER_UPLOAD_KEEP_HOURS = env.int("LEDGER_UPLOAD_KEEP_HOURS", default=24)
LEDGER_EXPORT_KEEP_DAYS = env.int("LEDGER_EXPORT_KEEP_DAYS", default=7)
# A running export writes its progress at least every few seconds; one silent
# for this long has stopped (worker killed, process gone) and may be retried.
LEDGER_EXPORT_STALE_SECONDS = env.int("LEDGER_EXPORT_STALE_SECONDS", default=120)
LEDGER_EXPORT_HEARTBEAT_SECONDS = env.float(
    "LEDGER_EXPORT_HEARTBEAT_SECONDS", default=2.0
)
LEDGER_EXPORT_TIME_LIMIT = env.int("LEDGER_EXPORT_TIME_LIMIT", default=1800)

FILTERS_EMPTY_CHOICE_LABEL = "全部"

# Anti-crowding (防扎堆): warn when a place would get this many visits by
# different leaders within this many days.
CROWDING_VISITS = env.int("CROWDING_VISITS", default=3)
CROWDING_DAYS = env.int("CROWDING_DAYS", default=7)

# Petition registration: each user may run this many duplicate checks (one
# per registration) in this many seconds; every check is audited.
PETITION_DUPLICATE_CHECKS = env.int("PETITION_DUPLICATE_CHECKS", default=30)
PETITION_DUPLICATE_CHECK_SECONDS = env.int(
    "PETITION_DUPLICATE_CHECK_SECONDS", default=600
)

# Report fonts: a licensed 仿宋_GB2312 TrueType file, if the customer owns one
# (otherwise the body is set in FandolFang, made by prepare_report_fonts).
REPORT_FANGSONG_FONT = env("REPORT_FANGSONG_FONT", default="")

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="sixiaji@localhost")

# Security. Production runs behind HTTPS; the intranet proxy sets the header.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("BEHIND_HTTPS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# 等保2.0 level-3 application controls (identity, audit trail, headers).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A forced change at first login and every N days (0: no expiry).
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)
# The client address behind the HTTPS reverse proxy: the number of trusted
# proxies in front of the application (0: none, REMOTE_ADDR is the client).
# With N, the N-th X-Forwarded-For entry from the right is the client; the
# lockout, the audit events and the data-change trail all use it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Lockout (django-axes): 5 failures for one account from one address lock that
# account at that address for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "security.audit.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Sessions end after 30 idle minutes and at the latest 12 hours after login.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# TOTP second factor for the three administrator roles: on in production,
# off in the embedded (DEBUG) default unless ADMIN_OTP_REQUIRED=on.
ADMIN_OTP_REQUIRED = env.bool("ADMIN_OTP_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "四下基层"
# Audit trail of data changes (django-auditlog): see security/trail.py.
# Audit records are kept at least this long; purge_audit refuses younger ones.
AUDIT_RETENTION_DAYS = max(183, env.int("AUDIT_RETENTION_DAYS", default=183))
# `manage.py backup` encrypts its archive with this Fernet key (`backup
# --new-key` makes one); `restore` needs the same key. Keep it apart from the
# backups. Without it, no backup is written.
BACKUP_KEY = env("BACKUP_KEY", default="")
# Uploads: the largest request body, and what a ledger import accepts.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Content Security Policy (django-csp): only this site's own files; no inline
# script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
AUDITLOG_MASK_CALLABLE = "security.trail.mask_for_trail"
