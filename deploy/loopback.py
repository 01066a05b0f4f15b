"""Loopback building blocks for deploy/scaleout.py: nginx configuration from the shipped file,
a small HTTP client (cookies, forms, a chosen source address) and process handling."""

from __future__ import annotations

import contextlib
import http.client
import io
import os
import re
import shutil
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_NGINX = ROOT / "deploy" / "nginx" / "verbund.conf"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
LB_PORT, LB_ONE_PORT, NODE_PORTS = 8120, 8123, (8121, 8122)
DATABASE = "verbund_deploy_scale"
PG_URL = os.environ.get("SCALEOUT_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/1")
MUNICIPALITY = "lindenhagen"
USER, PASSWORD = "koordination", "Verbund-Demo-2026"


# --- nginx configuration ------------------------------------------------------------------------


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def loopback_server(listen: int, nodes: list[int], upstream: str) -> str:
    """The shipped configuration with loopback listen address and nodes, without TLS."""
    text = SHIPPED_NGINX.read_text()
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    # Drop the http→https redirect server (the first server block).
    text = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", text, count=1, flags=re.S)
    servers = "\n".join(f"    server {HOST}:{port} max_fails=3 fail_timeout=10s;" for port in nodes)
    text = re.sub(r"(    server \S+ max_fails=3 fail_timeout=10s;\n)+", servers + "\n", text)
    text = re.sub(r"\n\s*listen \[::\]:443 ssl;", "", text)
    text = re.sub(r"listen 443 ssl;", f"listen {HOST}:{listen};", text)
    text = re.sub(r"\n\s*(http2 on|ssl_certificate|ssl_certificate_key)[^;]*;", "", text)
    text = text.replace("server_name verbund.example.org;", f"server_name {HOST};")
    # Which node answered, for counting the distribution.
    text = text.replace(
        "proxy_pass http://verbund_app;",
        "proxy_pass http://verbund_app;\n        add_header X-Verbund-Node $upstream_addr always;",
    )
    return text.replace("verbund_app", upstream)


def write_nginx_config(
    prefix: Path, *, listen: int, nodes: list[int], single: int | None = None
) -> Path:
    """A complete nginx.conf under ``prefix`` (runs as an ordinary foreground process)."""
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "logs").mkdir(exist_ok=True)
    servers = loopback_server(listen, nodes, "verbund_app")
    if single is not None:
        servers += "\n" + loopback_server(single, nodes[:1], "verbund_one")
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{servers}
}}
"""
    )
    return conf


# --- a small HTTP client with cookies and a chosen source address -------------------------------


class FormParser(HTMLParser):
    """Collects the fields of the first form whose action matches (or the first form)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": {}, "options": {}})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind not in {"submit", "file", "button"}:
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select:
            self.forms[-1]["options"].setdefault(self._select, []).append(a.get("value", ""))
            if "selected" in a:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def form_fields(html: str, action: str) -> tuple[dict, dict]:
    """Fields and select options of the page's form that posts to ``action`` (or to itself)."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form["action"] in {"", action} and "csrfmiddlewaretoken" in form["fields"]:
            return dict(form["fields"]), form["options"]
    raise CheckFailed(f"no form posting to {action!r}")


class CheckFailed(Exception):
    pass


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Client:
    """A browser stand-in: keeps cookies; each request names the port (node or balancer)."""

    source: str = HOST
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, port, method, path, body=None, headers=None) -> Response:
        connection = http.client.HTTPConnection(
            HOST, port, timeout=60, source_address=(self.source, 0)
        )
        headers = {"Host": HOST, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.setdefault("Referer", f"http://{HOST}:{port}{path}")
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read())
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    cookie_value = rest.split(";", 1)[0]
                    if cookie_value in {"", '""'} or "max-age=0" in value.lower():
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = cookie_value
            return response
        finally:
            connection.close()

    def get(self, port, path, **kw) -> Response:
        return self.request(port, "GET", path, **kw)

    def post(self, port, path, data: dict, files: dict | None = None, **kw) -> Response:
        if files:
            boundary = uuid.uuid4().hex
            out = io.BytesIO()
            for name, value in data.items():
                out.write(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n".encode()
                )
            for name, (filename, content, ctype) in files.items():
                out.write(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
                )
                out.write(content + b"\r\n")
            out.write(f"--{boundary}--\r\n".encode())
            body = out.getvalue()
            ctype = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(data).encode()
            ctype = "application/x-www-form-urlencoded"
        headers = {"Content-Type": ctype, **kw.pop("headers", {})}
        return self.request(port, "POST", path, body=body, headers=headers)

    def login(self, port, username=USER, password=PASSWORD, headers=None) -> Response:
        page = self.get(port, "/anmelden/")
        fields, _ = form_fields(page.text, "/anmelden/")
        fields.update(username=username, password=password)
        return self.post(port, "/anmelden/", fields, headers=headers or {})


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


# --- processes ----------------------------------------------------------------------------------


@dataclass
class Context:
    tmp: Path
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)
    node_a: int = NODE_PORTS[0]
    node_b: int = NODE_PORTS[1]
    balancer: int = LB_PORT

    def start(self, name: str, command: list[str], **kwargs) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        process.log = log  # type: ignore[attr-defined]
        self.processes.append(process)
        return process

    def manage(self, *args: str, timeout: int = 300) -> str:
        result = subprocess.run(  # noqa: S603
            [str(PYTHON), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise CheckFailed(f"manage.py {' '.join(args)}: {result.stderr[-2000:]}")
        return result.stdout

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
            process.log.close()  # type: ignore[attr-defined]
        self.processes.clear()


def wait_for(port: int, path: str = "/gesund/", seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if Client().get(port, path).status == 200:
                return
        time.sleep(0.3)
    raise CheckFailed(f"port {port} did not answer {path} within {seconds:.0f} s")


def prepare_database(create: bool) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')


def clear_redis(prefix: str) -> int:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    return len(keys)
