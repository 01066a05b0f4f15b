"""The boundary import traps of issue 9 (items 3–5), each with its fixture in ``fixtures/``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.areas import services
from verbund.areas.geo import ReadOptions, read_boundaries
from verbund.areas.models import Area
from verbund.core.roles import Role

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
DISTRICTS = FIXTURES / "bezirke_bez_code.geojson"
SUB = FIXTURES / "planungsraeume_bez.geojson"
REIMPORT = FIXTURES / "planungsraeume_reimport.geojson"
PREFIX_WRONG = FIXTURES / "planungsraeume_prefix_wrong.geojson"


def run_import(tenant, path_or_bytes, **options):
    content = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    with scope(municipality=tenant.municipality.pk):
        return services.areas_import(
            actor=tenant.users[Role.PLANNER],
            municipality=tenant.municipality,
            content=content,
            filename="test.geojson",
            options=services.ImportOptions(**options),
        )


def parents(tenant, level="Planungsraum") -> dict[str, str | None]:
    with scopes_disabled():
        return {
            a.code: (a.parent.code if a.parent else None)
            for a in Area.objects.filter(
                municipality=tenant.municipality, level=level
            ).select_related("parent")
        }


def import_districts(tenant):
    report = run_import(tenant, DISTRICTS, level="Bezirk", code_field="BEZ")
    assert report.ok and report.created == 12, report.problems
    return report


# --- item 3: the name field ---------------------------------------------------------------


def test_the_full_name_field_wins_over_the_district_number():
    result = read_boundaries(SUB.read_bytes())
    assert result.code_field == "PLR_ID"
    # BEZ (numbers) and BEZ_NAME (12 names for 58 areas) are passed over, and the preview says why.
    assert result.name_field == "PLR_NAME"
    assert result.name_examples[:2] == ["Lindenviertel Mitte", "Eichenviertel Mitte"]
    assert any("„BEZ_NAME“ wiederholt sich" in note for note in result.name_notes)
    names = {f["name"] for f in result.features}
    assert len(names) == 58 and not any(name.isdigit() for name in names)


def test_districts_get_their_names_not_their_numbers():
    result = read_boundaries(DISTRICTS.read_bytes(), ReadOptions(code_field="BEZ"))
    assert result.name_field == "BEZ_NAME"
    assert result.features[0]["name"] == "Mitte"


def test_a_chosen_numeric_name_field_is_refused_naming_the_field():
    result = read_boundaries(SUB.read_bytes(), ReadOptions(name_field="BEZ"))
    assert result.has_errors
    message = result.problems[0].message
    assert "„BEZ“ enthält Nummern" in message and "„01“" in message
    assert "PLR_NAME" in message  # the fields the user can choose instead


def test_a_chosen_repeating_name_field_is_a_warning_naming_the_field():
    result = read_boundaries(SUB.read_bytes(), ReadOptions(name_field="BEZ_NAME"))
    assert not result.has_errors
    warning = next(p.message for p in result.problems if "wiederholen sich" in p.message)
    assert "„BEZ_NAME“" in warning and "46 von 58" in warning


def test_only_numbers_everywhere_is_an_error_with_reasons():
    collection = json.loads(DISTRICTS.read_text())
    for feature in collection["features"]:
        feature["properties"].pop("BEZ_NAME")
        feature["properties"]["NAME"] = feature["properties"]["BEZ"]
    result = read_boundaries(json.dumps(collection).encode(), ReadOptions(code_field="BEZ"))
    assert result.has_errors
    assert "Kein Feld mit Namen erkannt" in result.problems[0].message
    assert "„NAME“ enthält Nummern" in result.problems[0].message


def test_the_preview_shows_the_first_names(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    slug = tenant.municipality.slug
    with open(SUB, "rb") as handle:
        response = client.post(
            reverse("areas:import_upload", args=[slug]),
            {
                "file": handle,
                "level": "Planungsraum",
                "kind": "administrative",
                "parent_method": "prefix",
            },
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "erste Namen:" in page and "„Lindenviertel Mitte“" in page
    assert "„BEZ_NAME“ wiederholt sich" in page


# --- item 4: re-import without the parent level ------------------------------------------


def test_a_reimport_without_parent_level_keeps_every_link(tenant):
    import_districts(tenant)
    first = run_import(tenant, SUB, level="Planungsraum", parent_level="Bezirk")
    assert first.parents_matched == 58 and first.parent_conflicts == 0
    before = parents(tenant)
    assert before["01000001"] == "01" and before["12000058"] == "12"

    again = run_import(tenant, REIMPORT, level="Planungsraum")
    assert again.ok and again.committed
    assert (again.created, again.updated) == (1, 1)
    assert again.parents_kept == 58 and again.parents_changed == 0
    after = parents(tenant)
    assert {code: after[code] for code in before} == before
    assert after["01000059"] is None  # the new area has no link to keep


def test_a_reimport_with_unmatched_parent_keeps_the_old_link(tenant):
    import_districts(tenant)
    run_import(tenant, SUB, level="Planungsraum", parent_level="Bezirk")
    with scopes_disabled():
        Area.objects.filter(municipality=tenant.municipality, code="12").update(code="99")
    report = run_import(tenant, SUB, level="Planungsraum", parent_level="Bezirk")
    assert report.parents_kept == 5  # the keys 12… find no "12" any more
    assert any("behalten ihre bisherige Zuordnung" in p["message"] for p in report.warnings)
    assert parents(tenant)["12000058"] == "99"


def test_removing_links_is_a_choice(tenant):
    import_districts(tenant)
    run_import(tenant, SUB, level="Planungsraum", parent_level="Bezirk")
    report = run_import(tenant, SUB, level="Planungsraum", parent_method=services.PARENT_CLEAR)
    assert report.parents_removed == 58 and report.updated == 58
    assert set(parents(tenant).values()) == {None}


def test_the_preview_reports_kept_links(client, tenant):
    import_districts(tenant)
    run_import(tenant, SUB, level="Planungsraum", parent_level="Bezirk")
    client.force_login(tenant.users[Role.PLANNER])
    with open(REIMPORT, "rb") as handle:
        response = client.post(
            reverse("areas:import_upload", args=[tenant.municipality.slug]),
            {
                "file": handle,
                "level": "Planungsraum",
                "kind": "administrative",
                "parent_method": "prefix",
            },
        )
    page = client.get(response["Location"]).content.decode()
    assert "58 behalten ihre bisherige Zuordnung" in page
    assert "bisherige Zuordnung" in page


# --- item 5: key prefix against position -------------------------------------------------


def test_prefix_matches_are_checked_against_the_position(tenant):
    import_districts(tenant)
    report = run_import(tenant, PREFIX_WRONG, level="Planungsraum", parent_level="Bezirk")
    assert report.ok and report.parent_conflicts == 5
    warning = next(p["message"] for p in report.warnings if "Schlüssel und Lage" in p["message"])
    assert "5 Gebieten" in warning and "laut Schlüssel „Friedrichshain-Kreuzberg“" in warning
    # Default: the key decides (with the warning) …
    assert parents(tenant)["02000003"] == "02"


def test_the_position_can_decide_where_they_disagree(tenant):
    import_districts(tenant)
    report = run_import(
        tenant,
        PREFIX_WRONG,
        level="Planungsraum",
        parent_level="Bezirk",
        parent_conflict=services.CONFLICT_POINT,
    )
    assert report.parent_conflicts == 5
    links = parents(tenant)
    assert links["02000003"] == "01" and links["01000009"] == "02"
    assert links["05000017"] == "04" and links["08000030"] == "07"
    assert links["10000044"] == "09"
    assert links["01000001"] == "01"  # agreeing ones are unchanged


def test_the_preview_lists_the_disagreements_first(client, tenant):
    import_districts(tenant)
    client.force_login(tenant.users[Role.PLANNER])
    with open(PREFIX_WRONG, "rb") as handle:
        response = client.post(
            reverse("areas:import_upload", args=[tenant.municipality.slug]),
            {
                "file": handle,
                "level": "Planungsraum",
                "kind": "administrative",
                "parent_level": "Bezirk",
                "parent_method": "prefix",
            },
        )
    page = client.get(response["Location"]).content.decode()
    assert "bei 5 passen Schlüssel und Lage nicht zusammen" in page
    table = page[page.index("<tbody") :]
    assert table.index("Abweichung:") < table.index("Lindenviertel Mitte<")
    assert "laut Schlüssel Friedrichshain-Kreuzberg (02), laut Lage Mitte (01)" in page


def test_the_finished_import_says_what_happened_to_the_links(
    client, tenant, django_capture_on_commit_callbacks
):
    import_districts(tenant)
    run_import(tenant, SUB, level="Planungsraum", parent_level="Bezirk")
    client.force_login(tenant.users[Role.PLANNER])
    with open(REIMPORT, "rb") as handle:
        response = client.post(
            reverse("areas:import_upload", args=[tenant.municipality.slug]),
            {
                "file": handle,
                "level": "Planungsraum",
                "kind": "administrative",
                "parent_method": "prefix",
            },
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"action": "commit"})
    page = client.get(response["Location"]).content.decode()
    assert "1 neu, 1 geändert, 57 unverändert." in page
    assert "0 zugeordnet, 58 bisherige Zuordnungen behalten, 0 geändert, 0 entfernt." in page


def test_berlin_2019_prefix_and_position_disagree_once(tenant):
    """Real data: of 448 Planungsräume only the doubled key 06010102 (Schloßstraße, also
    used in another Bezirksregion) disagrees with its position."""
    from .data import BERLIN_PLANNING, BERLIN_REGIONS, need

    run_import(tenant, need(BERLIN_REGIONS).read_bytes(), level="Bezirksregion")
    with scope(municipality=tenant.municipality.pk):
        report = services.areas_import(
            actor=None,
            municipality=tenant.municipality,
            content=need(BERLIN_PLANNING).read_bytes(),
            filename="plr.geojson",
            options=services.ImportOptions(level="Planungsraum", parent_level="Bezirksregion"),
            dry_run=True,
        )
    assert report.parent_conflicts == 1
    warning = next(p["message"] for p in report.warnings if "Schlüssel und Lage" in p["message"])
    assert warning.startswith("Bei 1 Gebiet passen") and "„Schloßstraße“ (06010102)" in warning
