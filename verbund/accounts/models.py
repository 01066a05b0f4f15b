from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from verbund.core.models import TenantBound, TimestampedModel
from verbund.core.privacy import LegalBasis, ProcessingRecord
from verbund.core.roles import Role


class User(AbstractUser):
    """A person who signs in. Holds only what login and contact within the network need."""

    personal_data = ProcessingRecord(
        purpose=_("Anmeldung, Rechteverwaltung und Nachvollziehbarkeit von Änderungen"),
        legal_basis=f"{LegalBasis.CONTRACT},{LegalBasis.PUBLIC_TASK}",
        categories=(_("Name"), _("Benutzername"), _("dienstliche E-Mail"), _("Anmeldezeiten")),
        retention=_("Bis zum Ende der Tätigkeit; Protokolleinträge nach den Fristen der Kommune"),
        recipients=(_("Administration der Kommune"),),
        data_subjects=_("Beschäftigte der Kommune, der Träger und der Partnerorganisationen"),
        fields=("username", "first_name", "last_name", "email", "last_login"),
    )

    class Meta:
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(TenantBound, TimestampedModel):
    """Grants a user one role within a scope: a municipality, a provider, a centre or a facility."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Person")
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Kommune"),
    )
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("Familienzentrum"),
    )
    provider = models.ForeignKey(
        "tenancy.Provider",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("Träger"),
    )
    facility = models.ForeignKey(
        "tenancy.Facility",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("Einrichtung"),
    )

    objects = ScopedManager(municipality="municipality")
    # Only for building a user's own access; never for listing other people's memberships.
    unscoped = models.Manager()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(
                        role__in=["coordinator", "centre_lead", "staff", "visitor"],
                        centre__isnull=False,
                        provider__isnull=True,
                        facility__isnull=True,
                    )
                    | Q(
                        role="provider_admin",
                        centre__isnull=True,
                        provider__isnull=False,
                        facility__isnull=True,
                    )
                    | Q(
                        role="partner",
                        centre__isnull=True,
                        provider__isnull=True,
                        facility__isnull=False,
                    )
                    | Q(
                        role__in=["planner", "admin"],
                        centre__isnull=True,
                        provider__isnull=True,
                        facility__isnull=True,
                    )
                ),
                violation_error_message=_(
                    "Der Bereich passt nicht zur Rolle: Zentrumsrollen brauchen ein "
                    "Familienzentrum, Träger einen Träger, Partner eine Einrichtung."
                ),
            ),
            # One constraint per scope kind: NULLs never compare equal in a plain unique key.
            models.UniqueConstraint(
                fields=["user", "role", "centre"],
                condition=Q(centre__isnull=False),
                name="membership_unique_centre",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "provider"],
                condition=Q(provider__isnull=False),
                name="membership_unique_provider",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "facility"],
                condition=Q(facility__isnull=False),
                name="membership_unique_facility",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(centre__isnull=True, provider__isnull=True, facility__isnull=True),
                name="membership_unique_municipality",
            ),
        ]

    def __str__(self) -> str:
        target = self.centre or self.provider or self.facility or self.municipality
        return f"{self.user} · {self.get_role_display()} · {target}"


from .models_legal import LegalKind, LegalPage  # noqa: E402, F401
