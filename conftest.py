import os

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django_scopes import scopes_disabled

from verbund.accounts.testing import Tenant, build_tenant

# One Playwright/Chromium for the whole session, shared by every browser test.
pytest_plugins = ["verbund.core.testing_browser"]


# Fixtures through which a test reaches the database (pytest-django refuses it to the others).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_collection_modifyitems(config, items):
    """``VERBUND_DATABASE_TESTS_ONLY=1`` keeps the tests that use the database. CI's run on
    PostgreSQL sets it: the others ran on SQLite just before and cannot tell the two apart."""
    if os.environ.get("VERBUND_DATABASE_TESTS_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        uses = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames)
        (keep if uses else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def tenant(db) -> Tenant:
    return build_tenant("heimat")


@pytest.fixture
def foreign(db) -> Tenant:
    return build_tenant("fremde")


@pytest.fixture
def unscoped():
    """Read tenant data in assertions without a request scope."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: database ids repeat between tests, so a cached
    entry of one test (e.g. network metrics) must never be read by the next."""
    from django.core.cache import cache

    cache.clear()
    yield
