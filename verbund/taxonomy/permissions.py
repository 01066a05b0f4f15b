"""Who may edit the shared taxonomy (everyone reads it through the lists that use it)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

manage_terms = Permission(
    "taxonomy.term.manage",
    _("Begriffe (Lebensphasen, Übergänge, Themen, Zielgruppen, Leistungsarten) pflegen"),
    {Role.ADMIN: Reach.MUNICIPALITY, Role.PLANNER: Reach.MUNICIPALITY},
)

register(Policy("taxonomy", _("Begriffe"), [manage_terms]))
