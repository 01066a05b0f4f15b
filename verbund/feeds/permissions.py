"""Who may import neighbours' directories: the planner (Jugendhilfeplanung) and the
municipality's administration; releasing imported offers for families likewise."""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

import_feeds = Permission(
    "feeds.source.import",
    _("Verzeichnisse anderer Kommunen (HSDS) importieren und Angebote daraus freigeben"),
    {Role.PLANNER: Reach.MUNICIPALITY, Role.ADMIN: Reach.MUNICIPALITY},
)

register(Policy("feeds", _("Verzeichnisse anderer Kommunen"), [import_feeds]))
