"""Who may change what the public sees. The public pages themselves need no login."""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

M = Reach.MUNICIPALITY
C = Reach.CENTRE

manage_homepage = Permission(
    "public.homepage",
    _("Homepage des Familienzentrums bearbeiten und veröffentlichen"),
    {Role.COORDINATOR: C, Role.CENTRE_LEAD: C, Role.ADMIN: M},
)
manage_site = Permission(
    "public.site",
    _("Impressum, Datenschutz, Barrierefreiheit und Einbettung der öffentlichen Seiten pflegen"),
    {Role.ADMIN: M},
)
view_search_stats = Permission(
    "public.search_stats",
    _("Sehen, wonach Familien auf den öffentlichen Seiten suchen (anonyme Zählung)"),
    {
        Role.COORDINATOR: M,
        Role.CENTRE_LEAD: M,
        Role.PROVIDER_ADMIN: M,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)

register(
    Policy(
        "public",
        _("Öffentliche Seiten"),
        [manage_homepage, manage_site, view_search_stats],
        order=60,
    )
)
