import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image

from verbund.areas.models import Area, AreaImport, ImportStatus, Observation, Walk
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .data import lindenhagen_districts
from .factories import AreaFactory, ObservationFactory, WalkFactory, jpeg_bytes, square
from .test_services import exif_with_gps

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"areas:{name}", args=[tenant.municipality.slug, *args])


def upload(content: bytes, name: str = "stadtteile.geojson"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_wizard_upload_preview_commit(client, tenant, django_capture_on_commit_callbacks):
    client.force_login(tenant.users[Role.PLANNER])
    response = client.get(url("import_upload", tenant))
    assert response.status_code == 200
    response = client.post(
        url("import_upload", tenant),
        {
            "file": upload(lindenhagen_districts()),
            "level": "Stadtteil",
            "kind": "administrative",
            "parent_method": "prefix",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        draft = AreaImport.objects.get()
        assert not Area.objects.exists()  # the preview stores no area yet
    preview = client.get(response["Location"])
    body = preview.content.decode()
    assert "Am Mühlenbach" in body and "3 Gebiete übernehmen" in body
    assert "Schlüssel aus „code“, Name aus „name“" in body
    with django_capture_on_commit_callbacks(execute=True):  # the job runs after the commit
        response = client.post(response["Location"], {"action": "commit"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Area.objects.filter(municipality=tenant.municipality).count() == 3
        draft.refresh_from_db()
        assert draft.status == ImportStatus.COMMITTED
        assert AuditEntry.objects.filter(action="areas.area.imported").count() == 1


def test_wizard_preview_map_shows_the_file_and_stale_previews_expire(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    data = {"level": "Stadtteil", "kind": "administrative", "parent_method": "prefix"}
    response = client.post(
        url("import_upload", tenant), {"file": upload(lindenhagen_districts()), **data}
    )
    with scopes_disabled():
        first = AreaImport.objects.get()
    body = client.get(response["Location"]).content.decode()
    assert url("import_geojson", tenant, first.pk) in body
    preview = client.get(url("import_geojson", tenant, first.pk)).json()
    assert [f["properties"]["name"] for f in preview["features"]] == [
        "Altstadt",
        "Nordviertel",
        "Am Mühlenbach",
    ]
    with scopes_disabled():
        AreaImport.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=8))
    client.post(url("import_upload", tenant), {"file": upload(lindenhagen_districts()), **data})
    with scopes_disabled():
        first.refresh_from_db()
    assert first.status == ImportStatus.DISCARDED and bytes(first.source) == b""


def test_wizard_shows_german_errors_and_cannot_commit(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(
        url("import_upload", tenant),
        {
            "file": upload(b'{"type": "FeatureCollection", "features": {}}'),
            "level": "Stadtteil",
            "kind": "administrative",
            "parent_method": "prefix",
        },
    )
    preview = client.get(response["Location"])
    body = preview.content.decode()
    assert "„features“ muss eine Liste sein, ist aber ein Objekt." in body
    assert 'value="commit"' not in body
    response = client.post(response["Location"], {"action": "commit"}, follow=True)
    assert "es wurde nichts übernommen" in response.content.decode()
    with scopes_disabled():
        assert not Area.objects.exists()


def test_wizard_reconfigure_changes_fields(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    content = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"nummer_x": "7", "titel_x": "Westend"},
                    "geometry": square(7.0, 50.95),
                }
            ],
        }
    ).encode()
    base = {"level": "Stadtteil", "kind": "planning", "parent_method": "prefix"}
    response = client.post(url("import_upload", tenant), {"file": upload(content), **base})
    location = response["Location"]
    assert "Kein Feld für den Schlüssel erkannt" in client.get(location).content.decode()
    client.post(
        location,
        {"action": "reconfigure", "code_field": "nummer_x", "name_field": "titel_x", **base},
    )
    body = client.get(location).content.decode()
    assert "Westend" in body and 'value="commit"' in body


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("gebiete.exe", b'{"type": "FeatureCollection"}', "keine passende Endung"),
        ("gebiete.zip", b'{"type": "FeatureCollection"}', "passt nicht zur Endung"),
        ("gebiete.geojson", b"PK\x03\x04rest", "passt nicht zur Endung"),
    ],
)
def test_upload_type_is_checked_before_anything_is_stored(client, tenant, name, content, message):
    client.force_login(tenant.users[Role.PLANNER])
    response = client.post(
        url("import_upload", tenant),
        {
            "file": upload(content, name),
            "level": "Stadtteil",
            "kind": "administrative",
            "parent_method": "prefix",
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    with scopes_disabled():
        assert not AreaImport.objects.exists()


def test_oversized_upload_is_refused(client, tenant, settings):
    settings.VERBUND_AREA_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(tenant.users[Role.PLANNER])
    big = b'{"type": "FeatureCollection", "features": []' + b" " * (1024 * 1024 + 10) + b"}"
    response = client.post(
        url("import_upload", tenant),
        {
            "file": upload(big),
            "level": "Stadtteil",
            "kind": "administrative",
            "parent_method": "prefix",
        },
    )
    assert response.status_code == 400
    assert "erlaubt sind höchstens 1\xa0MB" in response.content.decode()
    with scopes_disabled():
        assert not AreaImport.objects.exists()
        assert not Area.objects.exists()


def make_areas(tenant, count: int):
    parent = AreaFactory(municipality=tenant.municipality, level="Bezirk", code="B")
    for i in range(count):
        AreaFactory(
            municipality=tenant.municipality,
            parent=parent,
            code=f"B{i:04d}",
            geometry=square(7.0 + i * 0.001, 50.9),
            geometry_simplified=square(7.0 + i * 0.001, 50.9),
        )
    centre = tenant.centre
    with scopes_disabled():
        centre.areas.set(Area.objects.filter(municipality=tenant.municipality)[:3])


@pytest.mark.parametrize("page", ["area_list", "map", "map_geojson", "area_export"])
def test_query_count_does_not_grow_with_areas(client, tenant, page, django_assert_max_num_queries):
    client.force_login(tenant.users[Role.STAFF])
    args = ["csv"] if page == "area_export" else []
    make_areas(tenant, 5)
    with django_assert_max_num_queries(40) as small:
        assert client.get(url(page, tenant, *args)).status_code == 200
    make_areas_more = 60
    for i in range(make_areas_more):
        AreaFactory(municipality=tenant.municipality, code=f"X{i:04d}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(page, tenant, *args)).status_code == 200


def test_map_page_has_data_url_table_and_optional_tiles(client, tenant, settings):
    AreaFactory(municipality=tenant.municipality, name="Nordviertel")
    client.force_login(tenant.users[Role.PARTNER])
    body = client.get(url("map", tenant)).content.decode()
    assert "data-geojson-url" in body and "Nordviertel" in body
    assert "<table" in body and "data-tile-url" not in body
    assert "vendor/leaflet/leaflet.js" in body
    settings.VERBUND_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert "data-tile-url" in client.get(url("map", tenant)).content.decode()


def test_map_geojson_is_simplified_and_scoped(client, tenant, foreign):
    mine = AreaFactory(municipality=tenant.municipality, code="M1")
    AreaFactory(municipality=foreign.municipality, code="F1")
    client.force_login(tenant.users[Role.STAFF])
    response = client.get(url("map_geojson", tenant))
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert [f["properties"]["code"] for f in data["features"]] == ["M1"]
    assert data["features"][0]["properties"]["id"] == mine.pk


def test_area_list_shows_hierarchy_and_detail_breadcrumb(client, tenant):
    bezirk = AreaFactory(municipality=tenant.municipality, level="Bezirk", name="Innenstadt")
    teil = AreaFactory(municipality=tenant.municipality, parent=bezirk, name="Altstadt/Nord")
    client.force_login(tenant.users[Role.STAFF])
    body = client.get(url("area_list", tenant)).content.decode()
    assert body.index("Innenstadt") < body.index("Altstadt/Nord")
    assert "tree-indent--1" in body
    detail = client.get(url("area_detail", tenant, teil.pk)).content.decode()
    assert "Innenstadt" in detail and "data-focus" in detail


def test_sozialraum_permissions_and_save(client, tenant):
    area = AreaFactory(municipality=tenant.municipality, name="Südstadt")
    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    own = url("sozialraum", tenant, tenant.centre.pk)
    assert client.get(own).status_code == 200
    assert client.get(url("sozialraum", tenant, other_centre.pk)).status_code == 403
    assert client.post(own, {"areas": [area.pk]}).status_code == 302
    with scopes_disabled():
        assert list(tenant.centre.areas.all()) == [area]
    client.force_login(tenant.users[Role.PLANNER])
    assert client.get(own).status_code == 403


def test_walk_and_observation_with_photo_and_fallback_coordinates(client, tenant):
    area = AreaFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("walk_create", tenant),
        {
            "title": "Frühjahrsbegehung Nordviertel",
            "date": "2026-04-21",
            "centre": tenant.centre.pk,
            "area": area.pk,
            "participants": "Kita\nJugendamt",
        },
    )
    assert response.status_code == 302, response.content.decode()
    with scopes_disabled():
        walk = Walk.objects.get()
    photo = SimpleUploadedFile(
        "IMG_2001.jpg", jpeg_bytes(size=(800, 600), exif=exif_with_gps()), "image/jpeg"
    )
    response = client.post(
        url("observation_create", tenant, walk.pk),
        {
            "note": "Bordstein an der Haltestelle zu hoch für Kinderwagen",
            "categories": ["barriers", "transport"],
            "rating": "4",
            "latitude": "50,9561",  # typed by hand, German decimal comma
            "longitude": "7,0123",
            "photos": [photo],
        },
    )
    assert response.status_code == 302, response.content.decode()
    with scopes_disabled():
        observation = Observation.objects.get()
        stored = observation.photos.get()
    assert observation.categories == ["barriers", "transport"]
    assert str(observation.latitude) == "50.956100"
    assert b"Exif" not in bytes(stored.image)
    detail = client.get(url("walk_detail", tenant, walk.pk)).content.decode()
    assert (
        "Bordstein an der Haltestelle" in detail and "Barrieren, Öffentlicher Nahverkehr" in detail
    )
    layer = client.get(url("walk_geojson", tenant, walk.pk)).json()
    assert layer["features"][0]["geometry"]["coordinates"] == [7.0123, 50.9561]
    assert client.get(url("observations_geojson", tenant)).json()["features"]
    by_area = url("observations_geojson", tenant) + f"?gebiet={area.pk}"
    assert len(client.get(by_area).json()["features"]) == 1
    other_area = url("observations_geojson", tenant) + f"?gebiet={area.pk + 1000}"
    assert client.get(other_area).json()["features"] == []
    assert f"?gebiet={area.pk}" in client.get(url("area_detail", tenant, area.pk)).content.decode()
    export = client.get(url("walk_export", tenant, walk.pk, "csv")).content.decode("utf-8-sig")
    assert "Bordstein an der Haltestelle" in export and "50,9561" in export
    image = client.get(url("photo", tenant, stored.pk))
    assert image["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(image.content)) as img:
        assert not dict(img.getexif())
    with scopes_disabled():
        actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"areas.walk.created", "areas.observation.created", "areas.photo.added"} <= actions


def test_observation_update_adds_and_removes_photos(client, tenant):
    observation = ObservationFactory(
        walk=WalkFactory(municipality=tenant.municipality, centre=tenant.centre)
    )
    client.force_login(tenant.users[Role.STAFF])
    edit = url("observation_update", tenant, observation.pk)
    photo = SimpleUploadedFile("neu.png", png_bytes(), "image/png")
    response = client.post(
        edit, {"note": "Neu beschrieben", "categories": ["green"], "photos": [photo]}
    )
    assert response.status_code == 302, response.content.decode()
    with scopes_disabled():
        stored = observation.photos.get()
    assert "Foto 1 entfernen" in client.get(edit).content.decode()
    response = client.post(
        edit, {"note": "Neu beschrieben", "categories": ["green"], "remove_photos": [stored.pk]}
    )
    assert response.status_code == 302
    with scopes_disabled():
        observation.refresh_from_db()
        assert observation.note == "Neu beschrieben"
        assert not observation.photos.exists()
        assert AuditEntry.objects.filter(action="areas.photo.deleted").exists()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 120, 200, 128)).save(out, format="PNG")
    return out.getvalue()


def test_observation_form_refuses_half_coordinates_and_bad_photo(client, tenant):
    walk = WalkFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.STAFF])
    response = client.post(
        url("observation_create", tenant, walk.pk), {"note": "x", "latitude": "50,9"}
    )
    assert response.status_code == 400
    assert "zusammen an" in response.content.decode()
    response = client.post(
        url("observation_create", tenant, walk.pk),
        {"note": "x", "photos": [SimpleUploadedFile("a.jpg", b"not an image", "image/jpeg")]},
    )
    assert response.status_code == 400
    assert "lässt sich nicht als Bild lesen" in response.content.decode()
    with scopes_disabled():
        assert not Observation.objects.exists()


def test_walk_list_filters_by_centre(client, tenant):
    other = FamilyCentreFactory(municipality=tenant.municipality)
    WalkFactory(municipality=tenant.municipality, centre=tenant.centre, title="Eigene Runde")
    WalkFactory(municipality=tenant.municipality, centre=other, title="Andere Runde")
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    body = client.get(url("walk_list", tenant)).content.decode()
    assert "Eigene Runde" in body and "Andere Runde" in body
    body = client.get(url("walk_list", tenant) + f"?zentrum={other.pk}").content.decode()
    assert "Andere Runde" in body and "Eigene Runde" not in body
    assert client.get(url("walk_list", tenant) + "?zentrum=x").status_code == 200


def test_walks_of_other_centres_are_read_only(client, tenant):
    other = FamilyCentreFactory(municipality=tenant.municipality)
    walk = WalkFactory(municipality=tenant.municipality, centre=other)
    observation = ObservationFactory(walk=walk)
    client.force_login(tenant.users[Role.COORDINATOR])
    assert client.get(url("walk_detail", tenant, walk.pk)).status_code == 200
    assert client.get(url("walk_update", tenant, walk.pk)).status_code == 403
    assert client.post(url("observation_delete", tenant, observation.pk)).status_code == 403
    # Nor can a walk be created for another centre.
    response = client.post(
        url("walk_create", tenant),
        {"title": "Fremd", "date": "2026-04-21", "centre": other.pk},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert Walk.objects.count() == 1


def test_observation_form_works_on_a_phone_layout(client, tenant):
    walk = WalkFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.STAFF])
    body = client.get(url("observation_create", tenant, walk.pk)).content.decode()
    assert 'inputmode="decimal"' in body  # numeric keyboard for the fallback fields
    assert 'name="latitude"' in body and "data-pick" in body
    assert 'accept=".jpg,.jpeg,.png,.webp"' in body


def test_area_list_pages_the_centres_with_constant_queries(
    client, tenant, django_assert_max_num_queries
):
    """Issue 17: the Sozialraum table of the centres is paged, and neither the areas nor the
    centres cost a query each (no queryset per row)."""
    from verbund.areas.views.base import LIST_PAGE_SIZE as PAGE_SIZE

    client.force_login(tenant.users[Role.COORDINATOR])
    areas = AreaFactory.create_batch(3, municipality=tenant.municipality)
    with scopes_disabled():
        tenant.centre.areas.set(areas)
    with django_assert_max_num_queries(40) as small:
        html = client.get(url("area_list", tenant)).content.decode()
    assert areas[0].name in html
    for centre in FamilyCentreFactory.create_batch(PAGE_SIZE + 5, municipality=tenant.municipality):
        with scopes_disabled():
            centre.areas.set(areas)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("area_list", tenant))
    assert len(response.context["centres"]) == PAGE_SIZE
    assert "zentren_seite=2" in response.content.decode()
    second = client.get(url("area_list", tenant), {"zentren_seite": "2"})
    assert len(second.context["centres"]) == 6
    assert client.get(url("area_list", tenant), {"zentren_seite": "x²"}).status_code == 200


def test_map_page_kept_whole_follows_areas_walks_and_centres(client, tenant):
    """The map page's content is kept rendered (issue 17): a new area, a new located
    observation, an edited walk and a renamed centre show on the next view."""
    from .factories import ObservationFactory, WalkFactory

    client.force_login(tenant.users[Role.PLANNER])
    client.get(url("map", tenant))
    AreaFactory(municipality=tenant.municipality, name="Nordviertel")
    assert "Nordviertel" in client.get(url("map", tenant)).content.decode()
    walk = WalkFactory(municipality=tenant.municipality, centre=tenant.centre, title="Runde Süd")
    assert "Runde Süd" not in client.get(url("map", tenant)).content.decode()
    ObservationFactory(walk=walk, latitude=50.9, longitude=6.9, note="Spielplatz kaputt")
    body = client.get(url("map", tenant)).content.decode()
    assert "Runde Süd" in body and "Spielplatz kaputt" in body
    with scopes_disabled():
        walk.title = "Runde Nord"
        walk.save()
        tenant.centre.name = "Zentrum am Rhein"
        tenant.centre.save()
    body = client.get(url("map", tenant)).content.decode()
    assert "Runde Nord" in body and "Zentrum am Rhein" in body
