"""Internal pages of the homepage part: edit with preview, publish, downloads, legal pages;
permissions by centre and municipality."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.public.models import CentrePage, MunicipalitySite, PageDownload
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .homepage_helpers import (
    PAGE_DATA,
    make_page,
    tiny_pdf,
)

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"public:{name}", args=[tenant.municipality.slug, *args])


def form_data(**changes):
    data = {**PAGE_DATA, **changes}
    for name in list(data):
        if data[name] is False:
            del data[name]
    return data


def test_coordinator_previews_saves_and_publishes(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    edit = url("homepage_edit", tenant, tenant.centre.pk)
    assert client.get(edit).status_code == 200
    preview = client.post(edit, {**form_data(introduction="<p>Entwurf<script>x</script></p>"),
                                 "vorschau": "1"})  # fmt: skip
    body = preview.content.decode()
    assert preview.status_code == 200 and "Vorschau" in body and "Entwurf" in body
    assert "<script>x" not in body
    with scopes_disabled():
        assert not CentrePage.objects.exists()  # a preview stores nothing
    assert client.post(edit, form_data()).status_code == 302
    assert client.get(url("homepage_preview", tenant, tenant.centre.pk)).status_code == 200
    publish = url("homepage_publish", tenant, tenant.centre.pk)
    assert client.get(publish).status_code == 200
    assert client.post(publish).status_code == 302
    with scopes_disabled():
        assert CentrePage.objects.get().published
    public = reverse("public:homepage", args=[tenant.municipality.slug, tenant.centre.slug])
    assert client.get(public).status_code == 200
    client.post(url("homepage_unpublish", tenant, tenant.centre.pk))
    assert client.get(public).status_code == 404
    with scopes_disabled():
        actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"public.centre_page.created", "public.centre_page.published"} <= actions


def test_consent_flag_without_value_is_a_german_error(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("homepage_edit", tenant, tenant.centre.pk), form_data(contact_phone="",
                                                                   contact_phone_public=True)
    )  # fmt: skip
    assert response.status_code == 400
    assert "veröffentlichen" in response.content.decode()
    with scopes_disabled():
        assert not CentrePage.objects.exists()


def test_forged_language_is_refused(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("homepage_edit", tenant, tenant.centre.pk), form_data(languages=["xx"])
    )
    assert response.status_code == 400


def test_coordinator_of_another_centre_gets_403(client, tenant):
    other = FamilyCentreFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    for name in ("homepage_edit", "homepage_preview", "homepage_downloads", "homepage_publish"):
        assert client.get(url(name, tenant, other.pk)).status_code == 403
    assert client.post(url("homepage_edit", tenant, other.pk), form_data()).status_code == 403
    with scopes_disabled():
        assert not CentrePage.objects.exists()


def test_foreign_municipality_and_unknown_centre_get_404(client, tenant, foreign):
    client.force_login(foreign.users[Role.ADMIN])
    assert client.get(url("homepage_edit", tenant, tenant.centre.pk)).status_code == 404
    client.force_login(tenant.users[Role.ADMIN])
    assert client.get(url("homepage_edit", tenant, foreign.centre.pk)).status_code == 404
    assert client.get(url("homepage_edit", tenant, 99999999)).status_code == 404


def test_downloads_upload_wrong_type_and_remove(client, tenant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_page(tenant.centre)
    client.force_login(tenant.users[Role.COORDINATOR])
    downloads = url("homepage_downloads", tenant, tenant.centre.pk)
    bad = client.post(
        downloads,
        {"title": "Virus", "language": "de", "file": SimpleUploadedFile("a.pdf", b"MZ....")},
    )
    assert bad.status_code == 400 and "PDF-Dateien und Bilder" in bad.content.decode()
    good = client.post(
        downloads,
        {"title": "Faltblatt", "language": "ar",
         "file": SimpleUploadedFile("a.pdf", tiny_pdf())},
    )  # fmt: skip
    assert good.status_code == 302
    with scopes_disabled():
        download = PageDownload.objects.get()
    remove = url("homepage_download_remove", tenant, tenant.centre.pk, download.pk)
    assert client.get(remove).status_code == 200
    assert client.post(remove).status_code == 302
    with scopes_disabled():
        assert not PageDownload.objects.exists()


def test_admin_edits_legal_pages_and_origins(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    assert client.get(url("site_edit", tenant)).status_code == 403
    client.force_login(tenant.users[Role.ADMIN])
    assert client.get(url("site_edit", tenant)).status_code == 200
    data = {
        "imprint": "Stadt Beispiel",
        "privacy": "",
        "accessibility": "",
        "feedback_email": "a@example.org",
        "allowed_embed_origins": "https://www.beispiel.de\nftp://nein",
    }
    response = client.post(url("site_edit", tenant), data)
    assert response.status_code == 400 and "ftp://nein" in response.content.decode()
    with scopes_disabled():
        assert not MunicipalitySite.objects.exists()
    data["allowed_embed_origins"] = "https://www.beispiel.de/\nhttps://stadt.beispiel.de"
    assert client.post(url("site_edit", tenant), data).status_code == 302
    with scopes_disabled():
        site = MunicipalitySite.objects.get()
    assert site.allowed_embed_origins == ["https://www.beispiel.de", "https://stadt.beispiel.de"]
    assert "https://stadt.beispiel.de" in client.get(url("site_edit", tenant)).content.decode()


def test_centre_page_links_to_homepage_editing(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    body = client.get(
        reverse("dashboard:centre_page", args=[tenant.municipality.slug, tenant.centre.pk])
    ).content.decode()
    assert "Homepage bearbeiten" in body
    assert url("homepage_edit", tenant, tenant.centre.pk) in body
