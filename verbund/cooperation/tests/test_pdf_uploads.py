"""PDF uploads are parsed, not grepped (security issue item 5): crafted PDFs that hid JavaScript,
launch actions or embedded files from the byte search are refused, and a PDF/HTML polyglot
named ``Protokoll.html`` is stored and served as ``Protokoll.pdf``, as an attachment."""

from __future__ import annotations

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from verbund.cooperation import services, uploads
from verbund.cooperation.models import Attachment, AttachmentKind
from verbund.cooperation.uploads import check_upload, download_name, pdf_active_content
from verbund.core.roles import Role

from .factories import PAGE_OBJECTS, PDF_MINIMAL, build_pdf
from .helpers import make_agreement

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str = "scan.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def refused(data: bytes) -> str:
    with pytest.raises(ValidationError) as info:
        check_upload(upload(data))
    return " ".join(info.value.messages)


def written(change=None) -> bytes:
    """A one-page PDF written by pypdf, after ``change(writer)``."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if change:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def action(kind: str, **entries) -> DictionaryObject:
    result = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        result[NameObject("/" + key)] = value
    return result


def js_open_action(writer):
    writer.root_object[NameObject("/OpenAction")] = action(
        "/JavaScript", JS=TextStringObject("app.alert(1)")
    )


def js_document_level(writer):
    writer.add_open_action(JavaScript("this.print()"))


def launch_action(writer):
    writer.root_object[NameObject("/OpenAction")] = action(
        "/Launch", F=TextStringObject("C:\\\\Windows\\\\System32\\\\calc.exe")
    )


def embedded_file(writer):
    writer.add_attachment("rechnung.exe", b"MZ\x90\x00 not really")


def page_additional_action(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action("/JavaScript", JS=TextStringObject("app.alert(2)"))}
    )


def link_annotation_with_js(writer):
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/A"): action("/JavaScript", JS=TextStringObject("app.alert(3)")),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def xfa_form(writer):
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject(),
            NameObject("/XFA"): ArrayObject(
                [TextStringObject("template"), TextStringObject("<xdp/>")]
            ),
        }
    )


CRAFTED = {
    "javascript via /OpenAction": (js_open_action, "JavaScript"),
    "document-level javascript": (js_document_level, "JavaScript"),
    "launch action": (launch_action, "Launch"),
    "embedded file": (embedded_file, "eingebettete Dateien"),
    "javascript in a page's /AA": (page_additional_action, "JavaScript"),
    "javascript behind a link": (link_annotation_with_js, "JavaScript"),
    "XFA form": (xfa_form, "XFA"),
}


@pytest.mark.parametrize("case", CRAFTED)
def test_crafted_pdfs_are_refused_with_a_german_reason(case):
    change, expected = CRAFTED[case]
    data = written(change)
    message = refused(data)
    assert expected in message and "nicht angenommen" in message
    # The parser finds it on its own, not only the check on the raw bytes.
    assert any(expected in item for item in pdf_active_content(data))


def test_a_plain_pdf_written_by_pypdf_is_accepted():
    assert check_upload(upload(written())).content_type == "application/pdf"
    assert pdf_active_content(written()) == set()


# What the byte search looked for before; every case below slips past it.
OLD_MARKERS = (b"/JavaScript", b"/JS ", b"/JS(", b"/EmbeddedFile", b"/Launch")
HEX_ESCAPED = {
    # "/J#61vaScript" is "/JavaScript"; "/J#53" is "/JS".
    "hex-escaped names": b"<</S/J#61vaScript/J#53(app.alert(1))>>",
    "JS followed by a hex string": b"<</S/J#61vaScript/JS<6170702e616c657274283129>>>",
    "every letter escaped": b"<</#53/#4A#61#76#61#53#63#72#69#70#74/#4A#53<616c6572742831293b>>>",
    "hex-escaped launch": b"<</S/L#61unch/F(calc.exe)>>",
}


@pytest.mark.parametrize("case", HEX_ESCAPED)
def test_hex_escaped_names_are_seen(case):
    catalog = b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>"
    data = build_pdf([catalog, *PAGE_OBJECTS[1:], HEX_ESCAPED[case]])
    assert not any(marker in data for marker in OLD_MARKERS)
    assert "nicht angenommen" in refused(data)
    assert pdf_active_content(data)  # pypdf decodes the names itself


def pdf_with_object_stream(hidden: bytes) -> bytes:
    """Object 4 lives compressed in object stream 5, found through a cross-reference stream:
    nothing of it is visible in the file's bytes."""
    header = b"%PDF-1.5\n"
    objects = {
        1: b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
        2: PAGE_OBJECTS[1],
        3: PAGE_OBJECTS[2],
    }
    prefix = b"4 0 "
    packed = zlib.compress(prefix + hidden)
    objects[5] = (
        b"<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
        % (len(prefix), len(packed))
        + packed
        + b"\nendstream"
    )
    out = bytearray(header)
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[6] = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    for number in (1, 2, 3):
        rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    rows.append(b"\x02" + (5).to_bytes(4, "big") + b"\x00\x00")  # object 4: stream 5, index 0
    rows.append(b"\x01" + offsets[5].to_bytes(4, "big") + b"\x00\x00")
    rows.append(b"\x01" + offsets[6].to_bytes(4, "big") + b"\x00\x00")
    table = zlib.compress(b"".join(rows))
    out += (
        b"6 0 obj\n<</Type/XRef/Size 7/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length %d>>\n"
        b"stream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[6]
    )
    return bytes(out)


def test_javascript_in_a_compressed_object_stream_is_refused():
    data = pdf_with_object_stream(b"<</S/JavaScript/JS(app.alert(1))>>")
    assert b"JavaScript" not in data and b"/JS" not in data
    assert uploads._raw_names(data) == set()  # invisible to any byte search …
    assert pdf_active_content(data) == {"JavaScript"}  # … but not to the parser
    assert "JavaScript" in refused(data)


def test_a_harmless_object_stream_is_accepted():
    """Control: the crafted file is a valid PDF; only its content makes the difference."""
    data = pdf_with_object_stream(b"<</S/GoTo/D[3 0 R/Fit]>>")
    assert check_upload(upload(data)).content_type == "application/pdf"


def test_encrypted_pdf_is_refused():
    def encrypt(writer):
        writer.encrypt("geheim", algorithm="RC4-128")

    assert "verschlüsselt" in refused(written(encrypt))


def test_unreadable_pdf_is_refused_as_broken():
    message = refused(b"%PDF-1.7\n1 0 obj<</Type/Catalog>>\n" + b"\x00" * 300 + b"\n%%EOF")
    assert "beschädigt" in message


@pytest.mark.parametrize(
    ("original", "content_type", "expected"),
    [
        ("Protokoll.html", "application/pdf", "Protokoll.pdf"),
        ("Protokoll.HTML", "image/png", "Protokoll.png"),
        ("scan.pdf.exe", "application/pdf", "scan.pdf.pdf"),
        ("../../etc/Unterschriften Müller.pdf", "application/pdf", "Unterschriften Müller.pdf"),
        ('a"b<c>.svg', "image/jpeg", "abc.jpg"),
        (".htaccess", "application/pdf", "htaccess.pdf"),
        ("", "application/pdf", "datei.pdf"),
        ("...", "image/png", "datei.png"),
        ("foto\r\nSet-Cookie: x.jpg", "image/jpeg", "fotoSet-Cookie x.jpg"),
    ],
)
def test_the_name_always_ends_in_the_detected_type(original, content_type, expected):
    assert download_name(original, content_type) == expected


POLYGLOT = build_pdf(
    PAGE_OBJECTS,
    header=b"%PDF-1.4\n%<html><body><script>alert(document.cookie)</script></body></html>\n",
)


def test_pdf_html_polyglot_is_stored_and_served_as_pdf(client, tenant):
    agreement = make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    assert check_upload(upload(POLYGLOT)).content_type == "application/pdf"
    client.force_login(tenant.users[Role.COORDINATOR])
    slug = tenant.municipality.slug
    response = client.post(
        reverse("cooperation:attachment_upload", args=[slug, agreement.pk]),
        {"file": SimpleUploadedFile("Protokoll.html", POLYGLOT, "text/html"), "kind": "annex"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        attachment = Attachment.objects.get()
    assert attachment.original_name == "Protokoll.pdf"
    assert attachment.file.name.endswith(".pdf") and "Protokoll" not in attachment.file.name
    download = client.get(
        reverse("cooperation:attachment_download", args=[slug, agreement.pk, attachment.pk])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Protokoll.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == POLYGLOT


def test_names_stored_before_the_fix_are_served_with_the_detected_extension(client, tenant):
    agreement = make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    with scope(municipality=tenant.municipality.pk):
        attachment = services.attachment_upload(
            actor=None,
            agreement=agreement,
            upload=upload(PDF_MINIMAL),
            kind=AttachmentKind.ANNEX,
        )
    with scopes_disabled():
        Attachment.objects.filter(pk=attachment.pk).update(original_name="alt.html")
    client.force_login(tenant.users[Role.COORDINATOR])
    download = client.get(
        reverse(
            "cooperation:attachment_download",
            args=[tenant.municipality.slug, agreement.pk, attachment.pk],
        )
    )
    assert download["Content-Disposition"] == 'attachment; filename="alt.pdf"'


def test_too_many_objects_are_refused_before_parsing():
    many = build_pdf(PAGE_OBJECTS + [b"<<>>"] * uploads.MAX_PDF_OBJECTS)
    assert "zu vielen Objekten" in refused(many)
    # A cross-reference table that claims far more entries than the file has objects.
    entries = b"0000000009 00000 n \n" * 20_000
    lying = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\n0000000000 65535 f \n"
        b"1 20000\n" + entries + b"trailer<</Size 2/Root 1 0 R>>\nstartxref\n40\n%%EOF\n"
    )
    assert uploads.declared_objects(lying) > uploads.MAX_PDF_OBJECTS
    assert "zu vielen Objekten" in refused(lying)
    assert uploads.declared_objects(PDF_MINIMAL) == 4
