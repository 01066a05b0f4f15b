"""Test settings: the real stack, with cheap password hashing for speed."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
SECRET_KEY = "test-only-key-" + "x" * 40
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
# Argon2 stays first in base/production; tests assert that separately.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# An audit action code without a registered German label fails the test that logs it.
AUDIT_STRICT_ACTIONS = True
# Tasks run for real, inside the code that enqueues them; "database" is there for the test
# that drives a real `db_worker` process.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# Tests never share a cache with anything else running on the machine (REDIS_URL is ignored).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "verbund.core.sessions"

# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared-cache memory: background threads and the live server then write
    # concurrently under WAL and the busy timeout instead of failing with "table is locked".
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"verbund-test-{os.getpid()}.sqlite3")
    }

# Kept datapackages of test databases stay out of var/ (ids and counters repeat between tests;
# the cache number in the database keeps one test from reading another's file).
DATAPACKAGE_CACHE_DIR = Path(tempfile.gettempdir()) / f"verbund-test-cache-{os.getpid()}"
# Each test expects its change in the next download; the stale window has tests of its own.
DATAPACKAGE_STALE_SECONDS = 0
# Each test reads the counts of its searches at once; the buffering has tests of its own.
FINDER_COUNT_FLUSH_SECONDS = 0

# Every prepared query (verbund.core.prepared) is compiled anew and compared with its prepared
# SQL on each run: a builder that reads anything besides its arguments fails its tests.
PREPARED_QUERIES_CHECK = True
