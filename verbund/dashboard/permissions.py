from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, everyone, register
from verbund.core.roles import Reach, Role

M = Reach.MUNICIPALITY

view_start = Permission(
    "dashboard.start.view",
    _("Startseite „Was steht an“ ansehen (jeder sieht nur, was er sehen darf)"),
    everyone(M),
)
view_notifications = Permission(
    "dashboard.notification.view",
    _("Eigene Benachrichtigungen ansehen, als gelesen markieren und einstellen"),
    everyone(M),
)
use_search = Permission(
    "dashboard.search.use",
    _("Suche über alles, was man sehen darf (jeder findet nur, was er sehen darf)"),
    everyone(M),
)
view_centre_page = Permission(
    "dashboard.centre_page.view",
    _("Seite „Mein Familienzentrum“ ansehen"),
    {
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)
view_organisation_page = Permission(
    "dashboard.organisation_page.view",
    _("Seite „Meine Organisation“ ansehen"),
    {Role.PARTNER: Reach.OWN},
)

register(
    Policy(
        "dashboard",
        _("Startseite und Benachrichtigungen"),
        [
            view_start,
            view_notifications,
            use_search,
            view_centre_page,
            view_organisation_page,
        ],
    )
)
