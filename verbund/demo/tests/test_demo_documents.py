"""The demo archive: the coordinator finds documents by words inside their files, the
approved minutes are filed as Protokoll, the public brochures are on the homepage."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from verbund.accounts.models import User

pytestmark = pytest.mark.django_db


def test_coordinator_finds_demo_documents_and_minutes():
    call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username="koordination"))
    listing = reverse("documents:list", args=["lindenhagen"])
    body = client.get(listing, {"q": "Hebammensprechstunde"}).content.decode()
    assert "Konzeption Familienzentrum Nordstadt 2026" in body
    body = client.get(listing, {"q": "Väterfrühstück"}).content.decode()
    assert "Jahresprogramm 2026" in body
    body = client.get(listing, {"kind": "minutes"}).content.decode()
    assert "Protokoll: " in body
    home = reverse("public:homepage", args=["lindenhagen", "nordstadt"])
    assert "Faltblatt Familienzentrum Nordstadt" in Client().get(home).content.decode()
    # Running the extension again changes nothing.
    from django_scopes import scopes_disabled

    from verbund.documents.models import Document

    with scopes_disabled():
        before = Document.objects.count()
    call_command("seed_demo_documents", stdout=io.StringIO())
    with scopes_disabled():
        assert Document.objects.count() == before
