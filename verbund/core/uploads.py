"""The checks every upload gets before it is parsed or stored: not empty, not over its size
limit (by the declared size first, then by what is actually read, since a client may lie), with
one German wording everywhere."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from verbund.core.numbers import format_filesize


def too_large(size: int | None, max_bytes: int) -> ValidationError:
    """The German message for an upload over its limit."""
    if size is None:
        message = _("Die Datei ist zu groß; erlaubt sind höchstens %(max)s.") % {
            "max": format_filesize(max_bytes)
        }
    else:
        message = _("Die Datei ist zu groß (%(size)s); erlaubt sind höchstens %(max)s.") % {
            "size": format_filesize(size),
            "max": format_filesize(max_bytes),
        }
    return ValidationError(message, code="too_large")


def check_size(upload, max_bytes: int) -> None:
    """Refuse an empty upload or one over ``max_bytes`` by its declared size, before reading."""
    size = getattr(upload, "size", None)
    if size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    if size is not None and size > max_bytes:
        raise too_large(size, max_bytes)


def read_limited(upload, max_bytes: int) -> bytes:
    """The whole content, never holding more than ``max_bytes + 1`` bytes of it."""
    check_size(upload, max_bytes)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(None, max_bytes)
    if not data.strip():
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    return data
