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
    assert len(built) == 2  # compiled once, with two sets of stand-in values


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
    with pytest.raises(PreparedQueryError, match="only int, str and date"):
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


def test_variants_compile_once_each(settings):
    settings.PREPARED_QUERIES_CHECK = False
    for day, name in ((1, "a"), (5, "b"), (9, "c")):
        CacheVersion.objects.create(key=f"{name}:{day}", value=day)
    compiled = []

    def build(newest_first, floor, key_from):
        compiled.append(newest_first)
        rows = CacheVersion.objects.filter(value__gte=floor, key__gte=key_from)
        return rows.order_by("-value" if newest_first else "value").values_list("key")

    query = PreparedQuery(build)
    for newest_first in (False, True, False, True):
        found = query.rows(
            variant=newest_first, given={"newest_first": newest_first}, floor=5, key_from="a"
        )
        assert found == ([("c:9",), ("b:5",)] if newest_first else [("b:5",), ("c:9",)])
    assert compiled == [False, False, True, True]  # once per variant (two stand-in sets)


def test_a_date_reaches_the_sql_as_the_database_takes_it():
    from datetime import date

    entry = AuditEntry.unscoped.create(action="test.dated", object_id="1")
    query = PreparedQuery(
        lambda day: AuditEntry.unscoped.filter(timestamp__date__gte=day).values_list("pk")
    )
    assert query.rows(day=date(2999, 1, 1)) == []
    assert query.rows(day=date(2000, 1, 1)) == [(entry.pk,)]
    assert query.rows(day=entry.timestamp.date()) == [(entry.pk,)]


def test_the_active_tenant_scope_is_a_parameter_too():
    """A scoped manager filters by the active scope's municipality: prepared in one
    municipality's request, the query must still read only the next one's rows."""
    from django_scopes import scope, scopes_disabled

    from verbund.tenancy.tests.factories import MunicipalityFactory

    first, second = MunicipalityFactory(), MunicipalityFactory()
    mine = AuditEntry.unscoped.create(action="t.a", object_id="1", municipality=first)
    theirs = AuditEntry.unscoped.create(action="t.a", object_id="1", municipality=second)
    query = PreparedQuery(
        lambda object_id: AuditEntry.objects.filter(object_id=object_id).values_list("pk")
    )
    for _round in range(2):
        with scope(municipality=first.pk):
            assert query.rows(object_id="1") == [(mine.pk,)]
        with scope(municipality=second.pk):
            assert query.rows(object_id="1") == [(theirs.pk,)]
        with scopes_disabled():
            assert sorted(query.rows(object_id="1")) == [(mine.pk,), (theirs.pk,)]


def test_a_forged_id_and_a_reach_of_nothing_give_no_rows_and_no_error():
    CacheVersion.objects.create(key="k", value=1)
    by_value = PreparedQuery(lambda value: CacheVersion.objects.filter(value=value))
    assert by_value.objects(value=2**70) == []  # beyond any column: the queryset's own way
    assert by_value.objects(value=-(2**70)) == []
    assert [row.key for row in by_value.objects(value=1)] == ["k"]
    nothing = PreparedQuery(lambda key: CacheVersion.objects.filter(key=key, pk__in=[]))
    assert nothing.objects(key="k") == [] and nothing.rows(key="k") == []


def test_values_that_shape_the_sql_are_refused():
    query = PreparedQuery(
        lambda key: (
            CacheVersion.objects.filter(key=key)
            if key.endswith("0\x00")
            else CacheVersion.objects.filter(key=key, value=1)
        )
    )
    with pytest.raises(PreparedQueryError, match="shape"):
        query.objects(key="a")


def test_one_row_or_the_models_does_not_exist():
    row = CacheVersion.objects.create(key="only", value=7)
    query = PreparedQuery(lambda key: CacheVersion.objects.filter(key=key))
    assert query.one(key="only").pk == row.pk
    with pytest.raises(CacheVersion.DoesNotExist):
        query.one(key="missing")


def test_converted_values_and_related_objects_match_the_queryset_on_every_call():
    """The converters and populators are worked out once per compiled query: a datetime, a
    boolean and a related object come out as the queryset gives them, call after call."""
    user = get_user_model().objects.create(username="umgewandelt", is_staff=True)
    entries = [
        AuditEntry.unscoped.create(action="test.converted", object_id=str(n), actor=user)
        for n in range(3)
    ]

    def build(action):
        return AuditEntry.unscoped.filter(action=action).select_related("actor").order_by("pk")

    query = PreparedQuery(build)
    for _call in range(3):
        found = query.objects(action="test.converted")
        expected = list(build("test.converted"))
        assert [(e.pk, e.timestamp, e.actor.username, e.actor.is_staff) for e in found] == [
            (e.pk, e.timestamp, e.actor.username, e.actor.is_staff) for e in expected
        ]
        assert all(e.timestamp.tzinfo is not None and e.actor.is_staff is True for e in found)
    assert query.objects(action="test.other") == []
    assert [e.pk for e in query.objects(action="test.converted")] == [e.pk for e in entries]


def test_a_json_key_compared_with_a_value_is_prepared_too(tenant):
    """An object's history with the entries naming it in their data (an agreement's
    attachments): compiled once, the same entries as the queryset for every object."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from verbund.core.history import history_for

    m = tenant.municipality
    centre_type = ContentType.objects.get_for_model(tenant.centre)
    for number in (1, 2):
        AuditEntry.objects.create(
            municipality=m, action="cooperation.own", content_type=centre_type, object_id=number
        )
        AuditEntry.objects.create(
            municipality=m, action="cooperation.attachment", data={"agreement": number}
        )
        AuditEntry.objects.create(municipality=m, action="other.x", data={"agreement": number})
    AuditEntry.objects.create(municipality=m, action="cooperation.y", data={"agreement": "1"})
    for number in (1, 2, 3):
        target = type(tenant.centre)(pk=number, municipality_id=m.pk)
        prepared = history_for(target, data_key="agreement", prefix="cooperation.")
        expected = history_for(target, related=Q(data__agreement=number), prefix="cooperation.")
        assert [entry.pk for entry in prepared] == [entry.pk for entry in expected]
        assert len(prepared) == (2 if number < 3 else 0)


def test_queries_sent_together_give_each_its_own_rows_and_are_logged():
    """``objects_together`` (one pipeline on PostgreSQL): the rows of each query as
    ``objects`` gives them, timestamps in the session's zone, every statement in the log, and
    a forged id or a reach of nothing among them changes nothing for the others."""
    from verbund.core.prepared import objects_together

    user = get_user_model().objects.create(username="zusammen")
    for n in range(3):
        AuditEntry.unscoped.create(action="test.together", object_id=str(n), actor=user)
        CacheVersion.objects.create(key=f"t:{n}", value=n)
    entries = PreparedQuery(
        lambda action: AuditEntry.unscoped.filter(action=action).select_related("actor")
    )
    versions = PreparedQuery(lambda key: CacheVersion.objects.filter(key=key))
    nothing = PreparedQuery(lambda key: CacheVersion.objects.filter(key=key, pk__in=[]))
    runs = [
        (entries, {"action": "test.together"}),
        (versions, {"key": "t:2"}),
        (nothing, {"key": "t:1"}),
        (versions, {"key": "t:1"}),
        (entries, {"action": "test.none"}),
    ]
    for _call in range(2):
        with CaptureQueriesContext(connection) as captured:
            found = objects_together(runs)
        assert [[(o.pk, getattr(o, "timestamp", None)) for o in objs] for objs in found] == [
            [(o.pk, getattr(o, "timestamp", None)) for o in query.objects(**values)]
            for query, values in runs
        ]
        assert [len(objs) for objs in found] == [3, 1, 0, 1, 0]
        assert all(e.actor.username == "zusammen" for e in found[0])
        assert len(captured) == 4  # the reach of nothing sends nothing
        assert [query["sql"].split(" FROM ")[1].split()[0] for query in captured] == [
            '"core_auditentry"',
            '"core_cacheversion"',
            '"core_cacheversion"',
            '"core_auditentry"',
        ]
    forged = objects_together([(versions, {"key": "t:0"}), (entries, {"action": "x" * 10})])
    assert [[v.value for v in forged[0]], forged[1]] == [[0], []]
    assert objects_together([]) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pipeline is PostgreSQL's")
def test_a_failing_statement_in_the_pipeline_raises_and_the_connection_goes_on():
    from django.db import DatabaseError, transaction

    from verbund.core.frame_sql import fetch_together

    with pytest.raises(DatabaseError), transaction.atomic():
        fetch_together(connection, [("SELECT 1", []), ("SELECT 1/0", []), ("SELECT 2", [])])
    assert fetch_together(connection, [("SELECT %s", [3]), ("SELECT %s", [4])]) == [[(3,)], [(4,)]]
