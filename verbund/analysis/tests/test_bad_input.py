"""Odd query strings and forged form values get a page or a German message, never a 500."""

import pytest
from django.urls import reverse

from verbund.analysis.tests.factories import NeedFactory
from verbund.core.roles import Role

pytestmark = pytest.mark.django_db

ODD = [
    {"seite": "abc"},
    {"seite": "-1"},
    {"jahr": "zwanzig"},
    {"jahr": "99999999999999999999"},
    {"ebene": "<script>"},
    {"innerhalb": "999999"},
    {"innerhalb": "x"},
    {"sortierung": "'; DROP TABLE"},
    {"centre": "abc", "area": "-5", "status": "nix", "priority": "\x00"},
    {"year": "1e9"},
]


@pytest.mark.parametrize("params", ODD)
def test_odd_query_strings(client, tenant, level, params):
    area = level.area("Nord")
    level.indicator("poverty")
    level.values("poverty", 2024, {"Nord": 3.0})
    slug = tenant.municipality.slug
    urls = [
        reverse("analysis:overview", args=[slug]),
        reverse("analysis:indicator_map", args=[slug, "poverty"]),
        reverse("analysis:indicator_geojson", args=[slug, "poverty"]),
        reverse("analysis:indicator_export", args=[slug, "poverty", "csv"]),
        reverse("analysis:area_profile", args=[slug, area.pk]),
        reverse("analysis:need_list", args=[slug]),
        reverse("analysis:need_export", args=[slug, "xlsx"]),
        reverse("analysis:figures", args=[slug]),
        reverse("analysis:centre_figures", args=[slug, tenant.centre.pk]),
    ]
    client.force_login(tenant.users[Role.COORDINATOR])
    for url in urls:
        assert client.get(url, params).status_code in {200, 302}, url


def test_forged_posts(client, tenant):
    need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre)
    slug = tenant.municipality.slug
    client.force_login(tenant.users[Role.COORDINATOR])
    evidence = reverse("analysis:need_evidence", args=[slug, need.pk])
    assert client.post(evidence, {"remove": "abc"}).status_code == 404
    assert client.post(evidence, {"kind": "observation", "observation": "7"}).status_code == 400
    assert client.post(evidence, {"kind": "indicator", "indicator": "x"}).status_code == 400
    suggestions = reverse("analysis:need_suggestions", args=[slug, tenant.centre.pk])
    assert (
        client.post(suggestions, {"key": "rule:1:area:0:year:1", "decision": "x"}).status_code
        == 302
    )
    figures = reverse("analysis:centre_figures_edit", args=[slug, tenant.centre.pk, 99999])
    assert client.get(figures).status_code == 404
    figures = reverse("analysis:centre_figures_edit", args=[slug, tenant.centre.pk, 2024])
    response = client.post(figures, {"families": "viele", "children": "99999999999"})
    assert response.status_code == 400
    assert "ganze Zahl" in response.content.decode()
    client.force_login(tenant.users[Role.PLANNER])
    config = reverse("analysis:need_index_config", args=[slug])
    response = client.post(config, {"level": "nirgendwo", "method": "x", "boundary_1": "eins"})
    assert response.status_code == 400
