"""Backup and restore: the demo, backed up and restored into a fresh database, is equal in every
table (row count and content hash) and every media file; and dumpdata works across tenants."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def manage(*args: str, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    dropped = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "VERBUND_VAR_DIR", "REDIS_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return result


def media_files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def postgres_url(name: str) -> str:
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return f"{base}/{name}"


def recreate_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(postgres_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


@pytest.fixture
def databases(tmp_path):
    """(source env, target env) — SQLite files, or two fresh PostgreSQL databases."""
    source = {"VERBUND_VAR_DIR": str(tmp_path / "quelle")}
    target = {"VERBUND_VAR_DIR": str(tmp_path / "ziel")}
    if POSTGRES:
        names = [f"verbund_backup_src_{os.getpid()}", f"verbund_backup_dst_{os.getpid()}"]
        for name in names:
            recreate_postgres(name)
        source["DATABASE_URL"], target["DATABASE_URL"] = map(postgres_url, names)
    yield source, target
    if POSTGRES:
        import psycopg

        with psycopg.connect(postgres_url("postgres"), autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fingerprints(env: dict[str, str]) -> dict:
    """Row counts and content hashes of every table, read by a process of its own."""
    code = (
        "import json; from verbund.core.backup import table_fingerprints; "
        "print(json.dumps(table_fingerprints()))"
    )
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_demo_backup_restores_into_a_fresh_database_with_every_table_and_file_equal(
    tmp_path, databases
):
    source, target = databases
    for step in (("migrate", "--noinput", "-v0"), ("seed_demo",)):
        result = manage(*step, env=source)
        assert result.returncode == 0, result.stderr
    # Media files as uploads leave them: nested folders, binary content, a non-ASCII name.
    media = Path(source["VERBUND_VAR_DIR"]) / "media"
    (media / "vereinbarungen" / "7").mkdir(parents=True, exist_ok=True)
    (media / "vereinbarungen" / "7" / "scan.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(200_000))
    (media / "statistics-imports" / "2026" / "12").mkdir(parents=True, exist_ok=True)
    (media / "statistics-imports" / "2026" / "12" / "Einwohner_Übersicht.csv").write_text(
        "Gebiet;Wert\nNordstadt;12\n", encoding="utf-8"
    )

    archive = tmp_path / "sicherung.tar"
    result = manage("backup", str(archive), env=source)
    assert result.returncode == 0, result.stderr
    assert "Sicherung geschrieben" in result.stdout
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert ("database.pgdump" if POSTGRES else "database.sqlite3") in names
    assert "media/vereinbarungen/7/scan.pdf" in names

    result = manage("restore", str(archive), env=target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "alle Tabellen und Dateien sind gleich" in result.stdout

    # Independently of the manifest: compare the two databases and folders directly.
    before, after = fingerprints(source), fingerprints(target)
    assert before == after
    assert before == manifest["tables"]
    rows = {table: meta["rows"] for table, meta in after.items()}
    assert rows["tenancy_municipality"] >= 2 and rows["network_organisation"] > 0
    assert rows["cooperation_agreement"] > 0 and rows["accounts_user"] > 0
    assert media_files(media) == media_files(Path(target["VERBUND_VAR_DIR"]) / "media")
    assert "vereinbarungen/7/scan.pdf" in media_files(media)
    assert "statistics-imports/2026/12/Einwohner_Übersicht.csv" in media_files(media)

    # A second restore over the now filled database needs an explicit --ersetzen.
    refused = manage("restore", str(archive), env=target)
    assert refused.returncode != 0 and "--ersetzen" in refused.stderr
    replaced = manage("restore", str(archive), "--ersetzen", env=target)
    assert replaced.returncode == 0, replaced.stderr


def test_restore_reports_a_tampered_backup(tmp_path):
    env = {"VERBUND_VAR_DIR": str(tmp_path / "a")}
    assert manage("migrate", "--noinput", "-v0", env=env).returncode == 0
    archive = tmp_path / "a.tar"
    assert manage("backup", str(archive), env=env).returncode == 0
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    manifest = json.loads(members["manifest.json"])
    manifest["tables"]["accounts_user"]["rows"] = 99
    members["manifest.json"] = json.dumps(manifest).encode()
    tampered = tmp_path / "b.tar"
    with tarfile.open(tampered, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    result = manage("restore", str(tampered), env={"VERBUND_VAR_DIR": str(tmp_path / "c")})
    assert result.returncode != 0
    assert "Tabelle accounts_user" in result.stderr and "Abweichungen" in result.stderr


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"kein Archiv")
    result = manage("restore", str(junk), env={"VERBUND_VAR_DIR": str(tmp_path / "x")})
    assert result.returncode != 0 and "keine Verbund-Sicherung" in result.stderr


@pytest.mark.django_db
def test_dumpdata_exports_every_municipality(tenant, foreign, tmp_path):
    out = tmp_path / "dump.json"
    call_command("dumpdata", "tenancy", "accounts", output=str(out), verbosity=0)
    objects = json.loads(out.read_text())
    municipalities = {o["fields"]["slug"] for o in objects if o["model"] == "tenancy.municipality"}
    assert {tenant.municipality.slug, foreign.municipality.slug} <= municipalities
    assert any(o["model"] == "tenancy.familycentre" for o in objects)
