"""The network page bounded and readable: one centre's neighbourhood by default in a large
network, a paginated node table, a compact and compressed graph JSON, a key for the sector
colours and no jargon outside the help texts."""

import gzip
import json
import re

import pytest
from django.urls import reverse

from verbund.core.roles import Role
from verbund.network import graph_json, neighbourhood
from verbund.network.models import Sector
from verbund.network.views import graph as graph_views

from . import test_graph

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(tenant):
    return test_graph.network.__wrapped__(tenant)


def url(name, tenant, query=""):
    return reverse(f"network:{name}", args=[tenant.municipality.slug]) + query


def test_compact_json_matches_the_graph_and_is_compressed(client, tenant, network):
    client.force_login(tenant.users[Role.PLANNER])
    response = client.get(url("network_json", tenant))
    assert response["Vary"] and "Accept-Encoding" in response["Vary"]
    assert "Content-Encoding" not in response
    payload = json.loads(response.content)
    verbose = json.loads(client.get(url("network_json", tenant, "?download=1")).content)
    nodes = [e["data"] for e in verbose["elements"] if e["group"] == "nodes"]
    edges = [e["data"] for e in verbose["elements"] if e["group"] == "edges"]
    assert {n[0] for n in payload["n"]} == {n["id"] for n in nodes}
    assert len(payload["e"]) == len(edges)
    kinds = {n[0]: n[2] for n in payload["n"]}
    assert set(kinds.values()) == {"c", "o", "b"}
    ids = [n[0] for n in payload["n"]]
    pairs = {frozenset((ids[a], ids[b])) for a, b, _t in payload["e"]}
    assert pairs == {frozenset((e["source"], e["target"])) for e in edges}
    assert len(response.content) < len(json.dumps(verbose)) / 2

    zipped = client.get(url("network_json", tenant), HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == response.content


def test_large_network_opens_at_one_centre(client, tenant, network, monkeypatch):
    monkeypatch.setattr(neighbourhood, "NEIGHBOURHOOD_ABOVE", 1)
    client.force_login(tenant.users[Role.PLANNER])
    page = client.get(url("network", tenant)).content.decode()
    # The planner has no centre of their own: the first by name (the tenant's "Familien…").
    first = sorted([network["a"].name, network["b"].name])[0]
    assert f"Gezeigt wird das Umfeld von „{first}“" in page
    assert "Alle Familienzentren zeigen" in page
    everything = client.get(url("network", tenant, "?zentrum=alle")).content.decode()
    assert "Gezeigt wird das Umfeld" not in everything
    assert "Bibliothek" in everything
    other = network["b"] if first == network["a"].name else network["a"]
    chosen = client.get(url("network", tenant, f"?zentrum={other.pk}")).content.decode()
    assert f"Gezeigt wird das Umfeld von „{other.name}“" in chosen
    # The map's JSON follows the page's choice.
    payload = json.loads(client.get(url("network_json", tenant, f"?zentrum={other.pk}")).content)
    centres = [n for n in payload["n"] if n[2] == "c"]
    assert [c[0] for c in centres] == [f"c{other.pk}"]


def test_a_coordinator_cannot_pick_another_centre(client, tenant, network):
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(url("network", tenant, f"?zentrum={network['b'].pk}")).content.decode()
    assert "Zentrum B" not in page
    payload = json.loads(
        client.get(url("network_json", tenant, f"?zentrum={network['b'].pk}")).content
    )
    assert f"c{network['b'].pk}" not in {n[0] for n in payload["n"]}


def test_node_table_paginates(client, tenant, network, monkeypatch):
    monkeypatch.setattr(graph_views, "NODE_PAGE_SIZE", 3)
    client.force_login(tenant.users[Role.PLANNER])
    first = client.get(url("network", tenant)).content.decode()
    table = first[first.index('id="network-table"') :]
    assert len(re.findall(r'<th scope="row"', table.split("</table>")[0])) == 3
    assert "Seite 1 von" in first and "seite=2" in first
    second = client.get(url("network", tenant, "?seite=2")).content.decode()
    rows_1 = re.findall(r'<th scope="row" class="kern-table__header">([^<]+)<', table)
    table_2 = second[second.index('id="network-table"') :]
    rows_2 = re.findall(r'<th scope="row" class="kern-table__header">([^<]+)<', table_2)
    assert rows_1[:3] != rows_2[:3]


def test_sector_key_and_plain_words(client, tenant, network):
    client.force_login(tenant.users[Role.PLANNER])
    page = client.get(url("network", tenant)).content.decode()
    key = page[page.index('id="network-key"') :].split("</ul>")[0]
    for value, label in Sector.choices:
        assert f'data-sector="{value}"' in key and str(label) in key
        assert graph_json.SECTOR_COLOURS[value] in key
    assert len(set(graph_json.SECTOR_COLOURS.values())) == len(Sector.choices)
    assert "verbindet Partner, die sonst nichts voneinander wissen" in page
    without_help = re.sub(r"<details.*?</details>", "", page, flags=re.S)
    for jargon in ("Betweenness", "Broker", "Vermittler", "GraphML"):
        assert jargon not in without_help, jargon
    assert "GraphML" in page  # explained in the help text


def test_the_centre_options_are_what_the_template_loop_gave():
    from django.template import Context, Template

    from verbund.network.neighbourhood import Scope

    loop = Template(
        '{% for pk, name in scope.centres %}<option value="{{ pk }}"{% if pk == scope.chosen %}'
        " selected{% endif %}>{{ name }}</option>{% endfor %}"
    )
    centres = ((3, 'Zentrum <Nord> & "Süd"'), (12, "Ölberg"), (40, "A'B"))
    for chosen in (None, 3, 12, 99):
        scope = Scope(None, centres, chosen, False)
        assert scope.centre_options == loop.render(Context({"scope": scope}))
    assert Scope(None, (), None, False).centre_options == ""


def test_the_centre_is_named_by_id_number_or_part_of_its_name():
    centres = ((3, "Familienzentrum Nord"), (12, "Familienzentrum Süd"), (40, "Kinderhaus"))
    assert neighbourhood.named("", centres) == (None, "")
    assert neighbourhood.named("12", centres) == (12, "")
    assert neighbourhood.named("99", centres) == (None, "")  # a forged id: ignored, as before
    assert neighbourhood.named("9" * 40, centres) == (None, "")
    assert neighbourhood.named("Familienzentrum Süd (Nr. 12)", centres) == (12, "")
    assert neighbourhood.named("kinder", centres) == (40, "")
    assert neighbourhood.named("familienzentrum nord", centres) == (3, "")
    pk, error = neighbourhood.named("Familienzentrum (Nr. 99)", centres)
    assert pk is None and "keine Auswahl, die Sie hier treffen können" in error
    pk, error = neighbourhood.named("Zentrum", centres)
    assert pk is None and "passt zu mehreren Einträgen" in error
    assert "Familienzentrum Nord (Nr. 3); Familienzentrum Süd (Nr. 12)" in error
    pk, error = neighbourhood.named("Bibliothek", centres)
    assert pk is None and "Kein Eintrag passt zu „Bibliothek“." in error
    many = tuple((pk, f"Zentrum {pk:02d}") for pk in range(1, 12))
    assert neighbourhood.named("Zentrum", many)[1].endswith(
        "…. Bitte geben Sie einen davon genau so ein (mit Nummer)."
    )


def test_with_many_centres_the_centre_is_a_search_field(client, tenant, network, monkeypatch):
    """Beyond ``SELECT_LIMIT`` centres no select of every centre: a text field, matched on
    the server without JavaScript, that keeps the URL's ``?zentrum=<id>``/``alle``."""
    monkeypatch.setattr(neighbourhood, "NEIGHBOURHOOD_ABOVE", 1)
    monkeypatch.setattr(neighbourhood, "SELECT_LIMIT", 1)
    client.force_login(tenant.users[Role.PLANNER])
    a, b = network["a"], network["b"]
    first, other = sorted([a, b], key=lambda c: c.name)

    def page(query=""):
        return client.get(url("network", tenant, query)).content.decode()

    opened = page()
    assert '<select class="kern-form-input__select" id="network-centre"' not in opened
    assert f'name="zentrum" value="{first.name} (Nr. {first.pk})"' in opened
    assert "centre_choices" not in opened and "/familienzentren/auswahl.json" in opened

    typed = page("?zentrum=" + other.name[-3:].lower())
    assert f"Gezeigt wird das Umfeld von „{other.name}“" in typed
    assert f'value="{other.name} (Nr. {other.pk})"' in typed
    assert 'role="alert"' not in typed

    everything = page("?zentrum=alle+Familienzentren")
    assert "Gezeigt wird das Umfeld" not in everything and "Bibliothek" in everything
    assert 'value="alle Familienzentren"' in everything

    wrong = page("?zentrum=Sternwarte")
    assert "Kein Eintrag passt zu „Sternwarte“." in wrong
    assert 'value="Sternwarte"' in wrong and 'aria-invalid="true"' in wrong
    assert f"Gezeigt wird das Umfeld von „{first.name}“" in wrong  # where it would open


def test_a_coordinator_cannot_name_another_centre_in_the_search_field(
    client, tenant, network, foreign, monkeypatch
):
    monkeypatch.setattr(neighbourhood, "SELECT_LIMIT", 0)
    client.force_login(tenant.users[Role.COORDINATOR])
    for typed in ("Zentrum B", f"Zentrum B (Nr. {network['b'].pk})", foreign.centre.name):
        response = client.get(url("network", tenant, "?zentrum=" + typed))
        assert response.status_code == 200
        assert f"c{network['b'].pk}" not in response.content.decode()
        assert "Brücke e. V." in response.content.decode()  # still their own centre's network


def _filter_section(client, tenant, query=""):
    body = client.get(url("network", tenant, query)).content.decode()
    start = body.index('aria-label="Netzwerk filtern"')
    return body[start : body.index("</form>", start)]


def test_the_kept_filter_fields_follow_the_values_the_viewer_and_the_areas(
    client, tenant, network, unscoped
):
    from django.core.cache import cache

    from verbund.areas.tests.factories import AreaFactory

    area = AreaFactory(municipality=tenant.municipality, name="Nordviertel")
    queries = ["", "?sector=health", f"?area={area.pk}&status=active", "?area=Nirgendwo"]
    seen = {}
    for role in (Role.PLANNER, Role.COORDINATOR):
        client.force_login(tenant.users[role])
        for query in queries:
            kept = _filter_section(client, tenant, query)
            cache.clear()
            assert kept == _filter_section(client, tenant, query)  # as rendered anew
            seen[role, query] = kept
    assert "checked" in seen[Role.PLANNER, "?sector=health"]
    assert "checked" not in seen[Role.PLANNER, ""]
    assert "Nordviertel" in seen[Role.PLANNER, ""]
    client.force_login(tenant.users[Role.PLANNER])
    _filter_section(client, tenant)  # kept with the old name
    area.name = "Nordstadt"
    area.save()
    fields = _filter_section(client, tenant)
    assert "Nordstadt" in fields and "Nordviertel" not in fields
