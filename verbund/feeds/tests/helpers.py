"""Datapackages and a local HSDS server for the feed tests."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import socket
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DESCRIPTOR = Path(__file__).resolve().parents[2] / "api" / "hsds_datapackage.json"


def free_port() -> int:
    """A loopback port no one listens on now (so that two test runs side by side never meet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def official_package(folder: Path, *, change=None) -> bytes:
    """The official example datapackage (``examples/csv`` + ``datapackage.json``) as a ZIP;
    ``change(tables)`` may edit the rows (lists of dicts per file name) first."""
    descriptor = (folder / "datapackage.json").read_text(encoding="utf-8")
    tables = {}
    for path in sorted((folder / "examples" / "csv").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            tables[path.name] = (reader.fieldnames, list(reader))
    if change:
        change(tables)
    return zip_tables(descriptor, tables)


def zip_tables(descriptor: str, tables: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", descriptor)
        for name, (fields, rows) in tables.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(name, text.getvalue())
    return buffer.getvalue()


def package(services: list[dict], *, terms=(), attributes=()) -> bytes:
    """A package in our own descriptor's layout with the given service rows."""
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    fields = {
        r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]
    }
    tables = {path: (names, []) for path, names in fields.items()}
    tables["services.csv"][1].extend(services)
    tables["taxonomy_terms.csv"][1].extend(terms)
    tables["attributes.csv"][1].extend(attributes)
    return zip_tables(json.dumps(descriptor), tables)


class Server:
    """A local HTTP server answering ``routes`` (path → (status, headers, body)), in a thread."""

    def __init__(self, port: int, routes: dict):
        self.routes = routes
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                answer = outer.routes.get(self.path) or outer.routes.get(self.path.split("?")[0])
                if answer is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                if callable(answer):
                    answer = answer(self)
                    if answer is None:
                        return
                status, headers, body = answer
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
