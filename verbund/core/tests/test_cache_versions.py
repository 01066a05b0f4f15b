"""Versioned cache keys: a value is computed once per version and again after a bump."""

import pytest
from django.core.cache import cache
from django.db import transaction

from verbund.core import cache_versions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_a_value_is_computed_once_until_one_of_its_versions_is_bumped():
    compute, calls = counting({"a": 1})
    for _ in range(3):
        assert cache_versions.cached_for("t", ["x:1", "y:1"], (), compute, timeout=60) == {"a": 1}
    assert len(calls) == 1
    cache_versions.bump("y:1")
    cache_versions.cached_for("t", ["x:1", "y:1"], (), compute, timeout=60)
    assert len(calls) == 2
    cache_versions.bump("other:1")  # a key the value does not depend on
    cache_versions.cached_for("t", ["x:1", "y:1"], (), compute, timeout=60)
    assert len(calls) == 2


def test_parts_and_prefixes_keep_values_apart():
    first, first_calls = counting("erste")
    second, second_calls = counting("zweite")
    assert cache_versions.cached_for("t", ["x:1"], ("de", [1, 2]), first, timeout=60) == "erste"
    assert cache_versions.cached_for("t", ["x:1"], ("de", [1, 3]), second, timeout=60) == "zweite"
    assert cache_versions.cached_for("u", ["x:1"], ("de", [1, 2]), second, timeout=60) == "zweite"
    assert cache_versions.cached_for("t", ["x:1"], ("de", [1, 2]), second, timeout=60) == "erste"
    assert (len(first_calls), len(second_calls)) == (1, 2)


def test_the_key_names_its_versions_and_changes_with_them():
    key = cache_versions.versioned_key("verbund:t:7", (3, 0), ("svg", 12))
    assert key.startswith("verbund:t:7:3.0:")
    assert key != cache_versions.versioned_key("verbund:t:7", (3, 1), ("svg", 12))
    assert key != cache_versions.versioned_key("verbund:t:7", (3, 0), ("svg", 13))


def test_none_is_not_kept():
    compute, calls = counting(None)
    cache_versions.cached("k", compute, timeout=60)
    cache_versions.cached("k", compute, timeout=60)
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_a_bump_inside_a_transaction_counts_again_at_its_commit():
    before = cache_versions.current("z:1")
    with transaction.atomic():
        cache_versions.bump_now_and_on_commit("z:1")
        assert cache_versions.current("z:1") == before + 1
    assert cache_versions.current("z:1") == before + 2
    assert cache_versions.current_many(["z:1", "unbekannt"]) == (before + 2, 0)


def test_current_many_reads_the_keys_in_the_order_given_with_zero_for_unknown_keys():
    cache_versions.bump("x:1")
    cache_versions.bump("x:2")
    cache_versions.bump("x:2")
    assert cache_versions.current_many(["x:2", "unknown", "x:1"]) == (2, 0, 1)
    assert cache_versions.current_many(["x:1"]) == (1,)
    assert cache_versions.current_many([]) == ()
    assert cache_versions.current("x:2") == 2
    assert cache_versions.current("unknown") == 0
