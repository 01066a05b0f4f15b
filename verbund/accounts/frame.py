"""A tenant URL's municipality and the user's access there, in one SQL statement (issue 17).

``TenantScopeMiddleware`` needs both on every signed-in request under ``/k/<slug>/``. As two
ORM queries (the municipality by slug, then ``access_for``'s memberships) they cost about half
a millisecond to build; here the municipality row is read joined with the user's memberships
in it, by SQL written once per database (``core.frame_sql``). The result is what
``Municipality.objects.filter(slug=…).first()`` and ``access_for`` give. On PostgreSQL the rows
are kept per connection until the database announces a change of the user's memberships, of
the user or of any municipality (``core.session_cache``), so a membership taken away counts on
the next request; elsewhere they are read on every request.
"""

from __future__ import annotations

from functools import cache

from django.db import connections, router

from verbund.core import session_cache
from verbund.core.frame_sql import ModelColumns, frame_cursor
from verbund.core.roles import Role
from verbund.tenancy.models import Municipality

from .access import Access, add_membership
from .models import Membership


class _TenantReader:
    def __init__(self, db: str):
        connection = connections[db]
        quote = connection.ops.quote_name
        self.db = db
        self.municipality = ModelColumns(Municipality, connection, "m")
        membership = Membership._meta
        columns = ", ".join(
            f"ms.{quote(membership.get_field(name).column)}"
            for name in ("role", "centre", "provider", "facility")
        )
        # Only quoted names from the models' metadata go into the text; values are parameters.
        self.sql = (
            f"SELECT {self.municipality.sql}, {columns}"  # noqa: S608
            f" FROM {quote(Municipality._meta.db_table)} m"
            f" LEFT JOIN {quote(membership.db_table)} ms"
            f" ON ms.{quote(membership.get_field('municipality').column)}"
            f" = m.{quote(Municipality._meta.pk.column)}"
            f" AND ms.{quote(membership.get_field('user').column)} = %s"
            f" WHERE m.{quote(Municipality._meta.get_field('slug').column)} = %s"
        )

    def read(self, slug: str, user_id) -> list[tuple]:
        connection = connections[self.db]

        def read() -> list[tuple]:
            with frame_cursor(connection) as cursor:
                cursor.execute(self.sql, [user_id, slug])
                return cursor.fetchall()

        return session_cache.kept_or_read(connection, "frame", str(user_id), slug, read)


@cache
def _reader(db: str) -> _TenantReader:
    return _TenantReader(db)


def tenant_frame(slug: str, user) -> tuple[Municipality | None, Access | None]:
    """(the municipality of ``slug``, the signed-in ``user``'s access there); (None, None)
    when there is no such municipality. The same as ``access_for`` for an active user."""
    reader = _reader(router.db_for_read(Municipality))
    rows = reader.read(slug, user.pk)
    if not rows:
        return None, None
    width = len(reader.municipality.attnames)
    connection = connections[reader.db]
    municipality = reader.municipality.build(list(rows[0][:width]), reader.db, connection)
    access = Access(municipality_id=municipality.pk)
    if not user.is_active:
        return municipality, access
    if user.is_superuser:
        access.roles.add(Role.ADMIN)
        return municipality, access
    for row in rows:
        role, centre_id, provider_id, facility_id = row[width:]
        if role is not None:
            add_membership(access, role, centre_id, provider_id, facility_id)
    return municipality, access
