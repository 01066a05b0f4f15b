import contextlib
import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django_scopes import scope, scopes_disabled
from hypothesis import given, settings
from hypothesis import strategies as st

from verbund.cooperation import services
from verbund.cooperation.models import Attachment, AttachmentKind
from verbund.cooperation.uploads import check_upload

from .factories import JPEG_SMALL, PDF_MINIMAL, PNG_1PX
from .helpers import make_agreement

pytestmark = pytest.mark.django_db


def png_with_size(width: int, height: int) -> bytes:
    """A PNG whose header claims huge dimensions, with a tiny compressed body (a bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", b"0" * 5_000_000)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("scan.pdf", PDF_MINIMAL, "application/pdf"),
        ("foto.JPG", JPEG_SMALL, "image/jpeg"),
        ("seite.png", PNG_1PX, "image/png"),
        # The name does not matter, only the content does.
        ("scan.pdf", PNG_1PX, "image/png"),
    ],
)
def test_allowed_types_are_detected_by_content(name, data, expected):
    assert check_upload(upload(name, data)).content_type == expected


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.pdf", zip_bomb(), "ZIP-Archiv"),
        ("scan.png", zip_bomb(), "ZIP-Archiv"),
        ("scan.pdf", b"MZ\x90\x00" + b"\0" * 100, "weder PDF noch JPEG noch PNG"),
        ("scan.pdf", b"<html><script>alert(1)</script>", "weder PDF noch JPEG noch PNG"),
        ("leer.pdf", b"", "leer"),
        ("bombe.png", png_with_size(50_000, 50_000), "zu groß"),
        ("bombe.png", png_with_size(20_000, 20_000), "zu groß"),
        ("kaputt.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "beschädigt"),
        (
            "scan.pdf",
            b"%PDF-1.7\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>\n%%EOF",
            "Skripte",
        ),
        ("scan.pdf", b"%PDF-1.7\n" + b"x" * 2000, "unvollständig"),
    ],
)
def test_bad_files_get_a_german_reason(name, data, message):
    with pytest.raises(ValidationError) as info:
        check_upload(upload(name, data))
    assert message in " ".join(info.value.messages)


@override_settings(COOPERATION_ATTACHMENT_MAX_BYTES=1000)
def test_size_limit():
    with pytest.raises(ValidationError) as info:
        check_upload(upload("scan.pdf", PDF_MINIMAL + b"%" * 2000 + b"\n%%EOF"))
    assert "erlaubt sind höchstens 1000\xa0Bytes" in info.value.messages[0]


def test_refused_upload_stores_nothing(tenant):
    agreement = make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    before = (
        set(default_storage.listdir("cooperation")[1])
        if default_storage.exists("cooperation")
        else set()
    )
    with scope(municipality=tenant.municipality.pk), pytest.raises(ValidationError):
        services.attachment_upload(
            actor=None,
            agreement=agreement,
            upload=upload("scan.pdf", zip_bomb()),
            kind=AttachmentKind.ANNEX,
        )
    after = (
        set(default_storage.listdir("cooperation")[1])
        if default_storage.exists("cooperation")
        else set()
    )
    assert after == before
    with scopes_disabled():
        assert not Attachment.objects.exists()


def test_accepted_upload_gets_a_random_name(tenant):
    agreement = make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    with scope(municipality=tenant.municipality.pk):
        attachment = services.attachment_upload(
            actor=None,
            agreement=agreement,
            upload=upload("../../etc/Unterschriften Müller.pdf", PDF_MINIMAL),
            kind=AttachmentKind.ANNEX,
        )
    assert attachment.file.name.startswith("cooperation/")
    assert "Müller" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert "/" not in attachment.original_name
    assert attachment.size == len(PDF_MINIMAL)
    assert default_storage.open(attachment.file.name).read() == PDF_MINIMAL


def test_signed_scan_needs_a_signed_version(tenant):
    agreement = make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    with scope(municipality=tenant.municipality.pk), pytest.raises(ValidationError) as info:
        services.attachment_upload(
            actor=None,
            agreement=agreement,
            upload=upload("scan.pdf", PDF_MINIMAL),
            kind=AttachmentKind.SIGNED_SCAN,
            version=agreement.versions.all()[0],
        )
    assert "noch nicht als unterzeichnet erfasst" in str(info.value)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_are_refused_cleanly_or_recognised(data):
    """Whatever arrives, the checker answers with a German ValidationError or a known type."""
    try:
        checked = check_upload(upload("x.pdf", data))
    except ValidationError as error:
        assert error.messages and all(message for message in error.messages)
    else:
        assert checked.content_type in {"application/pdf", "image/jpeg", "image/png"}
        assert data.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG"))


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=512))
def test_corrupted_images_are_refused(tail):
    for head in (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"):
        with contextlib.suppress(ValidationError):
            check_upload(upload("x.png", head + tail))
