"""Checking an archive upload by its content, never by its name.

Accepted: PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), PNG, JPEG, GIF and plain
text. The type comes from the bytes (magic numbers and, for the ZIP-based office formats, the
entries inside). Refused, with a German message naming what was found:

- files over the size limit (``DOCUMENTS_MAX_BYTES``) or empty;
- ZIP bombs: too many entries, too much unpacked, or an entry packed too tightly;
- active content: PDFs with JavaScript, launch actions or embedded files (checked with the
  same inspection as signed agreement scans, ``verbund.cooperation.uploads``); office files
  with macros (``vbaProject.bin``, macro-enabled types, Basic/Scripts folders), ActiveX
  controls or embedded OLE objects;
- old binary Office files (``.doc``/``.xls``), which can carry macros unseen.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from verbund.cooperation.uploads import (
    FORBIDDEN_KEYS,
    FORBIDDEN_NAMES,
    FORBIDDEN_VALUES,
    MAX_PDF_OBJECTS,
    declared_objects,
    pdf_active_content,
)
from verbund.core.numbers import format_filesize
from verbund.core.uploads import read_limited

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
MAX_ZIP_UNPACKED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200  # a text-heavy DOCX packs about 10:1; 200:1 is only reached on purpose
MAX_IMAGE_PIXELS = 60_000_000

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
TEXT = "text/plain"
EXTENSIONS = {
    PDF: ".pdf",
    DOCX: ".docx",
    XLSX: ".xlsx",
    ODT: ".odt",
    PNG: ".png",
    JPEG: ".jpg",
    GIF: ".gif",
    TEXT: ".txt",
}
TYPE_LABELS = {
    PDF: "PDF",
    DOCX: "Word (DOCX)",
    XLSX: "Excel (XLSX)",
    ODT: "OpenDocument-Text (ODT)",
    PNG: "PNG-Bild",
    JPEG: "JPEG-Bild",
    GIF: "GIF-Bild",
    TEXT: "Text",
}
ALLOWED = "PDF, DOCX, ODT, XLSX, PNG, JPEG, GIF, TXT"

_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.S)
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_MACRO_ENTRY = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|^(Basic|Scripts)/", re.I)
_ACTIVEX_ENTRY = re.compile(r"^(word|xl|ppt)/activeX/", re.I)
_OLE_ENTRY = re.compile(r"^(word|xl|ppt)/embeddings/.*\.(bin|exe|dll|ole)$|oleObject", re.I)


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    size: int
    sha256: str

    @property
    def label(self) -> str:
        return TYPE_LABELS.get(self.content_type, self.content_type)


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENTS_MAX_BYTES", DEFAULT_MAX_BYTES))


def download_name(original: str, content_type: str) -> str:
    """A safe file name ending in the detected type's extension (never the uploaded one)."""
    stem = PurePosixPath(original.replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem.strip(".") else stem.strip(".")
    stem = "".join(
        char
        for char in unicodedata.normalize("NFC", stem)
        if unicodedata.category(char)[0] != "C" and char not in '"<>:|?*;/\\'
    ).strip(" .")[:150]
    return (stem or "dokument") + EXTENSIONS.get(content_type, ".bin")


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def check_file(upload) -> CheckedFile:
    """Return the checked bytes with their detected type, or raise a German ValidationError."""
    data = read_limited(upload, max_bytes())
    content_type = sniff(data)
    if content_type == PDF:
        _check_pdf(data)
    elif content_type in (DOCX, XLSX, ODT):
        _check_office(data, content_type)
    elif content_type in (PNG, JPEG, GIF):
        _check_image(data)
    return CheckedFile(
        data=data,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def sniff(data: bytes) -> str:
    """The type of ``data`` by its bytes (ValidationError for anything not accepted)."""
    head = data[:16]
    if head.startswith(b"%PDF-") or (b"%PDF-" in data[:1024] and not head.startswith(b"PK")):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _refuse(
            _(
                "Die Datei ist ein altes Office-Dokument (.doc, .xls oder .ppt). Diese Formate "
                "können Makros verbergen und werden nicht angenommen. Bitte speichern Sie es als "
                "DOCX, XLSX oder PDF."
            ),
            "old_office",
        )
    if _is_text(data):
        return TEXT
    raise _refuse(
        _("Der Inhalt der Datei hat kein erlaubtes Format. Erlaubt sind: %(allowed)s.")
        % {"allowed": ALLOWED},
        "type",
    )


def _is_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return False
    sample = text[:8192]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\r\n\t\f")
    return controls <= len(sample) // 100


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(
            _("Die Datei ist ein beschädigtes ZIP-Archiv und kann nicht geprüft werden."),
            "zip_broken",
        ) from None
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _refuse(
            _("Die Datei enthält zu viele Teile (%(count)s; höchstens %(max)s).")
            % {"count": f"{len(entries):,}".replace(",", "."), "max": MAX_ZIP_ENTRIES},
            "zip_bomb",
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_ZIP_UNPACKED:
        raise _refuse(
            _(
                "Die Datei wäre entpackt %(size)s groß (höchstens %(max)s erlaubt). Sie wird "
                "als mögliche ZIP-Bombe abgelehnt."
            )
            % {"size": format_filesize(unpacked), "max": format_filesize(MAX_ZIP_UNPACKED)},
            "zip_bomb",
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_ZIP_RATIO * max(
            entry.compress_size, 1
        ):
            raise _refuse(
                _(
                    "Der Teil „%(name)s“ der Datei ist ungewöhnlich stark gepackt "
                    "(%(ratio)s : 1). Die Datei wird als mögliche ZIP-Bombe abgelehnt."
                )
                % {
                    "name": entry.filename[:80],
                    "ratio": entry.file_size // max(entry.compress_size, 1),
                },
                "zip_bomb",
            )
    return archive


def read_entry(archive: zipfile.ZipFile, name: str, limit: int = MAX_ZIP_UNPACKED) -> bytes:
    """One entry's bytes, never more than ``limit`` (the declared size may lie)."""
    with archive.open(name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _refuse(
            _("Der Teil „%(name)s“ der Datei ist entpackt zu groß.") % {"name": name[:80]},
            "zip_bomb",
        )
    return data


def _zip_type(data: bytes) -> str:
    archive = _open_zip(data)
    names = set(archive.namelist())
    if "mimetype" in names:
        mimetype = read_entry(archive, "mimetype", 200).decode("ascii", "replace").strip()
        if mimetype == ODT:
            return ODT
        raise _refuse(
            _("Das OpenDocument hat den Typ „%(type)s“; erlaubt ist nur ODT (Text).")
            % {"type": mimetype[:80]},
            "type",
        )
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        raise _refuse(
            _("Das Office-Dokument ist weder DOCX noch XLSX. Erlaubt sind: %(allowed)s.")
            % {"allowed": ALLOWED},
            "type",
        )
    raise _refuse(
        _("Die Datei ist ein ZIP-Archiv. Erlaubt sind nur: %(allowed)s.") % {"allowed": ALLOWED},
        "zip",
    )


def _check_office(data: bytes, content_type: str) -> None:
    archive = _open_zip(data)
    found: set[str] = set()
    for name in archive.namelist():
        if _MACRO_ENTRY.search(name):
            found.add(_("Makros"))
        if _ACTIVEX_ENTRY.search(name):
            found.add(_("ActiveX-Steuerelemente"))
        if _OLE_ENTRY.search(name):
            found.add(_("eingebettete OLE-Objekte"))
    if content_type in (DOCX, XLSX):
        types = read_entry(archive, "[Content_Types].xml", 1024 * 1024).lower()
        if b"macroenabled" in types or b"vbaproject" in types:
            found.add(_("Makros"))
    else:
        manifest = "META-INF/manifest.xml"
        if manifest in archive.namelist():
            text = read_entry(archive, manifest, 1024 * 1024).lower()
            if b"oleobject" in text or b"application/vnd.sun.star.oleobject" in text:
                found.add(_("eingebettete OLE-Objekte"))
            if b"basic/" in text or b"scripts/" in text:
                found.add(_("Makros"))
    if found:
        raise _refuse(
            _(
                "Das Dokument enthält aktive Inhalte (%(found)s) und wird deshalb nicht "
                "angenommen. Bitte speichern Sie es ohne Makros und eingebettete Objekte, z. B. "
                "als DOCX oder PDF."
            )
            % {"found": ", ".join(sorted(found))},
            "active",
        )


def _raw_pdf_names(data: bytes) -> set[str]:
    found = set()
    for match in _NAME.finditer(_STREAM.sub(b" ", data)):
        name = _HEX_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), match[1]).decode("latin-1")
        if name in FORBIDDEN_NAMES:
            found.add(FORBIDDEN_VALUES.get("/" + name) or FORBIDDEN_KEYS["/" + name])
    return found


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise _refuse(
            _("Das PDF ist unvollständig oder beschädigt (kein Dateiende gefunden)."),
            "pdf_broken",
        )
    if declared_objects(data) > MAX_PDF_OBJECTS:
        raise _refuse(
            _("Das PDF besteht aus zu vielen Objekten (mehr als %(n)s).")
            % {"n": f"{MAX_PDF_OBJECTS:,}".replace(",", ".")},
            "pdf_complex",
        )
    found = _raw_pdf_names(data) or pdf_active_content(data)
    if found:
        raise _refuse(
            _(
                "Das PDF enthält aktive Inhalte (%(found)s) und wird deshalb nicht angenommen. "
                "Bitte speichern Sie es als einfaches PDF (z. B. über „Drucken als PDF“)."
            )
            % {"found": ", ".join(sorted(found))},
            "pdf_active",
        )


def _check_image(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _refuse(
                    _(
                        "Das Bild ist mit %(width)s × %(height)s Bildpunkten zu groß "
                        "(höchstens %(limit)s Millionen Bildpunkte)."
                    )
                    % {"width": width, "height": height, "limit": MAX_IMAGE_PIXELS // 1_000_000},
                    "bomb",
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse(
            _("Das Bild ist beschädigt und kann nicht gelesen werden."), "image_broken"
        ) from None
