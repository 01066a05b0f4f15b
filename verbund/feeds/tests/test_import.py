"""Feed import end to end: official examples, broken copies, term mapping, repeat imports,
removed records, release, the pages."""

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core import tasks
from verbund.core.roles import Role
from verbund.core.testing import shared_data
from verbund.feeds import services
from verbund.feeds.models import FeedRun, FeedSource, RunStatus, SourceKind, TermMapping
from verbund.offers.choices import OfferStatus, Visibility
from verbund.offers.models import Offer, OfferOrigin
from verbund.offers.search import public_offers

from .helpers import Server, free_port, official_package, package

pytestmark = pytest.mark.django_db
PORT = free_port()
EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"
EXAMPLE_TERM = "3f7b145d-84af-42d7-8fae-eaca714b02b2"


def _source(tenant, kind=SourceKind.PACKAGE, url=""):
    with scopes_disabled():
        return services.source_create(
            actor=tenant.users[Role.PLANNER],
            municipality=tenant.municipality,
            data={
                "name": "Nachbarstadt",
                "kind": kind,
                "url": url,
                "centre": tenant.centre,
                "default_format": "counselling",
            },
        )


def _run(tenant, source, content=None) -> FeedRun:
    upload = SimpleUploadedFile("paket.zip", content) if content is not None else None
    with scopes_disabled():
        run = services.run_start(actor=tenant.users[Role.PLANNER], source=source, upload=upload)
        tasks.execute(run.job_id)
        return FeedRun.objects.get(pk=run.pk)


def _map_all(tenant, run, term=None):
    with scopes_disabled():
        choices = dict.fromkeys(run.report["unmapped"], term.pk if term else None)
        services.mapping_save(actor=tenant.users[Role.PLANNER], run=run, choices=choices)
        return FeedRun.objects.get(pk=run.pk)


def _commit(tenant, run):
    with scopes_disabled():
        return services.run_commit(actor=tenant.users[Role.PLANNER], run=run)


def _a_term(tenant):
    from verbund.taxonomy.models import Term

    with scopes_disabled():
        return Term.objects.filter(municipality=tenant.municipality).first()


def test_official_examples_import_after_mapping_their_terms(tenant):
    folder = shared_data("hsds-3.0")
    source = _source(tenant)
    # as published, the example's attribute links to no service: it imports as it is
    assert _run(tenant, source, official_package(folder)).status == RunStatus.READY

    def link_term(tables):
        tables["attributes.csv"][1][0]["link_id"] = EXAMPLE_SERVICE

    run = _run(tenant, source, official_package(folder, change=link_term))
    assert run.status == RunStatus.INVALID  # their term is not mapped yet
    assert EXAMPLE_TERM in run.report["unmapped"]
    [record] = run.report["errors"]
    assert "attributes/0/taxonomy_term_id" in record["errors"][0][0]
    assert "Community Counselling" in record["label"]
    term = _a_term(tenant)
    run = _map_all(tenant, run, term)
    assert run.status == RunStatus.READY, run.report["errors"]
    counts = _commit(tenant, run)
    assert counts == {"created": 1, "updated": 0, "withdrawn": 0}
    with scopes_disabled():
        offer = Offer.objects.get(origin__external_id=EXAMPLE_SERVICE)
        assert offer.title == "Community Counselling"
        assert offer.visibility == Visibility.INTERNAL
        assert list(offer.terms.all()) == [term]
        assert offer.origin.source_key == source.source_key
        assert offer.origin.imported_at is not None
        # not public until released
        assert not public_offers(municipality=tenant.municipality).filter(pk=offer.pk).exists()
        # the mapping is kept for the next import
        assert TermMapping.objects.get(source=source, external_id=EXAMPLE_TERM).term == term
    # the second import is ready at once and updates the same offer
    run = _run(tenant, source, official_package(folder, change=link_term))
    assert run.status == RunStatus.READY
    assert _commit(tenant, run) == {"created": 0, "updated": 1, "withdrawn": 0}
    with scopes_disabled():
        assert OfferOrigin.objects.filter(source_key=source.source_key).count() == 1
        services.offers_release(
            actor=tenant.users[Role.PLANNER], source=source, offer_ids=[offer.pk], release=True
        )
        assert public_offers(municipality=tenant.municipality).filter(pk=offer.pk).exists()


def test_broken_copy_names_record_field_and_value_and_writes_nothing(tenant):
    folder = shared_data("hsds-3.0")

    def break_it(tables):
        row = tables["services.csv"][1][0]
        row["email"] = "keine-adresse"
        row["minimum_age"] = "zwölf"
        row["status"] = ""

    run = _run(tenant, _source(tenant), official_package(folder, change=break_it))
    assert run.status == RunStatus.INVALID
    messages = dict(run.report["errors"][0]["errors"])
    assert "keine-adresse" in messages["email"]
    assert "zwölf" in messages["minimum_age"]
    assert "status" in messages["(ganzer Eintrag)"]
    with scopes_disabled():
        with pytest.raises(Exception, match="nicht bereit"):
            services.run_commit(actor=tenant.users[Role.PLANNER], run=run)
        assert not Offer.objects.filter(origin__isnull=False).exists()


def U(key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, key))


def _svc(sid, name="Elterncafé", status="active"):
    return {"id": U(sid), "name": name, "status": status, "description": "Offener Treff"}


def test_duplicate_ids_and_removed_records(tenant):
    source = _source(tenant)
    run = _run(tenant, source, package([_svc("a"), _svc("a", "Zweites")]))
    assert run.status == RunStatus.INVALID
    assert all("kommt 2-mal vor" in r["errors"][0][1] for r in run.report["errors"])
    run = _run(tenant, source, package([_svc("a"), _svc("b", "Babytreff")]))
    assert _commit(tenant, run) == {"created": 2, "updated": 0, "withdrawn": 0}
    run = _run(tenant, source, package([_svc("a", "Elterncafé neu")]))
    assert _commit(tenant, run) == {"created": 0, "updated": 1, "withdrawn": 1}
    with scopes_disabled():
        assert Offer.objects.get(origin__external_id=U("a")).title == "Elterncafé neu"
        gone = Offer.objects.get(origin__external_id=U("b"))
        assert gone.status == OfferStatus.ENDED and gone.origin.withdrawn_at is not None


def test_malformed_and_missing_parts_fail_with_german_message(tenant):
    source = _source(tenant)
    run = _run(tenant, source, b"PK\x03\x04 kaputt")
    assert run.status == RunStatus.FAILED and "ZIP" in run.message
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("datapackage.json", "{nicht json")
    run = _run(tenant, source, buffer.getvalue())
    assert run.status == RunStatus.FAILED and "kein gültiges JSON" in run.message


def test_api_import_pages_through_services(tenant, settings):
    settings.FEEDS_ALLOW_LOOPBACK = True
    folder = shared_data("hsds-3.0")
    page = json.loads((folder / "examples" / "service_list.json").read_text())
    page.update(total_pages=1, last_page=True)
    terms = json.loads((folder / "examples" / "taxonomy_term_list.json").read_text())
    routes = {
        "/api/services": (200, {}, json.dumps(page).encode()),
        "/api/taxonomy_terms": (200, {}, json.dumps(terms).encode()),
    }
    source = _source(tenant, SourceKind.API, f"http://127.0.0.1:{PORT}/api")
    with Server(PORT, routes):
        run = _run(tenant, source)
    assert run.status in (RunStatus.READY, RunStatus.INVALID), run.message
    assert run.report["records"] == len(page["contents"])
    if run.report["unmapped"]:
        run = _map_all(tenant, run)  # ignore their terms
    assert run.status == RunStatus.READY, run.report["errors"]
    assert _commit(tenant, run)["created"] == len(page["contents"])


def test_api_malformed_json_and_loopback_refused(tenant, settings):
    settings.FEEDS_ALLOW_LOOPBACK = True
    source = _source(tenant, SourceKind.API, f"http://127.0.0.1:{PORT}/api")
    with Server(PORT, {"/api/services": (200, {}, b"{kaputt")}):
        run = _run(tenant, source)
    assert run.status == RunStatus.FAILED and "kein gültiges JSON" in run.message
    settings.FEEDS_ALLOW_LOOPBACK = False
    with Server(PORT, {}):
        run = _run(tenant, source)
    assert run.status == RunStatus.FAILED and "internes Netz" in run.message


def test_gap_cell_marks_neighbours_offer(tenant, client):
    source = _source(tenant)
    _commit(tenant, _run(tenant, source, package([_svc("a")])))
    with scopes_disabled():
        offer = Offer.objects.select_related("origin").get(origin__external_id=U("a"))
        assert offer.origin.source_label == "Nachbarstadt"


def test_pages_for_the_planner(tenant, client):
    client.force_login(tenant.users[Role.PLANNER])
    slug = tenant.municipality.slug
    assert client.get(reverse("feeds:sources", args=[slug])).status_code == 200
    response = client.post(
        reverse("feeds:source_new", args=[slug]),
        {
            "name": "Nachbarstadt",
            "kind": "package",
            "centre": tenant.centre.pk,
            "default_format": "counselling",
            "file": SimpleUploadedFile("p.zip", package([_svc("a")])),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        run = FeedRun.objects.get()
        tasks.execute(run.job_id)
    page = client.get(response.url)
    assert page.status_code == 200 and "Alle übernehmen" in page.content.decode()
    response = client.post(response.url, {"action": "commit"})
    assert response.status_code == 302
    detail = client.get(response.url)
    assert "Elterncafé" in detail.content.decode()
    with scopes_disabled():
        offer = Offer.objects.get(origin__external_id=U("a"))
    client.post(response.url, {"action": "release", "angebot": [offer.pk]})
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).visibility == Visibility.PUBLIC


def test_new_source_refuses_private_url(tenant, client):
    client.force_login(tenant.users[Role.PLANNER])
    response = client.post(
        reverse("feeds:source_new", args=[tenant.municipality.slug]),
        {
            "name": "X",
            "kind": "api",
            "url": "http://127.0.0.1:8163/api",
            "centre": tenant.centre.pk,
            "default_format": "counselling",
        },
    )
    assert response.status_code == 400 and "internes Netz" in response.content.decode()
    with scopes_disabled():
        assert not FeedSource.objects.exists()


def _with_services_csv(data: bytes, edit) -> bytes:
    import io
    import zipfile

    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for name in source.namelist():
            content = source.read(name).decode("utf-8")
            archive.writestr(name, edit(content) if name == "services.csv" else content)
    return target.getvalue()


@pytest.mark.parametrize(
    "edit",
    [
        # cut off inside the last row's description
        lambda text: text[: text.rindex("Offener Treff") + 4],
        # a total row at the end, named like a record
        lambda text: text + "Summe,2 Angebote,,,\r\n",
    ],
    ids=["cut-mid-row", "total-row"],
)
def test_a_cut_off_or_summed_services_table_is_refused_and_writes_nothing(tenant, edit):
    data = _with_services_csv(package([_svc("a"), _svc("b", "Babytreff")]), edit)
    run = _run(tenant, _source(tenant), data)
    assert run.status in (RunStatus.INVALID, RunStatus.FAILED), run.report
    with scopes_disabled():
        assert not Offer.objects.filter(origin__isnull=False).exists()
