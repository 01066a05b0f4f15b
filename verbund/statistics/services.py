"""Every write of the statistics app: catalogue, imports, saved mappings (rule 1)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from verbund.core.audit import log_action, snapshot
from verbund.tenancy.models import Municipality

from . import progress, selectors
from .catalogue import default_indicators
from .importing.engine import ImportSpec, process, report_ok
from .importing.reader import FileProblem, ReadOptions, detect_format, open_table
from .models import ImportMapping, ImportRun, ImportStatus, Indicator, IndicatorValue

logger = logging.getLogger(__name__)

INDICATOR_FIELDS = [
    "key",
    "name",
    "unit",
    "kind",
    "higher_means_more_need",
    "topic",
    "source",
    "definition",
]
MAX_UPLOAD_BYTES = getattr(settings, "STATISTICS_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# Files larger than this are committed in a background thread with a progress page.
BACKGROUND_BYTES = getattr(settings, "STATISTICS_IMPORT_BACKGROUND_BYTES", 1024 * 1024)
BATCH_SIZE = 5000
UPLOAD_LIFETIME = timedelta(hours=24)


# --- catalogue ---------------------------------------------------------------------------


def indicator_catalogue_seed(*, municipality: Municipality, actor=None) -> int:
    """Add the default indicators a municipality lacks; never changes existing ones."""
    with scopes_disabled(), transaction.atomic():
        existing = set(
            Indicator.objects.filter(municipality=municipality).values_list("key", flat=True)
        )
        new = [
            Indicator(municipality=municipality, **data)
            for data in default_indicators()
            if data["key"] not in existing
        ]
        Indicator.objects.bulk_create(new)
        if new and actor is not None:
            log_action(
                "statistics.catalogue.seeded",
                actor=actor,
                municipality=municipality,
                data={"keys": [indicator.key for indicator in new]},
            )
    return len(new)


@transaction.atomic
def indicator_create(*, actor, municipality: Municipality, data: dict[str, Any]) -> Indicator:
    indicator = Indicator(municipality=municipality)
    for name in INDICATOR_FIELDS:
        if name in data:
            setattr(indicator, name, data[name])
    indicator.full_clean()
    indicator.save()
    log_action(
        "statistics.indicator.created",
        actor=actor,
        instance=indicator,
        after=snapshot(indicator, INDICATOR_FIELDS),
    )
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    before = snapshot(indicator, INDICATOR_FIELDS)
    for name in INDICATOR_FIELDS:
        if name in data and name != "key":  # the key is what saved mappings refer to
            setattr(indicator, name, data[name])
    indicator.full_clean()
    after = snapshot(indicator, INDICATOR_FIELDS)
    changed = [name for name in INDICATOR_FIELDS if before[name] != after[name]]
    if not changed:
        return indicator
    indicator.save()
    log_action(
        "statistics.indicator.changed",
        actor=actor,
        instance=indicator,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return indicator


@transaction.atomic
def indicator_delete(*, actor, indicator: Indicator) -> None:
    count = indicator.values.count()
    log_action(
        "statistics.indicator.deleted",
        actor=actor,
        instance=indicator,
        before=snapshot(indicator, INDICATOR_FIELDS),
        data={"values_deleted": count},
    )
    indicator.delete()


# --- saved mappings ----------------------------------------------------------------------


@transaction.atomic
def mapping_save(
    *, actor, municipality: Municipality, name: str, spec: dict[str, Any]
) -> ImportMapping:
    name = " ".join(name.split())
    mapping = ImportMapping.objects.filter(municipality=municipality, name=name).first()
    before = dict(mapping.spec) if mapping else None
    if mapping is None:
        mapping = ImportMapping(municipality=municipality, name=name, created_by=actor)
    mapping.spec = ImportSpec.from_dict(spec).to_dict()
    mapping.full_clean()
    mapping.save()
    log_action(
        "statistics.mapping.saved",
        actor=actor,
        instance=mapping,
        before={"spec": before} if before is not None else None,
        after={"spec": mapping.spec},
    )
    return mapping


@transaction.atomic
def mapping_delete(*, actor, mapping: ImportMapping) -> None:
    log_action(
        "statistics.mapping.deleted", actor=actor, instance=mapping, before={"spec": mapping.spec}
    )
    mapping.delete()


# --- imports -----------------------------------------------------------------------------


def _check_upload(upload, file_name: str) -> str:
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": _("Die Datei ist leer.")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("Die Datei ist größer als %(max)s MB.")
                % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
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
    )
    for run in stale:
        _discard_file(run)
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


def _analyse(run: ImportRun, spec: ImportSpec, options: ReadOptions, **kwargs) -> dict:
    context = selectors.import_context(municipality=run.municipality)
    handle, raw = _open_run_file(run)
    table = None
    try:
        table = open_table(raw, run.file_name, options)
        return process(table, spec, context, **kwargs)
    except FileProblem as problem:
        return {"file_error": str(problem), "values": {}}
    finally:
        if table is not None:
            table.close()
        handle.close()


def import_analyse(
    *,
    actor,
    run: ImportRun,
    spec: dict[str, Any],
    options: dict[str, Any],
    background: bool = False,
) -> ImportRun:
    """Check the whole file against the spec; store the report. Writes no values.

    With ``background`` (the wizard passes it for files over 1 MB) the check runs in a thread
    and the status page shows its progress, so no request waits for a large file."""
    if not run.is_open:
        raise ValidationError(
            _("Dieser Import ist abgeschlossen und kann nicht mehr geprüft werden.")
        )
    if not run.file:
        raise ValidationError(_("Die hochgeladene Datei ist nicht mehr vorhanden."))
    parsed_spec = ImportSpec.from_dict(spec)
    parsed_options = ReadOptions.from_dict(options)
    run.spec = parsed_spec.to_dict()
    run.options = parsed_options.to_dict()
    if background and run.file_size > BACKGROUND_BYTES:
        run.status = ImportStatus.CHECKING
        run.started_at = timezone.now()
        run.save(update_fields=["spec", "options", "status", "started_at", "updated_at"])
        thread = threading.Thread(
            target=_check_in_background,
            args=(run.pk, run.municipality_id),
            name=f"statistics-check-{run.pk}",
            daemon=True,
        )
        transaction.on_commit(thread.start)
        log_action(
            "statistics.import.check_started",
            actor=actor,
            instance=run,
            data={"file_name": run.file_name, "layout": parsed_spec.layout},
        )
        return run
    run = _store_check(run)
    report = run.report or {}
    log_action(
        "statistics.import.checked",
        actor=actor,
        instance=run,
        data={
            "file_name": run.file_name,
            "status": run.status,
            "rows": report.get("rows", 0),
            "rows_joined": report.get("rows_joined", 0),
            "errors": report.get("error_count", 0),
        },
    )
    return run


def _store_check(run: ImportRun) -> ImportRun:
    total = max(run.rows_total, 1)
    report = _analyse(
        run,
        ImportSpec.from_dict(run.spec),
        ReadOptions.from_dict(run.options),
        progress=lambda done: progress.write(run.pk, done=done, total=total, phase="checking"),
    )
    progress.clear(run.pk)
    run.report = report
    # With an incomplete mapping only the first rows were read: the total is not known yet.
    if not report.get("rows_sampled_only"):
        run.rows_total = report.get("rows", 0)
    run.status = ImportStatus.READY if report_ok(report) else ImportStatus.INVALID
    run.save(update_fields=["spec", "options", "report", "rows_total", "status", "updated_at"])
    return run


def _check_in_background(run_id: int, municipality_id: int) -> None:
    try:
        with scope(municipality=municipality_id):
            run = ImportRun.objects.get(pk=run_id)
            try:
                _store_check(run)
            except Exception:
                logger.exception("statistics check %s failed", run_id)
                ImportRun.objects.filter(pk=run_id).update(
                    status=ImportStatus.INVALID,
                    report={
                        "file_error": _(
                            "Die Prüfung ist an einem unerwarteten Fehler gescheitert."
                        ),
                        "values": {},
                    },
                )
    finally:
        progress.clear(run_id)
        close_old_connections()


class _Writer:
    """Upserts values in batches of multi-row ``INSERT … ON CONFLICT DO UPDATE`` statements
    (SQLite ≥ 3.24 and PostgreSQL share the syntax).

    Raw SQL instead of ``bulk_create(update_conflicts=True)``: building a model instance per
    value and letting the ORM prepare every field cost four fifths of the import time (about
    4,000 values/s); the engine has already validated every value, and the database still
    enforces the unique key and the status/value check constraint.
    """

    ROWS_PER_STATEMENT = 500

    def __init__(self, municipality_id: int) -> None:
        self.municipality_id = municipality_id
        self.batch: list[tuple] = []
        self.written = 0
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.stamp = (now, now, municipality_id)
        meta = IndicatorValue._meta
        quote = connection.ops.quote_name
        columns = [
            meta.get_field(name).column
            for name in (
                "created_at",
                "updated_at",
                "municipality",
                "indicator",
                "area",
                "year",
                "value",
                "status",
            )
        ]
        # Identifiers come from the model's meta, quoted; every value is a parameter.
        table = quote(meta.db_table)
        names = ", ".join(quote(c) for c in columns)
        self.head = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608
        unique = ", ".join(quote(meta.get_field(n).column) for n in ("indicator", "area", "year"))
        self.tail = (
            f" ON CONFLICT ({unique}) DO UPDATE SET "
            f"{quote('value')} = EXCLUDED.{quote('value')}, "
            f"{quote('status')} = EXCLUDED.{quote('status')}, "
            f"{quote('updated_at')} = EXCLUDED.{quote('updated_at')}"
        )
        self.row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        self.statements: dict[int, str] = {}
        self.staged = False

    def __call__(self, indicator_id, area_id, year, value, status) -> None:
        self.batch.append((*self.stamp, indicator_id, area_id, year, value, status))
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def _sql(self, rows: int) -> str:
        if rows not in self.statements:
            self.statements[rows] = self.head + ", ".join([self.row_sql] * rows) + self.tail
        return self.statements[rows]

    @property
    def stages_outside_transaction(self) -> bool:
        """SQLite has one writer at a time: values are collected in a TEMP table (a separate
        database, so the main one stays writable for everybody else) while the file is read,
        and copied over in one short transaction at the end."""
        return connection.vendor == "sqlite"

    def open_stage(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {self.STAGE} ("
                "created_at, updated_at, municipality_id, indicator_id, area_id, year, "
                "value, status)"
            )
            cursor.execute(f"DELETE FROM temp.{self.STAGE}")  # noqa: S608

    def publish(self) -> None:
        source = f" SELECT * FROM temp.{self.STAGE} WHERE true"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(self.head.replace(" VALUES ", source) + self.tail)

    def close_stage(self) -> None:
        if self.stages_outside_transaction:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS temp.{self.STAGE}")

    def flush(self) -> None:
        if not self.batch:
            return
        if connection.vendor == "postgresql":
            self._flush_copy()
            return
        if self.stages_outside_transaction:
            # One transaction per batch on the TEMP database only (a deferred BEGIN locks
            # just the databases written to), instead of one implicit transaction per row.
            raw = connection.connection
            own = not raw.in_transaction  # inside a caller's transaction (tests): just insert
            if own:
                raw.execute("BEGIN DEFERRED")
            try:
                raw.executemany(
                    f"INSERT INTO temp.{self.STAGE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
                    self.batch,
                )
            except BaseException:
                if own:
                    raw.execute("ROLLBACK")
                raise
            if own:
                raw.execute("COMMIT")
            self.written += len(self.batch)
            self.batch = []
            return
        step = self.ROWS_PER_STATEMENT
        with connection.cursor() as cursor:
            for start in range(0, len(self.batch), step):
                chunk = self.batch[start : start + step]
                cursor.execute(self._sql(len(chunk)), [p for row in chunk for p in row])
        self.written += len(self.batch)
        self.batch = []

    STAGE = "statistics_import_stage"

    def _flush_copy(self) -> None:
        """PostgreSQL: COPY the batch into a temporary table, then one INSERT … SELECT … ON
        CONFLICT. COPY is several times faster than INSERTs with parameters there."""
        with connection.cursor() as cursor:
            if not self.staged:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE IF NOT EXISTS {self.STAGE} ("
                    "created_at timestamptz, updated_at timestamptz, municipality_id bigint, "
                    "indicator_id bigint, area_id bigint, year smallint, "
                    "value double precision, status varchar(12)) ON COMMIT DROP"
                )
                self.staged = True
            with cursor.cursor.copy(f"COPY {self.STAGE} FROM STDIN") as copy:
                for row in self.batch:
                    copy.write_row(row)
            insert = self.head.replace(" VALUES ", f" SELECT * FROM {self.STAGE}")  # noqa: S608
            cursor.execute(insert + self.tail)
            cursor.execute(f"TRUNCATE {self.STAGE}")
        self.written += len(self.batch)
        self.batch = []


class _ImportFailed(Exception):
    pass


def _execute(run_id: int, actor) -> ImportRun:
    """Write every value of a checked import in one transaction, or none of them."""
    run = ImportRun.objects.select_related("municipality").get(pk=run_id)
    municipality = run.municipality
    total = max(run.rows_total, 1)
    progress.write(run.pk, done=0, total=total)
    writer = _Writer(municipality.pk)
    staged = writer.stages_outside_transaction

    def check_and_feed() -> dict:
        report = _analyse(
            run,
            ImportSpec.from_dict(run.spec),
            ReadOptions.from_dict(run.options),
            sink=writer,
            progress=lambda done: progress.write(run.pk, done=done, total=total),
        )
        if not report_ok(report):
            raise _ImportFailed(
                report.get("file_error")
                or _("Die Datei hat sich seit der Prüfung geändert oder enthält Fehler.")
            )
        writer.flush()
        return report

    try:
        if staged:
            writer.open_stage()
            report = check_and_feed()
            progress.write(run.pk, done=total, total=total, phase="publishing")
        with transaction.atomic():
            before = IndicatorValue.objects.filter(municipality=municipality).count()
            if staged:
                writer.publish()
            else:
                report = check_and_feed()
            after = IndicatorValue.objects.filter(municipality=municipality).count()
            run.report = report
            run.status = ImportStatus.DONE
            run.values_written = writer.written
            run.values_created = after - before
            run.values_updated = writer.written - (after - before)
            run.rows_done = report.get("rows", 0)
            run.finished_at = timezone.now()
            _discard_file(run)
            run.save()
            log_action(
                "statistics.import.committed",
                actor=actor,
                instance=run,
                data={
                    "file_name": run.file_name,
                    "sha256": run.sha256,
                    "rows": report.get("rows", 0),
                    "rows_joined": report.get("rows_joined", 0),
                    "values_written": run.values_written,
                    "values_created": run.values_created,
                    "values_updated": run.values_updated,
                    "years": report.get("years", []),
                    "indicators": sorted(report.get("indicators", {})),
                },
            )
    except Exception as exc:  # the transaction is rolled back: nothing was written
        if not isinstance(exc, _ImportFailed):
            logger.exception("statistics import %s failed", run_id)
        message = (
            str(exc)
            if isinstance(exc, _ImportFailed)
            else _(
                "Die Übernahme ist an einem unerwarteten Fehler gescheitert; es wurde nichts "
                "geschrieben."
            )
        )
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportStatus.FAILED,
            error_message=message,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        log_action(
            "statistics.import.failed",
            actor=actor,
            municipality=municipality,
            instance=run,
            data={"file_name": run.file_name, "error": message},
        )
        run.refresh_from_db()
    finally:
        progress.clear(run_id)
        with contextlib.suppress(Exception):
            writer.close_stage()
    return run


def _execute_in_background(run_id: int, municipality_id: int, actor) -> None:
    try:
        with scope(municipality=municipality_id):
            _execute(run_id, actor)
    finally:
        close_old_connections()


def import_commit(*, actor, run: ImportRun, background: bool | None = None) -> ImportRun:
    """Start writing a checked import. Large files go to a background thread and the status
    page shows the progress; small ones are written before this returns."""
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != ImportStatus.READY:
            raise ValidationError(_("Nur ein fehlerfrei geprüfter Import kann übernommen werden."))
        locked.status = ImportStatus.RUNNING
        locked.started_at = timezone.now()
        locked.save(update_fields=["status", "started_at", "updated_at"])
    if background is None:
        background = run.file_size > BACKGROUND_BYTES
    if background:
        thread = threading.Thread(
            target=_execute_in_background,
            args=(run.pk, run.municipality_id, actor),
            name=f"statistics-import-{run.pk}",
            daemon=True,
        )
        transaction.on_commit(thread.start)
        locked.refresh_from_db()
        return locked
    return _execute(run.pk, actor)


STALE_AFTER = timedelta(minutes=15)


def import_fail_if_stale(*, run: ImportRun) -> ImportRun:
    """A background import whose progress has not moved for 15 minutes died with its server
    process; its transaction never committed, so nothing was written. Say so."""
    if run.status not in {ImportStatus.RUNNING, ImportStatus.CHECKING} or not run.started_at:
        return run
    now = timezone.now()
    live = progress.read(run.pk)
    last = live.get("at") if live else None
    moved = last is not None and now.timestamp() - last < STALE_AFTER.total_seconds()
    if moved or now - run.started_at < STALE_AFTER:
        return run
    if run.status == ImportStatus.CHECKING:
        ImportRun.objects.filter(pk=run.pk, status=ImportStatus.CHECKING).update(
            status=ImportStatus.INVALID,
            report={
                **(run.report or {}),
                "file_error": _("Die Prüfung wurde unterbrochen. Bitte prüfen Sie erneut."),
            },
            updated_at=now,
        )
        run.refresh_from_db()
        return run
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED,
        error_message=_(
            "Die Übernahme wurde unterbrochen (der Server wurde neu gestartet). Es wurde nichts "
            "geschrieben; bitte laden Sie die Datei erneut hoch."
        ),
        finished_at=now,
        updated_at=now,
    )
    if updated:
        log_action(
            "statistics.import.failed",
            instance=run,
            data={"file_name": run.file_name, "error": "stale"},
        )
    run.refresh_from_db()
    return run


@transaction.atomic
def import_cancel(*, actor, run: ImportRun) -> ImportRun:
    if not run.is_open:
        raise ValidationError(_("Dieser Import kann nicht mehr abgebrochen werden."))
    _discard_file(run)
    run.status = ImportStatus.CANCELLED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at", "file", "updated_at"])
    log_action(
        "statistics.import.cancelled",
        actor=actor,
        instance=run,
        data={"file_name": run.file_name, "sha256": run.sha256},
    )
    return run


def _discard_file(run: ImportRun) -> None:
    if run.file:
        try:
            run.file.delete(save=False)
        except OSError:
            logger.warning("could not delete upload of import %s", run.pk)
        run.file = None
