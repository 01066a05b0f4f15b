"""Checking uploaded scans by their content, never by their name.

Only PDF, JPEG and PNG are accepted. The type comes from the first bytes (magic numbers); a
ZIP archive, an Office file or an executable renamed to ``scan.pdf`` is refused. Images are
opened with Pillow and refused if their pixel count would make them a decompression bomb;
PDFs must have the PDF header and an end-of-file marker and may not contain embedded files or
JavaScript.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from verbund.core.uploads import check_size

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000  # a 600-dpi A3 scan has ~70 MP in colour; 60 MP is plenty

MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
# Things that must never be found inside an accepted PDF.
PDF_FORBIDDEN = (b"/JavaScript", b"/JS ", b"/JS(", b"/EmbeddedFile", b"/Launch")


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "COOPERATION_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


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
    tail = b""
    for chunk in upload.chunks():
        digest.update(chunk)
        if content_type == "application/pdf":
            window = tail + chunk
            if any(marker in window for marker in PDF_FORBIDDEN):
                raise ValidationError(
                    _(
                        "Das PDF enthält eingebettete Dateien oder Skripte und wird deshalb nicht "
                        "angenommen. Bitte speichern Sie den Scan als einfaches PDF."
                    ),
                    code="pdf_active",
                )
            tail = window[-32:]
    if content_type == "application/pdf":
        upload.seek(max(upload.size - 1024, 0))
        if b"%%EOF" not in upload.read():
            raise ValidationError(
                _("Das PDF ist unvollständig oder beschädigt (kein Dateiende gefunden)."),
                code="pdf_broken",
            )
    else:
        _check_image(upload, content_type)
    upload.seek(0)
    return CheckedUpload(content_type=content_type, size=upload.size, sha256=digest.hexdigest())


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
