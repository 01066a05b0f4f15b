"""A small world for meeting tests: the tenant's Arbeitskreis with three seats and a reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.network.models import BodyKind
from verbund.network.tests.factories import (
    BodyFactory,
    BodyMemberFactory,
    ContactFactory,
    OrganisationFactory,
)

from .. import services


@dataclass
class World:
    tenant: object
    body: object
    partner_org: object  # the tenant's facility's organisation (partner user reaches it)
    partner_contact: object
    school: object
    school_contact: object
    head: object  # standing reader (Fachbereichsleitung)
    coordinator: object


def build_world(tenant) -> World:
    m = tenant.municipality
    with scopes_disabled():
        body = BodyFactory(
            municipality=m, centre=tenant.centre, kind=BodyKind.WORKING_GROUP, name="AK Süd"
        )
        partner_org = OrganisationFactory(municipality=m, facility=tenant.facility, name="Kita")
        partner_contact = ContactFactory(
            municipality=m, organisation=partner_org, email="kita@example.org"
        )
        school = OrganisationFactory(municipality=m, name="Grundschule Süd")
        school_contact = ContactFactory(
            municipality=m, organisation=school, first_name="Sabine", email="schule@example.org"
        )
        BodyMemberFactory(body=body, municipality=m, centre=tenant.centre)
        BodyMemberFactory(
            body=body, municipality=m, organisation=partner_org, contact=partner_contact
        )
        BodyMemberFactory(body=body, municipality=m, organisation=school, contact=school_contact)
        head_org = OrganisationFactory(municipality=m, name="AWO Kreisverband")
        head = ContactFactory(
            municipality=m, organisation=head_org, last_name="Fachbereich", email="fbl@example.org"
        )
        services.reader_add(actor=None, body=body, contact=head)
    return World(
        tenant,
        body,
        partner_org,
        partner_contact,
        school,
        school_contact,
        head,
        tenant.users[Role.COORDINATOR],
    )


def make_meeting(world: World, *, day=date(2027, 3, 10), actor=None, **extra):
    data = {
        "body": world.body,
        "title": "Arbeitskreis Süd",
        "date": day,
        "start_time": time(10),
        "end_time": time(12),
        "address": "Rathaus, Saal 2",
        **extra,
    }
    with scopes_disabled():
        return services.meeting_create(
            actor=actor or world.coordinator, municipality=world.tenant.municipality, data=data
        )
