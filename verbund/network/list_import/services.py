"""Writing a checked list: all rows or none, in the request for small lists and in the task
worker for large ones (``BACKGROUND_ROWS``, the batch size of the boundary import).

The rows are checked for duplicates once more right before writing (someone may have
entered one of the places meanwhile); those are skipped and counted.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from verbund.areas.import_write import BATCH
from verbund.core.audit import log_action
from verbund.core.tasks import JobContext, JobError, tenant_task
from verbund.tenancy.services import facility_create

from ..duplicates import normalise, normalise_street
from ..services import organisation_create
from .rows import FACILITY, ORGANISATION, existing_records, rows_for_commit

BACKGROUND_ROWS = BATCH  # from this many rows on, the task worker writes
STORAGE_DIR = "list_imports"


@dataclass
class CommitResult:
    created: int = 0
    skipped: int = 0  # duplicates found right before writing

    def as_dict(self) -> dict:
        return asdict(self)


def _fresh(rows: list[dict], *, municipality, target: str) -> tuple[list[dict], int]:
    """The rows whose name and address are not (any more) taken."""
    taken = {
        (normalise(e[1]), normalise_street(e[2]))
        for e in existing_records(municipality=municipality, target=target)
    }
    fresh = []
    for row in rows:
        key = (normalise(row["name"]), normalise_street(row.get("street", "")))
        if key not in taken:
            taken.add(key)
            fresh.append(row)
    return fresh, len(rows) - len(fresh)


@transaction.atomic
def list_import_commit(
    *,
    actor,
    municipality,
    target: str,
    rows: list[dict],
    filename: str,
    progress: Callable[[int, int], None] | None = None,
) -> CommitResult:
    """Create every row as a facility or organisation, or nothing (one transaction)."""
    if target not in (FACILITY, ORGANISATION):
        raise ValidationError(_("Unbekanntes Ziel des Imports."))
    fresh, skipped = _fresh(rows, municipality=municipality, target=target)
    data_rows = rows_for_commit(fresh)
    for number, (row, data) in enumerate(zip(fresh, data_rows, strict=True), start=1):
        try:
            if target == FACILITY:
                facility_create(actor=actor, municipality=municipality, data=data)
            else:
                organisation_create(
                    actor=actor,
                    municipality=municipality,
                    data=data,
                    source=f"list:{filename}",
                )
        except ValidationError as error:
            raise ValidationError(
                _("Zeile %(line)s („%(name)s“): %(reason)s")
                % {
                    "line": row.get("_line", number),
                    "name": row["name"],
                    "reason": " ".join(error.messages),
                }
            ) from error
        if progress is not None and number % 100 == 0:
            progress(number, len(fresh))
    log_action(
        "network.list.imported",
        actor=actor,
        municipality=municipality,
        data={
            "file": filename,
            "target": target,
            "created": len(fresh),
            "skipped_duplicates": skipped,
        },
    )
    return CommitResult(created=len(fresh), skipped=skipped)


def list_import_start(*, actor, municipality, target: str, rows: list[dict], filename: str):
    """A large list: store the checked rows and let the task worker write them. Returns the
    job; its page shows the progress."""
    name = default_storage.save(
        f"{STORAGE_DIR}/{uuid.uuid4().hex}.json",
        ContentFile(json.dumps(rows).encode("utf-8")),
    )
    with transaction.atomic():
        job = _list_import_task.enqueue(
            municipality=municipality,
            owner=actor,
            label=_("Listen-Import von %(name)s") % {"name": filename[:150]},
            upload=name,
            target=target,
            filename=filename[:200],
            actor_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
            rows=len(rows),
        )
        log_action(
            "network.list.import_started",
            actor=actor,
            municipality=municipality,
            data={"file": filename, "target": target, "rows": len(rows), "job": job.pk},
        )
    return job


@tenant_task
def _list_import_task(
    job: JobContext, *, target: str, filename: str, actor_id: int | None, rows: int
) -> dict:
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        with default_storage.open(job.job.upload, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError) as error:
        raise JobError(_("Die geprüfte Liste ist nicht mehr vorhanden.")) from error
    job.progress(0, len(data), message=_("Die Einträge werden angelegt."))
    try:
        result = list_import_commit(
            actor=actor,
            municipality=job.job.municipality,
            target=target,
            rows=data,
            filename=filename,
            progress=lambda done, total: job.progress(done, total),
        )
    except ValidationError as error:
        raise JobError(
            _("Es wurde nichts übernommen: %(reason)s") % {"reason": " ".join(error.messages)}
        ) from error
    job.progress(len(data), len(data), message=_("Fertig."))
    return result.as_dict()
