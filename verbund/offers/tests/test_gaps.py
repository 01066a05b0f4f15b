"""Issue 10, item 5: the gap matrix (counts, weights, states, query count) and its pages."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from verbund.analysis.choices import NeedStatus
from verbund.analysis.tests.factories import NeedFactory
from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.offers.choices import Admission, Cost, OfferFormat, OfferStatus, ReviewState
from verbund.offers.gaps.matrix import State, compute_matrix
from verbund.offers.gaps.selectors import GapScope, overlaid_needs, reachable_offers
from verbund.offers.tests.factories import OfferFactory
from verbund.taxonomy.tests.factories import term
from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

pytestmark = pytest.mark.django_db


def make_offer(tenant, phase, topic, *, areas=(), **values):
    m = tenant.municipality
    offer = OfferFactory(municipality=m, centre=values.pop("centre", tenant.centre), **values)
    offer.terms.add(term(m, "life_phase", phase), term(m, "topic", topic))
    if areas:
        offer.areas_served.add(*areas)
    return offer


@pytest.fixture
def chain(tenant):
    """Area Nord (the tenant centre's Sozialraum) and Süd (another centre's)."""
    m = tenant.municipality
    north = AreaFactory(municipality=m, name="Nord")
    south = AreaFactory(municipality=m, name="Süd")
    north.centres.add(tenant.centre)
    other = FamilyCentreFactory(municipality=m, name="Zentrum Süd")
    south.centres.add(other)
    return {"north": north, "south": south, "other": other}


def matrix_for(tenant, scope, access=None, **kwargs):
    from verbund.accounts.access import access_for

    access = access or access_for(tenant.users[Role.PLANNER], tenant.municipality)
    with scope_of(tenant):
        return compute_matrix(
            municipality=tenant.municipality,
            offers=reachable_offers(scope=scope),
            needs=overlaid_needs(scope=scope, access=access),
            scope=scope,
            access=access,
            **kwargs,
        )


def scope_of(tenant):
    return scope(municipality=tenant.municipality.pk)


def cell(matrix, phase, column):
    for line in matrix.cells:
        for c in line:
            if c.row.key == phase and c.column.key == column:
                return c
    raise KeyError((phase, column))


def test_states_counts_weights_and_all_phases(tenant, chain):
    m, north, south = tenant.municipality, chain["north"], chain["south"]
    # 0-1 × health: one open, free offer (weight 0.8) and a need → thin
    make_offer(tenant, "0-1", "health", areas=[north])
    make_offer(tenant, "0-1", "health", areas=[south], centre=chain["other"])  # elsewhere
    make_offer(tenant, "0-1", "health", areas=[north], status=OfferStatus.PLANNED)
    make_offer(tenant, "0-1", "health", areas=[north], review_state=ReviewState.SUBMITTED)
    NeedFactory(municipality=m, centre=tenant.centre, area=north)  # 0-1, health, confirmed
    # 3-6 × education: a need, no offer → gap; an open need does not count
    NeedFactory(
        municipality=m, centre=tenant.centre, area=north, life_phase=term(m, "life_phase", "3-6")
    )
    NeedFactory(
        municipality=m,
        centre=tenant.centre,
        area=north,
        life_phase=term(m, "life_phase", "3-6"),
        topic=term(m, "topic", "education"),
        status=NeedStatus.OPEN,
    )
    NeedFactory(
        municipality=m,
        centre=tenant.centre,
        area=north,
        life_phase=term(m, "life_phase", "6-10"),
        topic=term(m, "topic", "education"),
    )
    # every phase × parenting: a need for all phases and two strong offers for all phases
    NeedFactory(
        municipality=m,
        centre=tenant.centre,
        area=north,
        life_phase=term(m, "life_phase", "all"),
        topic=term(m, "topic", "parenting"),
        status=NeedStatus.IN_PROGRESS,
    )
    for _ in range(2):
        make_offer(
            tenant, "all", "parenting", areas=[north], childcare=True, languages="de ar"
        )  # weight 1.0 each
    # 1-3 × participation: eight course offers with fee, no need → oversupplied (weight 4.0,
    # twice the median 2.0 of the filled cells)
    for _ in range(8):
        make_offer(
            tenant,
            "1-3",
            "participation",
            areas=[north],
            cost=Cost.FEE,
            admission=Admission.REGISTRATION,
            format=OfferFormat.COURSE,
        )
    matrix = matrix_for(tenant, GapScope(m, centre=tenant.centre))
    health = cell(matrix, "0-1", "health")
    assert (health.offers, health.weight, health.needs, health.state) == (1, 0.8, 1, State.THIN)
    gap = cell(matrix, "3-6", "health")
    assert (gap.offers, gap.needs, gap.state) == (0, 1, State.GAP)
    assert cell(matrix, "3-6", "education").state == State.EMPTY  # the open need is left out
    for phase in ("pregnancy", "0-1", "16-21"):
        parenting = cell(matrix, phase, "parenting")
        assert (parenting.offers, parenting.weight, parenting.needs) == (2, 2.0, 1)
        assert parenting.state == State.COVERED
    over = cell(matrix, "1-3", "participation")
    assert (over.offers, over.weight, over.state) == (8, 4.0, State.OVERSUPPLIED)
    assert "all" not in [row.key for row in matrix.rows]
    # the other area does not see the Nord offers; the city sees all
    south_matrix = matrix_for(tenant, GapScope(m, area=south))
    assert cell(south_matrix, "0-1", "health").offers == 1
    city = matrix_for(tenant, GapScope(m))
    assert cell(city, "0-1", "health").offers == 2
    assert cell(city, "6-10", "education").state == State.GAP


def test_reachable_by_location_and_own_centre(tenant, chain):
    m, north = tenant.municipality, chain["north"]
    # at a facility of a centre serving Nord, though meant for another area (Ost)
    east = AreaFactory(municipality=m, name="Ost")
    facility = FacilityFactory(municipality=m, centre=tenant.centre, provider=tenant.provider)
    make_offer(tenant, "0-1", "health", centre=chain["other"], location=facility, areas=[east])
    make_offer(tenant, "0-1", "health")  # the centre's own, no areas served: its Sozialraum
    matrix = matrix_for(tenant, GapScope(m, area=north))
    assert cell(matrix, "0-1", "health").offers == 2
    assert cell(matrix_for(tenant, GapScope(m, area=chain["south"])), "0-1", "health").offers == 0
    assert cell(matrix_for(tenant, GapScope(m, area=east)), "0-1", "health").offers == 1


def test_language_fit_halves_other_offers_and_target_groups_switch(tenant, chain):
    m = tenant.municipality
    plain = make_offer(tenant, "0-1", "health", areas=[chain["north"]])
    plain.terms.add(term(m, "target_group", "refugees"))
    arabic = make_offer(tenant, "0-1", "health", areas=[chain["north"]], languages="de ar")
    arabic.terms.add(term(m, "target_group", "refugees"))
    scope_ = GapScope(m, centre=tenant.centre)
    weights = cell(matrix_for(tenant, scope_), "0-1", "health").weight
    assert weights == 1.7
    fitted = cell(matrix_for(tenant, scope_, language="ar"), "0-1", "health").weight
    assert fitted == 1.3
    by_group = matrix_for(tenant, scope_, column_vocabulary="target_group")
    assert cell(by_group, "0-1", "refugees").offers == 2
    transitions = matrix_for(tenant, scope_, row_vocabulary="transition")
    assert not transitions.needs_overlaid


def test_query_count_does_not_grow_with_data(tenant, chain):
    m = tenant.municipality
    make_offer(tenant, "0-1", "health", areas=[chain["north"]])
    NeedFactory(municipality=m, centre=tenant.centre, area=chain["north"])
    scope_ = GapScope(m, centre=tenant.centre)
    with CaptureQueriesContext(connection) as few:
        matrix_for(tenant, scope_)
    for index in range(25):
        offer = make_offer(tenant, "all" if index % 3 else "3-6", "poverty", areas=[chain["north"]])
        offer.terms.add(term(m, "topic", "health"), term(m, "life_phase", "1-3"))
        NeedFactory(municipality=m, centre=tenant.centre, area=chain["north"])
    with CaptureQueriesContext(connection) as many:
        matrix_for(tenant, scope_)
    assert len(many.captured_queries) == len(few.captured_queries) <= 7


def url(name, tenant, *args):
    return reverse(f"offers:{name}", args=[tenant.municipality.slug, *args])


def test_matrix_page_is_a_table_with_links(client, tenant, chain, django_assert_max_num_queries):
    m = tenant.municipality
    make_offer(tenant, "0-1", "health", areas=[chain["north"]])
    NeedFactory(municipality=m, centre=tenant.centre, area=chain["north"], title="Babytreff fehlt")
    client.force_login(tenant.users[Role.COORDINATOR])
    with django_assert_max_num_queries(30):
        response = client.get(url("gaps", tenant))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Sozialraum von {tenant.centre.name}" in body  # her own centre by default
    assert '<th scope="col" class="kern-table__header">Gesundheit und Bewegung</th>' in body
    assert '<th scope="row" class="kern-table__header">0–1 Jahre</th>' in body
    assert "<strong>dünn</strong>" in body and "A 1 · G 0.8 · B 1" in body.replace(",", ".")
    assert "So lesen Sie die Tabelle" in body
    health, phase = term(m, "topic", "health"), term(m, "life_phase", "0-1")
    cell_url = (
        url("gaps_cell", tenant) + f"?ort=z{tenant.centre.pk}&zeile={phase.pk}&spalte={health.pk}"
    )
    assert f"zeile={phase.pk}&amp;spalte={health.pk}" in body
    with django_assert_max_num_queries(30) as few:
        drill = client.get(cell_url).content.decode()
    assert "Babytreff fehlt" in drill and "Elterncafé" in drill
    for _ in range(10):  # more offers and needs in the cell: no more queries
        make_offer(tenant, "0-1", "health", areas=[chain["north"]])
        NeedFactory(municipality=m, centre=tenant.centre, area=chain["north"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(cell_url).status_code == 200
    with django_assert_max_num_queries(30):
        client.get(url("gaps", tenant))
    assert (
        client.get(
            url("gaps", tenant) + "?ort=stadt&zeilen=transition&spalten=target_group"
        ).status_code
        == 200
    )
    assert client.get(url("gaps", tenant) + "?ort=g999999").status_code == 200  # falls back
    assert client.get(url("gaps_cell", tenant) + "?zeile=x&spalte=1").status_code == 404
    assert (
        client.get(url("gaps_cell", tenant) + f"?zeile={health.pk}&spalte={phase.pk}").status_code
        == 404
    )


def test_exports(client, tenant, chain, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    make_offer(tenant, "0-1", "health", areas=[chain["north"]])
    client.force_login(tenant.users[Role.PLANNER])
    response = client.get(url("gaps_export", tenant, "xlsx") + "?ort=stadt")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Ort", "Zeile", "Schlüssel der Zeile", "Spalte")
    hit = [r for r in rows if r[2] == "0-1" and r[4] == "health"]
    assert hit and hit[0][5] == 1
    pdf = client.get(url("gaps_pdf", tenant) + "?ort=stadt")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_referrals_feed_the_matrix_of_their_place(tenant, chain):
    """Anonymous referrals (brokering) count per life phase × topic for the centres of the
    chosen place; the planner's city-wide view withholds counts below three."""
    from verbund.accounts.access import access_for
    from verbund.offers.tests.factories import ReferralFactory

    offer = make_offer(tenant, "0-1", "health", areas=[chain["north"]])
    for _n in range(3):
        ReferralFactory(offer=offer, centre=tenant.centre)
    ReferralFactory(offer=offer, centre=chain["other"])  # referred in Süd
    planner = access_for(tenant.users[Role.PLANNER], tenant.municipality)
    coordinator = access_for(tenant.users[Role.COORDINATOR], tenant.municipality)
    city = matrix_for(tenant, GapScope(municipality=tenant.municipality), access=planner)
    assert city.extra_labels == ["Vermittlungen"]
    assert cell(city, "0-1", "health").extra == [("V", 4)]
    north = GapScope(municipality=tenant.municipality, area=chain["north"])
    assert cell(matrix_for(tenant, north, access=planner), "0-1", "health").extra == [("V", 3)]
    south = GapScope(municipality=tenant.municipality, area=chain["south"])
    assert cell(matrix_for(tenant, south, access=planner), "0-1", "health").extra == [("V", 0)]
    own = matrix_for(tenant, north, access=coordinator)
    assert cell(own, "0-1", "health").extra == [("V", 3)]
    transitions = matrix_for(
        tenant, north, access=coordinator, row_vocabulary="transition", column_vocabulary="topic"
    )
    assert transitions.extra_labels == []  # referrals carry no transition


def test_the_place_is_searched_among_many_areas_and_links_keep_it(client, tenant, chain):
    """Issue 17: a municipality with hundreds of areas gets text fields, not one select of
    every centre and area; ``ort=g<id>`` links (cells, exports) still open the same place."""
    from verbund.areas.tests.factories import AreaFactory
    from verbund.core.search_choice import SELECT_LIMIT

    m = tenant.municipality
    for i in range(SELECT_LIMIT + 5):
        AreaFactory(municipality=m, name=f"Statistischer Bezirk {i:03d}")
    make_offer(tenant, "0-1", "health", areas=[chain["north"]])
    client.force_login(tenant.users[Role.PLANNER])
    body = client.get(url("gaps", tenant)).content.decode()
    assert "Statistischer Bezirk 051" not in body
    north = chain["north"]
    by_name = client.get(url("gaps", tenant) + f"?ort=gebiet&gebiet={north.name}")
    assert f"Gebiet {north.name}" in by_name.content.decode()
    assert f"ort=g{north.pk}" in by_name.content.decode()  # cell and export links
    by_link = client.get(url("gaps", tenant) + f"?ort=g{north.pk}").content.decode()
    assert f"Gebiet {north.name}" in by_link
    assert f'value="{north.pk}"' in by_link or north.name in by_link  # shown in the form
    missing = client.get(url("gaps", tenant) + "?ort=gebiet").content.decode()
    assert "Bitte ein Gebiet wählen." in missing and "ganze Kommune" in missing


def test_a_foreign_place_is_never_used(client, tenant, chain, foreign):
    from verbund.areas.tests.factories import AreaFactory

    area = AreaFactory(municipality=foreign.municipality, name="Fremdes Gebiet")
    client.force_login(tenant.users[Role.COORDINATOR])
    for query in (
        f"?ort=g{area.pk}",
        f"?ort=gebiet&gebiet={area.pk}",
        "?ort=gebiet&gebiet=Fremdes",
        f"?ort=z{foreign.centre.pk}",
        f"?ort=zentrum&zentrum={foreign.centre.pk}",
    ):
        response = client.get(url("gaps", tenant) + query)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Fremdes Gebiet" not in body.split("<h2", 1)[1].split("</h2>")[0]
        assert foreign.centre.name not in body.split("<h2", 1)[1].split("</h2>")[0]


def test_a_cells_figures_read_as_the_template_showed_them():
    """``Cell.figures`` is what ``A {{ offers }} · G {{ weight }} · B {{ needs }}`` and the
    extra figures gave: the weight with the language's decimal mark, labels escaped."""
    from django.template import Context, Template
    from django.utils import translation

    from verbund.offers.gaps.matrix import Cell

    template = Template(
        "A {{ c.offers }} · G {{ c.weight }} · B {{ c.needs }}"
        "{% for short, figure in c.extra %} · {{ short }} {{ figure }}{% endfor %}"
    )
    cells = [
        Cell(row=None, column=None, offers=3, weight=1.5, needs=0),
        Cell(row=None, column=None, offers=0, weight=0.0, needs=12, extra=[("V", 2)]),
        Cell(row=None, column=None, offers=1200, weight=1234.5, needs=1, extra=[("<&>", 0)]),
    ]
    for language in ("de", "en"):
        with translation.override(language):
            for cell in cells:
                assert cell.figures == template.render(Context({"c": cell}))
