"""The difference to the stored values is computed again at the commit (issue 9, item 2):
if the stored values changed since the preview, the commit is refused with a German message,
nothing is written and the new difference is shown; the next commit goes through."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.core.models import JobStatus
from verbund.core.roles import Role
from verbund.statistics import services
from verbund.statistics.models import ImportRun, ImportStatus, Indicator, IndicatorValue

from .factories import AreaFactory

pytestmark = pytest.mark.django_db

SPEC = {"area_column": "Schlüssel", "year": 2023, "columns": {"Einwohner": "population"}}
FIRST = "Schlüssel;Einwohner\n001;10\n002;20\n003;30\n"
SECOND = "Schlüssel;Einwohner\n001;11\n002;20\n003;-\n"


@pytest.fixture
def areas(tenant):
    with scopes_disabled():
        return {
            code: AreaFactory(municipality=tenant.municipality, code=code, name=f"Gebiet {code}")
            for code in ("001", "002", "003")
        }


def checked(tenant, content: str, name: str = "daten.csv") -> ImportRun:
    with scopes_disabled():
        run = services.import_upload(
            actor=tenant.users[Role.PLANNER],
            municipality=tenant.municipality,
            upload=ContentFile(content.encode(), name=name),
        )
        run = services.import_analyse(actor=None, run=run, spec=SPEC, options={})
    assert run.status == ImportStatus.READY
    return run


def stored(tenant) -> dict:
    with scopes_disabled():
        return {
            code: (value, status)
            for code, value, status in IndicatorValue.objects.filter(
                municipality=tenant.municipality
            ).values_list("area__code", "value", "status")
        }


def someone_changes_a_value(tenant, areas) -> None:
    with scopes_disabled():
        indicator = Indicator.objects.get(municipality=tenant.municipality, key="population")
        IndicatorValue.objects.filter(indicator=indicator, area=areas["002"], year=2023).update(
            value=25
        )


def test_changed_stored_values_refuse_the_commit_and_show_the_new_difference(tenant, areas, client):
    with scopes_disabled():
        services.import_commit(actor=None, run=checked(tenant, FIRST))
    run = checked(tenant, SECOND)
    assert run.report["diff"]["changed"] == 1 and run.report["diff"]["emptied"] == 1
    assert run.report["diff"]["unchanged"] == 1
    someone_changes_a_value(tenant, areas)
    client.force_login(tenant.users[Role.PLANNER])
    slug = tenant.municipality.slug
    response = client.post(reverse("statistics:import_commit", args=[slug, run.pk]), follow=True)
    page = response.content.decode()
    assert "Die gespeicherten Werte haben sich seit der Prüfung geändert" in page
    with scopes_disabled():
        run.refresh_from_db()
    assert run.status == ImportStatus.READY and run.file
    # Nothing was written: the value someone else stored is still there.
    assert stored(tenant)["001"][0] == 10 and stored(tenant)["002"][0] == 25
    # The new difference: 002 (25 → 20) is now changed as well.
    assert run.report["diff"]["changed"] == 2 and run.report["diff"]["unchanged"] == 0
    assert re.search(r"geändert</th><td[^>]*>2<", page)
    # Having seen it, the planner commits again: now it goes through.
    client.post(reverse("statistics:import_commit", args=[slug, run.pk]))
    with scopes_disabled():
        run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert stored(tenant) == {"001": (11, "ok"), "002": (20, "ok"), "003": (None, "missing")}


def test_unchanged_stored_values_commit_at_once(tenant, areas):
    with scopes_disabled():
        services.import_commit(actor=None, run=checked(tenant, FIRST))
        run = services.import_commit(actor=None, run=checked(tenant, SECOND))
    assert run.status == ImportStatus.DONE
    assert "diff_outdated" not in run.report and run.report["diff"]["changed"] == 1


def test_a_background_commit_keeps_the_file_when_refused(
    tenant, areas, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        services.import_commit(actor=None, run=checked(tenant, FIRST))
    run = checked(tenant, SECOND)
    someone_changes_a_value(tenant, areas)
    name = run.file.name
    with scope(municipality=tenant.municipality.pk):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.import_commit(actor=None, run=run, background=True)
        run.refresh_from_db()
        job = run.job
    assert run.status == ImportStatus.READY and run.report["diff_outdated"]
    assert job.status == JobStatus.SUCCEEDED
    assert run.file and default_storage.exists(name)
    assert stored(tenant)["002"][0] == 25


def test_the_difference_scrolls_in_a_labelled_region(tenant, areas, client):
    with scopes_disabled():
        services.import_commit(actor=None, run=checked(tenant, FIRST))
    run = checked(tenant, SECOND)
    client.force_login(tenant.users[Role.PLANNER])
    page = client.get(
        reverse("statistics:import_detail", args=[tenant.municipality.slug, run.pk])
    ).content.decode()
    regions = re.findall(r'<div class="kern-table-responsive scroll-region"([^>]*)>', page)
    assert len(regions) >= 2
    for attributes in regions:
        assert 'tabindex="0"' in attributes and 'role="region"' in attributes
        assert re.search(r'aria-label="[^"]+"', attributes)
    assert "css/statistics.css" in page
