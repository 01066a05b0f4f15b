from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, everyone, register
from verbund.core.roles import Reach, Role

view_role_matrix = Permission(
    "accounts.roles.view", _("Rollen und Rechte einsehen"), everyone(Reach.MUNICIPALITY)
)
view_memberships = Permission(
    "accounts.membership.view",
    _("Mitgliedschaften der Kommune einsehen"),
    {Role.ADMIN: Reach.MUNICIPALITY, Role.PLANNER: Reach.MUNICIPALITY},
)


manage_memberships = Permission(
    "accounts.membership.manage",
    _("Personen anlegen, Rollen vergeben und entziehen"),
    {Role.ADMIN: Reach.MUNICIPALITY},
)

view_security_entries = Permission(
    "accounts.security.view",
    _("Verweigerte Zugriffe (mit Namen) in der Änderungshistorie sehen"),
    {Role.ADMIN: Reach.MUNICIPALITY},
)


view_legal_pages = Permission(
    "accounts.legal.view",
    _("Impressum, Datenschutzerklärung, Barrierefreiheit und Kontakt lesen"),
    everyone(Reach.MUNICIPALITY),
)
manage_legal_pages = Permission(
    "accounts.legal.manage",
    _("Impressum, Datenschutzerklärung, Barrierefreiheit und Kontakt bearbeiten"),
    {Role.ADMIN: Reach.MUNICIPALITY},
)

register(
    Policy(
        "accounts",
        _("Konten und Rollen"),
        [
            view_role_matrix,
            view_memberships,
            manage_memberships,
            view_security_entries,
            view_legal_pages,
            manage_legal_pages,
        ],
        order=900,
    )
)
