"""A small world for room tests: the tenant's facility room, a partner organisation's room,
and a signed agreement of the tenant's centre in which the partner brings in rooms."""

from __future__ import annotations

from datetime import date, time

from django_scopes import scope

from verbund.cooperation import services as coop_services
from verbund.cooperation.models import ResourceKind
from verbund.cooperation.tests.helpers import make_agreement, sign
from verbund.core.recurrence import Kind, Recurrence
from verbund.network.tests.factories import OrganisationFactory

from .factories import RoomFactory


def weekly(start=date(2027, 1, 5), until=date(2027, 3, 30), at=(9, 11), **kwargs) -> Recurrence:
    return Recurrence(
        start_date=start,
        start_time=time(at[0]),
        end_time=time(at[1]),
        kind=kwargs.pop("kind", Kind.WEEKLY),
        until=until,
        **kwargs,
    )


def single(day=date(2027, 1, 12), at=(9, 11)) -> Recurrence:
    return Recurrence(start_date=day, start_time=time(at[0]), end_time=time(at[1]))


def partner_world(tenant, *, signed=True):
    """(partner organisation, its room, the agreement's partner room resource)."""
    municipality = tenant.municipality
    partner = OrganisationFactory(municipality=municipality, name="TuS Nordstadt 1921 e. V.")
    room = RoomFactory(
        municipality=municipality, facility=None, organisation=partner, name="Gymnastikhalle"
    )
    agreement = make_agreement(
        municipality=municipality, centre=tenant.centre, partners=[partner], with_items=False
    )
    with scope(municipality=municipality.pk):
        party = agreement.parties.get(organisation=partner)
        coop_services.responsibility_create(
            actor=None,
            agreement=agreement,
            data={"party": party, "task": "Bewegungsstunde", "scope": "monatlich", "contact": ""},
        )
        resource = coop_services.resource_create(
            actor=None,
            agreement=agreement,
            data={
                "party": party,
                "kind": ResourceKind.ROOM,
                "description": "Gymnastikhalle",
                "amount": 2,
                "unit": "Std./Monat",
            },
        )
    if signed:
        sign(agreement)
    return partner, room, resource
