"""Who may read and change cooperation agreements.

Object reach uses ``Agreement.access_keys``: the centre (coordinators, leads, staff), the
centre's provider (provider admins) and the facilities of partner organisations (partner users
see the agreements their own organisation is party to).
"""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

view_agreement = Permission(
    "cooperation.agreement.view",
    _("Kooperationsvereinbarungen ansehen, Dokument und Fristen-Liste abrufen"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
        Role.PARTNER: Reach.OWN,
    },
)
manage_agreement = Permission(
    "cooperation.agreement.manage",
    _("Kooperationsvereinbarungen anlegen, bearbeiten, Status ändern"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
    },
)
upload_attachment = Permission(
    "cooperation.attachment.upload",
    _("Unterschriebene Scans und Anlagen zu Vereinbarungen hochladen"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.PARTNER: Reach.OWN,
    },
)


register(
    Policy(
        "cooperation",
        _("Kooperationsvereinbarungen"),
        [view_agreement, manage_agreement, upload_attachment],
    )
)
