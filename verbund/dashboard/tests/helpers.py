"""Due items of every kind for a test tenant, ``n`` of each."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.analysis.choices import NeedStatus
from verbund.analysis.tests.factories import NeedFactory
from verbund.areas.models import AreaImport
from verbund.cooperation.models import PartyKind, Status
from verbund.cooperation.tests.factories import (
    AgreementFactory,
    AgreementVersionFactory,
    PartyFactory,
)
from verbund.network.models import Organisation
from verbund.network.tests.factories import (
    ContactFactory,
    OrganisationFactory,
    RelationshipFactory,
)
from verbund.statistics.models import ImportRun
from verbund.tenancy.tests.factories import FamilyCentreFactory


def populate(tenant, n: int = 1, *, first: int = 0, overdue_days: int = 320):
    """Agreements (review overdue, expiry upcoming) with the partner's organisation as a
    party, next steps, open and reported needs, contacts overdue for confirmation and
    imports waiting: ``n`` of each, in the tenant's centre."""
    today = timezone.localdate()
    town, centre = tenant.municipality, tenant.centre
    with scopes_disabled():
        own = Organisation.objects.filter(facility=tenant.facility).first() or (
            OrganisationFactory(municipality=town, facility=tenant.facility, name="Eigene Org")
        )
        for i in range(first, first + n):
            agreement = AgreementFactory(
                municipality=town,
                centre=centre,
                title=f"Vereinbarung {i}",
                status=Status.ACTIVE,
                review_date=today - timedelta(days=overdue_days + i),
                end_date=today + timedelta(days=20 + i),
            )
            PartyFactory(agreement=agreement, kind=PartyKind.PARTNER, organisation=own)
            AgreementVersionFactory(agreement=agreement, number=1)
            RelationshipFactory(
                municipality=town,
                centre=centre,
                next_step=f"Anrufen {i}",
                next_step_due=today + timedelta(days=3),
            )
            NeedFactory(
                municipality=town, centre=centre, status=NeedStatus.OPEN, title=f"Offen {i}"
            )
            NeedFactory(municipality=town, centre=centre, title=f"Gemeldet {i}")
            ContactFactory(organisation=own, last_confirmed=today - timedelta(days=800))
            ImportRun.objects.create(
                municipality=town, file_name=f"werte{i}.csv", file_size=10, file_format="csv"
            )
            AreaImport.objects.create(
                municipality=town, filename=f"grenzen{i}.geojson", file_format="geojson"
            )
            FamilyCentreFactory(municipality=town, provider=tenant.provider)
    return own
