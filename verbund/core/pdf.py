"""HTML to PDF (WeasyPrint) that reads nothing but the app's own static files.

Every PDF renderer goes through :func:`html_to_pdf`. Its URL fetcher answers only URLs below
``STATIC_URL`` (resolved against :data:`BASE_URL`, a host that never resolves) by reading the
file through the staticfiles finders or the staticfiles storage, and small ``data:`` images.
Everything else — ``file://`` paths, ``http(s)://`` hosts including the app itself, other
``data:`` types — is refused before any I/O: WeasyPrint logs a warning and leaves the resource
out. User text in a template can therefore never make the server read a local file or send a
request.

WOFF2 fonts are served as TrueType converted once into ``VAR_DIR/cache/pdf-fonts``: WeasyPrint
would otherwise decompress them on every render (most of the time a short document takes).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import mimetypes
import os
import threading
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

# WeasyPrint reports every layout step at INFO; that is noise in the server log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)

# Relative URLs in a template resolve below this; the .invalid top-level domain never resolves.
BASE_URL = "https://verbund.invalid/"
DATA_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}
MAX_DATA_BYTES = 2 * 1024 * 1024

_font_lock = threading.Lock()


class RefusedURL(ValueError):
    """A URL the PDF renderer may not fetch."""


def _static_prefixes() -> list[str]:
    static_url = settings.STATIC_URL or "/static/"
    if static_url.startswith(("http://", "https://")):
        # Static files on another host (a CDN): their URLs are read through the storage.
        return [static_url]
    return [BASE_URL.rstrip("/") + "/" + static_url.lstrip("/")]


def static_name(url: str) -> str | None:
    """The static file's relative name for a URL below STATIC_URL, else None."""
    for prefix in _static_prefixes():
        if not url.startswith(prefix):
            continue
        path = urlsplit(url[len(prefix) :]).path
        name = unquote(path)
        parts = name.split("/")
        if (
            not name
            or name.startswith("/")
            or "\\" in name
            or "\0" in name
            or any(part in ("", ".", "..") for part in parts)
        ):
            return None
        return name
    return None


def read_static(name: str) -> bytes:
    """A static file's bytes, found as ``{% static %}`` would find it; FileNotFoundError else."""
    path = finders.find(name)
    if path:
        return Path(path).read_bytes()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name, "rb") as handle:
            return handle.read()
    raise FileNotFoundError(name)


def _truetype(name: str, woff2: bytes) -> bytes:
    """The WOFF2 font converted to TrueType, cached by content."""
    digest = hashlib.sha256(woff2).hexdigest()[:16]
    target = Path(settings.VAR_DIR) / "cache" / "pdf-fonts" / f"{Path(name).stem}-{digest}.ttf"
    with _font_lock:
        if not target.exists():
            from io import BytesIO

            from fontTools.ttLib import TTFont

            target.parent.mkdir(parents=True, exist_ok=True)
            font = TTFont(BytesIO(woff2))
            font.flavor = None
            # A name per process: two workers converting at once never share a file.
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            font.save(str(partial))
            partial.replace(target)
    return target.read_bytes()


def _data_url(url: str) -> tuple[bytes, str]:
    header, sep, payload = url[len("data:") :].partition(",")
    if not sep:
        raise RefusedURL("malformed data URL")
    params = header.split(";")
    mime = params[0].strip().lower()
    if mime not in DATA_IMAGE_TYPES:
        raise RefusedURL(f"data URL of type {mime or 'text/plain'} refused")
    if len(payload) > MAX_DATA_BYTES * 2:
        raise RefusedURL("data URL too large")
    data = base64.b64decode(payload) if "base64" in params[1:] else unquote_to_bytes(payload)
    return data, mime


def fetch(url: str) -> tuple[bytes, str]:
    """(bytes, mime type) for an allowed URL; RefusedURL or FileNotFoundError otherwise."""
    if url[:5].lower() == "data:":
        return _data_url(url)
    name = static_name(url)
    if name is None:
        raise RefusedURL(f"only the app's static files may be used in a PDF, not {url[:200]}")
    data = read_static(name)
    if name.endswith(".woff2"):
        return _truetype(name, data), "font/ttf"
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return data, mime


def url_fetcher():
    """A WeasyPrint URL fetcher that serves :func:`fetch` and nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self):
            # No protocol at all for urllib: the fetch below never calls it.
            super().__init__(allowed_protocols=(), allow_redirects=False)

        def fetch(self, url, headers=None):
            try:
                data, mime = fetch(url)
            except RefusedURL:
                logger.warning("PDF: refused to fetch %s", url[:200])
                raise
            return URLFetcherResponse(url, data, {"Content-Type": mime})

    return StaticOnlyFetcher()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).write_pdf()
