"""The one access rule: the list condition and the object check agree, for every model.

Property: for random users (random roles and memberships), random permissions (random grants
per role) and every object of every access-checked model in a varied municipality,
``obj in queryset.filter(access.filter(permission, model))`` == ``access.can(permission, obj)``.
"""

from __future__ import annotations

import itertools

import pytest
from django.apps import apps
from django.db.models import Q
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from verbund.accounts.access import Access, access_for
from verbund.accounts.models import Membership
from verbund.accounts.tests.factories import UserFactory
from verbund.core.access import Via, keys_of, paths_of
from verbund.core.permissions import Permission, everyone
from verbund.core.roles import ROLE_SCOPE, Reach, Role

pytestmark = pytest.mark.django_db


def access_checked_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("verbund.") and hasattr(model, "access_keys")
    ]


def build_world(municipality):
    """Centres with and without provider, facilities linked every way, and the objects of
    every access-checked model hanging off them (seats held and left, several parties)."""
    from verbund.analysis.tests.factories import CentreFiguresFactory, NeedFactory
    from verbund.areas.tests.factories import (
        AreaFactory,
        AreaImportFactory,
        ObservationFactory,
        ObservationPhotoFactory,
        WalkFactory,
    )
    from verbund.cooperation.tests.helpers import make_agreement, sign, upload_scan
    from verbund.network.tests.factories import (
        BodyFactory,
        BodyMemberFactory,
        ContactFactory,
        InteractionFactory,
        OrganisationFactory,
        RelationshipFactory,
    )
    from verbund.tenancy.tests.factories import (
        FacilityFactory,
        FamilyCentreFactory,
        ProviderFactory,
    )

    m = {"municipality": municipality}
    p1, p2 = ProviderFactory(**m), ProviderFactory(**m)
    c1 = FamilyCentreFactory(**m, provider=p1)
    c2 = FamilyCentreFactory(**m, provider=p2)
    c3 = FamilyCentreFactory(**m, provider=None)
    c4 = FamilyCentreFactory(**m, provider=p1)
    f1 = FacilityFactory(**m, centre=c1, provider=p1)
    f2 = FacilityFactory(**m, centre=c2, provider=None)
    f3 = FacilityFactory(**m, centre=None, provider=p2)
    f4 = FacilityFactory(**m, centre=None, provider=None)
    f5 = FacilityFactory(**m, centre=c3, provider=p1)
    f6 = FacilityFactory(**m, centre=c4, provider=p2)
    o1 = OrganisationFactory(**m, facility=f1)
    o2 = OrganisationFactory(**m, facility=f2)
    o3 = OrganisationFactory(**m, facility=f3)
    o4 = OrganisationFactory(**m, facility=None)
    o5 = OrganisationFactory(**m, facility=f5)
    for organisation in (o1, o2, o3, o4, o5):
        ContactFactory(**m, organisation=organisation)
    for centre, organisation in ((c1, o1), (c2, o4), (c3, o3), (c4, o5)):
        InteractionFactory(
            **m, relationship=RelationshipFactory(**m, centre=centre, organisation=organisation)
        )
    b1 = BodyFactory(**m, centre=c1)
    b2 = BodyFactory(**m, centre=None)
    b3 = BodyFactory(**m, centre=c3)
    BodyMemberFactory(**m, body=b1, organisation=o2)
    BodyMemberFactory(**m, body=b1, organisation=o3, left_on="2025-01-01")
    BodyMemberFactory(**m, body=b2, organisation=o1)
    BodyMemberFactory(**m, body=b2, organisation=o4)
    BodyMemberFactory(**m, body=b3, centre=c3)
    with scopes_disabled():
        area1 = AreaFactory(**m)
        area1.centres.set([c1, c2])
        AreaFactory(**m)
        AreaFactory(**m).centres.set([c3])
    AreaImportFactory(**m)
    for centre in (c1, c3):
        ObservationPhotoFactory(
            observation=ObservationFactory(walk=WalkFactory(**m, centre=centre))
        )
    for centre in (c1, c2, c3):
        CentreFiguresFactory(**m, centre=centre)
    NeedFactory(**m, centre=c1)
    NeedFactory(**m, centre=c4)
    signed = sign(make_agreement(municipality=municipality, centre=c1, partners=[o2]))
    with scopes_disabled():
        upload_scan(signed, version=signed.versions.get(number=1))
    make_agreement(municipality=municipality, centre=c3, partners=[o1, o5])
    make_agreement(municipality=municipality, centre=c2, partners=[o4])
    build_offers(m, centres=(c1, c2, c3), organisations=(o1, o2, o4))
    build_rooms(m, agreement=signed, centres=(c1, c3), facilities=(f1, f5), organisation=o2)
    build_overlaps(m, centres=(c1, c2, c3), organisations=(o1, o2))
    build_public(m, centres=(c1, c3, c4))
    build_meetings(m, bodies=(b1, b2, b3), centres=(c1, c2, c4))
    build_visits(m, centres=(c1, c3))
    build_budget(m, centres=(c1, c2), organisations=(o1, o2))
    with scopes_disabled():
        from verbund.quality import services as quality_services

        for centre in (c1, c2, c3):
            quality_services.selfcheck_create(
                actor=None, municipality=municipality, centre=centre, year=2026
            )
        build_documents(municipality, centres=(c1, c2))
        build_planning(centres=(c1, c2))
        build_reports(centres=(c1, c2))
        build_api_tokens(organisations=(o1, o2, o4))
        return {
            "centres": [c1, c2, c3, c4],
            "providers": [p1, p2],
            "facilities": [f1, f2, f3, f4, f5, f6],
        }


def build_documents(municipality, *, centres):
    """Documents of two centres' archives (one confidential) and of the municipality's."""
    from verbund.documents.tests.factories import make_document

    make_document(municipality=municipality, centre=centres[0], title="Konzeption")
    make_document(municipality=municipality, centre=centres[1], confidential=True)
    make_document(municipality=municipality, centre=None, title="Jugendhilfeplan", extract=False)


def build_reports(*, centres):
    """A development report of two centres, the first with a frozen version."""
    from verbund.reports.models import ReportFreeze
    from verbund.reports.tests.helpers import make_report

    first = make_report(centres[0])
    make_report(centres[1])
    ReportFreeze.objects.create(
        municipality=first.municipality, report=first, number=1, content={}, sha256="0" * 64
    )


def build_planning(*, centres):
    """An approved programme with a recorded review (c1), a draft (c2), hours and a training."""
    from datetime import date

    from verbund.planning import services as planning
    from verbund.planning.tests.helpers import programme_with_goals

    approved = programme_with_goals(centres[0], year=2026, goals=2, approved=True)
    programme_with_goals(centres[1], year=2027, goals=1)
    review = planning.review_plan(
        actor=None, programme=approved, data={"planned_on": date(2026, 6, 30)}
    )
    results = {
        goal.pk: {
            "current_value": 5,
            "goal_evidence": "Elterncafé gut besucht",
            "execution_evidence": "wie geplant",
            "traffic_light": "green",
            "decision": "keep",
        }
        for goal in approved.goals.all()
    }
    planning.review_record(actor=None, review=review, results=results, held_on=date(2026, 7, 1))
    coordinator = UserFactory()
    for centre in centres:
        planning.hours_set(
            actor=None,
            coordinator=coordinator,
            centre=centre,
            year=2026,
            data={"weekly_hours": 19.5, "note": ""},
        )
        planning.training_create(
            actor=None,
            coordinator=coordinator,
            centre=centre,
            data={
                "kind": "training",
                "title": "Kinderschutz",
                "date": date(2026, 3, 3),
                "hours": 8,
            },
        )


def build_api_tokens(*, organisations):
    from verbund.api.services import api_token_create

    creator = UserFactory()
    for organisation in organisations:
        api_token_create(actor=creator, organisation=organisation, name="Kursverwaltung")


def build_rooms(m, *, agreement, centres, facilities, organisation):
    """Rooms of facilities and of a partner organisation, one shared through the signed
    agreement's room resource, booked by centres (their own room and the shared one)."""
    from verbund.rooms.models import RoomShare
    from verbund.rooms.tests.factories import BookingFactory, ResourceFactory, RoomFactory

    c1, c3 = centres
    f1, f5 = facilities
    own = RoomFactory(**m, facility=f1)
    other = RoomFactory(**m, facility=f5)
    partner_room = RoomFactory(**m, facility=None, organisation=organisation)
    with scopes_disabled():
        party = agreement.parties.filter(organisation=organisation).first()
        party = party or agreement.parties.first()
        resource = ResourceFactory(**m, agreement=agreement, party=party)
        RoomShare.objects.create(**m, room=partner_room, resource=resource)
    BookingFactory(**m, room=own, centre=c1)
    BookingFactory(**m, room=other, centre=c3)
    BookingFactory(**m, room=partner_room, centre=c1)


def build_public(m, *, centres):
    """Homepages (one with a download) and hints from families: for a centre, for an area
    served by two centres, and for the municipality only (public site)."""
    from verbund.analysis.signals_models import NeedSignal
    from verbund.areas.tests.factories import AreaFactory
    from verbund.public.models import CentrePage, PageDownload

    c1, c3, c4 = centres
    with scopes_disabled():
        pages = [CentrePage.objects.create(**m, centre=centre) for centre in (c1, c3)]
        PageDownload.objects.create(**m, page=pages[1], title="Flyer", file="public/flyer.pdf")
        shared = AreaFactory(**m)
        shared.centres.set([c3, c4])
        NeedSignal.objects.create(**m, centre=c1, text="Ein Babytreff am Abend")
        NeedSignal.objects.create(**m, area=shared, text="Spielplatz")
        NeedSignal.objects.create(**m, text="Mehr Angebote auf Arabisch")


def build_meetings(m, *, bodies, centres):
    """Meetings of bodies (run by a centre, by the municipality) and of a circle run by one
    centre with a member from another, each with an action item."""
    from verbund.accounts.tests.factories import MembershipFactory, UserFactory
    from verbund.meetings.tests.factories import (
        ActionItemFactory,
        CircleFactory,
        MeetingFactory,
    )

    b1, b2, b3 = bodies
    _c1, c2, c4 = centres
    member = UserFactory()
    MembershipFactory(user=member, role=Role.STAFF, centre=c2, **m)
    circle = CircleFactory(**m, centre=c4)
    with scopes_disabled():
        circle.members.set([member])
    for meeting in (
        MeetingFactory(**m, body=b1),
        MeetingFactory(**m, body=b2),
        MeetingFactory(**m, body=b3),
        MeetingFactory(**m, body=None, circle=circle),
    ):
        ActionItemFactory(**m, meeting=meeting)


def build_budget(m, *, centres, organisations):
    from verbund.budget.tests.factories import (
        ActionBudgetFactory,
        BudgetApplicationFactory,
        SpendingFactory,
    )

    own = ActionBudgetFactory(**m, centre=centres[0])
    by_centre = BudgetApplicationFactory(budget=own, centre=centres[1], status="approved")
    by_partner = BudgetApplicationFactory(budget=own, centre=None, organisation=organisations[1])
    BudgetApplicationFactory(budget=own, centre=None, organisation=organisations[0])
    SpendingFactory(application=by_centre)
    SpendingFactory(application=by_partner)


def build_visits(m, *, centres):
    """Families of the welcome visits in two centres, one of them visited."""
    from verbund.visits.tests.factories import FamilyFactory, VisitFactory

    c1, c3 = centres
    FamilyFactory(**m, centre=c1)
    VisitFactory(**m, family=FamilyFactory(**m, centre=c3))


def build_offers(m, *, centres, organisations):
    """Offers by the centre itself, by a facility's organisation and by an organisation
    without facility, each with a schedule."""
    from verbund.offers.tests.factories import OfferFactory, OfferScheduleFactory

    c1, c2, c3 = centres
    o1, o2, o4 = organisations
    for centre, provider in ((c1, None), (c2, o1), (c3, o2), (c1, o4)):
        OfferScheduleFactory(**m, offer=OfferFactory(**m, centre=centre, provider=provider))


def build_overlaps(m, *, centres, organisations):
    """Complementary pairs across centres and providers, and referrals of three centres
    (offers part "overlaps")."""
    from verbund.offers.tests.factories import (
        ComplementaryPairFactory,
        OfferFactory,
        OfferScheduleFactory,
        ReferralFactory,
    )

    c1, c2, c3 = centres
    o1, o2 = organisations
    a = OfferFactory(**m, centre=c1, provider=None)
    b = OfferFactory(**m, centre=c2, provider=o1)
    c = OfferFactory(**m, centre=c3, provider=o2)
    OfferScheduleFactory(**m, offer=c)
    ComplementaryPairFactory(**m, first=a, second=b)
    ComplementaryPairFactory(**m, first=b, second=c)
    for centre in (c1, c2, c3):
        ReferralFactory(**m, offer=b, centre=centre)


grants = st.dictionaries(st.sampled_from(list(Role)), st.sampled_from(list(Reach)))
# Roles drawn by the kind of object they are bound to, so each kind comes up often.
ROLES_BY_SCOPE = {
    reach: sorted(role for role, scope in ROLE_SCOPE.items() if scope == reach) for reach in Reach
}
membership = st.sampled_from(list(Reach)).flatmap(
    lambda reach: st.tuples(
        st.sampled_from(ROLES_BY_SCOPE[reach]), st.integers(min_value=0, max_value=5)
    )
)
memberships = st.lists(membership, min_size=1, max_size=4)


@scopes_disabled()
def test_list_condition_and_object_check_agree(tenant):
    world = build_world(tenant.municipality)
    models = access_checked_models()
    assert len(models) >= 20
    for model in models:
        assert model.objects.filter(municipality=tenant.municipality).exists(), model

    rows = {model: list(model.objects.filter(municipality=tenant.municipality)) for model in models}

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(grants=grants, memberships=memberships)
    @example(grants={}, memberships=[(Role.PARTNER, 2)])  # a facility with a left seat only
    def check(grants, memberships):
        user = UserFactory()
        for role, index in memberships:
            target = {
                Reach.CENTRE: ("centre", world["centres"]),
                Reach.PROVIDER: ("provider", world["providers"]),
                Reach.OWN: ("facility", world["facilities"]),
            }.get(ROLE_SCOPE[role])
            scope = {target[0]: target[1][index % len(target[1])]} if target else {}
            Membership.objects.get_or_create(
                user=user, role=role, municipality=tenant.municipality, **scope
            )
        access = access_for(user, tenant.municipality)
        permissions = [Permission("test.random", "zufällig", grants)] + [
            Permission(f"test.{reach}", str(reach), everyone(reach)) for reach in Reach
        ]
        for model, permission in itertools.product(models, permissions):
            listed = set(
                model.objects.filter(municipality=tenant.municipality)
                .filter(access.filter(permission, model))
                .values_list("pk", flat=True)
            )
            checked = {row.pk for row in rows[model] if access.can(permission, row)}
            assert listed == checked, (model.__name__, permission.grants, memberships)

    check()


@scopes_disabled()
def test_every_access_checked_model_declares_its_paths():
    for model in access_checked_models():
        paths = paths_of(model)
        assert set(paths) == {"centres", "providers", "facilities"}, model


def test_no_grant_lists_nothing_and_municipality_reach_everything(tenant):
    from verbund.tenancy.models import Facility

    access = Access(municipality_id=tenant.municipality.pk, roles={Role.PARTNER})
    nothing = Permission("test.none", "nichts", {Role.ADMIN: Reach.MUNICIPALITY})
    everything = Permission("test.all", "alles", {Role.PARTNER: Reach.MUNICIPALITY})
    with scopes_disabled():
        assert not Facility.objects.filter(access.filter(nothing, Facility)).exists()
        assert access.filter(everything, Facility) == Q()
        assert access.narrow(everything, Facility.objects.all()).count() == 1


def test_left_seats_do_not_reach_a_body(tenant):
    from verbund.network.tests.factories import BodyFactory, BodyMemberFactory, OrganisationFactory

    organisation = OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility)
    body = BodyFactory(municipality=tenant.municipality)
    seat = BodyMemberFactory(municipality=tenant.municipality, body=body, organisation=organisation)
    with scopes_disabled():
        assert keys_of(body)["facilities"] == {tenant.facility.pk}
        seat.left_on = "2025-01-01"
        seat.save()
        assert keys_of(body)["facilities"] == set()
    assert isinstance(paths_of(type(body))["facilities"][0], Via)


def test_a_grant_reaches_only_the_places_of_the_role_that_grants_it(tenant):
    """Coordinator of one centre and staff at another: a permission only coordinators hold
    reaches the first centre, not the second (the memberships' places are not pooled)."""
    from verbund.tenancy.models import FamilyCentre
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    with scopes_disabled():
        coordinated = tenant.centre
        staffed = FamilyCentreFactory(municipality=tenant.municipality, provider=tenant.provider)
        user = UserFactory()
        Membership.unscoped.create(
            user=user, municipality=tenant.municipality, role=Role.COORDINATOR, centre=coordinated
        )
        Membership.unscoped.create(
            user=user, municipality=tenant.municipality, role=Role.STAFF, centre=staffed
        )
        access = access_for(user, tenant.municipality)
        coordinators_only = Permission(
            "test.coord", "nur Koordination", {Role.COORDINATOR: Reach.CENTRE}
        )
        both = Permission(
            "test.team", "Team", {Role.COORDINATOR: Reach.CENTRE, Role.STAFF: Reach.CENTRE}
        )
        assert access.can(coordinators_only, coordinated)
        assert not access.can(coordinators_only, staffed)
        listed = FamilyCentre.objects.filter(access.filter(coordinators_only, FamilyCentre))
        assert set(listed) == {coordinated}
        assert access.reach_ids(coordinators_only, Reach.CENTRE) == {coordinated.pk}
        assert access.can(both, staffed) and access.can(both, coordinated)
        listed = FamilyCentre.objects.filter(access.filter(both, FamilyCentre))
        assert set(listed) == {coordinated, staffed}
