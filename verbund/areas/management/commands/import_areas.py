"""Import one level of area boundaries from the command line, with the wizard's service code.

manage.py import_areas lindenhagen stadtteile.geojson --level Stadtteil
manage.py import_areas koeln Stadtteil.shp --level Stadtteil --parent-level Stadtbezirk
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from verbund.areas.models import AreaKind
from verbund.areas.services import (
    CONFLICT_POINT,
    CONFLICT_PREFIX,
    PARENT_CLEAR,
    PARENT_POINT,
    PARENT_PREFIX,
    ImportOptions,
    areas_import,
)
from verbund.tenancy.models import Municipality

SIDECARS = ("shp", "shx", "dbf", "prj", "cpg")


def read_source(path: Path) -> bytes:
    """A .shp with its sidecar files is zipped in memory, so that both ways share one reader."""
    if path.suffix.lower() != ".shp":
        return path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for ext in SIDECARS:
            for candidate in (path.with_suffix(f".{ext}"), path.with_suffix(f".{ext.upper()}")):
                if candidate.exists():
                    archive.write(candidate, f"{path.stem}.{ext}")
                    break
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Importiert Gebietsgrenzen (GeoJSON, Shapefile oder ZIP) als eine Ebene einer Kommune."

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="Kürzel der Kommune (slug)")
        parser.add_argument("path", type=Path, help=".geojson, .json, .zip oder .shp")
        parser.add_argument("--level", required=True, help="Ebene, z. B. Stadtteil")
        parser.add_argument("--kind", default=AreaKind.ADMINISTRATIVE, choices=AreaKind.values)
        parser.add_argument("--code-field", default="", help="Feld mit dem Schlüssel")
        parser.add_argument("--name-field", default="", help="Feld mit dem Namen")
        parser.add_argument("--parent-level", default="", help="übergeordnete Ebene")
        parser.add_argument(
            "--parent-by",
            default=PARENT_PREFIX,
            choices=[PARENT_PREFIX, PARENT_POINT, PARENT_CLEAR],
            help="clear: ohne --parent-level die bisherigen Zuordnungen entfernen",
        )
        parser.add_argument(
            "--parent-conflict",
            default=CONFLICT_PREFIX,
            choices=[CONFLICT_PREFIX, CONFLICT_POINT],
            help="wenn Schlüssel und Lage nicht zusammenpassen: nach Schlüssel oder Lage",
        )
        parser.add_argument("--crs", default="", help="Koordinatensystem, z. B. EPSG:25832")
        parser.add_argument("--encoding", default="", help="Zeichenkodierung der DBF-Datei")
        parser.add_argument("--user", default="", help="Benutzername für das Protokoll")
        parser.add_argument("--dry-run", action="store_true", help="nur prüfen, nichts speichern")

    def handle(self, *args, **opts):
        try:
            municipality = Municipality.objects.get(slug=opts["municipality"])
        except Municipality.DoesNotExist as exc:
            raise CommandError(f"Kommune „{opts['municipality']}“ gibt es nicht.") from exc
        path: Path = opts["path"]
        if not path.exists():
            raise CommandError(f"Datei „{path}“ gibt es nicht.")
        actor = None
        if opts["user"]:
            actor = get_user_model().objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"Benutzer „{opts['user']}“ gibt es nicht.")
        options = ImportOptions(
            level=opts["level"],
            kind=opts["kind"],
            code_field=opts["code_field"],
            name_field=opts["name_field"],
            parent_level=opts["parent_level"],
            parent_method=opts["parent_by"],
            parent_conflict=opts["parent_conflict"],
            source_crs=opts["crs"],
            encoding=opts["encoding"],
        )
        with scope(municipality=municipality.pk):
            report = areas_import(
                actor=actor,
                municipality=municipality,
                content=read_source(path),
                filename=path.name,
                options=options,
                dry_run=opts["dry_run"],
            )
        for problem in report.problems:
            prefix = "Fehler" if problem["level"] == "error" else "Hinweis"
            where = f"{problem['where']}: " if problem["where"] else ""
            self.stderr.write(f"{prefix}: {where}{problem['message']}")
        if not report.ok:
            raise CommandError("Nichts importiert, die Datei hat Fehler (siehe oben).")
        self.stdout.write(
            f"{report.total} Gebiete gelesen ({report.file_format}, "
            f"Schlüssel „{report.code_field}“, Name „{report.name_field}“"
            + (f", Koordinatensystem {report.crs_label}" if report.crs_label else "")
            + ")."
            + (f" Erste Namen: {', '.join(report.name_examples)}." if report.name_examples else "")
        )
        if opts["dry_run"]:
            self.stdout.write("Probelauf: nichts gespeichert.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.created} neu, {report.updated} geändert, {report.unchanged} "
                f"unverändert; {report.parents_matched} einem übergeordneten Gebiet zugeordnet, "
                f"{report.parents_kept} behalten ihre bisherige Zuordnung, "
                f"{report.parents_changed} mit anderem übergeordneten Gebiet als bisher, "
                f"{report.parents_removed} Zuordnungen entfernt, "
                f"{report.parent_conflicts} mit Abweichung zwischen Schlüssel und Lage."
            )
        )
