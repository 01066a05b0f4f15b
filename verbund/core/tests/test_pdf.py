"""The PDF renderers read the app's own static files and nothing else (security issue item 15)."""

from __future__ import annotations

import base64
import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from verbund.core import pdf

STATIC_PNG = "vendor/leaflet/images/marker-icon.png"


class Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        Recorder.hits.append(self.path)
        body = (Path(settings.BASE_DIR) / "static" / STATIC_PNG).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    """A server on the loopback that records every request it gets (on a free port)."""
    Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def image_count(data: bytes) -> int:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return sum(len(page.images) for page in reader.pages)


def test_the_test_server_answers(http_server):
    """Control: the recorder sees a request made outside the renderer."""
    from urllib.request import urlopen

    with urlopen(f"{http_server}/control.png") as response:  # noqa: S310 (loopback test)
        assert response.status == 200
    assert Recorder.hits == ["/control.png"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:8170/static/" + STATIC_PNG,
        "https://example.org/x.png",
        "ftp://example.org/x.png",
        "https://verbund.invalid/media/cooperation/x.pdf",
        "https://verbund.invalid/static/../../etc/passwd",
        "https://verbund.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://verbund.invalid/static/vendor/..%2f..%2f..%2fetc/passwd",
        "https://verbund.invalid/static//etc/passwd",
        "https://verbund.invalid/static/vendor\\..\\x",
        "data:text/html,<script>alert(1)</script>",
        "data:application/pdf;base64,JVBERi0=",
    ],
)
def test_fetcher_refuses_everything_but_static_files_and_images(url):
    with pytest.raises((pdf.RefusedURL, FileNotFoundError)):
        pdf.fetch(url)


def test_fetcher_serves_static_files_and_data_images():
    data, mime = pdf.fetch(pdf.BASE_URL + "static/" + STATIC_PNG)
    assert mime == "image/png" and data.startswith(b"\x89PNG")
    png = base64.b64encode(data).decode()
    assert pdf.fetch(f"data:image/png;base64,{png}") == (data, "image/png")
    font_url = pdf.BASE_URL + "static/vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2"
    font, mime = pdf.fetch(font_url)
    assert mime == "font/ttf" and font[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")


def test_template_cannot_read_local_files_or_send_requests(http_server, tmp_path):
    outside = tmp_path / "geheim.png"
    outside.write_bytes((Path(settings.BASE_DIR) / "static" / STATIC_PNG).read_bytes())
    html = f"""
        <link rel="stylesheet" href="{http_server}/style.css">
        <style>
          @import url("{http_server}/import.css");
          @import url("file:///etc/passwd");
          @font-face {{ font-family: X; src: url("{http_server}/font.woff2"); }}
          body {{ font-family: X; background: url("{http_server}/background.png"); }}
        </style>
        <p>Text</p>
        <img src="file:///etc/passwd">
        <img src="{outside.as_uri()}">
        <img src="{http_server}/image.png">
        <img src="{http_server.replace("127.0.0.1", "localhost")}/image2.png">
        <img src="/static/../../../etc/passwd">
        <object data="{http_server}/object.pdf"></object>
        <iframe src="{http_server}/frame.html"></iframe>
    """
    document = pdf.html_to_pdf(html)
    assert document.startswith(b"%PDF-")
    assert Recorder.hits == []
    assert image_count(document) == 0
    assert b"root:" not in document


def test_the_own_static_image_is_embedded():
    """Control for the test above: a static file referenced like a page would is used."""
    document = pdf.html_to_pdf(f'<img src="{settings.STATIC_URL}{STATIC_PNG}">')
    assert image_count(document) == 1


def test_no_module_renders_pdf_past_the_shared_fetcher():
    """WeasyPrint is used in exactly one place, so no renderer can bring its own fetcher."""
    root = Path(settings.BASE_DIR) / "verbund"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "pdf.py"
        and re.search(r"^\s*(from|import) weasyprint", path.read_text(), re.M)
    ]
    assert offenders == []
