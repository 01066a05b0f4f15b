"""Uploads that survive a validation error: when a form with a chosen file fails, the file is
kept server-side and the form carries a signed token for it, so the user need not choose it
again (``stash``); the resubmitted form gets the files back from the token (``restore``) and
``discard`` removes them once saved. Files older than a day are removed on the next stash."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

SALT = "verbund.pending-uploads"
MAX_AGE_SECONDS = 6 * 3600


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "pending-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sweep(folder: Path, *, age: float = 24 * 3600) -> int:
    limit = time.time() - age
    removed = 0
    for path in folder.glob("*.upload"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def sweep() -> int:
    """Remove kept uploads whose token has expired (for a periodic job); returns how many."""
    return _sweep(_folder(), age=MAX_AGE_SECONDS)


def stash(uploads, *, user) -> str:
    """Keep ``uploads`` (already checked for type and size) and return a token for them."""
    folder = _folder()
    _sweep(folder)
    files = []
    for upload in uploads:
        key = secrets.token_hex(16)
        upload.seek(0)
        with open(folder / f"{key}.upload", "wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        files.append([key, upload.name, upload.content_type or "application/octet-stream"])
    return signing.dumps({"user": user.pk, "files": files}, salt=SALT, compress=True)


def _files(token: str, *, user) -> list[list[str]]:
    if not token:
        return []
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return []
    if data.get("user") != user.pk:
        return []
    return [f for f in data.get("files", []) if (_folder() / f"{f[0]}.upload").is_file()]


def names(token: str, *, user) -> list[str]:
    """The original file names behind a token (to tell the user what is kept)."""
    return [name for _key, name, _type in _files(token, user=user)]


def restore(token: str, *, user) -> list[SimpleUploadedFile]:
    """The uploads behind a valid token of this user (an invalid or old token gives none)."""
    folder = _folder()
    return [
        SimpleUploadedFile(name, (folder / f"{key}.upload").read_bytes(), content_type)
        for key, name, content_type in _files(token, user=user)
    ]


def discard(token: str, *, user) -> None:
    for key, _name, _type in _files(token, user=user):
        (_folder() / f"{key}.upload").unlink(missing_ok=True)
