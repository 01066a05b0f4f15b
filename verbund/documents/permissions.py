"""Who may read and write the archives.

A centre's archive: its team (coordination, lead, staff), its provider's department, the
municipality's youth welfare planning and administration. The municipality's archive (no
centre): the municipality-wide roles only (planning, administration). Partners see nothing
of the archive; public brochures reach them, like everyone, on the centre's homepage.
Confidential documents only reach those with ``view_confidential``.
"""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

M = Reach.MUNICIPALITY
C = Reach.CENTRE
P = Reach.PROVIDER

view_document = Permission(
    "documents.view",
    _("Dokumentenarchiv durchsuchen und Dokumente herunterladen"),
    {
        Role.COORDINATOR: C,
        Role.CENTRE_LEAD: C,
        Role.STAFF: C,
        Role.PROVIDER_ADMIN: P,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)
manage_document = Permission(
    "documents.manage",
    _("Dokumente hochladen, neue Versionen ablegen, verschlagworten und verknüpfen"),
    {
        Role.COORDINATOR: C,
        Role.CENTRE_LEAD: C,
        Role.STAFF: C,
        Role.PROVIDER_ADMIN: P,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)
view_confidential_document = Permission(
    "documents.confidential",
    _("Vertrauliche Dokumente sehen"),
    {
        Role.COORDINATOR: C,
        Role.CENTRE_LEAD: C,
        Role.PROVIDER_ADMIN: P,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)
delete_document = Permission(
    "documents.delete",
    _("Dokumente vor Ablauf der Aufbewahrungsfrist löschen"),
    {Role.COORDINATOR: C, Role.CENTRE_LEAD: C, Role.PLANNER: M, Role.ADMIN: M},
)

register(
    Policy(
        "documents",
        _("Dokumentenarchiv"),
        [view_document, manage_document, view_confidential_document, delete_document],
        order=52,
    )
)
