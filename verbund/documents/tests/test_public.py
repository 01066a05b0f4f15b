"""A brochure marked public in a centre's archive appears among the homepage's downloads."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from .factories import make_document, text_pdf
from .isolation import _brochure

pytestmark = pytest.mark.django_db


def test_public_brochure_on_homepage_and_downloadable(client, tenant):
    brochure = _brochure(tenant)
    internal = make_document(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Internes Konzept",
        kind="brochure",
        data=text_pdf("intern"),
        name="intern.pdf",
    )
    home = reverse("public:homepage", args=[tenant.municipality.slug, tenant.centre.slug])
    body = client.get(home).content.decode()
    assert "Faltblatt Familienzentrum" in body
    assert "Internes Konzept" not in body
    url = reverse(
        "public:homepage_brochure",
        args=[tenant.municipality.slug, tenant.centre.slug, brochure.pk],
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    hidden = reverse(
        "public:homepage_brochure",
        args=[tenant.municipality.slug, tenant.centre.slug, internal.pk],
    )
    assert client.get(hidden).status_code == 404


def test_brochure_leaves_homepage_when_no_longer_public(client, tenant):
    from verbund.documents.services import document_update

    brochure = _brochure(tenant)
    with scopes_disabled():
        document_update(actor=None, document=brochure, data={"public": False, "tags": ""})
    home = reverse("public:homepage", args=[tenant.municipality.slug, tenant.centre.slug])
    assert "Faltblatt Familienzentrum" not in client.get(home).content.decode()
