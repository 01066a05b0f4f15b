"""Embed origins: ``https://host[:port]`` only, no path, no wildcard."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

ORIGIN = re.compile(
    r"^https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$"
)
MAX_ORIGINS = 20


def parse_origins(text: str) -> tuple[list[str], list[str]]:
    """One origin per line (or separated by spaces/commas) → (origins, German errors)."""
    items = [part.strip().rstrip("/").lower() for part in re.split(r"[\s,]+", text or "")]
    origins = list(dict.fromkeys(item for item in items if item))
    return origins, origin_errors(origins)


def origin_errors(origins) -> list[str]:
    if not isinstance(origins, list):
        return [_("Die erlaubten Seiten müssen eine Liste sein.")]
    errors = []
    if len(origins) > MAX_ORIGINS:
        errors.append(_("Höchstens %(max)s Seiten sind erlaubt.") % {"max": MAX_ORIGINS})
    for origin in origins:
        if not isinstance(origin, str) or not ORIGIN.match(origin) or len(origin) > 200:
            errors.append(
                _(
                    "„%(origin)s“ ist keine gültige Adresse. Bitte so angeben: https://www.beispiel.de"
                )
                % {"origin": str(origin)[:200]}
            )
    return errors
