"""The glossary and the short help on every page."""

import pytest
from django.urls import reverse

from verbund.core.help import help_for
from verbund.core.roles import Role
from verbund.core.testing import all_routes

pytestmark = pytest.mark.django_db

FILES = ("pdf", "export", "geojson", "_json", "graphml", "_csv", "download", "photo", "_choices")


def test_every_page_has_help_text():
    missing = [
        route.name
        for route in all_routes()
        if route.is_tenant
        and hasattr(route.view, "get")
        and "fmt" not in route.kwarg_names
        and not route.name.endswith(FILES)
        and not help_for(route.name)
    ]
    assert not missing, f"register help in the app's help.py for: {missing}"


@pytest.mark.parametrize("role", list(Role))
def test_glossary_explains_the_words_to_every_role(client, tenant, role):
    client.force_login(tenant.users[role])
    page = client.get(reverse("tenancy:glossary", args=[tenant.municipality.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    for word in ("Sozialraum", "Bedarfsindex", "Einschätzung", "Rechtsgrundlage", "Träger"):
        assert f">{word}</dt>" in html, word
    assert "Koordinierungskraft" in html and "Betweenness" in html


def test_pages_show_their_help_and_link_the_glossary(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    slug = tenant.municipality.slug
    html = client.get(reverse("tenancy:facility_list", args=[slug])).content.decode()
    assert "Hilfe zu dieser Seite" in html
    assert str(help_for("tenancy:facility_list")) in html
    assert reverse("tenancy:glossary", args=[slug]) in html
