"""Upload of an import file: type and size checked first, then kept in default storage
until the import has ended (``_discard_file``)."""

from __future__ import annotations

import hashlib
import io
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import log_action
from verbund.core.uploads import check_size
from verbund.tenancy.models import Municipality

from ..importing.reader import FileProblem, detect_format
from ..models import ImportRun, ImportStatus

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = getattr(settings, "STATISTICS_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
UPLOAD_LIFETIME = timedelta(hours=24)


def _check_upload(upload, file_name: str) -> str:
    if upload.size is None:
        raise ValidationError({"file": _("Die Datei ist leer.")})
    try:
        check_size(upload, MAX_UPLOAD_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    try:
        return detect_format(file_name, head)
    except FileProblem as problem:
        raise ValidationError({"file": str(problem)}) from problem


def _expire_stale_uploads(municipality: Municipality) -> None:
    cutoff = timezone.now() - UPLOAD_LIFETIME
    stale = ImportRun.objects.filter(
        municipality=municipality,
        created_at__lt=cutoff,
        status__in=[ImportStatus.UPLOADED, ImportStatus.READY, ImportStatus.INVALID],
    ) | ImportRun.objects.filter(
        municipality=municipality, created_at__lt=cutoff, status=ImportStatus.FAILED
    ).exclude(file="")
    for run in stale:
        _discard_file(run)
        if run.status != ImportStatus.FAILED:
            run.status = ImportStatus.CANCELLED
            run.error_message = _("Nach 24 Stunden ohne Übernahme verworfen.")
        run.save(update_fields=["status", "error_message", "file", "updated_at"])


@transaction.atomic
def import_upload(*, actor, municipality: Municipality, upload, file_name: str = "") -> ImportRun:
    """Check type and size first, then store the file and hash it."""
    file_name = (file_name or getattr(upload, "name", "") or "import.csv").split("/")[-1][:255]
    file_format = _check_upload(upload, file_name)
    _expire_stale_uploads(municipality)
    digest = hashlib.sha256()
    for chunk in (
        upload.chunks()
        if hasattr(upload, "chunks")
        else iter(lambda: upload.read(1024 * 1024), b"")
    ):
        digest.update(chunk)
    upload.seek(0)
    run = ImportRun(
        municipality=municipality,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        file_name=file_name,
        file_size=upload.size,
        file_format=file_format,
        sha256=digest.hexdigest(),
    )
    run.file.save(file_name, File(upload, name=file_name), save=False)
    run.full_clean()
    run.save()
    log_action(
        "statistics.import.uploaded",
        actor=actor,
        instance=run,
        data={"file_name": file_name, "sha256": run.sha256, "bytes": run.file_size},
    )
    return run


def _open_run_file(run: ImportRun):
    handle = run.file.storage.open(run.file.name, "rb")
    raw = getattr(handle, "file", handle)
    if isinstance(raw, io.BytesIO):
        # In-memory storage: the reader closes what it reads, so it gets a copy.
        raw = io.BytesIO(raw.getvalue())
    elif not hasattr(raw, "readable"):
        raw = io.BytesIO(handle.read())
    return handle, raw


def _discard_file(run: ImportRun) -> None:
    if run.file:
        try:
            run.file.delete(save=False)
        except OSError:
            logger.warning("could not delete upload of import %s", run.pk)
        run.file = None
