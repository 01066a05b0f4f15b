"""The difference to the stored values on a 390 px phone (issue 9, item 2): its tables stay
tables and scroll inside their own region – reachable and scrollable by keyboard, labelled for
screen readers – and the page itself never scrolls sideways."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.statistics import services
from verbund.statistics.models import ImportStatus
from verbund.statistics.tests.factories import AreaFactory

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SPEC = {
    "area_column": "Schlüssel",
    "year": 2023,
    "columns": {"Einwohner": "population", "Anteil SGB II": "sgb2_share"},
}


def upload(tenant, content: str):
    run = services.import_upload(
        actor=None,
        municipality=tenant.municipality,
        upload=ContentFile(content.encode(), name="sozialdaten.csv"),
    )
    return services.import_analyse(actor=None, run=run, spec=SPEC, options={})


def test_difference_tables_scroll_inside_their_region(live_server, page, axe_check):
    tenant = build_tenant("diffstadt")
    names = ["Nördliche Innenstadt am Bahnhof", "Südöstliches Gewerbegebiet Hafen", "Ost"]
    with scopes_disabled():
        for number, name in enumerate(names, start=1):
            AreaFactory(municipality=tenant.municipality, code=f"00{number}", name=name)
        first = "Schlüssel;Einwohner;Anteil SGB II\n001;1000;9,5\n002;2000;12,25\n003;0;0\n"
        services.import_commit(actor=None, run=upload(tenant, first))
        second = "Schlüssel;Einwohner;Anteil SGB II\n001;1100;9,75\n002;-;13\n003;-;-\n"
        run = upload(tenant, second)
    assert run.status == ImportStatus.READY and run.report["diff"]["emptied"] == 3

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.PLANNER].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/k/diffstadt/**")
    page.goto(live_server.url + reverse("statistics:import_detail", args=["diffstadt", run.pk]))
    sideways = page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )
    assert sideways <= 0
    region = page.get_by_role("region", name="Beispiele: Werte, die leer werden")
    assert region.is_visible()
    # A real table (header row visible), wider than the phone: it scrolls in its region.
    assert region.locator("thead").is_visible()
    widths = region.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert widths[0] > widths[1]
    region.focus()
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "region"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=2000)
    assert page.get_by_role("region", name="Änderungen gegenüber den gespeicherten Werten")
    axe_check("Import-Vorschau mit Unterschied, 390 px")
