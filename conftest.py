import os

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django_scopes import scopes_disabled

from verbund.accounts.testing import Tenant, build_tenant

# One Playwright/Chromium for the whole session, shared by every browser test.
pytest_plugins = ["verbund.core.testing_browser"]


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
