"""The need list's filter form and the filter it asks for are kept per change (issue 17): a
new area with needs, a renamed centre or term, a deleted need show on the next view, and each
viewer gets the form of her own reach."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.analysis.tests.factories import NeedFactory
from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.taxonomy.services import taxonomy_seed
from verbund.taxonomy.tests.factories import term
from verbund.tenancy.tests.factories import FamilyCentreFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def view(client, tenant, **params) -> tuple[str, str]:
    """The page's filter form and the rest of the page."""
    response = client.get(reverse("analysis:need_list", args=[tenant.municipality.slug]), params)
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('<form method="get" class="filter-bar"')
    end = page.index("</form>", start)
    return page[start:end], page[end:]


def test_form_follows_areas_with_needs_centres_and_terms(client, tenant):
    m = tenant.municipality
    client.force_login(tenant.users[Role.PLANNER])
    kalk = AreaFactory(municipality=m, name="Kalk")
    form, _rest = view(client, tenant)
    assert "Kalk" not in form
    with CaptureQueriesContext(connection) as again:
        assert view(client, tenant)[0] == form
    assert not [q for q in again if "taxonomy_term" in q["sql"]]  # the form was not built

    need = NeedFactory(municipality=m, centre=tenant.centre, area=kalk, title="Sprachkurs")
    form, rest = view(client, tenant)
    assert ">Kalk</option>" in form and "Sprachkurs" in rest

    with scopes_disabled():
        tenant.centre.name = "Familienzentrum Am Rhein"
        tenant.centre.save()
        phase = term(m, "life_phase", "0-1")
        phase.label = "Babys im ersten Jahr"
        phase.save()
    form, _rest = view(client, tenant)
    assert "Familienzentrum Am Rhein" in form and "Babys im ersten Jahr" in form

    with scopes_disabled():
        need.delete()
    assert "Kalk" not in view(client, tenant)[0]


def test_the_filter_is_kept_with_the_form_and_follows_its_choices(client, tenant):
    m = tenant.municipality
    kalk = AreaFactory(municipality=m, name="Kalk")
    NeedFactory(municipality=m, centre=tenant.centre, area=kalk, title="Sprachkurs")
    NeedFactory(municipality=m, centre=tenant.centre, title="Elterncafé")
    client.force_login(tenant.users[Role.PLANNER])
    # The count adds up the areas' totals: a need without an area counts, too.
    assert ">2 Bedarfe</p>" in view(client, tenant)[1]
    _form, rest = view(client, tenant, area=kalk.pk)
    assert "Sprachkurs" in rest and "Elterncafé" not in rest and ">1 Bedarf</p>" in rest
    _form, rest = view(client, tenant, area=kalk.pk)
    assert "Sprachkurs" in rest and "Elterncafé" not in rest

    with scopes_disabled():
        for need in kalk.needs.all():
            need.area = None
            need.save()  # Kalk has no needs left: no longer a choice, the filter is dropped
    _form, rest = view(client, tenant, area=kalk.pk)
    assert "Sprachkurs" in rest and "Elterncafé" in rest


def test_new_default_terms_reach_the_form(client, tenant):
    """``taxonomy_seed`` adds terms with ``bulk_create`` (no signal): it bumps the version."""
    m = tenant.municipality
    client.force_login(tenant.users[Role.PLANNER])
    with scopes_disabled():
        phase = term(m, "life_phase", "0-1")
    label = phase.label
    assert label in view(client, tenant)[0]
    with scopes_disabled():
        phase.delete()
    assert f">{label}</option>" not in view(client, tenant)[0]
    with scopes_disabled():
        taxonomy_seed(municipality=m)
    assert f">{label}</option>" in view(client, tenant)[0]


def test_each_viewer_gets_the_form_of_her_own_reach(client, tenant):
    m = tenant.municipality
    other = FamilyCentreFactory(
        municipality=m, provider=ProviderFactory(municipality=m), name="Zentrum Weit Weg"
    )
    NeedFactory(municipality=m, centre=other, title="Fremder Bedarf")
    client.force_login(tenant.users[Role.PLANNER])
    assert "Zentrum Weit Weg" in view(client, tenant)[0]
    client.force_login(tenant.users[Role.COORDINATOR])
    form, rest = view(client, tenant)
    assert "Zentrum Weit Weg" not in form and "Fremder Bedarf" not in rest


def test_the_need_list_reads_no_area_boundary(client, tenant):
    """An area's GeoJSON was parsed for every need on the page (issue 17)."""
    m = tenant.municipality
    kalk = AreaFactory(municipality=m, name="Kalk")
    NeedFactory(municipality=m, centre=tenant.centre, area=kalk, title="Sprachkurs")
    client.force_login(tenant.users[Role.PLANNER])
    with CaptureQueriesContext(connection) as read:
        _form, rest = view(client, tenant)
    assert "Sprachkurs" in rest and "Kalk" in rest
    assert not [q for q in read if "geometry" in q["sql"]]


def test_whole_list_follows_evidence_rules_and_names(client, tenant):
    """The whole list is kept (issue 17): new evidence, a deleted rule, a renamed centre and a
    renamed area show on the next view."""
    from verbund.analysis.models import EvidenceKind, NeedEvidence
    from verbund.analysis.tests.factories import NeedRuleFactory

    m = tenant.municipality
    client.force_login(tenant.users[Role.PLANNER])
    area = AreaFactory(municipality=m, name="Kalk")
    rule = NeedRuleFactory(municipality=m)
    need = NeedFactory(
        municipality=m, centre=tenant.centre, area=area, title="Elterncafé", rule=rule
    )

    def row() -> str:
        rest = view(client, tenant)[1]
        start = rest.index("Elterncafé")
        return rest[start : rest.index("</tr>", start)]

    assert "aus Regel" in row() and row().endswith('num">0</td>\n  ')
    with scopes_disabled():
        NeedEvidence.objects.create(
            municipality=m, need=need, kind=EvidenceKind.FEEDBACK, summary="Eltern fragen nach"
        )
    assert row().endswith('num">1</td>\n  ')
    with scopes_disabled():
        rule.delete()
    assert "aus Regel" not in row()
    with scopes_disabled():
        tenant.centre.name = "Zentrum am Rhein"
        tenant.centre.save()
        area.name = "Kalk-Nord"
        area.save()
    rest = view(client, tenant)[1]
    assert "Zentrum am Rhein" in rest and "Kalk-Nord" in rest
