"""Photos of observations: checked, turned upright, stripped of all metadata, re-encoded.

A phone photo carries the GPS position of the person who took it, the device and the time in
its EXIF data. Re-encoding from pixels drops all of that; only the pixels survive.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from verbund.core.uploads import read_limited

MAX_UPLOAD_BYTES = 12 * 1024 * 1024
MAX_PIXELS = 50_000_000
MAX_EDGE = 1600
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
ALLOWED_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    width: int
    height: int


def clean_photo(upload) -> CleanPhoto:
    """``upload`` is a Django UploadedFile (or anything with ``name``, ``size``, ``read``)."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise ValidationError(
            _("„%(name)s“ ist kein Foto im Format JPEG, PNG oder WebP."), params={"name": name}
        )
    try:
        raw = read_limited(upload, MAX_UPLOAD_BYTES)
    except ValidationError as error:
        raise ValidationError(f"„{name}“: {' '.join(error.messages)}", code=error.code) from None
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("„%(name)s“ ist kein Foto im Format JPEG, PNG oder WebP."),
                    params={"name": name},
                )
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("„%(name)s“ hat zu viele Bildpunkte (höchstens 50 Megapixel)."),
                    params={"name": name},
                )
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            pixels = upright.convert("RGB")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("„%(name)s“ lässt sich nicht als Bild lesen (beschädigt oder kein Foto)."),
            params={"name": name},
        ) from None
    pixels.thumbnail((MAX_EDGE, MAX_EDGE))
    # A fresh image from the pixels alone: no EXIF, no XMP, no ICC profile, no comments.
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=82, optimize=True)
    return CleanPhoto(out.getvalue(), clean.width, clean.height)
