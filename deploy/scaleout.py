"""Scale-out proof on loopback: two app nodes behind nginx, PostgreSQL and Redis shared.

    .venv/bin/python deploy/scaleout.py [--seconds 8] [--connections 8]

Starts, all on 127.0.0.1: two gunicorn nodes (production settings, sessions in the cache,
cache in Redis db 1, media in one shared folder as an NFS mount or S3 bucket would be) on one
fresh PostgreSQL database, and nginx with the shipped configuration (deploy/nginx/verbund.conf,
only listen address, TLS and nodes swapped) as load balancer. Then it proves, requests going
deliberately to the one and then the other node:

- sessions: logged in through node A, the session works on node B; logged out on node B, the
  old cookie is refused on node A (the session cache entry is gone for every node);
- data changes: an organisation renamed through node A shows its new name on node B's network
  data at once (no node serves a stale cached copy);
- uploads: a file uploaded through node A downloads byte-identical through node B;
- proxy: the load balancer spreads requests over both nodes, and the login lockout behind it
  is keyed on the real client address: an attacker at 127.0.0.3 locks a name for itself only,
  its owner at 127.0.0.2 still logs in, a forged X-Forwarded-For changes nothing;
- tasks: a large statistics file uploaded through node A is checked by the task worker
  (``manage.py db_worker``, a process of its own, as in production), and node B shows the
  result; every node reports the worker's heartbeat as ready;
- throughput of a signed-in page with wrk, through nginx to one node and to both.

More checks: write ``def check_x(ctx: Context) -> str`` and append it to ``CHECKS``;
``ctx.start(...)`` starts further processes that are stopped with everything else.

Everything started is stopped at the end, also on failure or Ctrl-C; the whole run is bounded
(``--timeout``). Ports 8120-8125. Exit status 0 only if every check passed.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from loopback import (
    DATABASE,
    GUNICORN,
    HOST,
    LB_ONE_PORT,
    LB_PORT,
    MUNICIPALITY,
    NODE_PORTS,
    PASSWORD,
    PG_URL,
    PYTHON,
    REDIS_URL,
    USER,
    CheckFailed,
    Client,
    Context,
    clear_redis,
    expect,
    form_fields,
    nginx_binary,
    prepare_database,
    wait_for,
    write_nginx_config,
)

__all__ = ["nginx_binary", "write_nginx_config"]


# --- checks -------------------------------------------------------------------------------------

HOME = f"/k/{MUNICIPALITY}/"
AGREEMENTS = f"/k/{MUNICIPALITY}/kooperationen/"
NETWORK_JSON = f"/k/{MUNICIPALITY}/netzwerk/karte.json"


def check_readiness(ctx: Context) -> str:
    for port in (ctx.node_a, ctx.node_b):
        deadline = time.monotonic() + 60  # the worker's first heartbeat may still be coming
        while (response := Client().get(port, "/bereit/")).status != 200:
            if time.monotonic() > deadline:
                break
            time.sleep(1)
        expect(response.status == 200, f"/bereit/ on {port}: {response.status} {response.text}")
    return "both nodes ready (database, cache and the task worker's heartbeat)"


def check_sessions(ctx: Context) -> str:
    client = Client()
    response = client.login(ctx.node_a)
    expect(response.status == 302, f"login on node A answered {response.status}")
    expect(client.get(ctx.node_b, HOME).status == 200, "session from node A refused on node B")
    stolen = dict(client.cookies)
    page = client.get(ctx.node_b, HOME)
    token = form_fields(page.text, "/abmelden/")[0]["csrfmiddlewaretoken"]
    expect(
        client.post(ctx.node_b, "/abmelden/", {"csrfmiddlewaretoken": token}).status == 302,
        "logout on node B failed",
    )
    replay = Client(cookies=stolen).get(ctx.node_a, HOME)
    expect(replay.status == 302, f"node A still accepts the logged-out session ({replay.status})")
    return "login via A works on B; logout via B ends the session on A"


def check_data_change(ctx: Context) -> str:
    client = Client()
    client.login(ctx.node_a)
    before = client.get(ctx.node_b, NETWORK_JSON)
    expect(before.status == 200, f"network data on node B: {before.status}")
    # The map's compact graph (verbund.network.graph_json): nodes are [id, label, kind, …].
    nodes = [node[0] for node in json.loads(before.body)["n"] if node[2] == "o"]
    expect(bool(nodes), "no organisation in the network data")
    organisation = nodes[0].removeprefix("o")
    edit = f"/k/{MUNICIPALITY}/netzwerk/organisationen/{organisation}/bearbeiten/"
    fields, _ = form_fields(client.get(ctx.node_b, edit).text, edit)
    new_name = f"{fields['name'][:120]} {secrets.token_hex(3)}"
    fields["name"] = new_name
    saved = client.post(ctx.node_a, edit, fields)
    expect(saved.status == 302, f"saving on node A answered {saved.status}")
    detail = f"/k/{MUNICIPALITY}/netzwerk/organisationen/{organisation}/"
    for port in (ctx.node_b, ctx.node_a, ctx.balancer):
        data = json.dumps(json.loads(client.get(port, NETWORK_JSON).body), ensure_ascii=False)
        expect(new_name in data, f"port {port}: network data without the new name")
        page = html.unescape(client.get(port, detail).text)
        expect(new_name in page, f"port {port}: organisation page without the new name")
    return f"organisation {organisation} renamed via A; B, A and the balancer show the new name"


def small_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (secrets.randbelow(255), 120, 200)).save(out, "PNG")
    return out.getvalue()


def check_upload(ctx: Context) -> str:
    client = Client()
    client.login(ctx.node_a)
    listing = client.get(ctx.node_b, AGREEMENTS).text
    agreement_ids = sorted(set(re.findall(rf"{AGREEMENTS}(\d+)/", listing)))
    content = small_png()
    for agreement in agreement_ids:
        upload = f"{AGREEMENTS}{agreement}/anhaenge/neu/"
        form = client.get(ctx.node_b, upload)
        if form.status != 200:
            continue
        fields, options = form_fields(form.text, upload)
        fields["kind"] = fields.get("kind") or next(o for o in options["kind"] if o)
        result = client.post(
            ctx.node_a, upload, fields, files={"file": ("scan.png", content, "image/png")}
        )
        if result.status != 302:
            continue
        detail = client.get(ctx.node_b, f"{AGREEMENTS}{agreement}/").text
        links = re.findall(rf"{AGREEMENTS}{agreement}/anhaenge/(\d+)/", detail)
        expect(bool(links), "uploaded attachment not listed on node B")
        newest = max(int(i) for i in links)
        for port in (ctx.node_b, ctx.balancer):
            download = client.get(port, f"{AGREEMENTS}{agreement}/anhaenge/{newest}/")
            expect(download.status == 200, f"download on {port}: {download.status}")
            expect(download.body == content, f"download on {port} differs from the upload")
        return f"{len(content)} bytes uploaded via A, byte-identical via B and the balancer"
    raise CheckFailed("no agreement accepted an upload")


IMPORTS = f"/k/{MUNICIPALITY}/datenimport/"


def large_statistics_file() -> bytes:
    """Over the 1 MB from which the wizard checks a file in the background."""
    rows = ["Schlüssel;Gebiet;Jahr;Einwohner"]
    rows += [f"{90000000 + i};Gebiet {i};2024;{1000 + i}" for i in range(40000)]
    return ("\n".join(rows) + "\n").encode("utf-8")


def check_tasks(ctx: Context) -> str:
    client = Client()
    client.login(ctx.node_a, "planung")  # statistics are imported by the planners
    upload = f"{IMPORTS}neu/"
    fields, _options = form_fields(client.get(ctx.node_b, upload).text, upload)
    content = large_statistics_file()
    started = time.monotonic()
    response = client.post(
        ctx.node_a, upload, fields, files={"file": ("einwohner.csv", content, "text/csv")}
    )
    expect(response.status == 302, f"upload via node A answered {response.status}")
    location = response.headers.get("location", "")
    expect(re.search(rf"{IMPORTS}\d+/", location) is not None, f"redirected to {location!r}")
    detail = location[location.index(IMPORTS) :]
    deadline = time.monotonic() + 180
    checked = ("geprüft, bereit zur Übernahme", "geprüft, mit Fehlern")
    while time.monotonic() < deadline:
        page = html.unescape(client.get(ctx.node_b, detail).text)
        if any(label in page for label in checked):
            break
        expect("fehlgeschlagen" not in page, "the check failed in the worker")
        time.sleep(1)
    else:
        raise CheckFailed("the worker did not finish the check within 180 s")
    return (
        f"{len(content) // 1024} KB uploaded via A, checked by the worker, result on B after "
        f"{time.monotonic() - started:.0f} s"
    )


def check_balancer(ctx: Context) -> str:
    seen: dict[str, int] = {}
    for _ in range(20):
        node = Client().get(ctx.balancer, "/gesund/").headers.get("x-verbund-node", "?")
        seen[node] = seen.get(node, 0) + 1
    expect(len(seen) == 2, f"balancer used {seen}")
    return "20 requests spread as " + ", ".join(f"{k}: {v}" for k, v in sorted(seen.items()))


def check_lockout_behind_proxy(ctx: Context) -> str:
    owner, attacker = Client(source="127.0.0.2"), Client(source="127.0.0.3")
    forged = {"X-Forwarded-For": "127.0.0.2"}
    for _ in range(6):
        last = attacker.login(ctx.balancer, USER, "falsch", headers=forged)
    expect(last.status == 429, f"attacker not locked out ({last.status})")
    again = attacker.login(ctx.balancer, USER, PASSWORD, headers=forged)
    expect(again.status == 429, "locked attacker logged in with the right password")
    ok = owner.login(ctx.balancer)
    expect(ok.status == 302, f"owner at 127.0.0.2 was locked out too ({ok.status})")
    return "attacker 127.0.0.3 locked (forged X-Forwarded-For ignored); owner 127.0.0.2 logs in"


CHECKS = [
    check_readiness,
    check_balancer,
    check_sessions,
    check_data_change,
    check_upload,
    check_lockout_behind_proxy,
    check_tasks,
]


# --- throughput ---------------------------------------------------------------------------------


def wrk(port: int, path: str, cookie: str, seconds: int, connections: int) -> tuple[float, str]:
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk") or "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    median = re.search(r"50%\s+(\S+)", result.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if rate is None or errors:
        raise CheckFailed(f"wrk failed: {result.stdout[-800:]} {result.stderr[-400:]}")
    return float(rate.group(1)), median.group(1) if median else "?"


def throughput(ctx: Context, seconds: int, connections: int) -> list[str]:
    client = Client()
    expect(client.login(ctx.balancer).status == 302, "login for the benchmark failed")
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    path = AGREEMENTS
    expect(client.get(ctx.balancer, path).status == 200, "benchmark page not reachable")
    wrk(ctx.balancer, path, cookie, 2, connections)  # warm-up
    one, one_median = wrk(LB_ONE_PORT, path, cookie, seconds, connections)
    two, two_median = wrk(ctx.balancer, path, cookie, seconds, connections)
    cores = os.cpu_count()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"page {path} signed in, wrk -t2 -c{connections} -d{seconds}s through nginx",
        f"one node  (2 gunicorn workers): {one:7.1f} req/s, median {one_median}",
        f"two nodes (2+2 workers):        {two:7.1f} req/s, median {two_median}"
        f"  (x{two / one:.2f})",
        f"machine: {cores} CPU cores shared by nginx, both nodes, PostgreSQL, Redis and wrk; "
        "a second node on the same cores cannot add CPU, it shows the nodes cooperate.",
        f"load average (1/5/15 min) at the end: {load} (other work on the machine counts too)",
    ]


# --- main ---------------------------------------------------------------------------------------


def run(args) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="verbund-scaleout-"))
    prefix = f"scaleout-{os.getpid()}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": ",".join(
            f"http://{HOST}:{p}" for p in (LB_PORT, LB_ONE_PORT, *NODE_PORTS)
        ),
        "DATABASE_URL": f"{PG_URL}/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "SESSION_STORE": "cached_db",
        "VERBUND_VAR_DIR": str(tmp / "var"),
        "TRUSTED_PROXIES": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    ctx = Context(tmp=tmp, env=env)
    failures = 0
    started = time.monotonic()
    try:
        print(f"Arbeitsordner {tmp}; Datenbank {DATABASE}; Redis {REDIS_URL} ({prefix}:*)")
        prepare_database(create=True)
        ctx.manage("migrate", "--noinput", "-v0")
        ctx.manage("collectstatic", "--noinput", "-v0")
        ctx.manage("seed_demo")
        print(f"Datenbank und Demo bereit nach {time.monotonic() - started:.0f} s")
        for name, port in zip(("node-a", "node-b"), NODE_PORTS, strict=True):
            ctx.start(
                name,
                [str(GUNICORN), "config.wsgi", "--bind", f"{HOST}:{port}", "--workers", "2"],
            )
        ctx.start("worker", [str(PYTHON), "manage.py", "db_worker", "--queue-name", "*"])
        conf = write_nginx_config(
            tmp / "nginx", listen=LB_PORT, nodes=list(NODE_PORTS), single=LB_ONE_PORT
        )
        ctx.start("nginx", [nginx_binary(), "-p", str(tmp / "nginx"), "-c", str(conf)])
        for port in (*NODE_PORTS, LB_PORT, LB_ONE_PORT):
            wait_for(port)
        for check in CHECKS:
            try:
                print(f"OK    {check.__name__}: {check(ctx)}")
            except Exception as error:  # a failed check is reported, the others still run
                failures += 1
                print(f"FEHLER {check.__name__}: {error}")
        if not args.no_benchmark:
            try:
                for line in throughput(ctx, args.seconds, args.connections):
                    print(f"      {line}")
            except CheckFailed as error:
                failures += 1
                print(f"FEHLER throughput: {error}")
    finally:
        ctx.stop_all()
        removed = clear_redis(prefix)
        if not args.keep:
            prepare_database(create=False)
            shutil.rmtree(tmp, ignore_errors=True)
        print(
            f"Alles gestoppt ({removed} Redis-Schlüssel entfernt) nach "
            f"{time.monotonic() - started:.0f} s."
        )
    print("Scale-out: alle Prüfungen bestanden." if not failures else f"{failures} FEHLER.")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--timeout", type=int, default=600, help="hard limit for the whole run")
    parser.add_argument("--no-benchmark", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep database and folder")
    args = parser.parse_args()

    def give_up(signum, frame):
        raise KeyboardInterrupt(f"time limit of {args.timeout} s reached")

    signal.signal(signal.SIGALRM, give_up)
    signal.signal(signal.SIGTERM, give_up)
    signal.alarm(args.timeout)
    try:
        return run(args)
    except KeyboardInterrupt as error:
        print(f"Abgebrochen: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
