"""The visits' section on the area profile (aggregates only, fixed queries) and the privacy of
the new records: decline channel, recommended offers, moves."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.visits import services, services_family
from verbund.visits.models import Family, ListedOffer

from .factories import FamilyFactory, VisitFactory
from .helpers import setup_world
from .test_visits import every_text

pytestmark = pytest.mark.django_db


def profile(client, tenant, area):
    return client.get(reverse("analysis:area_profile", args=[tenant.municipality.slug, area.pk]))


def families(tenant, area, count, **values):
    made = []
    for index in range(count):
        family = FamilyFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            area=area,
            parent_name=f"Profil Person{index}{values.get('status', '')}",
            announced_on=timezone.localdate(),
            **values,
        )
        if values.get("status") == "visited":
            VisitFactory(family=family, municipality=tenant.municipality, topics=["Schlaf"])
        made.append(family)
    return made


def test_the_area_profile_shows_the_visit_counts_to_planning_only(
    client, tenant, django_assert_max_num_queries
):
    world = setup_world(tenant)
    families(tenant, world["north"], 6, status="visited")
    families(tenant, world["north"], 2, status="declined", decline_channel="mail")
    families(tenant, world["south"], 7, status="visited")
    client.force_login(tenant.users[Role.PLANNER])
    body = profile(client, tenant, world["north"]).content.decode()
    assert "Begrüßungsbesuche in diesem Gebiet" in body
    assert "Profil Person" not in body
    # the north: 8 families, 6 visited, 2 declined (hidden, and with them the 6 visited)
    with scopes_disabled():
        from verbund.visits.statistics import visit_statistics

        north = visit_statistics(municipality=tenant.municipality, area=world["north"])
    assert north.families == 8 and north.reached is None and north.share_reached is None
    assert all(row["count"] is None for row in north.by_area_month)
    assert {row["area"] for row in north.by_area_month} == {"Nordviertel"}
    # staff may see area profiles, but not the visit counts
    client.force_login(tenant.users[Role.STAFF])
    assert (
        "Begrüßungsbesuche in diesem Gebiet"
        not in profile(client, tenant, world["north"]).content.decode()
    )
    # a fixed number of queries, whatever the number of families
    client.force_login(tenant.users[Role.PLANNER])
    profile(client, tenant, world["south"])
    with django_assert_max_num_queries(200) as few:
        profile(client, tenant, world["south"])
    families(tenant, world["south"], 15, status="visited")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert (
            "Begrüßungsbesuche in diesem Gebiet"
            in profile(client, tenant, world["south"]).content.decode()
        )


def test_recommended_offers_are_counted_and_lose_the_family_at_retention(tenant):
    from verbund.offers.tests.factories import OfferFactory

    family = FamilyFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        parent_name="Liste Löschen",
        status="visited",
        closed_on=timezone.localdate(),
    )
    with scopes_disabled():
        offers = [
            OfferFactory(municipality=tenant.municipality, centre=tenant.centre) for _ in range(2)
        ]
        ids = [offer.pk for offer in offers]
        services_family.offers_listed(family=family, offer_ids=ids)
        services_family.offers_listed(family=family, offer_ids=ids)  # a reprint
        assert ListedOffer.objects.count() == 2
        later = timezone.localdate() + relativedelta(months=6)
        with mock.patch("django.utils.timezone.localdate", return_value=later):
            assert services.anonymise_due(municipality=tenant.municipality) == 1
        assert ListedOffer.objects.filter(family__isnull=False).count() == 0
        assert ListedOffer.objects.count() == 2  # still counted
        from verbund.visits.statistics import visit_statistics

        stats = visit_statistics(municipality=tenant.municipality)
    assert stats.offers_total is None  # 2: suppressed
    assert every_text("Löschen") == []


def test_decline_and_move_leave_no_personal_data_in_the_audit_trail(tenant):
    world = setup_world(tenant)
    family = FamilyFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        parent_name="Audit Geheimname",
        street="Audit-Gasse",
    )
    visitor = tenant.users[Role.VISITOR]
    with scopes_disabled():
        services_family.family_move(
            actor=visitor,
            family=family,
            centre=world["other_centre"],
            allowed_centre_ids={tenant.centre.pk, world["other_centre"].pk},
        )
        services_family.family_decline(
            actor=visitor,
            family=family,
            declined_on=timezone.localdate() - datetime.timedelta(days=1),
            channel="email",
        )
        text = " ".join(
            f"{e.object_repr} {e.before} {e.after} {e.data}"
            for e in AuditEntry.objects.filter(action__startswith="visits.")
        )
        assert "Geheimname" not in text and "Audit-Gasse" not in text
        later = timezone.localdate() + relativedelta(months=7)
        with mock.patch("django.utils.timezone.localdate", return_value=later):
            services.anonymise_due(municipality=tenant.municipality)
        family = Family.objects.get(pk=family.pk)
    assert family.parent_name == "" and family.decline_channel == "email"  # a count, kept
    assert every_text("Geheimname") == [] and every_text("Audit-Gasse") == []
