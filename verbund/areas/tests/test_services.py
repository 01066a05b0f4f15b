import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from verbund.areas import services
from verbund.areas.models import Area, AreaImport, ImportStatus
from verbund.areas.photos import clean_photo
from verbund.areas.selectors import area_geojson
from verbund.core.models import AuditEntry
from verbund.core.roles import Role

from .data import (
    BERLIN_PLANNING,
    BERLIN_REGIONS,
    KOELN_BEZIRKE,
    KOELN_STADTTEILE,
    bad_geojson_files,
    feature_collection,
    lindenhagen_districts,
    need,
    square_coords,
    zip_shapefile,
)
from .factories import AreaFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def run_import(tenant, content, **options):
    options.setdefault("level", "Stadtteil")
    with scope(municipality=tenant.municipality.pk):
        return services.areas_import(
            actor=tenant.users[Role.PLANNER],
            municipality=tenant.municipality,
            content=content,
            filename="test.geojson",
            options=services.ImportOptions(**options),
        )


def area_count(tenant) -> int:
    with scopes_disabled():
        return Area.objects.filter(municipality=tenant.municipality).count()


def test_berlin_planning_areas_import_448(tenant):
    report = run_import(tenant, need(BERLIN_PLANNING).read_bytes(), level="Planungsraum")
    assert report.ok and report.committed
    assert report.created == 448
    assert area_count(tenant) == 448
    with scopes_disabled():
        area = Area.objects.get(municipality=tenant.municipality, code="01011101")
    assert area.name == "Stülerstraße"
    assert area.geometry["type"] == "MultiPolygon"
    assert area.geometry_simplified and area.bbox and area.area_km2 == pytest.approx(0.37, abs=0.02)
    # Import again: same keys are recognised, nothing changes.
    again = run_import(tenant, BERLIN_PLANNING.read_bytes(), level="Planungsraum")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 448)


def test_berlin_hierarchy_by_key_prefix(tenant):
    regions = run_import(tenant, need(BERLIN_REGIONS).read_bytes(), level="Bezirksregion")
    assert regions.ok and regions.created > 100
    report = run_import(
        tenant,
        need(BERLIN_PLANNING).read_bytes(),
        level="Planungsraum",
        parent_level="Bezirksregion",
        parent_method="prefix",
    )
    assert report.ok
    assert report.with_parent >= 440
    with scopes_disabled():
        area = Area.objects.select_related("parent").get(
            municipality=tenant.municipality, code="01011101"
        )
    assert area.parent.code == "010111"
    assert area.parent.name == "Tiergarten Süd"


def test_koeln_stadtteile_by_point_in_polygon(tenant):
    bezirke = run_import(tenant, need(KOELN_BEZIRKE).read_bytes(), level="Stadtbezirk")
    assert bezirke.ok and bezirke.created == 9
    report = run_import(
        tenant,
        zip_shapefile(need(KOELN_STADTTEILE)),
        level="Stadtteil",
        parent_level="Stadtbezirk",
        parent_method="point",
    )
    assert report.ok, report.errors
    assert report.created == 86
    assert report.with_parent == 86
    with scopes_disabled():
        altstadt = Area.objects.select_related("parent").get(
            municipality=tenant.municipality, level="Stadtteil", name="Altstadt/Nord"
        )
        dellbrueck = Area.objects.get(municipality=tenant.municipality, code="905")
    assert altstadt.parent.name == "Innenstadt"
    assert altstadt.centroid_lat == pytest.approx(50.942, abs=0.005)
    assert altstadt.centroid_lon == pytest.approx(6.955, abs=0.005)
    assert dellbrueck.name == "Dellbrück"


def test_import_command_reads_a_shapefile_with_its_sidecars(tenant):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_areas",
        tenant.municipality.slug,
        str(need(KOELN_STADTTEILE)),
        "--level=Stadtteil",
        stdout=out,
        stderr=err,
    )
    assert "86 neu" in out.getvalue()
    assert "Marienburg" in err.getvalue()  # the repaired ring is reported
    assert area_count(tenant) == 86
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="areas.area.imported").count() == 1


def test_import_command_refuses_bad_files(tenant, tmp_path):
    bad = tmp_path / "kaputt.geojson"
    bad.write_text('{"type": "FeatureCollection"}')
    with pytest.raises(CommandError):
        call_command("import_areas", tenant.municipality.slug, str(bad), "--level=Stadtteil")
    assert area_count(tenant) == 0


@pytest.mark.parametrize("path", bad_geojson_files(), ids=lambda p: p.name)
def test_bad_files_write_nothing(tenant, path):
    report = run_import(tenant, path.read_bytes())
    assert not report.ok and not report.committed
    assert report.errors
    assert area_count(tenant) == 0
    with scopes_disabled():
        assert not AuditEntry.objects.filter(action="areas.area.imported").exists()


def test_one_bad_feature_blocks_the_whole_file(tenant):
    bowtie = [[[7.0, 50.9], [7.1, 51.0], [7.1, 50.9], [7.0, 51.0], [7.0, 50.9]]]
    content = feature_collection(
        ("01", "Gut", square_coords(7.0, 50.95)),
        ("02", "Auch gut", square_coords(7.02, 50.95)),
        ("03", "Schleife", bowtie),
    )
    report = run_import(tenant, content)
    assert not report.ok
    assert any("Schleife" in p["message"] for p in report.errors)
    assert area_count(tenant) == 0


def test_update_of_known_keys_and_missing_parent_level(tenant):
    run_import(tenant, lindenhagen_districts())
    changed = feature_collection(("01", "Altstadt-Mitte", square_coords(7.0, 50.95)))
    report = run_import(tenant, changed)
    assert (report.created, report.updated) == (0, 1)
    with scopes_disabled():
        assert Area.objects.get(code="01").name == "Altstadt-Mitte"
    orphan = run_import(tenant, lindenhagen_districts(), parent_level="Bezirk")
    assert not orphan.ok
    assert "noch keine Gebiete" in orphan.errors[0]["message"]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(
            st.text(max_size=6),
            st.text(max_size=10),
            st.lists(st.lists(st.floats(-200, 200), min_size=2, max_size=2), max_size=6),
        ),
        max_size=4,
    )
)
def test_fuzz_import_is_all_or_nothing(tenant, features):
    """Random features: either every one lands or none; never an exception."""
    content = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"code": code, "name": name},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
                for code, name, ring in features
            ],
        }
    ).encode()
    before = area_count(tenant)
    report = run_import(tenant, content, level=f"Fuzz {len(features)}")
    after = area_count(tenant)
    if report.ok:
        assert after - before == report.created
    else:
        assert after == before
    with scopes_disabled():
        Area.objects.filter(municipality=tenant.municipality).delete()


def test_wizard_services_prepare_and_commit(tenant, django_capture_on_commit_callbacks):
    planner = tenant.users[Role.PLANNER]
    with scope(municipality=tenant.municipality.pk):
        draft = services.area_import_prepare(
            actor=planner,
            municipality=tenant.municipality,
            content=lindenhagen_districts(),
            filename="bezirke.geojson",
            options=services.ImportOptions(level="Stadtteil"),
        )
        assert area_count(tenant) == 0  # preview writes no area
        assert len(draft.features) == 3 and not draft.errors
        # The commit runs as a job in the task worker, after the request's transaction.
        with django_capture_on_commit_callbacks(execute=True):
            draft = services.area_import_commit(actor=planner, draft=draft)
            assert draft.status == ImportStatus.RUNNING and area_count(tenant) == 0
        draft.refresh_from_db()
        assert draft.report["created"] == 3 and draft.job.result["created"] == 3
        assert draft.status == ImportStatus.COMMITTED and bytes(draft.source) == b""
        with pytest.raises(ValidationError):
            services.area_import_commit(actor=planner, draft=draft)
    assert area_count(tenant) == 3


def test_commit_of_a_file_with_errors_raises_and_writes_nothing(tenant):
    with scope(municipality=tenant.municipality.pk):
        draft = services.area_import_prepare(
            actor=tenant.users[Role.PLANNER],
            municipality=tenant.municipality,
            content=b'{"type": "Point", "coordinates": [1, 2]}',
            filename="punkt.geojson",
            options=services.ImportOptions(level="Stadtteil"),
        )
        assert draft.errors
        with pytest.raises(ValidationError):
            services.area_import_commit(actor=tenant.users[Role.PLANNER], draft=draft)
        assert AreaImport.objects.get(pk=draft.pk).status == ImportStatus.PREVIEW
    assert area_count(tenant) == 0


def test_area_update_refuses_cycles_and_logs(tenant):
    parent = AreaFactory(municipality=tenant.municipality, level="Bezirk", code="1")
    child = AreaFactory(municipality=tenant.municipality, parent=parent, code="11")
    with scope(municipality=tenant.municipality.pk):
        with pytest.raises(ValidationError):
            services.area_update(
                actor=tenant.users[Role.ADMIN], area=parent, data={"parent": child}
            )
        services.area_update(actor=tenant.users[Role.ADMIN], area=child, data={"name": "Neu"})
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="areas.area.changed")
    assert entry.after == {"name": "Neu"}


def test_area_delete_protects_parents(tenant):
    parent = AreaFactory(municipality=tenant.municipality, level="Bezirk")
    AreaFactory(municipality=tenant.municipality, parent=parent)
    with scope(municipality=tenant.municipality.pk), pytest.raises(ValidationError):
        services.area_delete(actor=tenant.users[Role.ADMIN], area=parent)


def test_centre_sozialraum_is_set_and_logged(tenant, foreign):
    mine = AreaFactory(municipality=tenant.municipality)
    theirs = AreaFactory(municipality=foreign.municipality)
    with scope(municipality=tenant.municipality.pk):
        services.centre_areas_set(
            actor=tenant.users[Role.COORDINATOR], centre=tenant.centre, areas=[mine]
        )
        with pytest.raises(ValidationError):
            services.centre_areas_set(
                actor=tenant.users[Role.COORDINATOR], centre=tenant.centre, areas=[theirs]
            )
    with scopes_disabled():
        assert list(tenant.centre.areas.all()) == [mine]
        entry = AuditEntry.objects.get(action="areas.sozialraum.changed")
    assert entry.after == {"areas": [mine.code]}


def test_area_geojson_selector(tenant, foreign):
    a = AreaFactory(municipality=tenant.municipality, code="A1", name="Nord", level="Stadtteil")
    AreaFactory(municipality=tenant.municipality, geometry=None, geometry_simplified=None)
    AreaFactory(municipality=foreign.municipality)
    with scope(municipality=tenant.municipality.pk):
        data = area_geojson(municipality=tenant.municipality)
        full = area_geojson(
            municipality=tenant.municipality,
            areas_qs=Area.objects.filter(code="A1"),
            simplified=False,
        )
    assert data["type"] == "FeatureCollection"
    assert [f["properties"] for f in data["features"]] == [
        {"id": a.pk, "code": "A1", "name": "Nord", "level": "Stadtteil"}
    ]
    assert full["features"][0]["geometry"] == a.geometry


def exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Telefonhersteller"  # Make
    exif[0x8825] = {1: "N", 2: (50.0, 57.0, 36.0), 3: "E", 4: (7.0, 0.0, 36.0)}  # GPS
    return exif.tobytes()


class Upload(io.BytesIO):
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name
        self.size = len(data)


def test_photo_exif_is_removed_and_image_reencoded():
    original = jpeg_bytes(size=(2400, 1200), exif=exif_with_gps())
    with Image.open(io.BytesIO(original)) as img:
        assert img.getexif().get(0x010F) == "Telefonhersteller"
    clean = clean_photo(Upload(original, "IMG_0001.JPG"))
    assert b"Exif" not in clean.data and b"Telefonhersteller" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as img:
        assert img.format == "JPEG"
        assert not dict(img.getexif())
        assert max(img.size) == 1600  # scaled down
    assert (clean.width, clean.height) == (1600, 800)


@pytest.mark.parametrize(
    "data,name,fragment",
    [
        (b"kein Bild, nur Text", "foto.jpg", "lässt sich nicht als Bild lesen"),
        (jpeg_bytes(), "foto.pdf", "kein Foto im Format"),
        (b"GIF89a" + b"\0" * 20, "foto.png", "lässt sich nicht als Bild lesen"),
    ],
)
def test_photo_type_is_checked(data, name, fragment):
    with pytest.raises(ValidationError) as info:
        clean_photo(Upload(data, name))
    assert fragment in " ".join(info.value.messages)


def test_oversized_photo_is_refused():
    upload = Upload(jpeg_bytes(), "gross.jpg")
    upload.size = 13 * 1024 * 1024
    with pytest.raises(ValidationError) as info:
        clean_photo(upload)
    assert "höchstens 12\xa0MB" in " ".join(info.value.messages)
