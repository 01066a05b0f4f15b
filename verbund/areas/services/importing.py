"""Importing area boundaries (GeoJSON): prepare a draft, reconfigure, commit or discard."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import log_action
from verbund.core.models import BackgroundJob, JobStatus

from .. import geo
from ..geojson_check import ERROR, WARNING, Problem
from ..import_write import PlanOutdated, apply_write, plan_write
from ..models import (
    AreaImport,
    AreaKind,
    ImportStatus,
)
from .parents import (
    CONFLICT_PREFIX,
    PARENT_CLEAR,
    PARENT_PREFIX,
    _compare_existing,
    _match_parents,
)

STALE_PREVIEW = timedelta(days=7)
# Files larger than this are checked by the task worker (the preview page shows progress).
CHECK_BACKGROUND_BYTES = 1024 * 1024


# --- Import ------------------------------------------------------------------------------


@dataclass
class ImportOptions:
    level: str
    kind: str = AreaKind.ADMINISTRATIVE
    code_field: str = ""
    name_field: str = ""
    source_crs: str = ""
    encoding: str = ""
    parent_level: str = ""
    parent_method: str = PARENT_PREFIX
    parent_conflict: str = CONFLICT_PREFIX

    @classmethod
    def from_dict(cls, data: dict) -> ImportOptions:
        names = cls.__dataclass_fields__
        return cls(**{k: (v or "") for k, v in data.items() if k in names})

    def as_dict(self) -> dict:
        return asdict(self)

    def read_options(self) -> geo.ReadOptions:
        return geo.ReadOptions(
            code_field=self.code_field,
            name_field=self.name_field,
            source_crs=self.source_crs,
            encoding=self.encoding,
        )


@dataclass
class ImportReport:
    """What an import did or would do. ``ok`` is False if anything blocks it; then nothing was
    written."""

    ok: bool = False
    committed: bool = False
    file_format: str = ""
    crs_label: str = ""
    encoding: str = ""
    code_field: str = ""
    name_field: str = ""
    name_examples: list[str] = field(default_factory=list)
    name_notes: list[str] = field(default_factory=list)
    properties: list[str] = field(default_factory=list)
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    with_parent: int = 0
    parents_matched: int = 0  # linked to a parent found in this import
    parents_kept: int = 0  # existing link kept (no parent level, or no match)
    parents_changed: int = 0  # existing area gets another parent than before
    parents_removed: int = 0  # existing link removed on purpose (PARENT_CLEAR)
    parent_conflicts: int = 0  # key prefix and position disagree
    write_seconds: float = 0.0  # how long the writing transaction held the lock
    problems: list[dict] = field(default_factory=list)

    @property
    def errors(self) -> list[dict]:
        return [p for p in self.problems if p["level"] == ERROR]

    @property
    def warnings(self) -> list[dict]:
        return [p for p in self.problems if p["level"] == WARNING]

    def as_dict(self) -> dict:
        return asdict(self)


def _prepare(*, municipality, content: bytes, options: ImportOptions) -> geo.Boundaries:
    boundaries = geo.read_boundaries(content, options.read_options())
    if not options.level.strip():
        boundaries.error(_("Bitte geben Sie die Ebene an, z. B. Stadtteil oder Planungsraum."))
    if options.kind not in AreaKind.values:
        boundaries.error(_("Die Art des Gebiets ist unbekannt."))
    if options.parent_level and options.parent_level == options.level:
        boundaries.error(_("Die übergeordnete Ebene muss eine andere sein als die Ebene selbst."))
    if not boundaries.has_errors:
        _match_parents(
            municipality=municipality,
            features=boundaries.features,
            level=options.parent_level,
            method=options.parent_method,
            boundaries=boundaries,
            conflict=options.parent_conflict,
        )
        _compare_existing(
            municipality=municipality,
            level=options.level,
            boundaries=boundaries,
            clear=options.parent_method == PARENT_CLEAR and not options.parent_level,
        )
    return boundaries


def _report(boundaries: geo.Boundaries, problems: list[dict] | None = None) -> ImportReport:
    problems = problems if problems is not None else [p.as_dict() for p in boundaries.problems]
    return ImportReport(
        ok=not any(p["level"] == ERROR for p in problems),
        file_format=boundaries.file_format,
        crs_label=boundaries.crs_label,
        encoding=boundaries.encoding,
        code_field=boundaries.code_field,
        name_field=boundaries.name_field,
        properties=boundaries.properties,
        total=len(boundaries.features),
        name_examples=boundaries.name_examples,
        name_notes=boundaries.name_notes,
        with_parent=sum(1 for f in boundaries.features if f.get("parent_id")),
        parents_matched=sum(
            1 for f in boundaries.features if f.get("parent_source") in ("prefix", "point")
        ),
        parents_kept=sum(1 for f in boundaries.features if f.get("parent_source") == "kept"),
        parents_changed=sum(
            1
            for f in boundaries.features
            if f.get("parent_before")
            and f.get("parent_id")
            and f["parent_before"] != f["parent_id"]
        ),
        parents_removed=sum(1 for f in boundaries.features if f.get("parent_source") == "cleared"),
        parent_conflicts=sum(1 for f in boundaries.features if f.get("parent_conflict")),
        problems=problems,
    )


def _commit(
    *,
    actor,
    municipality,
    content: bytes,
    options: ImportOptions,
    filename: str,
    progress: Callable[[int, int], None] | None = None,
    inside: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Read the file, plan every write outside a transaction, then write in one short one.

    ``progress(done, total)`` is called between batches; ``inside(report)`` runs in the
    writing transaction (the wizard marks its draft there). If someone changed the level's
    areas meanwhile, the file is matched again (up to three times)."""
    for _attempt in range(3):
        boundaries = _prepare(municipality=municipality, content=content, options=options)
        report = _report(boundaries)
        if not report.ok:
            return report
        total = len(boundaries.features)
        plan = plan_write(
            municipality=municipality,
            features=boundaries.features,
            level=options.level,
            kind=options.kind,
            progress=(lambda done, total=total: progress(done, total)) if progress else None,
        )
        report.created = len(plan.created)
        report.updated = len(plan.updated)
        report.unchanged = len(plan.unchanged)
        report.committed = True
        started = time.perf_counter()
        try:
            with transaction.atomic():
                apply_write(municipality=municipality, level=options.level, plan=plan)
                log_action(
                    "areas.area.imported",
                    actor=actor,
                    municipality=municipality,
                    data={
                        "filename": filename,
                        "level": options.level,
                        "kind": options.kind,
                        "parent_level": options.parent_level,
                        "created": plan.created,
                        "updated": plan.updated,
                        "warnings": len(report.warnings),
                    },
                )
                if inside is not None:
                    inside(report)
        except PlanOutdated:
            continue
        report.write_seconds = round(time.perf_counter() - started, 4)
        return report
    raise ValidationError(
        _(
            "Die Gebiete dieser Ebene wurden während der Übernahme mehrfach geändert; es wurde "
            "nichts übernommen. Bitte starten Sie die Übernahme erneut."
        )
    )


def areas_import(
    *,
    actor,
    municipality,
    content: bytes,
    filename: str,
    options: ImportOptions,
    dry_run: bool = False,
) -> ImportReport:
    """Import one boundary file as one level of areas: all or nothing (``manage.py
    import_areas``; runs in the calling process, with the same short write as the wizard).

    New keys are created, known keys on the same level are updated (name, boundary, parent).
    With errors, or with ``dry_run``, nothing is written and the report says why.
    """
    if dry_run:
        return _report(_prepare(municipality=municipality, content=content, options=options))
    return _commit(
        actor=actor, municipality=municipality, content=content, options=options, filename=filename
    )


def area_import_prepare(
    *,
    actor,
    municipality,
    content: bytes,
    filename: str,
    options: ImportOptions,
    background: bool = False,
) -> AreaImport:
    """Step 2 of the wizard: parse and check, keep the result for the preview. Previews nobody
    committed within a week are discarded (their file is not kept longer than needed).
    The file is read before the transaction, so the database stays writable meanwhile; with
    ``background`` (the wizard passes it) a file over ``CHECK_BACKGROUND_BYTES`` is read by
    the task worker (``import_jobs._check_task``) and the preview page shows the progress."""
    checking = background and len(content) > CHECK_BACKGROUND_BYTES
    boundaries = None
    if not checking:
        boundaries = _prepare(municipality=municipality, content=content, options=options)
    with transaction.atomic():
        AreaImport.objects.filter(
            municipality=municipality,
            status=ImportStatus.PREVIEW,
            created_at__lt=timezone.now() - STALE_PREVIEW,
        ).update(status=ImportStatus.DISCARDED, source=b"", features=[])
        draft = AreaImport(
            municipality=municipality,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            filename=filename[:255],
            file_format=(boundaries.file_format if boundaries else "") or "?",
            source=content,
            options=options.as_dict(),
        )
        if boundaries is not None:
            _fill_draft(draft, boundaries)
        else:
            draft.status = ImportStatus.CHECKING
        draft.save()
        if checking:
            from .import_jobs import _check_task  # the job module builds on this one

            draft.job = _check_task.enqueue(
                municipality=municipality,
                owner=actor,
                label=_("Prüfung von %(name)s") % {"name": draft.filename},
                import_id=draft.pk,
            )
            draft.save(update_fields=["job", "updated_at"])
        log_action(
            "areas.import.uploaded",
            actor=actor,
            instance=draft,
            data={"filename": draft.filename, "features": len(draft.features)},
        )
    return draft


def _fill_draft(draft: AreaImport, boundaries: geo.Boundaries) -> None:
    draft.features = boundaries.features
    draft.problems = [p.as_dict() for p in boundaries.problems]
    report = _report(boundaries)
    report.committed = False
    draft.report = report.as_dict()


def area_import_reconfigure(*, actor, draft: AreaImport, options: ImportOptions) -> AreaImport:
    """Read the file again with other settings (outside the transaction that stores it)."""
    draft = AreaImport.objects.get(pk=draft.pk)
    if draft.status != ImportStatus.PREVIEW:
        raise ValidationError(_("Dieser Import ist schon abgeschlossen."))
    boundaries = _prepare(
        municipality=draft.municipality, content=bytes(draft.source), options=options
    )
    with transaction.atomic():
        locked = AreaImport.objects.select_for_update().defer("source", "features").get(pk=draft.pk)
        if locked.status != ImportStatus.PREVIEW:
            raise ValidationError(_("Dieser Import ist schon abgeschlossen."))
        before = draft.options
        draft.options = options.as_dict()
        _fill_draft(draft, boundaries)
        draft.save(update_fields=["options", "features", "problems", "report", "updated_at"])
        log_action(
            "areas.import.reconfigured",
            actor=actor,
            instance=draft,
            before=before,
            after=draft.options,
        )
    return draft


@transaction.atomic
def area_import_discard(*, actor, draft: AreaImport) -> AreaImport:
    """Drop a preview, or a commit that failed and could be retried (nothing was written)."""
    if draft.status not in (ImportStatus.PREVIEW, ImportStatus.FAILED):
        return draft
    if draft.job_id is not None:
        BackgroundJob.objects.filter(pk=draft.job_id, status=JobStatus.FAILED).update(
            retryable=False
        )
    draft.status = ImportStatus.DISCARDED
    draft.source = b""
    draft.features = []
    draft.save(update_fields=["status", "source", "features", "updated_at"])
    log_action("areas.import.discarded", actor=actor, instance=draft)
    return draft


def _errors_text(problems: list[dict]) -> str:
    """The first five errors of a report, for a message."""
    errors = [p for p in problems if p.get("level") == ERROR]
    return " ".join(str(Problem(**p)) for p in errors[:5])
