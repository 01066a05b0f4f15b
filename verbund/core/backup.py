"""Backup and restore of the database and the media files, with a proof that they are equal.

A backup is one tar file:

- ``manifest.json``: when, which database engine, and a fingerprint of the content — for every
  table its row count and a SHA-256 over its rows in primary-key order, for every media file its
  size and SHA-256;
- ``database.pgdump`` (PostgreSQL, ``pg_dump -Fc``) or ``database.sqlite3`` (SQLite's online
  backup API, safe while the application writes);
- ``media/<name>`` for every file in the default storage (local folder or S3), read through
  Django's storage API.

Restoring loads the database (``pg_restore`` or the SQLite backup API in reverse), writes the
media files back through the storage API and then compares the restored content with the
manifest; any difference is an error.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections, transaction

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is German and meant for operators."""


# --- fingerprints -----------------------------------------------------------------------------


def _normalise(value: object) -> object:
    if isinstance(value, memoryview | bytes | bytearray):
        return hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, float):
        return repr(value)
    return str(value) if value is not None else None


def table_fingerprints(alias: str = "default") -> dict[str, dict[str, object]]:
    """``{table: {"rows": n, "sha256": …}}`` for every table of the database."""
    connection = connections[alias]
    result: dict[str, dict[str, object]] = {}
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        for table in tables:
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            keys = connection.introspection.get_primary_key_columns(cursor, table) or columns
            quote = connection.ops.quote_name
            order = ", ".join(quote(c) for c in keys)
            select = ", ".join(quote(c) for c in columns)
            cursor.execute(f"SELECT {select} FROM {quote(table)} ORDER BY {order}")  # noqa: S608
            digest = hashlib.sha256(json.dumps(columns).encode())
            rows = 0
            while batch := cursor.fetchmany(2000):
                for row in batch:
                    rows += 1
                    digest.update(json.dumps([_normalise(v) for v in row]).encode())
                    digest.update(b"\n")
            result[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def media_fingerprints(storage: Storage | None = None) -> dict[str, dict[str, object]]:
    """``{name: {"size": n, "sha256": …}}`` for every file in the storage."""
    storage = storage or default_storage
    result: dict[str, dict[str, object]] = {}
    for name in _walk(storage):
        digest = hashlib.sha256()
        size = 0
        with storage.open(name, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
        result[name] = {"size": size, "sha256": digest.hexdigest()}
    return result


@dataclass
class Difference:
    kind: str  # "Tabelle" or "Datei"
    name: str
    expected: object
    found: object

    def __str__(self) -> str:
        return f"{self.kind} {self.name}: erwartet {self.expected}, gefunden {self.found}"


def compare(expected: dict, found: dict, kind: str) -> list[Difference]:
    differences = []
    for name in sorted(set(expected) | set(found)):
        if expected.get(name) != found.get(name):
            differences.append(Difference(kind, name, expected.get(name), found.get(name)))
    return differences


# --- database dumps ---------------------------------------------------------------------------


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"Sicherung für die Datenbank „{vendor}“ wird nicht unterstützt.")
    return vendor


def _pg_env_and_args(alias: str) -> tuple[dict[str, str], list[str]]:
    settings = connections[alias].settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    args += ["--dbname", str(settings["NAME"])]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(
            f"„{command[0]}“ fehlt (Debian/Ubuntu: apt-get install postgresql-client)."
        )
    result = subprocess.run(  # noqa: S603
        [tool, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} ist fehlgeschlagen: {result.stderr.strip()[:2000]}")


def _sqlite_path(alias: str) -> str:
    return str(connections[alias].settings_dict["NAME"])


def dump_database(target: Path, alias: str = "default") -> tuple[str, dict]:
    """Write the database to ``target``; returns the archive member name and the fingerprints
    of exactly what was written."""
    engine = _engine(alias)
    if engine == "postgresql":
        return "database.pgdump", _dump_postgres(target, alias)
    source = sqlite3.connect(_sqlite_path(alias))
    copy = sqlite3.connect(str(target))
    try:
        with copy:
            source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        copy.close()
        source.close()
    return "database.sqlite3", fingerprints_of(
        {**connections[alias].settings_dict, "NAME": str(target)}
    )


def _dump_postgres(target: Path, alias: str) -> dict:
    """pg_dump and the fingerprints read the same snapshot, so a backup taken while people
    work still restores to exactly its manifest."""
    connection = connections[alias]
    env, args = _pg_env_and_args(alias)
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *args,
            ],
            env,
        )
        return table_fingerprints(alias)


def database_is_empty(alias: str = "default") -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def load_database(source: Path, member: str, alias: str = "default") -> None:
    engine = _engine(alias)
    expected = "database.pgdump" if engine == "postgresql" else "database.sqlite3"
    if member != expected:
        raise BackupError(
            f"Die Sicherung enthält „{member}“, die Zieldatenbank ist aber {engine}; "
            "Sicherungen lassen sich nur in dieselbe Datenbankart zurückspielen."
        )
    connections[alias].close()
    if engine == "postgresql":
        env, args = _pg_env_and_args(alias)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *args,
                str(source),
            ],
            env,
        )
        return
    backup = sqlite3.connect(str(source))
    target = sqlite3.connect(_sqlite_path(alias))
    try:
        with target:
            backup.backup(target)
    finally:
        target.close()
        backup.close()


# --- the archive ------------------------------------------------------------------------------


def create_backup(path: Path, *, alias: str = "default", storage: Storage | None = None) -> dict:
    """Write a backup archive to ``path`` and return its manifest."""
    storage = storage or default_storage
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".verbund-backup-") as work:
        dump = Path(work) / "database"
        member, tables = dump_database(dump, alias)
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": connections[alias].vendor,
            "database": member,
            "tables": tables,
            "media": media_fingerprints(storage),
        }
        partial = path.with_name(path.name + ".part")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=member)
            for name, meta in manifest["media"].items():
                info = tarfile.TarInfo(MEDIA_PREFIX + name)
                info.size = int(meta["size"])
                with storage.open(name, "rb") as handle:
                    archive.addfile(info, handle)
        partial.replace(path)
    return manifest


def fingerprints_of(settings_dict: dict) -> dict[str, dict[str, object]]:
    """Table fingerprints of another database, given its Django settings dictionary."""
    alias = "__verbund_fingerprint__"
    settings_dict = {**settings_dict, "OPTIONS": {}}
    connections.settings[alias] = settings_dict
    connection = connections.create_connection(alias)
    try:
        connections[alias] = connection
        return table_fingerprints(alias)
    finally:
        connection.close()
        del connections[alias]
        del connections.settings[alias]


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r") as archive:
            handle = archive.extractfile(MANIFEST)
            if handle is None:
                raise KeyError(MANIFEST)
            manifest = json.load(handle)
    except (tarfile.TarError, KeyError, json.JSONDecodeError, OSError) as error:
        raise BackupError(f"„{path}“ ist keine Verbund-Sicherung ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unbekanntes Sicherungsformat {manifest.get('format')!r}.")
    return manifest


def restore_backup(
    path: Path, *, replace: bool = False, alias: str = "default", storage: Storage | None = None
) -> list[Difference]:
    """Load the archive into the database and storage; returns the differences (none = equal)."""
    storage = storage or default_storage
    manifest = read_manifest(Path(path))
    if not replace and not database_is_empty(alias):
        raise BackupError(
            "Die Zieldatenbank enthält schon Tabellen. Zurückspielen ersetzt sie vollständig; "
            "dafür --ersetzen angeben."
        )
    with (
        tempfile.TemporaryDirectory(prefix="verbund-restore-") as work,
        tarfile.open(path, "r") as archive,
    ):
        member = manifest["database"]
        archive.extract(member, work, filter="data")
        load_database(Path(work) / member, member, alias)
        for name in manifest["media"]:
            handle = archive.extractfile(MEDIA_PREFIX + name)
            if handle is None:
                raise BackupError(f"Die Datei „{name}“ fehlt in der Sicherung.")
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"„{name}“ wurde als „{saved}“ gespeichert.")
    return verify(manifest, alias=alias, storage=storage)


def verify(manifest: dict, *, alias: str = "default", storage: Storage | None = None):
    storage = storage or default_storage
    found_media = media_fingerprints(storage)
    expected_media = manifest["media"]
    # Files that were already in the target storage and not in the backup are left alone.
    found_media = {name: meta for name, meta in found_media.items() if name in expected_media}
    return compare(manifest["tables"], table_fingerprints(alias), "Tabelle") + compare(
        expected_media, found_media, "Datei"
    )
