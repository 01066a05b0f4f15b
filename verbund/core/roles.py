from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of the product brief; a Membership grants one of them within a scope."""

    COORDINATOR = "coordinator", _("Koordinierungskraft")
    CENTRE_LEAD = "centre_lead", _("Leitung")
    STAFF = "staff", _("Fachkraft")
    PROVIDER_ADMIN = "provider_admin", _("Träger (Fachbereichsleitung)")
    PLANNER = "planner", _("Jugendhilfeplanung")
    PARTNER = "partner", _("Partnerorganisation")
    ADMIN = "admin", _("Administration der Kommune")
    VISITOR = "visitor", _("Begrüßungsbesuche (Besuchsteam)")


class Reach(models.TextChoices):
    """How far a granted permission extends within one municipality."""

    MUNICIPALITY = "municipality", _("ganze Kommune")
    PROVIDER = "provider", _("Einrichtungen des eigenen Trägers")
    CENTRE = "centre", _("eigene Familienzentren")
    OWN = "own", _("eigene Organisation")


# Which scope object each role's membership is bound to.
ROLE_SCOPE = {
    Role.COORDINATOR: Reach.CENTRE,
    Role.CENTRE_LEAD: Reach.CENTRE,
    Role.STAFF: Reach.CENTRE,
    Role.PROVIDER_ADMIN: Reach.PROVIDER,
    Role.PLANNER: Reach.MUNICIPALITY,
    Role.PARTNER: Reach.OWN,
    Role.ADMIN: Reach.MUNICIPALITY,
    Role.VISITOR: Reach.CENTRE,
}
