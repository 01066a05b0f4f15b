"""The agreement as a German PDF document (WeasyPrint), rendered from a version's content."""

from __future__ import annotations

import logging
import os
import threading
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

# WeasyPrint reports every layout step at INFO; that is noise in the server log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

FONT_FILES = {
    "regular": "FiraSans-Regular",
    "semibold": "FiraSans-SemiBold",
    "italic": "FiraSans-Italic",
}
_font_lock = threading.Lock()


def font_urls() -> dict[str, str]:
    """The vendored Fira Sans (KERN's typeface) as TTF files.

    WeasyPrint would decompress the WOFF2 files on every render (most of the time a short
    document takes); converting them once into ``VAR_DIR/cache/pdf-fonts`` makes a PDF several
    times faster.
    """
    source = Path(settings.BASE_DIR) / "static" / "vendor" / "kern" / "fonts" / "fira-sans"
    target = Path(settings.VAR_DIR) / "cache" / "pdf-fonts"
    urls = {}
    with _font_lock:
        for key, stem in FONT_FILES.items():
            ttf = target / f"{stem}.ttf"
            if not ttf.exists():
                from fontTools.ttLib import TTFont

                target.mkdir(parents=True, exist_ok=True)
                font = TTFont(str(source / f"{stem}.woff2"))
                font.flavor = None
                # A name per process: two workers converting at once never share a file.
                partial = ttf.with_suffix(f".{os.getpid()}.tmp")
                font.save(str(partial))
                partial.replace(ttf)
            urls[key] = ttf.as_uri()
    return urls


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def document_context(*, content: dict, version_number: int, signed: bool, signed_on=None) -> dict:
    parties = content["parties"]
    by_party: dict[str, dict] = {
        row["name"]: {"responsibilities": [], "resources": []} for row in parties
    }
    for row in content["responsibilities"]:
        by_party.setdefault(row["party"], {"responsibilities": [], "resources": []})[
            "responsibilities"
        ].append(row)
    for row in content["resources"]:
        by_party.setdefault(row["party"], {"responsibilities": [], "resources": []})[
            "resources"
        ].append(row)
    return {
        "c": content,
        "parties": parties,
        "start_date": _date(content["start_date"]),
        "end_date": _date(content["end_date"]),
        "review_date": _date(content["review_date"]),
        "version_number": version_number,
        "signed": signed,
        "signed_on": signed_on,
        "generated_at": timezone.localtime(),
        "added_values": [row for row in parties if row["added_value"]],
        "fonts": font_urls(),
    }


def render_pdf(*, content: dict, version_number: int, signed: bool, signed_on=None) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        "cooperation/agreement_document.html",
        document_context(
            content=content, version_number=version_number, signed=signed, signed_on=signed_on
        ),
    )
    # No network access while rendering: only files below the project's static folder.
    base_url = str(settings.BASE_DIR / "static") + "/"
    fetcher = URLFetcher(allowed_protocols=["file"])
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
