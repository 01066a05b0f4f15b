from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, everyone, register
from verbund.core.roles import Reach, Role

view_municipality = Permission(
    "tenancy.municipality.view", _("Übersicht der Kommune ansehen"), everyone(Reach.MUNICIPALITY)
)
view_facility = Permission(
    "tenancy.facility.view",
    _("Einrichtungen ansehen und exportieren"),
    everyone(Reach.MUNICIPALITY),
)
create_facility = Permission(
    "tenancy.facility.create",
    _("Einrichtungen anlegen"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
    },
)
change_facility = Permission(
    "tenancy.facility.change",
    _("Einrichtungen bearbeiten"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.PARTNER: Reach.OWN,
    },
)
archive_facility = Permission(
    "tenancy.facility.archive",
    _("Einrichtungen archivieren und wiederherstellen"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
    },
)
view_centre = Permission(
    "tenancy.centre.view",
    _("Familienzentren und Träger ansehen"),
    everyone(Reach.MUNICIPALITY),
)
manage_centres = Permission(
    "tenancy.centre.create",
    _("Familienzentren und Träger anlegen"),
    {Role.ADMIN: Reach.MUNICIPALITY},
)
change_centre = Permission(
    "tenancy.centre.change",
    _("Stammdaten von Familienzentren bearbeiten"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
    },
)
change_provider = Permission(
    "tenancy.provider.change",
    _("Stammdaten von Trägern bearbeiten"),
    {Role.ADMIN: Reach.MUNICIPALITY, Role.PROVIDER_ADMIN: Reach.PROVIDER},
)
link_facility_provider = Permission(
    "tenancy.facility.provider",
    _("Einrichtungen einem Träger zuordnen"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.MUNICIPALITY,
        Role.CENTRE_LEAD: Reach.MUNICIPALITY,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
    },
)
view_audit = Permission(
    "tenancy.audit.view",
    _("Änderungsprotokoll der Kommune einsehen"),
    {Role.ADMIN: Reach.MUNICIPALITY},
)

register(
    Policy(
        "tenancy",
        _("Kommune und Einrichtungen"),
        [
            view_municipality,
            view_facility,
            create_facility,
            change_facility,
            archive_facility,
            link_facility_provider,
            view_centre,
            manage_centres,
            change_centre,
            change_provider,
            view_audit,
        ],
        order=10,
    )
)
