"""Who may read and change offers, the gap analysis, overlaps and brokering counts.

Offers are the network's shared catalogue ("everyone must know the partners and their offers",
seed 002): every member of the municipality's network reads the approved ones. Changing an
offer is for its centre's team and for the partner organisation that provides it; a partner's
offer waits for the coordinator's approval before it appears on the centre's public pages.
"""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

NETWORK_WIDE = dict.fromkeys(Role, Reach.MUNICIPALITY)

view_offer = Permission(
    "offers.offer.view",
    _("Angebote im Netzwerk ansehen und suchen, Kalender abonnieren"),
    NETWORK_WIDE,
)
manage_offer = Permission(
    "offers.offer.manage",
    _("Angebote anlegen, bearbeiten, Termine planen, Angaben bestätigen"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
        Role.PARTNER: Reach.OWN,
    },
)
approve_offer = Permission(
    "offers.offer.approve",
    _("Angebote von Partnern freigeben oder mit Begründung zurückgeben"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
    },
)
import_offers = Permission(
    "offers.offer.import",
    _("Angebote aus Tabellen (CSV/XLSX) importieren"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
    },
)
view_gaps = Permission(
    "offers.gaps.view",
    _("Lückenanalyse der Präventionskette ansehen und exportieren"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
    },
)
view_overlaps = Permission(
    "offers.overlaps.view",
    _("Bericht über mögliche Doppelstrukturen und Versäulung ansehen"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
    },
)
mark_complementary = Permission(
    "offers.overlaps.mark",
    _("Ähnliche Angebote als sich ergänzend kennzeichnen (mit Begründung)"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.PARTNER: Reach.OWN,
    },
)
record_referral = Permission(
    "offers.referral.record",
    _("Vermittlungen in Angebote anonym festhalten"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
    },
)
view_referrals = Permission(
    "offers.referral.view",
    _("Zahlen zu Vermittlungen ansehen"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
    },
)

register(
    Policy(
        "offers",
        _("Angebote"),
        [
            view_offer,
            manage_offer,
            approve_offer,
            import_offers,
            view_gaps,
            view_overlaps,
            mark_complementary,
            record_referral,
            view_referrals,
        ],
    )
)
