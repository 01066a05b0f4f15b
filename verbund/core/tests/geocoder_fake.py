"""A fake Nominatim/Photon on localhost for tests (no internet)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeGeocoder:
    """Answers every GET with ``body`` (bytes or JSON-able) after ``delay`` seconds."""

    def __init__(self):
        self.body = []
        self.delay = 0.0
        self.queries = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.queries.append(parse_qs(urlparse(self.path).query))
                time.sleep(fake.delay)
                body = fake.body if isinstance(fake.body, bytes) else json.dumps(fake.body)
                body = body.encode() if isinstance(body, str) else body
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def nominatim(*points):
    return [
        {"lat": str(lat), "lon": str(lon), "display_name": f"Ort {i}"}
        for i, (lat, lon) in enumerate(points)
    ]
