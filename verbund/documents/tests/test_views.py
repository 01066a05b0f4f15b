"""The archive's pages: upload (good and bad files), list with search, detail, download,
roles and the confidential flag, query counts independent of the number of documents."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.documents.models import Document

from .factories import docx_bytes, make_document, text_pdf
from .test_uploads import js_pdf

pytestmark = pytest.mark.django_db


def url(tenant, name, *args):
    return reverse(f"documents:{name}", args=[tenant.municipality.slug, *args])


def test_upload_files_a_document_and_reads_its_text(
    client, tenant, django_capture_on_commit_callbacks
):
    client.force_login(tenant.users[Role.COORDINATOR])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(tenant, "create"),
            {
                "title": "Verwendungsnachweis 2025",
                "kind": "evidence",
                "centre": tenant.centre.pk,
                "tags": "Förderung, 2025, förderung",
                "file": SimpleUploadedFile("nachweis.docx", docx_bytes(["Sachbericht Elternkurs"])),
            },
        )
    assert response.status_code == 302
    with scopes_disabled():
        document = Document.objects.get(title="Verwendungsnachweis 2025")
        assert document.tags == "Förderung, 2025"
        assert document.delete_after is not None
        assert document.versions.get().extraction == "done"
    listing = client.get(url(tenant, "list"), {"q": "Elternkurs"})
    assert "Verwendungsnachweis 2025" in listing.content.decode()


def test_upload_refuses_javascript_pdf_with_german_message(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url(tenant, "create"),
        {
            "title": "Gefährlich",
            "kind": "other",
            "centre": tenant.centre.pk,
            "file": SimpleUploadedFile("harmlos.pdf", js_pdf()),
        },
    )
    assert response.status_code == 400
    assert "aktive Inhalte (JavaScript)" in response.content.decode()
    with scopes_disabled():
        assert not Document.objects.filter(title="Gefährlich").exists()


def test_staff_cannot_file_into_the_municipality_archive(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    response = client.post(
        url(tenant, "create"),
        {
            "title": "Kommune",
            "kind": "other",
            "centre": "",
            "file": SimpleUploadedFile("a.txt", b"Hallo Welt"),
        },
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not Document.objects.filter(title="Kommune").exists()


def test_download_is_an_attachment_with_safe_name(client, tenant):
    document = make_document(
        municipality=tenant.municipality,
        centre=tenant.centre,
        data=text_pdf("Hallo"),
        name='<script>"x".html',
    )
    with scopes_disabled():
        version = document.versions.get()
    client.force_login(tenant.users[Role.STAFF])
    response = client.get(url(tenant, "download", document.pk, version.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="scriptx.pdf"' in response["Content-Disposition"]


def test_new_version_keeps_the_old_one(client, tenant):
    document = make_document(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.CENTRE_LEAD])
    response = client.post(
        url(tenant, "version_create", document.pk),
        {"file": SimpleUploadedFile("neu.txt", b"Neue Fassung"), "note": "korrigiert"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    page = client.get(url(tenant, "detail", document.pk)).content.decode()
    assert "korrigiert" in page


def test_confidential_only_for_leads(client, tenant):
    secret = make_document(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Budgetgespräch",
        confidential=True,
    )
    client.force_login(tenant.users[Role.STAFF])
    assert client.get(url(tenant, "detail", secret.pk)).status_code == 404
    assert "Budgetgespräch" not in client.get(url(tenant, "list")).content.decode()
    for role in (Role.COORDINATOR, Role.PROVIDER_ADMIN, Role.PLANNER, Role.ADMIN):
        client.force_login(tenant.users[role])
        assert client.get(url(tenant, "detail", secret.pk)).status_code == 200, role
        assert "Budgetgespräch" in client.get(url(tenant, "list")).content.decode(), role


def test_partner_and_municipality_archive(client, tenant):
    municipal = make_document(municipality=tenant.municipality, title="Kommunaler Bericht")
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(url(tenant, "list")).status_code == 403
    client.force_login(tenant.users[Role.COORDINATOR])
    assert client.get(url(tenant, "detail", municipal.pk)).status_code == 404
    client.force_login(tenant.users[Role.PLANNER])
    assert client.get(url(tenant, "detail", municipal.pk)).status_code == 200


def test_link_to_a_body(client, tenant):
    from verbund.network.tests.factories import BodyFactory

    document = make_document(municipality=tenant.municipality, centre=tenant.centre)
    body = BodyFactory(municipality=tenant.municipality, name="Runder Tisch Nord")
    client.force_login(tenant.users[Role.COORDINATOR])
    form = client.get(url(tenant, "link_create", document.pk), {"art": "network.body"})
    assert "Runder Tisch Nord" in form.content.decode()
    response = client.post(
        url(tenant, "link_create", document.pk), {"kind": "network.body", "target": body.pk}
    )
    assert response.status_code == 302
    assert "Runder Tisch Nord" in client.get(url(tenant, "detail", document.pk)).content.decode()


def test_list_query_count_does_not_grow(client, tenant, django_assert_max_num_queries):
    for index in range(3):
        make_document(municipality=tenant.municipality, centre=tenant.centre, title=f"A {index}")
    client.force_login(tenant.users[Role.COORDINATOR])
    client.get(url(tenant, "list"))
    with django_assert_max_num_queries(14) as small:
        client.get(url(tenant, "list"), {"q": "A"})
    for index in range(20):
        make_document(
            municipality=tenant.municipality,
            centre=tenant.centre,
            title=f"B {index}",
            extract=False,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url(tenant, "list"), {"q": "B"})


def test_detail_query_count(client, tenant, django_assert_max_num_queries):
    document = make_document(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.COORDINATOR])
    client.get(url(tenant, "detail", document.pk))
    with django_assert_max_num_queries(20) as small:
        client.get(url(tenant, "detail", document.pk))
    from django.core.files.uploadedfile import SimpleUploadedFile as Upload

    from verbund.documents.services import version_add

    with scopes_disabled():
        for index in range(5):
            version_add(actor=None, document=document, upload=Upload("v.txt", f"v{index}".encode()))
    with django_assert_max_num_queries(len(small.captured_queries) + 2):
        client.get(url(tenant, "detail", document.pk))
