"""Reading the text inside an archived file, for the full-text search.

PDF text comes from pypdf (with its decoding limits), DOCX and ODT text from their XML parts
read with the standard library's parser after refusing any document type declaration (no
entity expansion is possible then). Every extraction stops at ``MAX_PAGES`` pages and
``MAX_CHARS`` characters: the search needs the words, not every copy of them.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from xml.etree import ElementTree

from . import uploads

MAX_PAGES = 300
MAX_CHARS = 200_000
MAX_XML_BYTES = 20 * 1024 * 1024

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


class ExtractionError(Exception):
    """The file could not be read (the document is kept; only its text is missing)."""


def extract_text(data: bytes, content_type: str) -> str:
    if content_type == uploads.PDF:
        return _pdf(data)
    if content_type == uploads.DOCX:
        return _docx(data)
    if content_type == uploads.ODT:
        return _odt(data)
    if content_type == uploads.TEXT:
        try:
            return data.decode("utf-8")[:MAX_CHARS]
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace")[:MAX_CHARS]
    return ""


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader, apply_configuration

    parts: list[str] = []
    total = 0
    with apply_configuration(
        zlib_maximum_output_length=20 * 1024 * 1024,
        stream_decoding_work_maximum_length=50 * 1024 * 1024,
    ):
        try:
            reader = PdfReader(BytesIO(data), strict=False)
            for page in reader.pages[:MAX_PAGES]:
                text = page.extract_text() or ""
                parts.append(text)
                total += len(text)
                if total >= MAX_CHARS:
                    break
        except Exception as exc:  # pypdf raises many kinds on odd input
            raise ExtractionError(str(exc)[:200]) from exc
    return "\n".join(parts)[:MAX_CHARS]


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    try:
        raw = uploads.read_entry(archive, name, MAX_XML_BYTES)
    except KeyError as exc:
        raise ExtractionError(f"{name} fehlt") from exc
    except Exception as exc:
        raise ExtractionError(str(exc)[:200]) from exc
    if b"<!DOCTYPE" in raw[:4096].upper() or b"<!ENTITY" in raw.upper():
        raise ExtractionError("DOCTYPE")
    try:
        return ElementTree.fromstring(raw)  # noqa: S314 (no DOCTYPE, so no entities)
    except ElementTree.ParseError as exc:
        raise ExtractionError(str(exc)[:200]) from exc


def _docx(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        root = _xml(archive, "word/document.xml")
    paragraphs = []
    total = 0
    for paragraph in root.iter(f"{W_NS}p"):
        text = "".join(node.text or "" for node in paragraph.iter(f"{W_NS}t"))
        if text:
            paragraphs.append(text)
            total += len(text)
            if total >= MAX_CHARS:
                break
    return "\n".join(paragraphs)[:MAX_CHARS]


def _odt(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        root = _xml(archive, "content.xml")
    paragraphs = []
    total = 0
    for element in root.iter():
        if element.tag in (f"{TEXT_NS}p", f"{TEXT_NS}h"):
            text = "".join(element.itertext())
            if text:
                paragraphs.append(text)
                total += len(text)
                if total >= MAX_CHARS:
                    break
    return "\n".join(paragraphs)[:MAX_CHARS]
