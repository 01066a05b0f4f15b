"""HTTP load: every main page, signed in as each main role, under real load.

    python -m bench.http_load                      # CI scale, SQLite + PostgreSQL (if reachable)
    python -m bench.http_load --scale state        # the issue's state scale (takes ~10 min/db)
    python -m bench.http_load --databases sqlite --roles planung --pages start,agreement_list

Per database: a fresh database, ``seed_scale`` for a state (many municipalities) plus one large
municipality (see SCALES), production settings served by gunicorn with 2 workers, and wrk with 8
connections. Each role signs in with a real POST to the login form; wrk sends the session
cookie. Before, halfway and after the pages, the trivial view ``/gesund/`` is measured
anonymously and signed in (three times in the same run; the medians are the baseline). Every
page reports req/s, p50/p95/p99, errors (anything but 200, timeouts, socket errors) and the
ratio of its p95 to the signed-in trivial p95.

Targets (issue 17): every page p95 <= 10 x the signed-in trivial p95 with 0 errors; the
signed-in trivial view >= 70 % of the anonymous one's req/s. A missed target makes the exit
status 1. Results: one JSON line per figure in bench/results/results.jsonl, the whole run in
bench/results/http_load-<scale>-<database>.json and a Markdown table in
bench/results/http_load-<scale>.md
(``--write-readme`` copies it into bench/README.md).

Ports: BENCH_HTTP_PORT (8140). PostgreSQL: BENCH_PG_URL (a database this run may drop and
create; default postgres://postgres@127.0.0.1:5432/verbund_bench_http).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

from loopback import Client  # noqa: E402

from bench.harness import (  # noqa: E402
    CI_SCALE,
    RESULTS_DIR,
    TEMPLATE_ENV,
    report,
    setup_django,
)

PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_HTTP_PORT", "8140"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/verbund_bench_http")
PASSWORD = "Bench-Passwort-2026"  # noqa: S105 (generated accounts of a throw-away database)
BIG = "gross"
CONNECTIONS, WORKERS = 8, 2
RATIO_TARGET, TRIVIAL_SHARE_TARGET = 10.0, 0.70
MIN_REQUESTS = 8  # fewer completed requests than connections: no usable percentiles

# "state": the shape (a state-wide deployment plus one large municipality).
# "ci": a tenth of it, so that CI stays within a few minutes.
SCALES = {
    "state": {
        "state": {"centres": 3000, "municipalities": 40},
        "big": {
            "centres": 300, "facilities_per_centre": 34, "areas": 2000, "value_years": 3,
            "organisations": 5000, "relationships": 45000, "bodies": 100, "agreements": 1500,
            "offers": 5000,
        },
        "seconds": 5,
        "roles": ("planung", "koordination", "traeger", "partner"),
    },
    "ci": {
        "state": {"centres": 300, "municipalities": 5},
        "big": {
            "centres": 30, "facilities_per_centre": 34, "areas": 200, "value_years": 3,
            "organisations": 500, "relationships": 4500, "bodies": 10, "agreements": 150,
            "offers": 500,
        },
        "seconds": 2,
        "roles": ("planung", "koordination"),
    },
    # "quick": CI's benchmark step (python -m bench --ci): every page once, one role, 1 s each.
    "quick": {
        "state": {"centres": 100, "municipalities": 2},
        "big": {
            "centres": 10, "facilities_per_centre": 34, "areas": 60, "value_years": 1,
            "organisations": 150, "relationships": 1000, "bodies": 5, "agreements": 40,
            "offers": 150,
        },
        "seconds": 1,
        "roles": ("planung",),
    },
}  # fmt: skip
TINY_SEED = ("--centres=2", "--facilities-per-centre=1")  # --trivial-only: the frame alone
ROLES = {
    "planung": "Jugendhilfeplanung",
    "koordination": "Koordinierungskraft",
    "traeger": "Träger",
    "partner": "Partnerorganisation",
    "leitung": "Leitung",
    "verwaltung": "Administration",
}

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local not_ok = 0
  for _, t in ipairs(threads) do not_ok = not_ok + t:get("bad") end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "not_200": %d, '
    .. '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes, not_ok,
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


# --- pages --------------------------------------------------------------------------------------


def page_urls() -> dict[str, str]:
    """Every main page of the large municipality, with real ids from the seeded data."""
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from verbund.cooperation.models import Agreement
    from verbund.network.models import Organisation
    from verbund.offers.models import Offer
    from verbund.tenancy.models import Facility, FamilyCentre, Municipality

    with scopes_disabled():
        big = Municipality.objects.get(slug=f"{BIG}-1")
        centre = FamilyCentre.objects.filter(municipality=big).order_by("pk").first()
        facility = Facility.objects.filter(centre=centre).order_by("pk").first()
        organisation = Organisation.objects.filter(municipality=big).order_by("pk").first()
        agreement = Agreement.objects.filter(centre=centre).order_by("pk").first()
        offer = Offer.objects.filter(centre=centre).order_by("pk").first()
    slug = [big.slug]
    urls = {
        "start": reverse("tenancy:home", args=slug),
        "centre_list": reverse("tenancy:centre_list", args=slug),
        "centre_detail": reverse("tenancy:centre_detail", args=[*slug, centre.pk]),
        "facility_list": reverse("tenancy:facility_list", args=slug),
        "facility_detail": reverse("tenancy:facility_detail", args=[*slug, facility.pk]),
        "facility_export_csv": reverse("tenancy:facility_export", args=[*slug, "csv"]),
        "organisation_list": reverse("network:organisation_list", args=slug),
        "organisation_detail": reverse(
            "network:organisation_detail", args=[*slug, organisation.pk]
        ),
        "relationship_list": reverse("network:relationship_list", args=slug),
        "body_list": reverse("network:body_list", args=slug),
        "network": reverse("network:network", args=slug),
        "agreement_list": reverse("cooperation:agreement_list", args=slug),
        "agreement_due": reverse("cooperation:agreement_due", args=slug),
        "need_index": reverse("analysis:overview", args=slug),
        "need_list": reverse("analysis:need_list", args=slug),
        "figures": reverse("analysis:figures", args=slug),
        "area_list": reverse("areas:area_list", args=slug),
        "area_map": reverse("areas:map", args=slug),
        "indicator_list": reverse("statistics:indicator_list", args=slug),
        "offer_list": reverse("offers:offer_list", args=slug),
        "offer_search": reverse("offers:offer_list", args=slug) + "?q=Familie&kostenlos=on",
        "gaps_city": reverse("offers:gaps", args=slug),
        "gaps_centre": reverse("offers:gaps", args=slug) + f"?zentrum={centre.pk}",
        "overlap_report": reverse("offers:overlap_report", args=slug),
        "silo_overview": reverse("offers:silo_overview", args=slug),
        "room_list": reverse("rooms:room_list", args=slug),
    }
    if offer is not None:
        urls["offer_detail"] = reverse("offers:offer_detail", args=[*slug, offer.pk])
    if agreement is not None:
        urls["agreement_detail"] = reverse(
            "cooperation:agreement_detail", args=[*slug, agreement.pk]
        )
    return urls


# --- processes ----------------------------------------------------------------------------------


def manage(env: dict, *args: str, timeout: int = 1800) -> str:
    result = subprocess.run(  # noqa: S603
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)}: {result.stderr[-2000:]}")
    return result.stdout


def prepare_postgres(create: bool) -> None:
    import psycopg

    base, _, name = PG_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')


def postgres_reachable() -> bool:
    try:
        import psycopg

        base = PG_URL.rpartition("/")[0]
        with psycopg.connect(f"{base}/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def seed_arguments(spec: dict) -> list[str]:
    return [f"--{key.replace('_', '-')}={value}" for key, value in spec.items()]


def wait_for(port: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if Client().get(port, "/gesund/").status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn on port {port} did not answer within {seconds:.0f} s")


def wrk(path: str, seconds: int, cookie: str | None, script: Path) -> dict:
    command = [
        shutil.which("wrk") or "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    result = subprocess.run(  # noqa: S603
        [*command, f"http://{HOST}:{PORT}{path}"],
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=False,
    )
    found = re.search(r"WRKJSON (\{.*\})", result.stdout)
    if not found:
        raise RuntimeError(f"wrk failed: {result.stdout[-500:]} {result.stderr[-500:]}")
    raw = json.loads(found.group(1))
    usable = raw["requests"] >= MIN_REQUESTS
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1) if usable else None,
        "p95_ms": round(raw["p95_us"] / 1000, 1) if usable else None,
        "p99_ms": round(raw["p99_us"] / 1000, 1) if usable else None,
        "kb_per_response": round(raw["bytes"] / max(1, raw["requests"]) / 1024, 1),
        "errors": raw["not_200"] + raw["socket_errors"] + raw["timeouts"],
    }


def server_env(tmp: Path, database: str, pg_url: str, **extra: str) -> dict:
    """Production settings for gunicorn and manage.py on a throw-away database (and the same
    in this process's environment, for Django set up here to read it)."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "VERBUND_VAR_DIR": str(tmp / "var"),
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        **extra,
    }
    if database == "postgresql":
        env["DATABASE_URL"] = pg_url
        os.environ["DATABASE_URL"] = pg_url
    else:
        env.pop("DATABASE_URL", None)
        os.environ.pop("DATABASE_URL", None)
    os.environ.update({k: env[k] for k in ("VERBUND_VAR_DIR", "LOG_LEVEL")})
    return env


def start_server(env: dict, port: int, log) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [str(GUNICORN), "config.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(WORKERS)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_for(port)
    return server


def stop_server(server: subprocess.Popen | None) -> None:
    if server is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


# --- one database -------------------------------------------------------------------------------


def run_database(args) -> int:
    """Runs in its own process (Django is set up for exactly one database)."""
    scale = SCALES[args.scale]
    seconds = args.seconds or scale["seconds"]
    tmp = Path(tempfile.mkdtemp(prefix="verbund-bench-http-"))
    env = server_env(
        tmp, args.database, PG_URL, CSRF_TRUSTED_ORIGINS=f"http://{HOST}:{PORT}", SESSION_STORE="db"
    )
    if args.database == "postgresql":
        prepare_postgres(create=True)
    script = tmp / "report.lua"
    script.write_text(WRK_SCRIPT)
    server = log = None
    started = time.monotonic()
    try:
        template = Path(os.environ.get(TEMPLATE_ENV, "") or "/nonexistent")
        if args.database == "sqlite" and template.is_file():
            # Under ``python -m bench`` an earlier benchmark left the migrated schema.
            (tmp / "var").mkdir(exist_ok=True)
            shutil.copyfile(template, tmp / "var" / "verbund.sqlite3")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        seeded = time.monotonic()
        if args.trivial_only:
            # The frame (session, user, middleware) does not depend on the amount of data: one
            # municipality with its accounts is enough, and takes a second instead of minutes.
            manage(env, "seed_scale", f"--prefix={BIG}", f"--password={PASSWORD}", *TINY_SEED)
        else:
            manage(env, "seed_scale", "--prefix=land", *seed_arguments(scale["state"]))
            manage(
                env, "seed_scale", f"--prefix={BIG}", f"--password={PASSWORD}",
                *seed_arguments(scale["big"]),
            )  # fmt: skip
        seed_seconds = round(time.monotonic() - seeded, 1)
        print(f"[{args.database}] seeded ({args.scale}) in {seed_seconds} s", flush=True)
        setup_django()
        urls = {} if args.trivial_only else page_urls()
        if args.pages:
            urls = {name: url for name, url in urls.items() if name in args.pages}
        log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115 (closed below)
        server = start_server(env, PORT, log)
        return measure(args, urls, seconds, script, seed_seconds, started)
    finally:
        stop_server(server)
        if log is not None:
            log.close()
        if args.database == "postgresql":
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            prepare_postgres(create=False)
        shutil.rmtree(tmp, ignore_errors=True)


def sign_in(username: str) -> tuple[str, Client]:
    client = Client()
    response = client.login(PORT, username=username, password=PASSWORD)
    if response.status != 302:
        raise RuntimeError(f"login as {username} answered {response.status}")
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items()), client


def drain() -> None:
    """Wait until requests wrk left behind are served: a new connection queues behind them
    (gunicorn's workers accept in order), so two trivial requests return only afterwards."""
    for _ in range(2):
        with contextlib.suppress(OSError):
            Client().get(PORT, "/gesund/")


def measure(args, urls, seconds, script, seed_seconds, started) -> int:
    from django.db import connection

    vendor = connection.vendor
    trivial_cookie, _ = sign_in(f"{BIG}-{args.roles[0]}")
    trivial: dict[str, list[dict]] = {"anonymous": [], "signed_in": []}

    def measure_trivial() -> None:
        drain()
        trivial["anonymous"].append(wrk("/gesund/", seconds, None, script))
        trivial["signed_in"].append(wrk("/gesund/", seconds, trivial_cookie, script))

    wrk("/gesund/", 1, trivial_cookie, script)  # warm-up: imports, connections
    measure_trivial()
    if args.trivial_only:
        measure_trivial()
    rows = []
    plan = [(role, name, url) for role in args.roles for name, url in urls.items()]
    halfway = len(plan) // 2
    sessions: dict[str, tuple[str, Client]] = {}
    for index, (role, name, url) in enumerate(plan):
        if index == halfway and not args.trivial_only:
            measure_trivial()
        if args.trivial_only:
            break
        if role not in sessions:
            sessions[role] = sign_in(f"{BIG}-{role}")
        cookie, client = sessions[role]
        probe_started = time.perf_counter()
        try:
            probe = client.get(PORT, url)
        except OSError as error:  # a page slower than the client's 60 s: an error, go on
            rows.append({"role": role, "page": name, "url": url, "errors": 1, "probe": str(error)})
            print(f"[{vendor}] {role:12} {name:22} {error}", flush=True)
            drain()
            continue
        serial_ms = round((time.perf_counter() - probe_started) * 1000, 1)
        row = {"role": role, "page": name, "url": url, "serial_ms": serial_ms}
        if probe.status in (403, 404):
            rows.append({**row, "skipped": f"HTTP {probe.status} for this role"})
            continue
        if probe.status != 200:
            rows.append({**row, "errors": 1, "probe_status": probe.status})
            print(f"[{vendor}] {role:12} {name:22} HTTP {probe.status}", flush=True)
            continue
        row.update(wrk(url, seconds, cookie, script))
        drain()
        rows.append(row)
        print(
            f"[{vendor}] {role:12} {name:22} {row['rps']:8.1f} req/s  p95 {row['p95_ms']} ms"
            f"  errors {row['errors']}  serial {serial_ms} ms",
            flush=True,
        )
    measure_trivial()
    return evaluate(args, vendor, trivial, rows, seed_seconds, started)


def evaluate(args, vendor, trivial, rows, seed_seconds, started) -> int:
    def median(kind, key):
        values = [m[key] for m in trivial[kind] if m[key] is not None]
        return round(statistics.median(values), 2) if values else None

    base_p95 = median("signed_in", "p95_ms")
    anonymous_rps, signed_rps = median("anonymous", "rps"), median("signed_in", "rps")
    share = round(signed_rps / anonymous_rps, 2) if anonymous_rps else None
    ok = share is not None and share >= TRIVIAL_SHARE_TARGET
    ok &= all(m["errors"] == 0 for kind in trivial.values() for m in kind)
    report(
        "http_load.trivial",
        scale=args.scale,
        anonymous_rps=anonymous_rps,
        anonymous_p95_ms=median("anonymous", "p95_ms"),
        signed_in_rps=signed_rps,
        signed_in_p95_ms=base_p95,
        signed_in_share=share,
        target_share=TRIVIAL_SHARE_TARGET,
        runs=trivial,
    )
    for row in rows:
        if "skipped" in row:
            continue
        p95 = row.get("p95_ms")
        row["ratio"] = round(p95 / base_p95, 1) if p95 is not None and base_p95 else None
        row["ok"] = (
            row.get("errors", 1) == 0 and row["ratio"] is not None and row["ratio"] <= RATIO_TARGET
        )
        ok &= row["ok"]
        report("http_load.page", scale=args.scale, **row)
    record = {
        "database": vendor,
        "scale": args.scale,
        "scale_spec": SCALES[args.scale],
        "seconds_per_measurement": args.seconds or SCALES[args.scale]["seconds"],
        "workers": WORKERS,
        "connections": CONNECTIONS,
        "seed_seconds": seed_seconds,
        "run_seconds": round(time.monotonic() - started, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "cpu_count": os.cpu_count(),
        "trivial": {
            "anonymous_rps": anonymous_rps,
            "anonymous_p95_ms": median("anonymous", "p95_ms"),
            "signed_in_rps": signed_rps,
            "signed_in_p95_ms": base_p95,
            "signed_in_share": share,
            "runs": trivial,
        },
        "pages": rows,
        "ok": ok,
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"http_load-{args.scale}-{vendor}.json"
    out.write_text(json.dumps(record, ensure_ascii=False, indent=1))
    print(f"[{vendor}] {'alle Ziele erreicht' if ok else 'Ziel verfehlt'}; {out}", flush=True)
    return 0 if ok else 1


# --- the report ---------------------------------------------------------------------------------

README = ROOT / "bench" / "README.md"
START, END = "<!-- http_load:start -->", "<!-- http_load:end -->"


def table(scale: str) -> str:
    records = []
    for vendor in ("sqlite", "postgresql"):
        path = RESULTS_DIR / f"http_load-{scale}-{vendor}.json"
        if path.exists():
            records.append(json.loads(path.read_text()))
    if not records:
        return "(noch keine Messung)"
    lines = []
    for record in records:
        t = record["trivial"]
        lines += [
            f"**{record['database']}**, scale `{record['scale']}`, gunicorn "
            f"{record['workers']} workers, wrk {record['connections']} connections, "
            f"{record['seconds_per_measurement']} s per page, {record['cpu_count']} cores, "
            f"load {record['load_avg_1m']}: trivial `/gesund/` anonymous "
            f"{t['anonymous_rps']} req/s (p95 {t['anonymous_p95_ms']} ms), signed in "
            f"{t['signed_in_rps']} req/s (p95 {t['signed_in_p95_ms']} ms) = "
            f"{round((t['signed_in_share'] or 0) * 100)} % (target ≥ 70 %).",
            "",
            "| role | page | req/s | p50 ms | p95 ms | p99 ms | KB | errors | p95 / trivial "
            "| serial ms |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in record["pages"]:
            if "skipped" in row:
                continue
            ratio = row.get("ratio")
            mark = "" if row.get("ok") else " ✗"
            lines.append(
                f"| {row['role']} | {row['page']} | {row.get('rps', '–')} | "
                f"{row.get('p50_ms') or '–'} | {row.get('p95_ms') or '–'} | "
                f"{row.get('p99_ms') or '–'} | {row.get('kb_per_response', '–')} | "
                f"{row.get('errors', '–')} | {ratio if ratio is not None else '–'}{mark} | "
                f"{row.get('serial_ms', '–')} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_table(scale: str, into_readme: bool) -> None:
    text = table(scale)
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / f"http_load-{scale}.md").write_text(text)
    if into_readme and README.exists():
        current = README.read_text()
        if START in current and END in current:
            head, _, rest = current.partition(START)
            _, _, tail = rest.partition(END)
            README.write_text(f"{head}{START}\n{text}{END}{tail}")


# --- main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="quick" if CI_SCALE else "ci")
    parser.add_argument(
        "--databases",
        default=None,
        help="sqlite,postgresql (default: both, PostgreSQL only when reachable)",
    )
    parser.add_argument("--database", help=argparse.SUPPRESS)  # one database, internal
    parser.add_argument("--roles", default="", help="default: the scale's roles (SCALES)")
    parser.add_argument("--pages", default="", help="comma-separated page names (default all)")
    parser.add_argument("--seconds", type=int, default=0, help="wrk duration per measurement")
    parser.add_argument("--trivial-only", action="store_true")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    args.roles = [r for r in args.roles.split(",") if r] or list(SCALES[args.scale]["roles"])
    unknown = set(args.roles) - set(ROLES)
    if unknown:
        parser.error(f"unknown roles: {', '.join(sorted(unknown))}")
    args.pages = {p for p in args.pages.split(",") if p}
    if args.database:
        return run_database(args)
    if shutil.which("wrk") is None:
        print("wrk fehlt (Debian: apt-get install wrk).", file=sys.stderr)
        return 1
    databases = (
        args.databases.split(",")
        if args.databases
        else ["sqlite", *(["postgresql"] if postgres_reachable() else [])]
    )
    failed = 0
    for database in databases:
        command = [str(PYTHON), "-m", "bench.http_load", "--database", database]
        command += ["--scale", args.scale, "--roles", ",".join(args.roles)]
        command += ["--seconds", str(args.seconds), "--pages", ",".join(sorted(args.pages))]
        command += ["--trivial-only"] if args.trivial_only else []
        result = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603
        failed += result.returncode != 0
    write_table(args.scale, args.write_readme)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
