"""Checking uploaded scans by their content, never by their name.

Only PDF, JPEG and PNG are accepted. The type comes from the first bytes (magic numbers); a
ZIP archive, an Office file or an executable renamed to ``scan.pdf`` is refused. Images are
opened with Pillow and refused if their pixel count would make them a decompression bomb.

PDFs are parsed with pypdf, which decodes hex-escaped names (``/J#61vaScript``) and opens
compressed object streams, and every object is inspected: JavaScript (also behind
``/OpenAction`` and ``/AA``), launch actions, embedded files and XFA forms are refused, as are
encrypted PDFs (their objects cannot be inspected). Names outside streams are checked on the
raw bytes as well, so an object left out of the cross-reference table is seen too.

The stored and served name always ends in the detected type's extension (``download_name``):
``Protokoll.html`` that is really a PDF becomes ``Protokoll.pdf``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from verbund.core.uploads import check_size

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000  # a 600-dpi A3 scan has ~70 MP in colour; 60 MP is plenty
MAX_PDF_OBJECTS = 10_000  # a scanned page needs about ten; parsing each costs time
MAX_PDF_DECODED_BYTES = 50 * 1024 * 1024  # all object streams together, decompressed
MAX_PDF_DEPTH = 64

MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

# What an accepted PDF must not contain, by the German words for the message.
JAVASCRIPT = "JavaScript"
LAUNCH = "Start eines Programms (Launch-Aktion)"
EMBEDDED = "eingebettete Dateien"
XFA = "XFA-Formular"
RICH_MEDIA = "eingebettete Medien mit Skripten"
FORBIDDEN_KEYS = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,
    "/EmbeddedFiles": EMBEDDED,
    "/EmbeddedFile": EMBEDDED,
    "/EF": EMBEDDED,
    "/XFA": XFA,
    "/RichMediaContent": RICH_MEDIA,
}
FORBIDDEN_VALUES = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/EmbeddedFile": EMBEDDED,
    "/FileAttachment": EMBEDDED,
    "/GoToE": EMBEDDED,
    "/RichMedia": RICH_MEDIA,
    "/RichMediaExecute": RICH_MEDIA,
}
FORBIDDEN_NAMES = {name.lstrip("/") for name in (*FORBIDDEN_KEYS, *FORBIDDEN_VALUES)} - {"EF"}
_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.S)
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_SIZE = re.compile(rb"/Size\s+(\d+)")
_INDEX = re.compile(rb"/Index\s*\[([\d\s]*)\]")
_XREF = re.compile(rb"(?<![A-Za-z])xref\s+")
_SUBSECTION = re.compile(rb"(\d+)[ \t]+(\d+)[ \t]*(?:\r\n|\r|\n)")


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "COOPERATION_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def download_name(original: str, content_type: str) -> str:
    """The file's name with the extension of its detected type (never the uploaded one)."""
    stem = PurePosixPath(original.replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem.strip(".") else stem.strip(".")
    stem = "".join(
        char
        for char in unicodedata.normalize("NFC", stem)
        if unicodedata.category(char)[0] != "C" and char not in '"<>:|?*;'
    ).strip(" .")[:150]
    return (stem or "datei") + EXTENSIONS.get(content_type, ".bin")


def check_upload(upload) -> CheckedUpload:
    """Raise ValidationError with a German message, or return type, size and hash."""
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    check_size(upload, max_bytes())
    upload.seek(0)
    head = upload.read(16)
    content_type = next((ctype for magic, ctype in MAGIC if head.startswith(magic)), None)
    if content_type is None:
        if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
            raise ValidationError(
                _(
                    "Die Datei ist ein ZIP-Archiv (oder ein Office-Dokument), auch wenn ihr Name "
                    "anders lautet. Erlaubt sind nur PDF, JPEG und PNG."
                ),
                code="zip",
            )
        raise ValidationError(
            _(
                "Der Inhalt der Datei ist weder PDF noch JPEG noch PNG. Bitte laden Sie den Scan "
                "in einem dieser Formate hoch."
            ),
            code="type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    if content_type == "application/pdf":
        upload.seek(max(upload.size - 1024, 0))
        if b"%%EOF" not in upload.read():
            raise ValidationError(
                _("Das PDF ist unvollständig oder beschädigt (kein Dateiende gefunden)."),
                code="pdf_broken",
            )
        upload.seek(0)
        _check_pdf(upload.read())
    else:
        _check_image(upload, content_type)
    upload.seek(0)
    return CheckedUpload(content_type=content_type, size=upload.size, sha256=digest.hexdigest())


def _refuse_active(found: set[str]) -> None:
    raise ValidationError(
        _(
            "Das PDF enthält aktive Inhalte (%(found)s) und wird deshalb nicht angenommen. "
            "Skripte, Programmstarts, eingebettete Dateien und XFA-Formulare sind nicht erlaubt. "
            "Bitte speichern Sie den Scan als einfaches PDF (z. B. über „Drucken als PDF“)."
        )
        % {"found": ", ".join(sorted(found))},
        code="pdf_active",
    )


def _raw_names(data: bytes) -> set[str]:
    """Forbidden names in the file's text outside streams, hex escapes decoded."""
    found = set()
    for match in _NAME.finditer(_STREAM.sub(b" ", data)):
        name = _HEX_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), match[1])
        text = name.decode("latin-1")
        if text in FORBIDDEN_NAMES:
            found.add(FORBIDDEN_VALUES.get("/" + text) or FORBIDDEN_KEYS["/" + text])
    return found


def declared_objects(data: bytes) -> int:
    """How many objects the file claims to hold, read cheaply from its bytes: pypdf would
    read a cross-reference table of any size before anything could be counted."""
    entries = 0
    for match in _XREF.finditer(data):
        position = match.end()
        while subsection := _SUBSECTION.match(data, position):
            count = int(subsection[2])
            entries += count
            if entries > MAX_PDF_OBJECTS:
                return entries
            position = subsection.end() + 20 * count  # each entry has 20 bytes
    indexed = sum(int(count) for match in _INDEX.finditer(data) for count in match[1].split()[1::2])
    sizes = [int(size) for size in _SIZE.findall(data)]
    return max(entries, indexed, max(sizes, default=0), len(_OBJ.findall(data)))


def _too_complex() -> ValidationError:
    return ValidationError(
        _("Das PDF besteht aus zu vielen Objekten (mehr als %(n)s).")
        % {"n": f"{MAX_PDF_OBJECTS:,}".replace(",", ".")},
        code="pdf_complex",
    )


def _check_pdf(data: bytes) -> None:
    if declared_objects(data) > MAX_PDF_OBJECTS:
        raise _too_complex()
    found = _raw_names(data)
    if found:
        _refuse_active(found)
    found = pdf_active_content(data)
    if found:
        _refuse_active(found)


def _broken() -> ValidationError:
    return ValidationError(
        _("Das PDF ist beschädigt und kann nicht geprüft werden. Bitte speichern Sie es neu."),
        code="pdf_broken",
    )


def pdf_active_content(data: bytes) -> set[str]:
    """What pypdf finds in every object of the file (ValidationError if it cannot read it)."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.generic import IndirectObject

    with apply_configuration(
        zlib_maximum_output_length=20 * 1024 * 1024,
        stream_decoding_work_maximum_length=MAX_PDF_DECODED_BYTES,
    ):
        try:
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _(
                        "Das PDF ist verschlüsselt oder mit einem Kennwort geschützt und kann "
                        "deshalb nicht geprüft werden. Bitte laden Sie es ohne Schutz hoch."
                    ),
                    code="pdf_encrypted",
                )
            numbers = {
                (idnum, generation)
                for generation, entries in reader.xref.items()
                for idnum in entries
            }
            numbers |= {(idnum, 0) for idnum in reader.xref_objStm}
            if len(numbers) > MAX_PDF_OBJECTS:
                raise _too_complex()
            decoded = 0
            for stream_number in {stm for stm, _index in reader.xref_objStm.values()}:
                stream = reader.get_object(IndirectObject(stream_number, 0, reader))
                decoded += len(stream.get_data()) if hasattr(stream, "get_data") else 0
                if decoded > MAX_PDF_DECODED_BYTES:
                    raise ValidationError(
                        _("Das PDF ist entpackt zu groß, um es zu prüfen."), code="pdf_complex"
                    )
            found: set[str] = set()
            _inspect(reader.trailer, found, 0)
            for idnum, generation in sorted(numbers):
                _inspect(reader.get_object(IndirectObject(idnum, generation, reader)), found, 0)
        except ValidationError:
            raise
        except Exception:  # pypdf raises many kinds on broken input; all mean "unreadable"
            raise _broken() from None
    return found


def _inspect(obj, found: set[str], depth: int) -> None:
    """Walk one object and its direct children (indirect references are visited on their own)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if depth > MAX_PDF_DEPTH:
        raise _broken()
    if isinstance(obj, IndirectObject) or obj is None:
        return
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            if key in FORBIDDEN_KEYS:
                found.add(FORBIDDEN_KEYS[key])
            if isinstance(value, NameObject) and value in FORBIDDEN_VALUES:
                found.add(FORBIDDEN_VALUES[value])
            _inspect(value, found, depth + 1)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _inspect(item, found, depth + 1)


def _check_image(upload, content_type: str) -> None:
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            # Image.open reads only the header: the dimensions are known before any pixel is
            # decompressed, so a bomb is refused without inflating it.
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _(
                        "Das Bild ist mit %(width)s × %(height)s Bildpunkten zu groß "
                        "(höchstens %(limit)s Millionen Bildpunkte)."
                    )
                    % {"width": width, "height": height, "limit": MAX_IMAGE_PIXELS // 1_000_000},
                    code="bomb",
                )
            expected = {"image/jpeg": "JPEG", "image/png": "PNG"}[content_type]
            if image.format != expected:
                raise ValidationError(_("Das Bild ist beschädigt."), code="image_broken")
            image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(
            _("Das Bild ist zu groß (mehr als %(limit)s Millionen Bildpunkte).")
            % {"limit": MAX_IMAGE_PIXELS // 1_000_000},
            code="bomb",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Das Bild ist beschädigt und kann nicht gelesen werden."), code="image_broken"
        ) from None
