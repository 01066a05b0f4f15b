"""The catalogue format: the shipped default, and bad files named by line or path."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.quality import catalogue as fmt
from verbund.quality import services
from verbund.quality.models import Catalogue


def _default_text() -> str:
    return fmt.DEFAULT_PATH.read_text(encoding="utf-8")


def test_default_catalogue_has_the_nrw_structure():
    definition = fmt.default_definition()
    kinds = [area["kind"] for area in definition["areas"]]
    assert kinds.count("service") == 4 and kinds.count("structure") == 4
    assert "profile" in kinds
    titles = {area["title"] for area in definition["areas"]}
    assert "Kindertagespflege" in titles and "Sozialraumbezug" in titles
    prevention = next(a for a in definition["areas"] if a["kind"] == "profile")
    rules = [r for c in prevention["criteria"] for r in c["rules"]]
    assert {"type": "agreement", "with_municipality": True} in rules
    levels = {c["level"] for _a, c in fmt.criteria(definition)}
    assert levels == {"basic", "additional"}
    assert "Annäherung" in definition["note"]


def test_syntax_error_names_line_and_column():
    text = _default_text().replace('"name":', '"name"', 1)
    with pytest.raises(fmt.CatalogueError) as error:
        fmt.parse(text)
    message = error.value.messages[0]
    assert "Zeile 3" in message and "Spalte" in message and "Doppelpunkt" in message


def test_unknown_rule_type_names_the_path_and_known_types():
    data = json.loads(_default_text())
    data["areas"][1]["criteria"][0]["rules"][0]["type"] = "zauberei"
    with pytest.raises(fmt.CatalogueError) as error:
        fmt.parse(json.dumps(data))
    message = error.value.messages[0]
    assert message.startswith("areas[1].criteria[0].rules[0].type:")
    assert "„zauberei“" in message and "agreement" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["areas"][0]["criteria"][0]["rules"][0].update(colour="rot"), "colour"),
        (lambda d: d["areas"][0]["criteria"][0]["rules"][0].update(sectors=["mond"]), "mond"),
        (lambda d: d["areas"][0]["criteria"][1].update(key="L1.1"), "doppelt"),
        (lambda d: d["areas"][0].update(min_basic=99), "areas[0].min_basic"),
        (lambda d: d["areas"][0].update(kind="lila"), "areas[0].kind"),
        (lambda d: d.update(format="anders/2"), "format"),
        (lambda d: d["areas"][0]["criteria"][0].update(level="gold"), "level"),
        (lambda d: d.update(areas=[]), "areas"),
        (lambda d: d["seal"][0].update(min_areas=9), "seal[0].min_areas"),
        (lambda d: d["areas"][5]["criteria"][2]["rules"][0].update(months="zwölf"), "months"),
    ],
)
def test_wrong_values_are_named(change, expected):
    data = json.loads(_default_text())
    change(data)
    with pytest.raises(fmt.CatalogueError) as error:
        fmt.parse(json.dumps(data))
    assert any(expected in message for message in error.value.messages), error.value.messages


def test_not_an_object():
    with pytest.raises(fmt.CatalogueError):
        fmt.parse("[1, 2]")


def test_export_and_import_round_trip(tenant):
    with scopes_disabled():
        first = services.catalogue_current(municipality=tenant.municipality)
        text = fmt.dumps(first.definition)
        second = services.catalogue_import(actor=None, municipality=tenant.municipality, text=text)
        first.refresh_from_db()
    assert second.definition == first.definition
    assert second.current and not first.current


def _upload(client, tenant, content: bytes, role=Role.PLANNER):
    client.force_login(tenant.users[role])
    url = reverse("quality:catalogue_import", args=[tenant.municipality.slug])
    return client.post(url, {"file": SimpleUploadedFile("katalog.json", content)})


def test_bad_file_upload_shows_german_error_and_writes_nothing(client, tenant):
    data = json.loads(_default_text())
    data["areas"][0]["criteria"][0]["rules"][0]["type"] = "unbekannt"
    response = _upload(client, tenant, json.dumps(data).encode())
    assert response.status_code == 400
    assert "unbekannte Regelart" in response.content.decode()
    with scopes_disabled():
        assert not Catalogue.objects.filter(municipality=tenant.municipality).exists()
    response = _upload(client, tenant, b'{"format": "verbund.guetesiegel/1",,}')
    assert response.status_code == 400
    assert "Zeile 1, Spalte" in response.content.decode()
    assert _upload(client, tenant, b"\xff\xfe\x00garbage").status_code == 400
    assert _upload(client, tenant, b"").status_code == 400


def test_good_file_upload_becomes_current(client, tenant):
    data = json.loads(_default_text())
    data["name"] = "Familienzentrum Schleswig-Holstein (Test)"
    response = _upload(client, tenant, json.dumps(data).encode())
    assert response.status_code == 302
    with scopes_disabled():
        current = Catalogue.objects.get(municipality=tenant.municipality, current=True)
    assert current.name == "Familienzentrum Schleswig-Holstein (Test)"


def test_coordinator_may_not_import(client, tenant):
    response = _upload(client, tenant, _default_text().encode(), role=Role.COORDINATOR)
    assert response.status_code == 403


def test_export_downloads_json(client, tenant):
    with scopes_disabled():
        catalogue = services.catalogue_current(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    url = reverse("quality:catalogue_export", args=[tenant.municipality.slug, catalogue.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert fmt.parse(response.content.decode())["name"] == catalogue.name
