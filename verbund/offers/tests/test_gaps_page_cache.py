"""The gap matrix page keeps its table under what it shows and its form per change of the
centres, areas and the viewer's reach (issue 17): each change shows on the next view, and each
viewer gets her own default place."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.taxonomy.tests.factories import term
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .test_gaps import make_offer

pytestmark = pytest.mark.django_db


def page(client, tenant, role, **params) -> str:
    client.force_login(tenant.users[role])
    response = client.get(reverse("offers:gaps", args=[tenant.municipality.slug]), params)
    assert response.status_code == 200
    return response.content.decode()


def figures(html: str, phase, topic) -> str:
    """The figures of one cell, found by its link."""
    found = re.search(
        rf"zeile={phase.pk}&amp;spalte={topic.pk}\"><strong>[^<]*</strong><br>"
        r'<span class="gap-figures">([^<]*)</span>',
        html,
    )
    assert found, "cell not found"
    return found.group(1)


def test_table_follows_offers_and_labels(client, tenant):
    m = tenant.municipality
    baby, health = term(m, "life_phase", "0-1"), term(m, "topic", "health")
    html = page(client, tenant, Role.PLANNER, ort="stadt")
    assert figures(html, baby, health).startswith("A 0 ")
    make_offer(tenant, "0-1", "health")
    assert figures(page(client, tenant, Role.PLANNER, ort="stadt"), baby, health).startswith("A 1 ")
    with scopes_disabled():
        health.label = "Gesundheit und Bewegung"
        health.save()
    assert "Gesundheit und Bewegung" in page(client, tenant, Role.PLANNER, ort="stadt")
    all_languages = figures(page(client, tenant, Role.PLANNER, ort="stadt"), baby, health)
    english = figures(page(client, tenant, Role.PLANNER, ort="stadt", sprache="en"), baby, health)
    assert english.startswith("A 1 ") and english != all_languages  # counts half


def test_form_follows_centres_areas_and_the_viewer(client, tenant):
    m = tenant.municipality
    other = FamilyCentreFactory(municipality=m, name="Zentrum Süd")
    for order in ((Role.PLANNER, Role.COORDINATOR), (Role.COORDINATOR, Role.PLANNER)):
        seen = {role: page(client, tenant, role) for role in order}
        # The coordinator's own centre is her default place; the planner's the whole city.
        assert 'value="zentrum" id="id_ort_1" checked' in seen[Role.COORDINATOR]
        assert f'<option value="{tenant.centre.pk}" selected>' in seen[Role.COORDINATOR]
        assert 'value="stadt" id="id_ort_0" checked' in seen[Role.PLANNER]
        assert f'<option value="{tenant.centre.pk}" selected>' not in seen[Role.PLANNER]
    with scopes_disabled():
        other.name = "Zentrum am Rhein"
        other.save()
    assert "Zentrum am Rhein" in page(client, tenant, Role.PLANNER)
    AreaFactory(municipality=m, name="Kalk-Nord")
    assert "Kalk-Nord" in page(client, tenant, Role.PLANNER)


def test_page_follows_referrals_and_needs(client, tenant):
    """The whole page is kept (issue 17): a referral recorded or deleted and a need confirmed
    show on the next view."""
    from verbund.analysis.tests.factories import NeedFactory

    from .factories import ReferralFactory

    m = tenant.municipality
    baby, health = term(m, "life_phase", "0-1"), term(m, "topic", "health")
    offer = make_offer(tenant, "0-1", "health")
    before = figures(page(client, tenant, Role.COORDINATOR, ort="stadt"), baby, health)
    assert before.endswith("V 0")
    made = [ReferralFactory(offer=offer, centre=tenant.centre) for _ in range(3)]
    after = figures(page(client, tenant, Role.COORDINATOR, ort="stadt"), baby, health)
    assert after.endswith("V 3")
    with scopes_disabled():
        made[0].delete()
    assert figures(page(client, tenant, Role.COORDINATOR, ort="stadt"), baby, health).endswith(
        "V 2"
    )
    assert "B 0" in after
    NeedFactory(
        municipality=m, centre=tenant.centre, life_phase=baby, topic=health, status="confirmed"
    )
    assert "B 1" in figures(page(client, tenant, Role.COORDINATOR, ort="stadt"), baby, health)
