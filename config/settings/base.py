"""Settings shared by every environment. Values come from the environment (rule 10)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VERBUND_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "verbund.core",
    "verbund.accounts",
    "verbund.tenancy",
    "verbund.dashboard",
    "verbund.taxonomy",
    "verbund.areas",
    "verbund.statistics",
    "verbund.analysis",
    "verbund.network",
    "verbund.cooperation",
    "verbund.rooms",
    "verbund.offers",
    "verbund.documents",
    "verbund.meetings",
    "verbund.planning",
    "verbund.visits",
    "verbund.budget",
    "verbund.quality",
    "verbund.reports",
    "verbund.public",
    "verbund.api",
    "verbund.feeds",
    # After verbund.core, whose db_worker (with a worker heartbeat) overrides this one.
    "django_tasks",
    "django_tasks_db",
    "verbund.demo",  # last: demo content imports every app above
]

# The partner API (token, no session) also takes PUT, PATCH and DELETE (AllowedMethodsMiddleware).
API_WRITE_PATH_PREFIXES = ("/api/v1/",)

MIDDLEWARE = [
    "verbund.core.middleware.AllowedMethodsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Replays public pages to anonymous visitors before the rest runs (issue 12, caching).
    "verbund.public.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "verbund.public.signals.language.PublicLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "verbund.accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "verbund.core.middleware.NoStoreForAuthenticatedMiddleware",
    "verbund.core.middleware.SecurityHeadersMiddleware",
    "verbund.accounts.middleware.TenantScopeMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The model that owns tenant rows (``verbund.core.models.TenantModel.municipality``); core
# reads it from here so that it names no domain app itself.
TENANT_MODEL = "tenancy.Municipality"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "verbund.tenancy.context_processors.tenant",
                "verbund.accounts.context_processors.legal_links",
                "verbund.core.context_processors.page_help",
            ],
            # {% url %} from a template per view instead of a pattern walk per call, the
            # lists' date formats written out directly and floatformat's results kept per
            # value and language (issue 17).
            "builtins": [
                "verbund.core.templatetags.fast_url",
                "verbund.core.templatetags.fast_date",
                "verbund.core.templatetags.fast_floatformat",
            ],
            # {% load i18n %}: Django's library, translated literals kept per language.
            "libraries": {"i18n": "verbund.core.templatetags.fast_i18n"},
        },
    },
]
# templates.W003 warns that "i18n" names two tag libraries: Django's and fast_i18n above, which
# replaces it on purpose (Django's own tags, translated literals kept per language).
SILENCED_SYSTEM_CHECKS = ["templates.W003"]
# Django's form renderer with selects and inputs built in Python (same HTML; issue 17).
FORM_RENDERER = "verbund.core.form_renderer.FastWidgetRenderer"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'verbund.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
# PostgreSQL: the per-request session read is a prepared statement (verbund.core.sessions).
# Set false behind a pooler that cannot keep prepared statements (PgBouncer in transaction
# mode before 1.21).
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
# A web process keeps the signed-in session and user rows until the database announces a
# change (PostgreSQL: LISTEN/NOTIFY; SQLite: its data version, verbund.core.session_cache). Off
# with DB_LISTEN=false or DB_PREPARED_STATEMENTS=false (PgBouncer in transaction mode cannot
# listen).
DB_LISTEN = env_bool("DB_LISTEN", True)
if DB_PREPARED_STATEMENTS and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Django turns psycopg's prepared statements off (prepare_threshold None). Its own cursors
    # bind on the client and never prepare whatever the threshold; a threshold this high only
    # lets the session read's cursor, which asks for it, prepare.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 1_000_000
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and one writer work at once; IMMEDIATE avoids "database is locked"
    # surprises when a read transaction later wants to write. Connections persist like
    # PostgreSQL's (DB_CONN_MAX_AGE), so the PRAGMAs below run once per connection, not per
    # request.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in user with one prepared statement.
    "verbund.core.sessions.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: idle timeout via a sliding expiry, absolute timeout via SessionLifetimeMiddleware.
# The session is not written on every request: SessionLifetimeMiddleware renews the expiry once
# SESSION_REFRESH_FRACTION of the idle time has passed since the last renewal (a session thus
# ends at most that fraction *earlier* than SESSION_COOKIE_AGE after the last request, never
# later).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_FRACTION = 0.1
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(10 * 60 * 60)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "verbund.core.views.csrf_failure"

# A password reset link is valid for one day (and only once); at most this many requests per
# hour for one address and from one client address.
PASSWORD_RESET_TIMEOUT = 24 * 3600
VERBUND_PASSWORD_RESET_LIMIT = int(os.environ.get("VERBUND_PASSWORD_RESET_LIMIT", "5"))

# django-axes: the sixth failed login in a row is refused.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The lockout is keyed on the real client address: behind a reverse proxy every request comes
# from the proxy, so X-Forwarded-For is read, but only when the connection comes from one of
# TRUSTED_PROXIES (addresses or networks, e.g. "127.0.0.1,10.0.0.0/24"). A forged header from
# anyone else is ignored, so nobody can lock out a name for its owner's address.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "verbund.core.proxy.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Production redirects http to https (dev and test settings switch it off).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Health checks of load balancers and systemd come over plain http on the node itself.
SECURE_REDIRECT_EXEMPT = [r"^gesund/$", r"^bereit/$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Sozialraum maps draw boundaries on a blank background; an optional tile server (e.g. the
# municipality's own, "https://tiles.example.org/{z}/{x}/{y}.png") adds a base map, and its
# origin is then allowed for images.
VERBUND_MAP_TILE_URL = os.environ.get("VERBUND_MAP_TILE_URL", "")
VERBUND_MAP_TILE_ATTRIBUTION = os.environ.get(
    "VERBUND_MAP_TILE_ATTRIBUTION", "© OpenStreetMap-Mitwirkende"
)
if VERBUND_MAP_TILE_URL.startswith("https://"):
    _tile_host = VERBUND_MAP_TILE_URL.split("/")[2].replace("{s}", "*")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"https://{_tile_host}")
# Address → point lookup (organisation and facility forms): off unless the municipality runs
# or trusts a geocoder. The URL is the search endpoint ("https://nominatim.example.org/search"
# or "https://photon.example.org/api"); the lookup runs on the server, never in the browser.
VERBUND_GEOCODER_URL = os.environ.get("VERBUND_GEOCODER_URL", "")
VERBUND_GEOCODER_KIND = os.environ.get("VERBUND_GEOCODER_KIND", "nominatim").strip().lower()
if VERBUND_GEOCODER_KIND not in {"nominatim", "photon"}:
    raise ValueError("VERBUND_GEOCODER_KIND must be 'nominatim' or 'photon'")
VERBUND_GEOCODER_TIMEOUT = float(os.environ.get("VERBUND_GEOCODER_TIMEOUT", "5"))
VERBUND_AREA_IMPORT_MAX_BYTES = int(
    os.environ.get("VERBUND_AREA_IMPORT_MAX_BYTES", str(25 * 1024 * 1024))
)

# Requests larger than this are refused before a view sees them (uploads get their own limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

LANGUAGE_CODE = "de"
# Internal pages are German only (verbund.public.signals.language); the public pages for
# families come in these languages, translations in verbund/public/locale/.
LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ar", _("Arabisch")),
    ("uk", _("Ukrainisch")),
    ("ru", _("Russisch")),
]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "verbund@localhost")
# SMTP, used with EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)


# --- Deployment: cache, sessions, media storage, logs, upload limit, health -----------------
# One block, read by deploy/verbund.env.example (a test checks every variable is listed there).

# Cache: local memory per process by default; Redis (shared by every app node) when REDIS_URL
# is set, e.g. "redis://127.0.0.1:6379/0". Django's own Redis backend; needs the redis package.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "verbund")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 300,
            # A Redis that does not answer fails fast (readiness says so) instead of hanging.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "verbund",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 300,
        }
    }

# Sessions: "db" (default), "cached_db" (read from the cache, written through to the database)
# or "cache". Cache-backed sessions need REDIS_URL when more than one process serves requests
# (production refuses them otherwise: a logout must reach every process).
SESSION_STORE = os.environ.get("SESSION_STORE", "db")
SESSION_STORES = {
    "db": "verbund.core.sessions",  # Django's database store, one prepared statement per read
    "cached_db": "django.contrib.sessions.backends.cached_db",
    "cache": "django.contrib.sessions.backends.cache",
}
if SESSION_STORE not in SESSION_STORES:
    raise ImproperlyConfigured(
        f"SESSION_STORE must be one of {', '.join(SESSION_STORES)}, not {SESSION_STORE!r}."
    )
SESSION_ENGINE = SESSION_STORES[SESSION_STORE]

# Media (agreement attachments, import files) go through Django's storage API: the local
# folder MEDIA_ROOT by default, an S3-compatible object store (MinIO, Ceph, AWS, IONOS, …) with
# STORAGE_BACKEND=s3 (needs `pip install -e ".[s3]"`, i.e. django-storages with boto3).
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem")
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "")
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID", "")
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
AWS_LOCATION = os.environ.get("AWS_LOCATION", "media")


def media_storage(backend: str) -> dict:
    if backend == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if backend == "s3":
        if not AWS_STORAGE_BUCKET_NAME:
            raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "endpoint_url": AWS_S3_ENDPOINT_URL or None,
                "region_name": AWS_S3_REGION_NAME or None,
                "access_key": AWS_ACCESS_KEY_ID or None,
                "secret_key": AWS_SECRET_ACCESS_KEY or None,
                "location": AWS_LOCATION,
                # Private files: never public, downloads go through permission-checked views.
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be filesystem or s3, not {backend!r}.")


STORAGES = {
    "default": media_storage(STORAGE_BACKEND),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Background tasks (django-tasks) ---------------------------------------------------------
# The database backend by default: web requests enqueue, `manage.py db_worker` runs the tasks
# (`make run` starts one beside the dev server; production runs it as its own service).
# VERBUND_TASKS_BACKEND=immediate runs every task inside the request that enqueued it.
VERBUND_TASKS_BACKEND = os.environ.get("VERBUND_TASKS_BACKEND", "database").strip().lower()
if VERBUND_TASKS_BACKEND not in {"database", "immediate"}:
    raise ValueError("VERBUND_TASKS_BACKEND must be 'database' or 'immediate'")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if VERBUND_TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# A running job that has not reported for this long died with its worker: the sweep of
# `manage.py run_scheduled_jobs` marks it failed and retryable.
VERBUND_JOB_STALE_SECONDS = int(os.environ.get("VERBUND_JOB_STALE_SECONDS", "300"))
# Mail tasks: attempts in all, and the delay before the first retry (doubled each time).
VERBUND_MAIL_ATTEMPTS = int(os.environ.get("VERBUND_MAIL_ATTEMPTS", "5"))
VERBUND_MAIL_RETRY_SECONDS = int(os.environ.get("VERBUND_MAIL_RETRY_SECONDS", "60"))
# --- end of background tasks -------------------------------------------------------------------

# The network page's figures and tables stay cached this long at most; every change to the
# network invalidates them at once (verbund.network.metrics_cache).
NETWORK_CACHE_SECONDS = int(os.environ.get("NETWORK_CACHE_SECONDS", "86400"))

# The largest request body any upload form may send: six walk photos of 12 MB each plus the
# form. The reverse proxy's limit (client_max_body_size in deploy/nginx/verbund.conf) must be
# exactly this; a test compares them and checks every upload limit of the app fits.
UPLOAD_MAX_REQUEST_MB = 80

# Logs go to standard output (journald/docker collect them). LOG_FORMAT=json writes one JSON
# object per line (time, level, logger, message, request id fields) for log collectors.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "verbund.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Links in mails sent outside a request (reminders) start with this, e.g.
# "https://verbund.example.org".
SITE_URL = os.environ.get("VERBUND_SITE_URL", "")
# After a change, the open-data package served for at most this many seconds is the last one
# built, while a background job builds the new one (0: every download after a change builds).
DATAPACKAGE_STALE_SECONDS = int(os.environ.get("VERBUND_DATAPACKAGE_STALE_SECONDS", "60"))
# The finder's anonymous search counts are added up in each process and written at most this
# often (seconds; 0: with every search).
FINDER_COUNT_FLUSH_SECONDS = float(os.environ.get("VERBUND_FINDER_COUNT_FLUSH_SECONDS", "10"))
# The operator's legal pages (shown before login and where a municipality has none of its
# own): files impressum.html, datenschutz.html, barrierefreiheit.html, kontakt.html (plain
# text or simple HTML, sanitised when shown) in VERBUND_LEGAL_DIR; missing ones fall back to
# the built-in templates with placeholders in square brackets.
VERBUND_LEGAL_TEXTS = {}
if os.environ.get("VERBUND_LEGAL_DIR"):
    for _kind in ("impressum", "datenschutz", "barrierefreiheit", "kontakt"):
        _file = Path(os.environ["VERBUND_LEGAL_DIR"]) / f"{_kind}.html"
        if _file.is_file():
            VERBUND_LEGAL_TEXTS[_kind] = _file.read_text(encoding="utf-8")
# Days before an agreement ends when reminders go out, e.g. "90,30,7" (unset: 60 and 14).
COOPERATION_REMINDER_LEAD_DAYS = env_list("VERBUND_REMINDER_LEAD_DAYS") or None
# Offers: after this many days without "Angaben stimmen noch" the provider is reminded; after
# the grace period on top, an unconfirmed offer leaves the public view (verbund.offers).
OFFERS_CHECK_AFTER_DAYS = int(os.environ.get("VERBUND_OFFERS_CHECK_AFTER_DAYS", "180"))
OFFERS_GRACE_DAYS = int(os.environ.get("VERBUND_OFFERS_GRACE_DAYS", "30"))
