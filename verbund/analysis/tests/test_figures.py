import csv
import io

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.analysis import services
from verbund.analysis.figures import count_display, share_of
from verbund.analysis.models import CentreFigures
from verbund.analysis.tests.factories import CentreFiguresFactory
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.tenancy.tests.factories import FamilyCentreFactory

pytestmark = pytest.mark.django_db


def test_small_counts_are_hidden_outside_the_team():
    figures = CentreFigures(families=40, refugee_background=3, single_parents=0, children=None)
    assert count_display(3, own=True) == "3"
    assert count_display(3, own=False) == "< 5"
    assert count_display(0, own=False) == "< 5"
    assert count_display(5, own=False) == "5"
    assert count_display(None, own=False) == "–"
    assert share_of(figures, "refugee_background", own=True) == 7.5
    assert share_of(figures, "refugee_background", own=False) is None  # would reveal the 3
    assert share_of(figures, "children_under_3", own=True) is None  # base unknown


def test_team_sees_exact_counts_others_see_less_than_five(client, tenant):
    CentreFiguresFactory(
        municipality=tenant.municipality, centre=tenant.centre, refugee_background=3
    )
    slug = tenant.municipality.slug
    url = reverse("analysis:centre_figures", args=[slug, tenant.centre.pk])
    client.force_login(tenant.users[Role.STAFF])
    own = client.get(url).content.decode()
    assert ">3 <" in own or ">3<" in own
    assert "&lt; 5" not in own.split("<table")[1]
    for role in (Role.PLANNER, Role.PROVIDER_ADMIN):
        client.force_login(tenant.users[role])
        other = client.get(url).content.decode()
        assert "&lt; 5" in other.split("<table")[1], role
    # A coordinator of another centre sees the overview with the count hidden, too.
    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    from verbund.accounts.tests.factories import MembershipFactory, UserFactory

    neighbour = UserFactory(username="nachbar")
    MembershipFactory(
        user=neighbour, role=Role.COORDINATOR, municipality=tenant.municipality, centre=other_centre
    )
    client.force_login(neighbour)
    overview = client.get(reverse("analysis:figures", args=[slug])).content.decode()
    assert "&lt; 5" in overview
    assert (
        client.get(
            reverse("analysis:centre_figures_edit", args=[slug, tenant.centre.pk, 2024])
        ).status_code
        == 403
    )


def test_exports_always_hide_small_counts(client, tenant):
    CentreFiguresFactory(
        municipality=tenant.municipality, centre=tenant.centre, refugee_background=3
    )
    client.force_login(tenant.users[Role.COORDINATOR])  # even the centre's own team
    response = client.get(
        reverse("analysis:figures_export", args=[tenant.municipality.slug, "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, row = rows[0], rows[1]
    assert row[header.index("Familien mit Fluchterfahrung")] == "< 5"
    assert row[header.index("Familien mit Fluchterfahrung in %")] == ""
    assert row[header.index("Alleinerziehende")] == "20"
    assert row[header.index("Alleinerziehende in %")] == "25,0"


def test_provider_admin_sees_only_own_providers_centres(client, tenant):
    foreign_provider_centre = FamilyCentreFactory(municipality=tenant.municipality)
    CentreFiguresFactory(municipality=tenant.municipality, centre=tenant.centre)
    CentreFiguresFactory(municipality=tenant.municipality, centre=foreign_provider_centre)
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    body = client.get(reverse("analysis:figures", args=[tenant.municipality.slug])).content.decode()
    assert tenant.centre.name in body
    assert foreign_provider_centre.name not in body
    url = reverse(
        "analysis:centre_figures", args=[tenant.municipality.slug, foreign_provider_centre.pk]
    )
    assert client.get(url).status_code == 403


def test_entering_figures_validates_and_is_audited(client, tenant):
    url = reverse(
        "analysis:centre_figures_edit", args=[tenant.municipality.slug, tenant.centre.pk, 2025]
    )
    client.force_login(tenant.users[Role.STAFF])
    response = client.post(url, {"families": "10", "single_parents": "12"})
    assert response.status_code == 400
    assert (
        "Alleinerziehende (12) ist größer als angemeldete Familien (10)"
        in response.content.decode()
    )
    response = client.post(url, {"families": "10", "single_parents": "4", "children": "-1"})
    assert response.status_code == 400
    response = client.post(url, {"families": "10", "single_parents": "4"})
    assert response.status_code == 302
    with scopes_disabled():
        figures = CentreFigures.objects.get(centre=tenant.centre, year=2025)
        assert (figures.families, figures.single_parents, figures.children) == (10, 4, None)
        entry = AuditEntry.objects.get(action="analysis.centre_figures.created")
        assert entry.actor == tenant.users[Role.STAFF]
    client.post(url, {"families": "11", "single_parents": "4"})
    with scopes_disabled():
        change = AuditEntry.objects.get(action="analysis.centre_figures.changed")
        assert change.before == {"families": 10} and change.after == {"year": 2025, "families": 11}
    client.post(url, {"delete": "1"})
    with scopes_disabled():
        assert not CentreFigures.objects.filter(centre=tenant.centre, year=2025).exists()
        assert AuditEntry.objects.filter(action="analysis.centre_figures.deleted").exists()


def test_year_form_redirects_to_the_year(client, tenant):
    client.force_login(tenant.users[Role.CENTRE_LEAD])
    url = reverse("analysis:centre_figures", args=[tenant.municipality.slug, tenant.centre.pk])
    response = client.get(url + "?year=2023")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{tenant.centre.pk}/2023/")
    assert client.get(url + "?year=abc").status_code == 200


def test_unchanged_save_writes_no_audit_entry(tenant):
    with scope(municipality=tenant.municipality.pk):
        services.centre_figures_save(
            actor=None, centre=tenant.centre, year=2024, data={"families": 9}
        )
        services.centre_figures_save(
            actor=None, centre=tenant.centre, year=2024, data={"families": 9}
        )
    with scopes_disabled():
        assert AuditEntry.objects.filter(action__startswith="analysis.centre_figures").count() == 1


def test_administration_sees_small_counts_hidden_and_cannot_edit(client, tenant):
    CentreFiguresFactory(
        municipality=tenant.municipality, centre=tenant.centre, refugee_background=3
    )
    slug = tenant.municipality.slug
    client.force_login(tenant.users[Role.ADMIN])
    page = client.get(reverse("analysis:centre_figures", args=[slug, tenant.centre.pk]))
    table = page.content.decode().split("<table")[1]
    assert "&lt; 5" in table
    edit = reverse("analysis:centre_figures_edit", args=[slug, tenant.centre.pk, 2024])
    assert edit not in table
    assert client.get(edit).status_code == 403


def test_overview_is_paged_with_the_figures_of_each_page(client, tenant):
    """Issue 17: 300 centres are not one table; each page reads the figures of its centres."""
    from verbund.analysis.views.figures import PAGE_SIZE

    centres = FamilyCentreFactory.create_batch(PAGE_SIZE + 2, municipality=tenant.municipality)
    last = max([tenant.centre, *centres], key=lambda c: (c.name, c.pk))
    CentreFiguresFactory(municipality=tenant.municipality, centre=last, year=2023)
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("analysis:figures", args=[tenant.municipality.slug])
    first = client.get(url)
    assert len(first.context["rows"]) == PAGE_SIZE
    assert "seite=2" in first.content.decode()
    second = client.get(url, {"seite": "2"})
    assert len(second.context["rows"]) == 3
    row = next(r for r in second.context["rows"] if r["centre"].pk == last.pk)
    assert row["figures"].year == 2023
    assert client.get(url, {"seite": "x²"}).status_code == 200
    assert client.get(url, {"seite": "999"}).status_code == 200


def test_the_overview_rows_follow_figures_and_centre_names(client, tenant):
    """The rows are kept per change (issue 17): new and changed figures and a renamed centre
    show on the next view; small counts stay hidden for others, exact for the own team."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("analysis:figures", args=[tenant.municipality.slug])
    client.force_login(tenant.users[Role.PLANNER])
    assert "noch keine Kennzahlen" in client.get(url).content.decode()
    figures = CentreFiguresFactory(
        municipality=tenant.municipality, centre=tenant.centre, families=80, refugee_background=3
    )
    body = client.get(url).content.decode()
    assert ">80<" in body and "&lt; 5" in body
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url).content.decode().count(">80<") == 1
    assert not [q for q in kept if "analysis_centrefigures" in q["sql"]]
    with scopes_disabled():
        figures.families = 95
        figures.save()
        tenant.centre.name = "Familienzentrum Am Rhein"
        tenant.centre.save()
    body = client.get(url).content.decode()
    assert ">95<" in body and "Familienzentrum Am Rhein" in body
    client.force_login(tenant.users[Role.COORDINATOR])
    own = client.get(url).content.decode()
    assert "&lt; 5" not in own.split("<table")[1] and "Ihr Zentrum" in own
