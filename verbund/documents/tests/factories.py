"""Documents are made through the service (content check, file, search text) and their
text read at once (the background job runs after the commit, which tests do not reach)."""

from __future__ import annotations

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from verbund.tenancy.tests.factories import FamilyCentreFactory, ScopesDisabledFactory

from ..choices import DocumentKind
from ..models import Document


def text_pdf(text: str, *, title: str = "Dokument") -> bytes:
    """A small real PDF with ``text`` in it (WeasyPrint)."""
    from django.utils.html import escape
    from weasyprint import HTML

    html = f"<html><head><title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
    html += "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    html += "</body></html>"
    return HTML(string=html).write_pdf()


def docx_bytes(paragraphs: list[str], *, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal valid DOCX (the parts Word needs) with ``paragraphs``."""
    import zipfile
    from xml.sax.saxutils import escape

    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt_bytes(paragraphs: list[str]) -> bytes:
    import zipfile
    from xml.sax.saxutils import escape

    body = "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.'
        'oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


def make_document(
    *,
    municipality,
    centre=None,
    title: str = "Protokoll Arbeitskreis",
    kind: str = DocumentKind.OTHER,
    data: bytes = b"Ein kurzer Text im Archiv.\n",
    name: str = "notiz.txt",
    actor=None,
    extract: bool = True,
    **values,
) -> Document:
    from ..services import document_create
    from ..tasks import extract_version

    fields = {
        "centre": centre,
        "kind": kind,
        "title": title,
        "description": "",
        "language": "",
        "tags": "",
        "document_date": None,
        "public": False,
        "confidential": False,
        **values,
    }
    with scopes_disabled():
        document = document_create(
            actor=actor,
            municipality=municipality,
            data=fields,
            upload=SimpleUploadedFile(name, data),
        )
        if extract:
            extract_version(document.versions.get().pk)
        document.refresh_from_db()
    return document


class DocumentFactory(ScopesDisabledFactory):
    """A document row without a file (the tenant-guard test needs rows, not uploads)."""

    class Meta:
        model = Document

    centre = factory.SubFactory(FamilyCentreFactory)
    municipality = factory.SelfAttribute("centre.municipality")
    kind = DocumentKind.OTHER
    title = factory.Sequence(lambda n: f"Dokument {n}")
