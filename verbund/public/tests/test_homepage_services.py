"""Services of the homepage part: sanitising, consent, publishing, downloads, audit."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from verbund.core.models import AuditEntry
from verbund.public.homepage import services
from verbund.public.homepage.origins import parse_origins
from verbund.public.homepage.sanitise import clean_html
from verbund.public.homepage.selectors import embed_origins
from verbund.public.models import CentrePage, MunicipalitySite, PageDownload

from .homepage_helpers import PAGE_DATA, make_page, tiny_pdf

pytestmark = pytest.mark.django_db


def test_sanitiser_removes_scripts_handlers_and_javascript_links():
    dirty = (
        '<p onclick="alert(1)">Hallo<script>alert(2)</script></p>'
        '<a href="javascript:alert(3)">x</a><img src=x onerror=alert(4)>'
        '<h2 style="color:red">Titel</h2><a href="https://example.org">gut</a>'
    )
    clean = clean_html(dirty)
    for bad in ("<script", "onclick", "javascript:", "onerror", "<img", "style="):
        assert bad not in clean
    assert "<h2>Titel</h2>" in clean
    assert 'href="https://example.org"' in clean


def test_save_sanitises_and_sets_consent_dates(tenant):
    page = make_page(
        tenant.centre,
        published=False,
        introduction='<p onclick="x()">Hallo</p><script>alert(1)</script>',
    )
    with scopes_disabled():
        page.refresh_from_db()
    assert page.introduction == "<p>Hallo</p>"
    assert page.contact_name_consent is not None
    assert page.contact_phone_consent is None
    assert page.public_contact() == {
        "name": "Anna Berg",
        "role": "Koordinatorin",
        "email": "anna.berg@example.org",
    }
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="public.centre_page.created").count() == 1


def test_withdrawn_consent_hides_field_and_clears_date(tenant):
    page = make_page(tenant.centre)
    with scope(municipality=tenant.municipality.pk):
        services.centre_page_save(
            actor=None, centre=tenant.centre, data={**PAGE_DATA, "contact_email_public": False}
        )
        page.refresh_from_db()
    assert page.contact_email_consent is None
    assert "email" not in page.public_contact()
    with scopes_disabled():
        entry = AuditEntry.objects.filter(action="public.centre_page.changed").get()
    assert entry.after["contact_email_public"] is False


def test_consent_without_date_is_not_shown(tenant):
    page = make_page(tenant.centre)
    page.contact_phone_public = True  # flag without a recorded consent (e.g. a direct write)
    assert "phone" not in page.public_contact()


def test_publish_needs_an_introduction_and_is_audited(tenant):
    page = make_page(tenant.centre, published=False, introduction="<script>x</script>")
    with scope(municipality=tenant.municipality.pk):
        with pytest.raises(ValidationError, match="Vorstellung"):
            services.centre_page_publish(actor=None, page=page)
        page = make_page(tenant.centre, published=True)
        services.centre_page_unpublish(actor=None, page=page)
    with scopes_disabled():
        actions = list(AuditEntry.objects.values_list("action", flat=True))
        assert not CentrePage.objects.get(pk=page.pk).published
    assert "public.centre_page.published" in actions
    assert "public.centre_page.unpublished" in actions


def test_download_checks_type_and_size(tenant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = make_page(tenant.centre)
    with scope(municipality=tenant.municipality.pk):
        with pytest.raises(ValidationError, match="PDF-Dateien und Bilder"):
            services.page_download_add(
                actor=None,
                page=page,
                title="Böse",
                language="de",
                upload=SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf"),
            )
        with pytest.raises(ValidationError, match="leer"):
            services.page_download_add(
                actor=None, page=page, title="Leer", language="de",
                upload=SimpleUploadedFile("a.pdf", b""),
            )  # fmt: skip
        big = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (services.MAX_DOWNLOAD_BYTES + 1))
        with pytest.raises(ValidationError, match="zu groß"):
            services.page_download_add(
                actor=None, page=page, title="Groß", language="de", upload=big
            )
        assert PageDownload.objects.count() == 0
        download = services.page_download_add(
            actor=None,
            page=page,
            title="Faltblatt",
            language="tr",
            upload=SimpleUploadedFile("x.exe", tiny_pdf()),
        )
        assert download.content_type == "application/pdf"
        assert download.file.name.endswith(".pdf")
        services.page_download_remove(actor=None, download=download)
        assert PageDownload.objects.count() == 0


def test_site_origins_validated_and_read_by_selector(tenant):
    origins, errors = parse_origins("https://www.lindenhagen.de/\nhttp://unsicher.de\n*.evil")
    assert origins[0] == "https://www.lindenhagen.de"
    assert len(errors) == 2 and "http://unsicher.de" in errors[0]
    with scope(municipality=tenant.municipality.pk):
        assert embed_origins(tenant.municipality) == []
        with pytest.raises(ValidationError):
            services.municipality_site_save(
                actor=None,
                municipality=tenant.municipality,
                data={"allowed_embed_origins": ["javascript:alert(1)"]},
            )
        assert MunicipalitySite.objects.count() == 0
        services.municipality_site_save(
            actor=None,
            municipality=tenant.municipality,
            data={
                "imprint": "Stadt",
                "allowed_embed_origins": ["https://www.lindenhagen.de"],
            },
        )
        assert embed_origins(tenant.municipality) == ["https://www.lindenhagen.de"]
