"""Archive uploads are checked by content: type from the bytes, size, ZIP bombs, active
content; every refusal is a German message naming what was found."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from verbund.documents import uploads
from verbund.documents.uploads import check_file, download_name

from .factories import docx_bytes, odt_bytes, text_pdf


def refused(data: bytes, name: str = "datei.pdf") -> str:
    with pytest.raises(ValidationError) as info:
        check_file(SimpleUploadedFile(name, data))
    return " ".join(info.value.messages)


def js_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")}
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_accepts_real_pdf_docx_odt_text():
    assert check_file(SimpleUploadedFile("a.bin", text_pdf("Hallo"))).content_type == uploads.PDF
    assert check_file(SimpleUploadedFile("a.pdf", docx_bytes(["Hallo"]))).content_type == (
        uploads.DOCX
    )
    assert check_file(SimpleUploadedFile("a", odt_bytes(["Hallo"]))).content_type == uploads.ODT
    checked = check_file(SimpleUploadedFile("a.exe", "Grüße aus dem Büro".encode()))
    assert checked.content_type == uploads.TEXT


def test_pdf_with_javascript_is_refused():
    message = refused(js_pdf())
    assert "aktive Inhalte" in message
    assert "JavaScript" in message


def test_macro_docx_is_refused():
    data = docx_bytes(["Makro"], extra={"word/vbaProject.bin": b"\x00" * 100})
    message = refused(data, "brief.docx")
    assert "Makros" in message


def test_docx_with_ole_object_is_refused():
    data = docx_bytes(["OLE"], extra={"word/embeddings/oleObject1.bin": b"\x00" * 100})
    assert "OLE" in refused(data, "brief.docx")


def test_docx_zip_bomb_is_refused():
    data = docx_bytes(["Bombe"], extra={"word/media/fill.xml": b"0" * (30 * 1024 * 1024)})
    message = refused(data, "bombe.docx")
    assert "ZIP-Bombe" in message


def test_too_many_entries_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(uploads.MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"x/{index}", b"")
    assert "zu viele Teile" in refused(buffer.getvalue(), "viele.docx")


def test_wrong_type_is_refused():
    assert "kein erlaubtes Format" in refused(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4)
    assert "ZIP-Archiv" in refused(_plain_zip(), "bericht.pdf")
    assert "altes Office" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    return buffer.getvalue()


def test_empty_and_too_big(settings):
    assert "leer" in refused(b"")
    settings.DOCUMENTS_MAX_BYTES = 100
    assert "zu groß" in refused(b"a" * 200, "text.txt")


def test_truncated_pdf_is_refused():
    assert "unvollständig" in refused(text_pdf("Hallo")[:-200])


def test_download_name_is_safe_and_typed():
    assert download_name('../../etc/"pass"wd.html', uploads.PDF) == "passwd.pdf"
    assert download_name("", uploads.DOCX) == "dokument.docx"
