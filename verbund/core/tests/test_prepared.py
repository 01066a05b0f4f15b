"""Prepared ORM queries: compiled once, run with new values, the same rows as the queryset."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verbund.core.models import AuditEntry, CacheVersion
from verbund.core.prepared import PreparedQuery, PreparedQueryError, attach_prefetched

pytestmark = pytest.mark.django_db


def _versions(prefix):
    return CacheVersion.objects.filter(key__startswith=prefix).order_by("key")


def test_the_same_rows_as_the_queryset_for_each_value(settings):
    settings.PREPARED_QUERIES_CHECK = False
    for key, value in (("a:1", 1), ("a:2", 2), ("b:1", 5)):
        CacheVersion.objects.create(key=key, value=value)
    built = []

    def build(floor):
        built.append(floor)
        return CacheVersion.objects.filter(value__gte=floor).order_by("key")

    query = PreparedQuery(build)
    for floor in (2, 1, 6, 5):
        found = query.objects(floor=floor)
        expected = list(CacheVersion.objects.filter(value__gte=floor).order_by("key"))
        assert [(row.pk, row.key, row.value) for row in found] == [
            (row.pk, row.key, row.value) for row in expected
        ]
    assert len(built) == 1  # compiled once, with stand-in values


def test_string_values_and_tuples():
    CacheVersion.objects.create(key="x:1", value=3)
    CacheVersion.objects.create(key="y:1", value=4)
    query = PreparedQuery(lambda key: CacheVersion.objects.filter(key=key).values_list("value"))
    assert query.rows(key="x:1") == [(3,)]
    assert query.rows(key="y:1") == [(4,)]
    assert query.rows(key="z:1") == []


def test_select_related_objects_come_along_without_a_query():
    user = get_user_model().objects.create_user(username="prepared", password="x" * 16)
    AuditEntry.unscoped.create(actor=user, action="test.prepared", object_id="7")
    query = PreparedQuery(
        lambda object_id: AuditEntry.unscoped.filter(object_id=object_id).select_related("actor")
    )
    [entry] = query.objects(object_id="7")
    with CaptureQueriesContext(connection) as captured:
        assert entry.actor.username == "prepared"
    assert len(captured) == 0
    assert query.objects(object_id="8") == []


def test_a_builder_reading_anything_but_its_arguments_is_refused():
    outside = {"floor": 1}
    query = PreparedQuery(
        lambda key: CacheVersion.objects.filter(key=key, value__gte=outside["floor"])
    )
    query.objects(key="a")
    outside["floor"] = 2  # frozen into the prepared SQL: the check compares and refuses
    with pytest.raises(PreparedQueryError, match="differs"):
        query.objects(key="a")


def test_values_that_cannot_be_prepared_are_refused():
    query = PreparedQuery(lambda keys: CacheVersion.objects.filter(key__in=keys))
    with pytest.raises(PreparedQueryError, match="only int and str"):
        query.objects(keys=["a", "b"])
    ignored = PreparedQuery(lambda key: CacheVersion.objects.all())
    with pytest.raises(PreparedQueryError, match="does not reach the SQL"):
        ignored.objects(key="a")
    escaped = PreparedQuery(lambda key: CacheVersion.objects.filter(key__startswith=key))
    with pytest.raises(PreparedQueryError, match="does not reach the SQL"):
        escaped.objects(key="a")


def test_attached_objects_are_read_without_a_query_and_chains_query_the_relation():
    user = get_user_model().objects.create_user(username="grouped", password="x" * 16)
    mine, other = Group.objects.create(name="mine"), Group.objects.create(name="other")
    user.groups.add(mine)
    attach_prefetched(user, "groups", [mine])
    with CaptureQueriesContext(connection) as captured:
        assert list(user.groups.all()) == [mine]
    assert len(captured) == 0
    # Anything chained reads the relation itself, never the whole table.
    assert list(user.groups.values_list("name", flat=True)) == ["mine"]
    assert other not in user.groups.filter(name__in=["mine", "other"])
    attach_prefetched(other, "user_set", [])
    assert list(other.user_set.all()) == []
