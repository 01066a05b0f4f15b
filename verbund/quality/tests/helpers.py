"""Records that the evidence rules find, for one centre."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.cooperation.models import Party, PartyKind, Status
from verbund.cooperation.tests.factories import AgreementFactory, OrganisationFactory
from verbund.meetings.models import MinutesStatus
from verbund.meetings.tests.factories import MeetingFactory
from verbund.network.models import Sector
from verbund.network.tests.factories import BodyFactory, BodyMemberFactory
from verbund.offers.tests.factories import OfferFactory
from verbund.taxonomy.tests.factories import term


def agreement(centre, *, sector=Sector.COUNSELLING, status=Status.SIGNED, municipality=False):
    with scopes_disabled():
        organisation = OrganisationFactory(municipality=centre.municipality, sector=sector)
        item = AgreementFactory(
            municipality=centre.municipality,
            centre=centre,
            status=status,
            includes_municipality=municipality,
        )
        Party.objects.create(
            municipality=centre.municipality,
            agreement=item,
            kind=PartyKind.PARTNER,
            organisation=organisation,
        )
    return item


def body_with_meetings(centre, *, kind="early_help", approved=2, old=1, draft=1):
    today = timezone.localdate()
    with scopes_disabled():
        body = BodyFactory(municipality=centre.municipality, kind=kind)
        BodyMemberFactory(body=body, municipality=centre.municipality, centre=centre)
        meetings = []
        for n in range(approved):
            meetings.append(
                MeetingFactory(
                    municipality=centre.municipality,
                    body=body,
                    date=today - timedelta(days=30 * (n + 1)),
                    minutes_status=MinutesStatus.APPROVED,
                )
            )
        for _n in range(old):
            MeetingFactory(
                municipality=centre.municipality,
                body=body,
                date=today - timedelta(days=500),
                minutes_status=MinutesStatus.APPROVED,
            )
        for _n in range(draft):
            MeetingFactory(
                municipality=centre.municipality, body=body, date=today - timedelta(days=10)
            )
    return body, meetings


def offer(centre, *, languages="de", terms=()):
    with scopes_disabled():
        item = OfferFactory(municipality=centre.municipality, centre=centre, languages=languages)
        for vocabulary, key in terms:
            item.terms.add(term(centre.municipality, vocabulary, key))
    return item
