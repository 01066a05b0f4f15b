"""Progress of a running import, readable by any process on the host.

The commit runs in one database transaction (all or nothing), so progress cannot be written to
the database while it runs (SQLite allows one writer; other connections would not see it
before the commit anyway). It goes to a small JSON file under ``VAR_DIR`` instead, written
atomically; the status page polls it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings


def _path(run_id: int) -> Path:
    return Path(settings.VAR_DIR) / "statistics-progress" / f"{int(run_id)}.json"


def write(run_id: int, *, done: int, total: int, phase: str = "writing") -> None:
    path = _path(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"done": done, "total": total, "phase": phase, "at": time.time()}
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out)
    os.replace(temp, path)


def read(run_id: int) -> dict | None:
    try:
        return json.loads(_path(run_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def clear(run_id: int) -> None:
    with contextlib.suppress(OSError):
        _path(run_id).unlink()
