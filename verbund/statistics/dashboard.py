"""What statistics adds to the start page: imports waiting for a decision (registered in
``StatisticsConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.core.prepared import PreparedQuery
from verbund.dashboard.registry import DueItem, Row

from . import permissions as perms
from .models import ImportStatus
from .selectors import import_run_list

WAITING = (ImportStatus.UPLOADED, ImportStatus.READY, ImportStatus.INVALID, ImportStatus.FAILED)
ACTIONS = {
    ImportStatus.UPLOADED: _("Zuordnung festlegen und prüfen"),
    ImportStatus.READY: _("Prüfbericht ansehen und übernehmen"),
    ImportStatus.INVALID: _("Fehler ansehen und korrigieren"),
    ImportStatus.FAILED: _("Fehler ansehen und erneut versuchen"),
}


def _waiting_runs(municipality_id):
    return (
        import_run_list(municipality=municipality_id)
        .filter(status__in=WAITING)
        .select_related(None)
        .only("id", "status", "file_name", "created_at")
        .order_by("-created_at", "-id")[:20]
    )


_WAITING_RUNS = PreparedQuery(_waiting_runs)


def waiting_import_items(ctx) -> list[DueItem]:
    """Statistics files uploaded but not yet taken over or cancelled (1 query)."""
    if not ctx.access.can(perms.import_values):
        return []
    runs = _WAITING_RUNS.objects(municipality_id=ctx.municipality.pk)
    return [
        DueItem(
            key=f"statistics.import:{run.pk}:{run.status}",
            title=_("Statistik-Import „%(file)s“: %(status)s")
            % {"file": run.file_name, "status": run.get_status_display()},
            url=reverse("statistics:import_detail", args=[ctx.municipality.slug, run.pk]),
            action=str(ACTIONS.get(run.status, _("Import ansehen"))),
            detail=_("hochgeladen am %(date)s") % {"date": run.created_at.strftime("%d.%m.%Y")},
        )
        for run in runs
    ]


def first_import_step(ctx) -> Row | None:
    if not ctx.access.can(perms.import_values):
        return None
    return Row(
        _("Statistikdaten importieren"),
        reverse("statistics:import_upload", args=[ctx.municipality.slug]),
        _("Einwohner- und Sozialdaten je Sozialraum als CSV- oder Excel-Datei."),
    )


def register() -> None:
    from verbund.dashboard.registry import register_first_step, register_items

    register_items("statistics.imports", waiting_import_items, group="imports", order=10)
    register_first_step("statistics.first_import", first_import_step, order=20)
