"""The fuzz test of ``verbund/core/tests/test_fuzz_params.py`` covers routes under /k/ only; the
finder's public routes get the same bad values here, anonymously: never a 500."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from verbund.core.tests.test_fuzz_params import FUZZ, NASTY, get_params, value
from verbund.public.finder.views import FinderEmbedView, FinderView, OfferView

from .finder_fixtures import finder_offers

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]

VIEWS = {"finder": FinderView, "finder_embed": FinderEmbedView, "offer": OfferView}


def _url(name, tenant, offer_id):
    args = [tenant.municipality.slug] + ([offer_id] if name == "offer" else [])
    return reverse(f"public:{name}", args=args)


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_known_bad_values_in_every_parameter(client, tenant, name):
    free, _costly, _internal = finder_offers(tenant)
    base = _url(name, tenant, free.pk)
    names = get_params(VIEWS[name])
    assert names
    for bad in NASTY:
        response = client.get(f"{base}?{urlencode(dict.fromkeys(names, bad))}")
        assert response.status_code < 500, f"{name} {bad!r}"
        for one in names:
            assert client.get(f"{base}?{urlencode({one: bad})}").status_code < 500


def test_bad_offer_ids_and_slugs(client, tenant):
    finder_offers(tenant)
    for bad in NASTY:
        if bad in ("", "%00"):
            continue
        part = quote(bad, safe="")
        assert client.get(f"/{tenant.municipality.slug}/angebote/{part}/").status_code < 500
        assert client.get(f"/{part}/angebote/").status_code < 500


def test_generated_values(client, tenant):
    free, _costly, _internal = finder_offers(tenant)
    names = get_params(FinderView)

    @FUZZ
    @given(query=st.fixed_dictionaries({}, optional=dict.fromkeys(names, value)))
    def run(query):
        url = _url("finder", tenant, free.pk)
        assert client.get(f"{url}?{urlencode(query)}").status_code < 500

    run()
