"""seed_scale at real shape: areas, values, organisations, relationships, bodies, agreements,
written in small batches (the batch size must not change the result)."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.models import Membership
from verbund.areas.models import Area
from verbund.cooperation.models import Agreement, AgreementVersion, Party
from verbund.network.models import Body, BodyMember, Organisation
from verbund.network.models.relationships import Relationship
from verbund.statistics.models import Indicator, IndicatorValue
from verbund.tenancy.models import FamilyCentre, Municipality

pytestmark = pytest.mark.django_db


def test_real_shape_in_small_batches():
    out = io.StringIO()
    call_command(
        "seed_scale",
        prefix="form",
        centres=12,
        facilities_per_centre=2,
        municipalities=2,
        areas=40,
        area_vertices=60,
        value_years=2,
        organisations=30,
        relationships=100,
        bodies=3,
        agreements=9,
        password="Ein-langes-Passwort-1",
        batch=7,
        stdout=out,
    )
    with scopes_disabled():
        first, second = Municipality.objects.filter(slug__startswith="form-").order_by("slug")
        for municipality in (first, second):
            # bulk-created municipalities get the catalogue their signal would have seeded
            indicators = Indicator.objects.filter(municipality=municipality).count()
            assert indicators > 0
            areas = Area.objects.filter(municipality=municipality)
            assert areas.count() == 40
            levels = dict(areas.values_list("level").annotate(n=Count("id")))
            assert len(levels) == 3 and max(levels.values()) == levels["3 Planungsraum"]
            assert not areas.filter(level="3 Planungsraum", parent=None).exists()
            leaf = areas.filter(level="3 Planungsraum").first()
            ring = leaf.geometry["coordinates"][0]
            assert len(ring) == 61 and ring[0] == ring[-1]
            assert leaf.geometry_simplified and leaf.bbox and leaf.centroid_lat
            assert IndicatorValue.objects.filter(municipality=municipality).count() == (
                40 * indicators * 2
            )
            assert Organisation.objects.filter(municipality=municipality).count() == 30
            assert Relationship.objects.filter(municipality=municipality).count() == 100
            assert Body.objects.filter(municipality=municipality).count() == 3
            assert BodyMember.objects.filter(municipality=municipality).count() == 3 * 8
            agreements = Agreement.objects.filter(municipality=municipality)
            assert agreements.count() == 9
            assert AgreementVersion.objects.filter(agreement__in=agreements, number=1).count() == 9
            parties = Party.objects.filter(municipality=municipality)
            assert parties.filter(kind="centre").count() == 9
            assert parties.filter(kind="partner").count() >= 9
        # every centre lies in a Planungsraum and belongs to it and to its parents
        centre = FamilyCentre.objects.filter(municipality=first).first()
        assert set(centre.areas.values_list("level", flat=True)) == {
            "1 Bezirk",
            "2 Stadtteil",
            "3 Planungsraum",
        }
        roles = set(
            Membership.objects.filter(user__username__in=[
                "form-planung", "form-koordination", "form-traeger", "form-partner",
            ]).values_list("role", flat=True)
        )  # fmt: skip
        assert roles == {"planner", "coordinator", "provider_admin", "partner"}
    assert "40 Gebiete" not in out.getvalue()  # counts are totals over both municipalities
    assert "80 Gebiete" in out.getvalue()

    client = Client()
    login = {"username": "form-planung", "password": "Ein-langes-Passwort-1"}
    assert client.post(reverse("accounts:login"), login).status_code == 302
    assert client.get(reverse("tenancy:home", args=[first.slug])).status_code == 200
    assert client.get(reverse("areas:area_list", args=[first.slug])).status_code == 200
    with scopes_disabled():
        agreement = Agreement.objects.filter(municipality=first).first()
    detail = reverse("cooperation:agreement_detail", args=[first.slug, agreement.pk])
    assert client.get(detail).status_code == 200
