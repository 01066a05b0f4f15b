"""The street table import (all or nothing, German messages), the settings and the number of
queries of the family list."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.visits.models import StreetSegment

from .factories import FamilyFactory, StreetSegmentFactory

pytestmark = pytest.mark.django_db


def post_streets(client, tenant, text: str, name="strassen.csv"):
    client.force_login(tenant.users[Role.ADMIN])
    return client.post(
        reverse("visits:streets", args=[tenant.municipality.slug]),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"))},
    )


def test_street_table_import_replaces_the_table(client, tenant):
    StreetSegmentFactory(municipality=tenant.municipality, street="Altweg")
    response = post_streets(
        client,
        tenant,
        "Straße;PLZ;von;bis;Breite;Länge\nLindenstraße;50667;1;40;51,0;7,0\n"
        "Amselweg;50667;2;8;51.01;7.01\n",
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert sorted(StreetSegment.objects.values_list("street", flat=True)) == [
            "Amselweg",
            "Lindenstraße",
        ]


def test_street_table_with_bad_rows_changes_nothing(client, tenant):
    StreetSegmentFactory(municipality=tenant.municipality, street="Altweg")
    response = post_streets(
        client,
        tenant,
        "Straße;PLZ;von;bis;Breite;Länge\nLindenstraße;50667;1;40;51,0;7,0\n"
        "Amselweg;506;2;8;51.01;7.01\nBirkenweg;50667;zehn;8;51.01;7.01\n",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Zeile 3: Straße und fünfstellige PLZ" in body
    assert "Zeile 4, Spalte „von“: „zehn“ ist keine Zahl." in body
    with scopes_disabled():
        assert list(StreetSegment.objects.values_list("street", flat=True)) == ["Altweg"]
    missing = post_streets(client, tenant, "Straße;PLZ\nA;50667\n")
    assert "Es fehlen die Spalten: von, bis, Breite, Länge." in missing.content.decode()


def test_only_the_administration_keeps_the_street_table(client, tenant):
    for role in (Role.VISITOR, Role.PLANNER, Role.COORDINATOR):
        client.force_login(tenant.users[role])
        url = reverse("visits:streets", args=[tenant.municipality.slug])
        assert client.get(url).status_code == 403


def test_settings_change_the_materials_a_visit_offers(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    url = reverse("visits:settings", args=[tenant.municipality.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "retention_months": "3",
            "materials": "Gesund groß werden\nElternbrief",
            "topics": "Schlaf",
            "consent_wording": "2026-02",
            "max_attempts": "2",
        },
    )
    assert response.status_code == 302
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.VISITOR])
    form = client.get(
        reverse("visits:visit_create", args=[tenant.municipality.slug, family.pk])
    ).content.decode()
    assert "Elternbrief" in form and "Willkommen im Leben" not in form
    client.force_login(tenant.users[Role.ADMIN])
    bad = client.post(
        url,
        {
            "retention_months": "0",
            "materials": "A",
            "topics": "B",
            "consent_wording": "1",
            "max_attempts": "0",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 200 and "Bitte 1 bis 24 Monate." in body
    assert "Bitte 1 bis 10 Versuche." in body


def test_family_list_queries_do_not_grow_with_the_families(
    client, tenant, django_assert_max_num_queries
):
    client.force_login(tenant.users[Role.VISITOR])
    url = reverse("visits:family_list", args=[tenant.municipality.slug])
    for _ in range(3):
        FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for _ in range(20):
        FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
