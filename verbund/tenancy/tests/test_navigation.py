"""The main menu: which entry says "you are here"."""

import re

import pytest
from django.urls import reverse

from verbund.core.roles import Role

pytestmark = pytest.mark.django_db


def current_entries(page: str) -> list[str]:
    return re.findall(r'<a class="kern-link" href="([^"]+)" aria-current="page">', page)


def test_the_closest_menu_entry_is_current_and_only_that(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    slug = [tenant.municipality.slug]
    offers = reverse("offers:offer_list", args=slug)
    stats = reverse("public:search_stats", args=slug)
    gaps = reverse("offers:gaps", args=slug)
    home = reverse("tenancy:home", args=slug)
    assert stats.startswith(offers) and gaps.startswith(offers)  # nested under "Angebote"

    assert current_entries(client.get(stats).content.decode()) == [stats]
    assert current_entries(client.get(gaps).content.decode()) == [gaps]
    assert current_entries(client.get(offers).content.decode()) == [offers]
    # A sub-page without an entry of its own keeps its section highlighted.
    assert current_entries(client.get(offers + "?seite=2").content.decode()) == [offers]
    assert current_entries(client.get(home).content.decode()) == [home]
