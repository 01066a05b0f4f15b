from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, everyone, register
from verbund.core.roles import Reach, Role

CENTRE_TEAM = (Role.COORDINATOR, Role.CENTRE_LEAD, Role.STAFF)

view_profiles = Permission(
    "analysis.profile.view",
    _("Gebietsprofile, Karten und Bedarfsindex ansehen und exportieren"),
    everyone(Reach.MUNICIPALITY),
)
configure_index = Permission(
    "analysis.index.configure",
    _("Bedarfsindex einstellen"),
    {Role.PLANNER: Reach.MUNICIPALITY, Role.ADMIN: Reach.MUNICIPALITY},
)
view_figures = Permission(
    "analysis.figures.view",
    _("Kennzahlen der Familienzentren ansehen (fremde Zentren: Werte unter 5 verborgen)"),
    {
        **dict.fromkeys(CENTRE_TEAM, Reach.MUNICIPALITY),
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.ADMIN: Reach.MUNICIPALITY,
    },
)
# Only the centre's own team enters figures: anyone else would see counts below five.
change_figures = Permission(
    "analysis.figures.change",
    _("Kennzahlen des eigenen Familienzentrums eintragen"),
    dict.fromkeys(CENTRE_TEAM, Reach.CENTRE),
)
view_needs = Permission(
    "analysis.need.view",
    _("Bedarfe ansehen und exportieren"),
    {
        **dict.fromkeys(CENTRE_TEAM, Reach.CENTRE),
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.ADMIN: Reach.MUNICIPALITY,
    },
)
change_needs = Permission(
    "analysis.need.change",
    _("Bedarfe des eigenen Familienzentrums erfassen und belegen"),
    dict.fromkeys(CENTRE_TEAM, Reach.CENTRE),
)
decide_needs = Permission(
    "analysis.need.decide",
    _("Bedarfsvorschläge bestätigen oder verwerfen"),
    {Role.COORDINATOR: Reach.CENTRE},
)
manage_rules = Permission(
    "analysis.rule.manage",
    _("Regeln für Bedarfsvorschläge pflegen"),
    {Role.PLANNER: Reach.MUNICIPALITY, Role.ADMIN: Reach.MUNICIPALITY},
)
# Hints from families ("Was fehlt Ihnen?"): the centre's team for signals to its centre or
# area, the planning for the whole municipality.
handle_signals = Permission(
    "analysis.signal.handle",
    _("Hinweise von Familien ansehen, als Bedarf übernehmen oder verwerfen"),
    {
        **dict.fromkeys(CENTRE_TEAM, Reach.CENTRE),
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.ADMIN: Reach.MUNICIPALITY,
    },
)

register(
    Policy(
        "analysis",
        _("Sozialraumanalyse"),
        [
            view_profiles,
            configure_index,
            view_figures,
            change_figures,
            view_needs,
            change_needs,
            decide_needs,
            manage_rules,
            handle_signals,
        ],
    )
)


def is_centre_team(access, centre) -> bool:
    """Only the centre's own team sees exact counts below five."""
    return any(centre.pk in access.centres_by_role.get(role, ()) for role in CENTRE_TEAM)
