"""Who may do what in the network (rule 5).

Organisations are a municipality-wide directory of Akteure; a partner user reaches only the
organisation linked to its facility (``Organisation.access_keys``). Stakeholder assessments,
contact history and the network map belong to a centre; planners and admins see the
municipality's whole network.
"""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

M = Reach.MUNICIPALITY

view_organisation = Permission(
    "network.organisation.view",
    _("Organisationen (Akteure) ansehen und exportieren"),
    {
        Role.COORDINATOR: M,
        Role.CENTRE_LEAD: M,
        Role.STAFF: M,
        Role.PROVIDER_ADMIN: M,
        Role.PLANNER: M,
        Role.ADMIN: M,
        Role.PARTNER: Reach.OWN,
    },
)
change_organisation = Permission(
    "network.organisation.change",
    _("Organisationen bearbeiten"),
    {
        Role.COORDINATOR: M,
        Role.CENTRE_LEAD: M,
        Role.PLANNER: M,
        Role.ADMIN: M,
        Role.PARTNER: Reach.OWN,
    },
)
create_organisation = Permission(
    "network.organisation.create",
    _("Organisationen anlegen"),
    {Role.COORDINATOR: M, Role.CENTRE_LEAD: M, Role.PLANNER: M, Role.ADMIN: M},
)
import_organisation = Permission(
    "network.organisation.import",
    _("Organisationen importieren und archivieren"),
    {Role.COORDINATOR: M, Role.PLANNER: M, Role.ADMIN: M},
)
import_list = Permission(
    "network.list.import",
    _("Einrichtungen und Organisationen aus öffentlichen Listen übernehmen"),
    {Role.COORDINATOR: M, Role.PLANNER: M, Role.ADMIN: M},
)
link_facility = Permission(
    "network.organisation.facility",
    _("Organisationen mit einer Einrichtung im Verbund verknüpfen"),
    {
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)
view_contact = Permission(
    "network.contact.view",
    _("Ansprechpersonen ansehen"),
    {
        Role.COORDINATOR: M,
        Role.CENTRE_LEAD: M,
        Role.STAFF: M,
        Role.PLANNER: M,
        Role.ADMIN: M,
        Role.PARTNER: Reach.OWN,
    },
)
change_contact = Permission(
    "network.contact.change",
    _("Ansprechpersonen anlegen, bearbeiten und bestätigen"),
    {Role.COORDINATOR: M, Role.CENTRE_LEAD: M, Role.ADMIN: M, Role.PARTNER: Reach.OWN},
)
gdpr_contact = Permission(
    "network.contact.gdpr",
    _("Auskunft (Art. 15) und Löschung (Art. 17 DSGVO) für Ansprechpersonen"),
    {Role.COORDINATOR: M, Role.ADMIN: M},
)
view_register = Permission(
    "network.register.view",
    _("Verzeichnis von Verarbeitungstätigkeiten einsehen"),
    {
        Role.COORDINATOR: M,
        Role.CENTRE_LEAD: M,
        Role.STAFF: M,
        Role.PROVIDER_ADMIN: M,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)
view_relationship = Permission(
    "network.relationship.view",
    _("Stakeholder-Einschätzungen und Kontaktverlauf ansehen"),
    {
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)
change_relationship = Permission(
    "network.relationship.change",
    _("Stakeholder-Einschätzungen und Kontaktverlauf bearbeiten"),
    {
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
        Role.ADMIN: M,
    },
)
view_body = Permission(
    "network.body.view",
    _("Gremien ansehen"),
    {
        Role.COORDINATOR: M,
        Role.CENTRE_LEAD: M,
        Role.STAFF: M,
        Role.PROVIDER_ADMIN: M,
        Role.PLANNER: M,
        Role.ADMIN: M,
        Role.PARTNER: Reach.OWN,
    },
)
change_body = Permission(
    "network.body.change",
    _("Gremien und ihre Mitglieder bearbeiten"),
    {
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)
view_network = Permission(
    "network.graph.view",
    _("Netzwerkkarte und Kennzahlen ansehen und exportieren"),
    {
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)

register(
    Policy(
        "network",
        _("Netzwerk"),
        [
            view_organisation,
            create_organisation,
            change_organisation,
            import_organisation,
            import_list,
            link_facility,
            view_contact,
            change_contact,
            gdpr_contact,
            view_register,
            view_relationship,
            change_relationship,
            view_body,
            change_body,
            view_network,
        ],
    )
)


def centre_ids_within(access, permission: Permission, municipality) -> set[int] | None:
    """The centres whose network the user may see (the one access rule, ``Access.filter``);
    ``None`` means all of the municipality."""
    from verbund.tenancy.models import FamilyCentre

    if Reach.MUNICIPALITY in access.reaches(permission):
        return None
    centres = FamilyCentre.objects.filter(municipality=municipality)
    return set(centres.filter(access.filter(permission, FamilyCentre)).values_list("pk", flat=True))
