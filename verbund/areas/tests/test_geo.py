"""The boundary reader on real files (Berlin, Köln, geojsonhint) and on hand-made edge cases.
No database: reading never writes."""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verbund.areas.geo import ReadOptions, read_boundaries, simplify
from verbund.areas.geojson_check import ERROR, parse_geojson

from .data import (
    BERLIN_PLANNING,
    KOELN_BEZIRKE,
    KOELN_STADTTEILE,
    bad_geojson_files,
    feature_collection,
    need,
    square_coords,
    zip_shapefile,
)

GERMAN = re.compile(
    r"[äöüßÄÖÜ„“]|\b(die|der|das|ein|eine|muss|fehlt|ist|keine|datei|braucht|hier)\b", re.I
)


def errors(result):
    return [p for p in result.problems if p.level == ERROR]


def test_berlin_planning_areas_are_read_in_full():
    result = read_boundaries(need(BERLIN_PLANNING).read_bytes())
    assert not errors(result), [str(p) for p in errors(result)]
    assert len(result.features) == 448
    assert (result.code_field, result.name_field) == ("id", "name")
    codes = [f["code"] for f in result.features]
    assert len(set(codes)) == 448
    # The file has one key twice (06010102 Schloßstraße); the second is kept under a suffix
    # and the preview says so.
    assert "06010102-2" in codes
    assert any("06010102" in p.message and p.level == "warning" for p in result.problems)
    for feature in result.features:
        lon, lat = feature["centroid"]
        assert 13.0 < lon < 13.8 and 52.3 < lat < 52.7


def test_koeln_stadtteile_shapefile_is_reprojected_and_decoded():
    result = read_boundaries(zip_shapefile(need(KOELN_STADTTEILE)))
    assert not errors(result), [str(p) for p in errors(result)]
    assert len(result.features) == 86
    assert result.encoding == "latin-1"
    assert "UTM zone 32N" in result.crs_label
    assert (result.code_field, result.name_field) == ("STT_NR", "STT_NAME")
    by_name = {f["name"]: f for f in result.features}
    # Köln-Altstadt/Nord: Dom and Hauptbahnhof lie at about 50.94 N, 6.95 E. Without honouring
    # the 2,500,000 false easting in the .prj the area would land far off in the Atlantic.
    lon, lat = by_name["Altstadt/Nord"]["centroid"]
    assert lat == pytest.approx(50.942, abs=0.005)
    assert lon == pytest.approx(6.955, abs=0.005)
    assert by_name["Altstadt/Nord"]["code"] == "103"
    assert by_name["Altstadt/Nord"]["area_km2"] == pytest.approx(2.456, rel=0.02)
    # Latin-1 DBF: umlauts decode, nothing is replaced.
    for name in ("Dellbrück", "Dünnwald", "Bilderstöckchen", "Höhenberg", "Altstadt/Süd"):
        assert name in by_name
    assert not any("\ufffd" in name for name in by_name)
    # Marienburg's ring touches itself in the source; it is repaired and reported in German.
    assert any("Marienburg" in p.message and "bereinigt" in p.message for p in result.problems)


def test_koeln_stadtbezirke_geojson():
    result = read_boundaries(need(KOELN_BEZIRKE).read_bytes())
    assert not errors(result)
    assert len(result.features) == 9
    assert {f["name"] for f in result.features} >= {"Innenstadt", "Porz", "Mülheim"}


BAD_FILES = bad_geojson_files()


@pytest.mark.skipif(not BAD_FILES, reason="../shared/data/geojsonhint is absent")
@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_every_geojsonhint_bad_file_gets_a_german_error(path):
    result = read_boundaries(path.read_bytes())
    found = errors(result)
    assert found, f"{path.name}: no error"
    assert not result.features
    for problem in found:
        assert GERMAN.search(problem.message), problem.message


# What geojsonhint complains about, and how we say it (a fragment of our message).
EXPECTED = {
    "bad-duplicate-properties.geojson": "mehrfach",
    "bad-featurelist.geojson": "zu flach verschachtelt",
    "bad-json.geojson": "kein gültiges JSON",
    "bad-object-type.geojson": "„type“ muss ein Text sein",
    "bad-properties-as-array.geojson": "„properties“ muss ein Objekt sein, ist aber eine Liste",
    "badcoord.geojson": "muss eine Zahl sein",
    "badfeature.geojson": "Jedes Feature muss ein Objekt sein",
    "badfeatureid.geojson": "„id“ eines Features muss Text oder Zahl sein",
    "bbox-4or6elements.geojson": "4 Zahlen (2D) oder 6 Zahlen (3D)",
    "bbox-contains-string.geojson": "Jeder Wert in „bbox“ muss eine Zahl sein",
    "bbox-string.geojson": "„bbox“ muss eine Liste von Zahlen sein",
    "different-first-last.geojson": "geschlossen",
    "expected_object.geojson": "„properties“ muss ein Objekt sein, ist aber eine Zahl",
    "false.geojson": "nur Geometrieobjekte",
    "feature_changed_semantics.geojson": "Ein Feature darf keinen Eintrag „features“",
    "featurecollection-obj.geojson": "„features“ muss eine Liste sein",
    "featurecollection-type-case.geojson": "Groß- und Kleinschreibung",
    "featurecollection.geojson": "„features“ fehlt",
    "featurecollection_changed_semantics.geojson": "keinen Eintrag „properties“",
    "geometry_changed_semantics.geojson": "Geometrieobjekt darf keinen Eintrag „properties“",
    "multipoint-nondimension.geojson": "zu flach verschachtelt",
    "nofeaturetype.geojson": "„Featre“ ist unbekannt",
    "notype.geojson": "„type“ fehlt",
    "point-labeled-as-a-multipolygon.geojson": "zu flach verschachtelt",
    "point-toofew.geojson": "mindestens zwei Zahlen",
    "point.geojson": "„coordinates“ fehlt",
    "rootstring.geojson": "oberste Ebene",
    "short-line.geojson": "mindestens zwei Positionen",
    "short-linearring.geojson": "mindestens vier Positionen",
    "unknowntype.geojson": "„FooBar“ ist unbekannt",
    # Valid GeoJSON, but a bare geometry is no list of areas.
    "polygon_winding_order.geojson": "einzelne Geometrie",
}


@pytest.mark.skipif(not BAD_FILES, reason="../shared/data/geojsonhint is absent")
@pytest.mark.parametrize("name,fragment", sorted(EXPECTED.items()))
def test_geojsonhint_complaints_are_named(name, fragment):
    path = next(p for p in BAD_FILES if p.name == name)
    result = read_boundaries(path.read_bytes())
    messages = " | ".join(str(p) for p in result.problems)
    assert fragment in messages, messages


def test_json_syntax_error_names_line_and_column():
    result = read_boundaries(b'{"type": "FeatureCollection",\n "features": [}\n')
    (problem,) = errors(result)
    assert problem.where == "Zeile 2, Spalte 15"


def test_projected_coordinates_without_crs_are_explained():
    utm = [[[356000, 5645000], [357000, 5645000], [357000, 5646000], [356000, 5645000]]]
    result = read_boundaries(feature_collection(("1", "Test", utm)))
    (problem,) = errors(result)
    assert "keine geografischen Längen und Breiten" in problem.message
    assert "EPSG:25832" in problem.message


def test_crs_member_or_option_reprojects_to_wgs84():
    # A 1 km square in UTM 32N (ETRS89) near Köln cathedral.
    utm = [
        [
            [356000, 5645000],
            [357000, 5645000],
            [357000, 5646000],
            [356000, 5646000],
            [356000, 5645000],
        ]
    ]
    for content, options in (
        (feature_collection(("1", "Dom", utm), crs="urn:ogc:def:crs:EPSG::25832"), None),
        (feature_collection(("1", "Dom", utm)), ReadOptions(source_crs="EPSG:25832")),
    ):
        result = read_boundaries(content, options)
        assert not errors(result), [str(p) for p in result.problems]
        lon, lat = result.features[0]["centroid"]
        assert lat == pytest.approx(50.94, abs=0.01)
        assert lon == pytest.approx(6.96, abs=0.01)
        assert result.features[0]["area_km2"] == pytest.approx(1.0, rel=0.01)


def test_swapped_latitude_and_longitude_are_explained():
    swapped = [[[lat, lon] for lon, lat in square_coords(7.0, 50.95)[0]]]
    result = read_boundaries(feature_collection(("1", "Vertauscht", swapped)))
    assert "Länge und Breite vertauscht" in errors(result)[0].message


def test_unknown_crs_is_an_error():
    result = read_boundaries(
        feature_collection(("1", "A", square_coords(7, 50.9)), crs="urn:ogc:def:crs:EPSG::99999")
    )
    assert "Koordinatensystem" in errors(result)[0].message


def test_bowtie_is_refused_with_position():
    bowtie = [[[7.0, 50.9], [7.1, 51.0], [7.1, 50.9], [7.0, 51.0], [7.0, 50.9]]]
    result = read_boundaries(feature_collection(("1", "Schleife", bowtie)))
    (problem,) = errors(result)
    assert "überschneidet sich selbst" in problem.message
    assert "50,95" in problem.message  # where, in German notation


def test_fields_are_detected_or_chosen_and_missing_ones_explained():
    content = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"SCHLUESSEL_X": "9", "Bezirk": "Mitte"},
                    "geometry": {"type": "Polygon", "coordinates": square_coords(7, 50.9)},
                }
            ],
        }
    ).encode()
    result = read_boundaries(content)
    assert any("Kein Feld für den Schlüssel erkannt" in p.message for p in errors(result))
    chosen = read_boundaries(content, ReadOptions(code_field="SCHLUESSEL_X", name_field="Bezirk"))
    assert not errors(chosen)
    assert chosen.features[0]["code"] == "9" and chosen.features[0]["name"] == "Mitte"
    wrong = read_boundaries(content, ReadOptions(code_field="gibtsnicht"))
    assert "„gibtsnicht“" in errors(wrong)[0].message


def test_points_are_not_areas():
    content = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"id": "1", "name": "Kita"},
                    "geometry": {"type": "Point", "coordinates": [7, 50.9]},
                }
            ],
        }
    ).encode()
    assert "keine Fläche" in errors(read_boundaries(content))[0].message


def test_simplified_geometry_is_smaller_and_rounded():
    result = read_boundaries(zip_shapefile(need(KOELN_STADTTEILE)))
    full = result.features[0]["geometry"]
    simple = simplify(full)
    assert len(json.dumps(simple)) < len(json.dumps(full)) / 2
    first = simple["coordinates"][0][0] if simple["type"] == "Polygon" else None
    if first:
        assert all(len(str(c).split(".")[-1]) <= 5 for c in first)


def test_parse_never_raises_on_deep_nesting():
    obj, problems = parse_geojson(b"[" * 100_000 + b"]" * 100_000)
    assert obj is None or problems
    assert problems


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(["Feature", "FeatureCollection", "Polygon", "MultiPolygon", "Point"]),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "features",
                    "geometry",
                    "properties",
                    "coordinates",
                    "id",
                    "name",
                    "crs",
                    "bbox",
                    "geometries",
                    "code",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_random_bytes_never_raise(data):
    result = read_boundaries(data)
    assert result.has_errors or result.features


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_fuzz_random_json_never_raises(value):
    result = read_boundaries(json.dumps(value).encode())
    assert isinstance(result.problems, list)
    if not result.has_errors:
        for feature in result.features:
            assert feature["code"] and feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_too_many_features_are_refused_while_parsing(monkeypatch):
    from verbund.areas import geojson_check

    monkeypatch.setattr(geojson_check, "MAX_FEATURES", 3)
    content = feature_collection(
        *[(f"A{i}", f"Gebiet {i}", square_coords(7.0 + i / 10, 51.0)) for i in range(5)]
    )
    result = read_boundaries(content)
    assert [str(p) for p in errors(result)] == [
        "Die Datei enthält mehr als 3 Gebiete (Features); bitte teilen Sie sie auf."
    ]


def test_too_many_coordinates_are_refused_while_parsing(monkeypatch):
    from verbund.areas import geojson_check

    monkeypatch.setattr(geojson_check, "MAX_COORDINATES", 1000)
    calls = []
    number = geojson_check._Duplicates.number

    def counting(self, text, kind=float):
        calls.append(text)
        return number(self, text, kind)

    monkeypatch.setattr(geojson_check._Duplicates, "number", counting)
    # 400 points with height: fewer "[" than the limit, so the parser has to count.
    ring = [[7.0 + i / 10000, 51.0 + (i % 2) / 10000, 50.0] for i in range(400)]
    content = feature_collection(("A", "Eins", [[*ring, ring[0]]]))
    result = read_boundaries(content)
    assert "mehr als 1.000 Zahlen (Koordinaten)" in str(errors(result)[0])
    assert len(calls) == 1001  # parsing stopped at the limit, not after the whole file
    # Far more points: refused from the raw bytes, before the parser starts.
    calls.clear()
    ring = [[7.0 + i / 10000, 51.0 + (i % 2) / 10000] for i in range(5000)]
    result = read_boundaries(feature_collection(("A", "Eins", [[*ring, ring[0]]])))
    assert "mehr als 1.000 Zahlen (Koordinaten)" in str(errors(result)[0])
    assert len(calls) == 1


def test_too_many_shapefile_points_are_refused(monkeypatch):
    from verbund.areas import geojson_check

    monkeypatch.setattr(geojson_check, "MAX_COORDINATES", 2000)
    result = read_boundaries(zip_shapefile(need(KOELN_STADTTEILE)))
    assert "Das Shapefile ist zu groß" in str(errors(result)[0])
