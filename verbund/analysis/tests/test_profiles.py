import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from verbund.analysis import selectors, services
from verbund.analysis.models import NeedIndexConfig
from verbund.analysis.tests.factories import AreaFactory, IndicatorValueFactory
from verbund.core.models import AuditEntry
from verbund.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(level, tenant):
    """Four Planungsräume with poverty (more = need) and employment (less = need)."""
    for name in ("Nord", "Ost", "Süd", "West"):
        level.area(name)
    level.indicator("poverty", name="Kinderarmut")
    level.indicator("employment", higher_means_more_need=False, name="Beschäftigungsquote")
    level.values("poverty", 2022, {"Nord": 25.0, "Ost": 14.0, "Süd": 8.0, "West": 12.0})
    level.values("poverty", 2024, {"Nord": 30.0, "Ost": 15.0, "Süd": 5.0, "West": 10.0})
    level.values("employment", 2024, {"Nord": 40.0, "Ost": 60.0, "Süd": 70.0, "West": 55.0})
    level.areas["Nord"].centres.add(tenant.centre)
    return level


def configure(tenant, city, **data):
    with scope(municipality=tenant.municipality.pk):
        return services.need_index_configure(
            actor=tenant.users[Role.PLANNER],
            municipality=tenant.municipality,
            data={
                "level": "Planungsraum",
                "year": None,
                "method": "thresholds",
                "boundary_1": 1.0,
                "boundary_2": 0.5,
                "boundary_3": -0.5,
                **data,
            },
            weights={city.indicators["poverty"].pk: 2.0, city.indicators["employment"].pk: 1.0},
        )


def test_profile_compares_with_the_level(tenant, city):
    nord = city.areas["Nord"]
    with scope(municipality=tenant.municipality.pk):
        profile = selectors.area_profile(municipality=tenant.municipality, area=nord)
    rows = {row.indicator.key: row for row in profile.rows}
    poverty = rows["poverty"]
    assert (poverty.year, poverty.value) == (2024, 30.0)
    assert poverty.rank == 1 and poverty.rank_of == 4
    assert poverty.median == 12.5
    assert poverty.mean == 15.0
    assert poverty.diff_median == 17.5
    assert poverty.change_previous == 5.0
    assert poverty.need_signal == "more"
    employment = rows["employment"]
    # Lower employment means more need: the lowest value ranks first.
    assert employment.rank == 1
    assert employment.need_signal == "more"


def test_profile_page_shows_values_rank_and_index(client, tenant, city):
    configure(tenant, city)
    client.force_login(tenant.users[Role.STAFF])
    url = reverse("analysis:area_profile", args=[tenant.municipality.slug, city.areas["Nord"].pk])
    body = client.get(url).content.decode()
    assert "Kinderarmut" in body
    assert "30,0" in body and "12,5" in body and "+17,5" in body
    assert "1 / 4" in body
    assert "Bedarf sehr hoch" in body
    assert tenant.centre.name in body


def test_need_index_is_audited_and_classifies(tenant, city):
    config = configure(tenant, city)
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="analysis.need_index.created")
        assert entry.after["weights"] == {"poverty": 2.0, "employment": 1.0}
    with scope(municipality=tenant.municipality.pk):
        index = selectors.need_index(municipality=tenant.municipality)
    assert index.config == config
    nord, sued = city.areas["Nord"].pk, city.areas["Süd"].pk
    assert index.values[nord] > index.values[sued]
    assert index.classes[nord] == 1
    assert index.classes[sued] == 4
    configure(tenant, city, boundary_1=2.0)
    with scopes_disabled():
        change = AuditEntry.objects.get(action="analysis.need_index.changed")
        assert change.before == {"boundary_1": 1.0}
        assert change.after == {"boundary_1": 2.0}


def test_need_index_refuses_undirected_indicators_and_bad_boundaries(client, tenant, city):
    undirected = city.indicator("context_share", higher_means_more_need=None)
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("analysis:need_index_config", args=[tenant.municipality.slug])
    page = client.get(url).content.decode()
    assert f"weight_{undirected.pk}" not in page  # not offered at all
    response = client.post(
        url,
        {
            "level": "Planungsraum",
            "method": "thresholds",
            "boundary_1": "0,5",
            "boundary_2": "1,0",
            "boundary_3": "-1,0",
            f"weight_{city.indicators['poverty'].pk}": "1",
        },
    )
    assert response.status_code == 400
    assert "müssen absteigen" in response.content.decode()
    response = client.post(
        url,
        {
            "level": "Planungsraum",
            "method": "quantiles",
            "boundary_1": "10",
            "boundary_2": "25",
            "boundary_3": "75",
            f"weight_{city.indicators['poverty'].pk}": "1,5",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        config = NeedIndexConfig.objects.get(municipality=tenant.municipality)
        assert config.method == "quantiles"
        assert [c.weight for c in config.components.all()] == [1.5]


def test_need_index_config_is_for_planners_only(client, tenant):
    url = reverse("analysis:need_index_config", args=[tenant.municipality.slug])
    client.force_login(tenant.users[Role.COORDINATOR])
    assert client.get(url).status_code == 403
    client.force_login(tenant.users[Role.PLANNER])
    assert client.get(url).status_code == 200


def test_indicator_map_renders_svg_legend_and_table(client, tenant, city):
    client.force_login(tenant.users[Role.PARTNER])
    url = reverse("analysis:indicator_map", args=[tenant.municipality.slug, "poverty"])
    body = client.get(url + "?ebene=Planungsraum&jahr=2022").content.decode()
    assert body.count("<path ") == 4
    assert 'role="img"' in body
    assert "25,0" in body  # 2022 value in the table
    assert "Legende" in body
    assert "kein Wert" in body


def test_indicator_map_without_geometry_still_has_the_table(client, tenant, level):
    level.indicator("poverty")
    AreaFactory(municipality=tenant.municipality, name="Ohne Grenze", geometry_simplified=None)
    client.force_login(tenant.users[Role.STAFF])
    url = reverse("analysis:indicator_map", args=[tenant.municipality.slug, "poverty"])
    body = client.get(url).content.decode()
    assert "keine Grenzen hinterlegt" in body
    assert "Ohne Grenze" in body


def test_full_geometry_is_simplified_when_no_simplified_one_exists(client, tenant, level):
    level.indicator("poverty")
    ring = [[7.0 + i * 1e-5, 50.9 + (i % 2) * 1e-6] for i in range(500)]
    ring += [[7.005, 50.91], [7.0, 50.91], ring[0]]
    AreaFactory(
        municipality=tenant.municipality,
        geometry_simplified=None,
        geometry={"type": "Polygon", "coordinates": [ring]},
    )
    client.force_login(tenant.users[Role.STAFF])
    url = reverse("analysis:indicator_geojson", args=[tenant.municipality.slug, "poverty"])
    data = client.get(url).json()
    coordinates = data["features"][0]["geometry"]["coordinates"][0]
    assert len(coordinates) < 20


def test_geojson_carries_values_and_profile_links(client, tenant, city):
    client.force_login(tenant.users[Role.STAFF])
    url = reverse("analysis:indicator_geojson", args=[tenant.municipality.slug, "poverty"])
    response = client.get(url)
    assert response["Content-Type"] == "application/geo+json"
    features = {f["properties"]["name"]: f for f in response.json()["features"]}
    assert features["Nord"]["properties"]["value"] == 30.0
    assert features["Nord"]["properties"]["rank"] == 1
    assert features["Nord"]["properties"]["url"].endswith(f"/gebiete/{city.areas['Nord'].pk}/")


def test_profile_exports_csv_xlsx_and_pdf(client, tenant, city):
    configure(tenant, city)
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    nord = city.areas["Nord"].pk
    slug = tenant.municipality.slug
    response = client.get(reverse("analysis:area_profile_export", args=[slug, nord, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Indikator", "Einheit", "Jahr", "Wert"]
    assert rows[0][-2:] == ["2022", "2024"]
    poverty = next(row for row in rows if row[0] == "Kinderarmut")
    assert poverty[3] == "30,0" and poverty[5] == "1" and poverty[7] == "12,5"
    assert any(row[0] == "Bedarfsindex (standardisiert)" for row in rows)
    response = client.get(reverse("analysis:area_profile_export", args=[slug, nord, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Indikator"
    response = client.get(reverse("analysis:area_profile_pdf", args=[slug, nord]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_profile_pdf_fetches_no_local_file_and_no_url(client, tenant, city, monkeypatch):
    """Security issue item 15: the area-profile PDF used WeasyPrint's default fetcher (any
    file, any http). Whatever its HTML references, only the app's static files are read."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from verbund.analysis.views.profiles import area as profiles

    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    real = profiles.render_to_string

    def with_references(template, context=None, request=None):
        html = real(template, context, request=request)
        return html.replace(
            "</body>",
            f'<img src="file:///etc/hostname"><img src="{origin}/x.png">'
            f'<link rel="stylesheet" href="{origin}/x.css"></body>',
        )

    monkeypatch.setattr(profiles, "render_to_string", with_references)
    configure(tenant, city)
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    try:
        response = client.get(
            reverse(
                "analysis:area_profile_pdf",
                args=[tenant.municipality.slug, city.areas["Nord"].pk],
            )
        )
    finally:
        server.shutdown()
        server.server_close()
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert hits == []
    from pypdf import PdfReader

    assert sum(len(page.images) for page in PdfReader(io.BytesIO(response.content)).pages) == 0


def test_index_export_lists_classes(client, tenant, city):
    configure(tenant, city)
    client.force_login(tenant.users[Role.STAFF])
    response = client.get(reverse("analysis:index_export", args=[tenant.municipality.slug, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "Nord" and rows[1][4] == "sehr hoch" and rows[1][5] == "1"


def test_formula_like_area_names_are_neutralised(client, tenant, level):
    level.area("=HYPERLINK(1)")
    level.indicator("poverty")
    level.values("poverty", 2024, {"=HYPERLINK(1)": 3.0})
    client.force_login(tenant.users[Role.STAFF])
    url = reverse("analysis:indicator_export", args=[tenant.municipality.slug, "poverty", "csv"])
    assert "'=HYPERLINK(1)" in client.get(url).content.decode("utf-8-sig")


def _grow(tenant, city, count):
    start = len(city.areas)
    for number in range(start, start + count):
        area = city.area(f"Gebiet {number}")
        for key in ("poverty", "employment"):
            IndicatorValueFactory(
                municipality=tenant.municipality,
                indicator=city.indicators[key],
                area=area,
                year=2024,
                value=float(number % 17),
            )


@pytest.mark.parametrize(
    "url_name",
    [
        "analysis:overview",
        "analysis:area_profile",
        "analysis:indicator_map",
        "analysis:index_geojson",
    ],
)
def test_query_count_does_not_grow_with_areas(
    client, tenant, city, url_name, django_assert_max_num_queries
):
    configure(tenant, city)
    client.force_login(tenant.users[Role.PLANNER])
    slug = tenant.municipality.slug
    args = {
        "analysis:area_profile": [slug, city.areas["Nord"].pk],
        "analysis:indicator_map": [slug, "poverty"],
    }.get(url_name, [slug])
    url = reverse(url_name, args=args)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(tenant, city, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_drill_down_keeps_the_city_scale(client, tenant, level):
    north = level.area("Bezirk Nord", level="Bezirk", index=0)
    south = level.area("Bezirk Süd", level="Bezirk", index=1)
    for name, parent in (("N1", north), ("N2", north), ("S1", south)):
        level.area(name, parent=parent)
    level.indicator("poverty")
    level.values("poverty", 2024, {"N1": 30.0, "N2": 20.0, "S1": 5.0})
    client.force_login(tenant.users[Role.STAFF])
    slug = tenant.municipality.slug
    url = reverse("analysis:indicator_map", args=[slug, "poverty"])
    response = client.get(url, {"ebene": "Planungsraum", "innerhalb": north.pk})
    rows = {row.name: row for row in response.context["page"]}
    assert set(rows) == {"N1", "N2"}
    assert rows["N2"].rank == 2  # ranked among all three areas of the level, not two
    assert f"innerhalb={north.pk}" in response.context["geojson_url"]
    data = client.get(response.context["geojson_url"]).json()
    assert {f["properties"]["name"] for f in data["features"]} == {"N1", "N2"}
