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
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from verbund.areas.import_write import BATCH
from verbund.core import pending_uploads
from verbund.core.audit import log_action
from verbund.core.models import BackgroundJob, JobStatus
from verbund.core.tasks import JobContext, JobError, job_cancel, tenant_task
from verbund.tenancy.services import facility_create, facility_update

from ..duplicates import normalise, normalise_street
from ..services import organisation_create, organisation_update
from .models import ListImportMapping
from .rows import FACILITY, ORGANISATION, TARGETS, existing_records, rows_for_commit

BACKGROUND_ROWS = BATCH  # from this many rows on, the task worker writes
STORAGE_DIR = "list_imports"


@dataclass
class CommitResult:
    created: int = 0
    skipped: int = 0  # duplicates found right before writing
    updated: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _fresh(rows: list[dict], *, municipality, target: str) -> tuple[list[dict], int]:
    """The rows to create whose name and address are not (any more) taken, those the user
    chose to create anyway, and the rows that update a record."""
    taken = {
        (normalise(e[1]), normalise_street(e[2]))
        for e in existing_records(municipality=municipality, target=target)
    }
    fresh = []
    for row in rows:
        if row.get("_match") or row.get("_force"):
            fresh.append(row)
            continue
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
    matches = _records(target, municipality, [row["_match"] for row in fresh if row.get("_match")])
    area_objects = _areas(municipality, data_rows)
    updated = 0
    for number, (row, data) in enumerate(zip(fresh, data_rows, strict=True), start=1):
        try:
            if row.get("_match"):
                record = matches.get(row["_match"])
                if record is None:  # archived or removed meanwhile
                    skipped += 1
                    continue
                _update(actor, target, record, data, area_objects)
                updated += 1
            elif target == FACILITY:
                facility_create(actor=actor, municipality=municipality, data=data)
            else:
                served = data.pop("areas_served", [])
                areas = [area_objects[pk] for pk in served if pk in area_objects]
                organisation_create(
                    actor=actor,
                    municipality=municipality,
                    data=data,
                    areas=areas,
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
            "created": len(fresh) - updated - _gone(fresh, matches),
            "updated": updated,
            "skipped_duplicates": skipped,
        },
    )
    return CommitResult(
        created=len(fresh) - updated - _gone(fresh, matches), skipped=skipped, updated=updated
    )


def _gone(rows: list[dict], matches: dict) -> int:
    return sum(1 for row in rows if row.get("_match") and row["_match"] not in matches)


def _records(target: str, municipality, pks: list[int]) -> dict:
    if not pks:
        return {}
    model = TARGETS[target]
    return model.objects.filter(
        municipality=municipality, archived_at__isnull=True, pk__in=pks
    ).in_bulk()


def _areas(municipality, rows: list[dict]) -> dict:
    pks = {pk for row in rows for pk in row.get("areas_served", [])}
    if not pks:
        return {}
    from verbund.areas.models import Area

    return Area.objects.filter(municipality=municipality, pk__in=pks).in_bulk()


def _update(actor, target: str, record, data: dict, area_objects: dict) -> None:
    """Fill in and correct what the list says; an empty cell never blanks a stored value and
    the stored name stays."""
    changes = {k: v for k, v in data.items() if v not in ("", None, []) and k != "name"}
    if target == FACILITY:
        facility_update(actor=actor, facility=record, data=changes)
        return
    areas = [area_objects[pk] for pk in changes.pop("areas_served", []) if pk in area_objects]
    if areas:  # added to the areas it serves already
        areas = list({a.pk: a for a in [*record.areas_served.all(), *areas]}.values())
    organisation_update(actor=actor, organisation=record, data=changes, areas=(areas or None))


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


@transaction.atomic
def list_mapping_save(
    *,
    actor,
    municipality,
    target: str,
    header_key: str,
    columns: list[str],
    mapping: dict[str, str],
    options: dict[str, str],
    filename: str = "",
) -> ListImportMapping:
    """Remember the mapping for the next list with the same header set (one per set)."""
    saved, created = ListImportMapping.objects.update_or_create(
        municipality=municipality,
        target=target,
        header_key=header_key,
        defaults={
            "columns": list(columns)[:200],
            "mapping": dict(mapping),
            "options": dict(options),
            "filename": filename[:200],
            "saved_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    log_action(
        "network.list.mapping_saved",
        actor=actor,
        municipality=municipality,
        data={"file": filename, "target": target, "mapping": mapping, "new": created},
    )
    return saved


def list_upload_discard(*, actor, token: str, job=None) -> None:
    """Throw a pending upload away (nothing was written); a running job is asked to stop
    (its writes roll back)."""
    pending_uploads.discard(token, user=actor)
    if job is not None:
        job_cancel(job=job)


def sweep_expired() -> int:
    """Periodic: remove pending list uploads past their age and checked rows a job never
    picked up (``MAX_AGE_SECONDS``). Harmless to run often."""
    removed = pending_uploads.sweep()
    limit = timezone.now() - timedelta(seconds=pending_uploads.MAX_AGE_SECONDS)
    with scopes_disabled():  # maintenance across municipalities: only file names are read
        in_use = set(
            BackgroundJob.objects.filter(
                task=_list_import_task.path, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
            ).values_list("upload", flat=True)
        )
    try:
        _dirs, files = default_storage.listdir(STORAGE_DIR)
    except (FileNotFoundError, OSError):
        return removed
    for name in files:
        path = f"{STORAGE_DIR}/{name}"
        try:
            if path not in in_use and default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                removed += 1
        except (FileNotFoundError, OSError):
            continue
    return removed
