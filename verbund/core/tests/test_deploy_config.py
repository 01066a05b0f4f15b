"""The shipped deployment (deploy/) matches the settings: environment, upload limit, units."""

from __future__ import annotations

import configparser
import importlib
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
ENV_TEMPLATE = DEPLOY / "verbund.env.example"
NGINX = DEPLOY / "nginx" / "verbund.conf"

# os.environ.get("X" / os.environ["X"] / getenv("X") / env_bool("X" / env_list("X" / env="X"
ENV_READ = re.compile(
    r"""(?:os\.environ\.get\(|os\.environ\[|os\.getenv\(|env_bool\(|env_list\(|\benv=)\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def env_reads(path: Path) -> set[str]:
    return set(ENV_READ.findall(path.read_text(encoding="utf-8")))


def app_modules() -> list[Path]:
    """Settings and application code; test helpers (tests/, testing*.py) read their own."""
    files = list((ROOT / "config").rglob("*.py")) + list((ROOT / "verbund").rglob("*.py"))
    return [
        f
        for f in files
        if "tests" not in f.parts
        and not f.name.startswith("testing")
        and "migrations" not in f.parts
    ]


def template_names() -> set[str]:
    names = set()
    for line in ENV_TEMPLATE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^#?([A-Z][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


def test_the_scanner_finds_the_reads_it_must_find():
    base = env_reads(ROOT / "config" / "settings" / "base.py")
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "TRUSTED_PROXIES", "LOG_FORMAT"} <= base


def test_every_environment_variable_is_in_the_template_and_declared_in_base():
    read = set().union(*(env_reads(f) for f in app_modules()))
    listed = template_names()
    base = env_reads(ROOT / "config" / "settings" / "base.py")
    assert read - listed == set(), "missing in deploy/verbund.env.example"
    assert read - base == set(), "read from the environment but not declared in base.py"
    # And the template names nothing that no code reads (a stale entry misleads operators).
    extra = listed - read - {"DJANGO_SETTINGS_MODULE", "GUNICORN_CMD_ARGS"}
    assert extra == set()


def nginx_body_limit_mb() -> int:
    values = re.findall(r"client_max_body_size\s+(\d+)m;", NGINX.read_text())
    assert len(values) == 1
    return int(values[0])


def test_proxy_upload_limit_equals_the_apps_largest_request():
    from django.conf import settings

    from verbund.areas.forms import import_max_bytes
    from verbund.areas.photos import MAX_UPLOAD_BYTES as PHOTO_BYTES
    from verbund.areas.services import MAX_PHOTOS_PER_OBSERVATION
    from verbund.cooperation.uploads import max_bytes as attachment_bytes
    from verbund.network.list_import.reader import MAX_UPLOAD_BYTES as NETWORK_BYTES
    from verbund.statistics.services import MAX_UPLOAD_BYTES as STATISTICS_BYTES

    limit = settings.UPLOAD_MAX_REQUEST_MB * 1024 * 1024
    assert nginx_body_limit_mb() == settings.UPLOAD_MAX_REQUEST_MB
    uploads = {
        "photos": PHOTO_BYTES * MAX_PHOTOS_PER_OBSERVATION,
        "statistics": STATISTICS_BYTES,
        "areas": import_max_bytes(),
        "attachment": attachment_bytes(),
        "network": NETWORK_BYTES,
    }
    form_overhead = 2 * 1024 * 1024  # multipart boundaries and the other fields
    for name, size in uploads.items():
        assert size + form_overhead <= limit, f"{name} upload larger than the proxy allows"
    # "Matches": the proxy does not accept far more than any form may send.
    assert limit - max(uploads.values()) <= 10 * 1024 * 1024


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_systemd_units_start_web_worker_and_jobs_with_the_environment_file():
    web = unit("verbund-web.service")["Service"]
    worker = unit("verbund-worker.service")["Service"]
    jobs = unit("verbund-scheduled-jobs.service")["Service"]
    assert "gunicorn config.wsgi" in web["ExecStart"]
    assert web["ExecStart"].startswith("/opt/verbund/.venv/bin/")
    assert worker["ExecStart"].endswith("manage.py db_worker")
    assert jobs["ExecStart"].endswith("manage.py run_scheduled_jobs")
    assert jobs["Type"] == "oneshot"
    for service in (web, worker, jobs):
        assert service["EnvironmentFile"] == "/etc/verbund/verbund.env"
        assert service["User"] == "verbund"
    timer = unit("verbund-scheduled-jobs.timer")
    assert timer["Timer"]["Unit"] == "verbund-scheduled-jobs.service"
    assert timer["Install"]["WantedBy"] == "timers.target"
    backup = unit("verbund-backup.timer")
    assert backup["Timer"]["Unit"] == "verbund-backup.service"
    assert "manage.py backup" in unit("verbund-backup.service")["Service"]["ExecStart"]


def test_gunicorn_reads_its_arguments_from_the_template():
    line = next(
        line
        for line in ENV_TEMPLATE.read_text().splitlines()
        if line.startswith("GUNICORN_CMD_ARGS=")
    )
    from gunicorn.config import Config

    config = Config()
    parser = config.parser()
    args = parser.parse_args(line.split("=", 1)[1].split())
    assert args.bind == ["127.0.0.1:8001"]
    assert args.workers >= 2


def test_nginx_accepts_the_shipped_configuration_on_loopback(tmp_path):
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx is not installed (apt-get install nginx-light)")
    sys.path.insert(0, str(DEPLOY))
    try:
        scaleout = importlib.import_module("scaleout")
    finally:
        sys.path.remove(str(DEPLOY))
    conf = scaleout.write_nginx_config(tmp_path, listen=8139, nodes=[8131, 8132])
    result = subprocess.run(  # noqa: S603
        [scaleout.nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rendered = conf.read_text()
    assert "client_max_body_size 80m;" in rendered
    assert "server 127.0.0.1:8131" in rendered and "server 127.0.0.1:8132" in rendered
    assert "ssl_certificate" not in rendered


# --- settings read from the environment --------------------------------------------------------


@pytest.fixture
def load_base(monkeypatch):
    """Import config.settings.base afresh under a given environment."""
    import config.settings.base as base

    def load(**env):
        for key in ("REDIS_URL", "SESSION_STORE", "STORAGE_BACKEND", "LOG_FORMAT"):
            monkeypatch.delenv(key, raising=False)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        return importlib.reload(base)

    yield load
    monkeypatch.undo()
    importlib.reload(base)


def test_cache_is_local_memory_by_default_and_redis_with_redis_url(load_base):
    assert load_base().CACHES["default"]["BACKEND"].endswith("LocMemCache")
    cache = load_base(REDIS_URL="redis://127.0.0.1:6379/1").CACHES["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_redis_cache_is_shared_between_two_processes(load_base):
    from django.core.cache.backends.redis import RedisCache

    config = load_base(REDIS_URL="redis://127.0.0.1:6379/1").CACHES["default"]
    params = {k: v for k, v in config.items() if k not in {"BACKEND", "LOCATION"}}
    node_a, node_b = RedisCache(config["LOCATION"], params), RedisCache(config["LOCATION"], params)
    node_a.set("deploy-test-key", {"wert": 1}, 30)
    assert node_b.get("deploy-test-key") == {"wert": 1}
    node_b.delete("deploy-test-key")
    assert node_a.get("deploy-test-key") is None


def test_sessions_can_live_in_the_cache(load_base):
    assert load_base().SESSION_ENGINE == "verbund.core.sessions"
    cached = load_base(SESSION_STORE="cached_db", REDIS_URL="redis://127.0.0.1:6379/1")
    assert cached.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    with pytest.raises(ImproperlyConfigured, match="SESSION_STORE"):
        load_base(SESSION_STORE="memcached")


def test_production_refuses_cache_sessions_without_a_shared_cache():
    from verbund.core.tests.test_deploy_settings import run_manage

    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "x.org",
        "SESSION_STORE": "cached_db",
    }
    result = run_manage("check", env=env)
    assert result.returncode != 0 and "REDIS_URL" in result.stderr
    result = run_manage("check", env={**env, "REDIS_URL": "redis://127.0.0.1:6379/1"})
    assert result.returncode == 0, result.stderr


def test_media_storage_is_local_by_default_and_s3_on_request(load_base):
    assert load_base().STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        load_base(STORAGE_BACKEND="s3")
    base = load_base(
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="verbund-medien",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="geheim",
    )
    config = base.STORAGES["default"]
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    from storages.backends.s3 import S3Storage

    storage = S3Storage(**config["OPTIONS"])
    assert storage.bucket_name == "verbund-medien"
    assert storage.endpoint_url == "https://s3.example.org"
    assert storage.default_acl == "private" and storage.querystring_auth is True
    assert storage.location == "media"


def test_uploads_go_through_the_storage_api():
    """File fields use the configured storage; nothing writes media by path."""
    from django.apps import apps
    from django.core.files.storage import default_storage
    from django.db import models

    file_fields = [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert file_fields
    for field in file_fields:
        assert (
            field.storage is default_storage or field.storage._wrapped is default_storage._wrapped
        )
    offenders = [
        str(f.relative_to(ROOT))
        for f in app_modules()
        if "MEDIA_ROOT" in f.read_text(encoding="utf-8") and "settings" not in f.parts
    ]
    assert offenders == []


def test_json_logs_are_one_object_per_line(load_base):
    assert load_base(LOG_FORMAT="json").LOGGING["handlers"]["console"]["formatter"] == "json"
    with pytest.raises(ImproperlyConfigured):
        load_base(LOG_FORMAT="xml")
    from verbund.core.logs import JsonFormatter

    record = logging.makeLogRecord(
        {"name": "verbund.test", "levelname": "WARNING", "msg": "Import %s fertig", "args": (7,)}
    )
    record.run_id = 7
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["message"] == "Import 7 fertig" and entry["level"] == "WARNING"
    assert entry["logger"] == "verbund.test" and entry["run_id"] == 7
    try:
        raise ValueError("kaputt")
    except ValueError:
        record = logging.makeLogRecord({"msg": "Fehler", "exc_info": sys.exc_info()})
    assert "ValueError: kaputt" in json.loads(JsonFormatter().format(record))["exception"]
