from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, everyone, register
from verbund.core.roles import Reach, Role

view_values = Permission(
    "statistics.values.view",
    _("Indikatoren und Sozialraumdaten ansehen und exportieren"),
    everyone(Reach.MUNICIPALITY),
)
manage_catalogue = Permission(
    "statistics.catalogue.manage",
    _("Indikatorenkatalog pflegen"),
    {Role.PLANNER: Reach.MUNICIPALITY, Role.ADMIN: Reach.MUNICIPALITY},
)
import_values = Permission(
    "statistics.import.run",
    _("Statistikdaten importieren und Importe einsehen"),
    {Role.PLANNER: Reach.MUNICIPALITY, Role.ADMIN: Reach.MUNICIPALITY},
)

register(
    Policy(
        "statistics",
        _("Sozialraumdaten"),
        [view_values, manage_catalogue, import_values],
    )
)
