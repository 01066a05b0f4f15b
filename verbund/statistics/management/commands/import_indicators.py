"""Import a statistics file from the command line, through the same services as the wizard.

Examples::

    manage.py import_indicators lindenhagen sozialdaten-2024.xlsx --mapping "Sozialatlas"
    manage.py import_indicators berlin mss-2019.csv --area-column id --year 2019 \\
        --column inhabitants=population --column s1_percentage_unemployed=unemployment_share
    manage.py import_indicators koeln bevoelkerung.csv --layout long --area-column raum_id \\
        --year-column jahr --indicator-column tabelle --indicator-column zeile \\
        --value-column zahl --label "Einwohner in Köln / Einwohner=population" --dry-run
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from verbund.accounts.models import User
from verbund.statistics import services
from verbund.statistics.importing.columns import column_notes
from verbund.statistics.importing.guess import title_year
from verbund.statistics.importing.matching import REASONS
from verbund.statistics.models import ImportMapping, ImportStatus
from verbund.tenancy.models import Municipality


def _side(side: dict) -> str:
    if not side.get("status"):
        return "nichts"
    if side["status"] == "ok":
        return f"{side['value']:g}".replace(".", ",")
    return "geheim" if side["status"] == "suppressed" else "fehlt"


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs = {}
    for value in values or []:
        if "=" not in value:
            raise CommandError(f"{option} erwartet SPALTE=INDIKATOR, nicht „{value}“.")
        left, right = value.rsplit("=", 1)
        pairs[left.strip()] = right.strip()
    return pairs


class Command(BaseCommand):
    help = "Statistikdaten (CSV/XLSX) für eine Kommune importieren – alles oder nichts."

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="Kürzel der Kommune (slug)")
        parser.add_argument("file", help="CSV- oder XLSX-Datei")
        parser.add_argument("--mapping", help="gespeicherte Zuordnung (Name) verwenden")
        parser.add_argument("--save-mapping", help="Zuordnung unter diesem Namen speichern")
        parser.add_argument("--layout", choices=["wide", "long"])
        parser.add_argument("--area-column")
        parser.add_argument("--match", choices=["key", "name"], dest="area_match")
        parser.add_argument("--level", dest="area_level", help="nur Gebiete dieser Ebene")
        parser.add_argument("--year", type=int)
        parser.add_argument("--year-column")
        parser.add_argument("--column", action="append", help="SPALTE=indikator_schluessel")
        parser.add_argument("--indicator-column", action="append")
        parser.add_argument("--value-column")
        parser.add_argument("--label", action="append", help="BEZEICHNUNG=indikator_schluessel")
        parser.add_argument("--decimal", choices=[",", "."])
        parser.add_argument(
            "--dash",
            choices=["missing", "zero", "suppressed"],
            help="was ein Strich (-) bedeutet: fehlt (Vorgabe), null oder geheim",
        )
        parser.add_argument(
            "--accept-short-rows",
            action="store_true",
            help="bestätigen: der Herausgeber lässt leere Felder am Zeilenende weg",
        )
        parser.add_argument(
            "--accept-open-end",
            action="store_true",
            help="bestätigen: die Datei ist vollständig, obwohl die letzte Zeile ohne "
            "Zeilenumbruch endet",
        )
        parser.add_argument(
            "--encoding", choices=["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]
        )
        parser.add_argument("--delimiter", choices=[";", ",", "tab", "|"])
        parser.add_argument("--sheet")
        parser.add_argument("--header-row", type=int, help="erste Zeile der Spaltenüberschriften")
        parser.add_argument(
            "--header-rows",
            type=int,
            choices=[0, 1, 2, 3],
            help="Zeilen der Überschrift (verbundene Zellen); 0 = erkennen",
        )
        parser.add_argument("--user", help="Benutzername, der im Verlauf erscheint")
        parser.add_argument("--dry-run", action="store_true", help="nur prüfen, nichts schreiben")

    def handle(self, *args, **options):
        try:
            municipality = Municipality.objects.get(slug=options["municipality"])
        except Municipality.DoesNotExist as exc:
            raise CommandError(
                f"Keine Kommune mit dem Kürzel „{options['municipality']}“."
            ) from exc
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Keinen Benutzer „{options['user']}“ gefunden.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {path}")
        with scope(municipality=municipality.pk):
            return self._run(municipality, actor, path, options)

    def _run(self, municipality, actor, path, options):
        spec: dict = {}
        if options["mapping"]:
            mapping = ImportMapping.objects.filter(
                municipality=municipality, name=options["mapping"]
            ).first()
            if mapping is None:
                raise CommandError(f"Keine gespeicherte Zuordnung „{options['mapping']}“.")
            spec = dict(mapping.spec)
        for key in ("layout", "area_column", "area_match", "area_level", "year", "year_column"):
            if options[key] is not None:
                spec[key] = options[key]
        if options["year"] is not None and options["year_column"] is None:
            spec["year_column"] = ""
        if options["column"]:
            spec["columns"] = _pairs(options["column"], "--column")
        if options["indicator_column"]:
            spec["indicator_columns"] = options["indicator_column"]
        if options["value_column"]:
            spec["value_column"] = options["value_column"]
        if options["label"]:
            spec["labels"] = _pairs(options["label"], "--label")
        if options["decimal"]:
            spec["decimal"] = options["decimal"]
        if options["dash"]:
            spec["dash"] = options["dash"]
        if options["header_rows"] is not None:
            spec["header_rows"] = options["header_rows"]
        read_options = {k: options[k] or "" for k in ("encoding", "delimiter", "sheet")}
        read_options["header_row"] = options["header_row"] or 0
        read_options["accept"] = [
            code
            for code, flag in (("short_rows", "accept_short_rows"), ("open_end", "accept_open_end"))
            if options[flag]
        ]

        with path.open("rb") as handle:
            try:
                run = services.import_upload(
                    actor=actor,
                    municipality=municipality,
                    upload=File(handle, name=path.name),
                    file_name=path.name,
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        run = services.import_analyse(actor=actor, run=run, spec=spec, options=read_options)
        year = title_year((run.report or {}).get("titles"))
        if year and spec.get("year") is None and not spec.get("year_column"):
            spec["year"] = year  # "Bevölkerung am 31.12.2013 nach Stadtteilen"
            self.stdout.write(f"Jahr {year} aus dem Titel über der Tabelle.")
            run = services.import_analyse(actor=actor, run=run, spec=spec, options=read_options)
        self._print_report(run)
        if options["save_mapping"]:
            services.mapping_save(
                actor=actor, municipality=municipality, name=options["save_mapping"], spec=run.spec
            )
            self.stdout.write(f"Zuordnung „{options['save_mapping']}“ gespeichert.")
        if run.status != ImportStatus.READY:
            services.import_cancel(actor=actor, run=run)
            raise CommandError("Nicht übernommen: die Datei oder die Zuordnung hat Fehler.")
        if options["dry_run"]:
            services.import_cancel(actor=actor, run=run)
            self.stdout.write("Probelauf: nichts geschrieben.")
            return
        run = services.import_commit(actor=actor, run=run, background=False)
        if run.status != ImportStatus.DONE:
            raise CommandError(run.error_message)
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.values_written} Werte übernommen ({run.values_created} neu, "
                f"{run.values_updated} aktualisiert). Import Nr. {run.pk}, SHA-256 {run.sha256}."
            )
        )

    def _print_report(self, run):
        report = run.report
        write = self.stdout.write
        if report.get("file_error"):
            write(f"Datei: {report['file_error']}")
            return
        write(
            f"Format {report.get('format')}, Kodierung {report.get('encoding') or '–'}, "
            f"Trennzeichen {report.get('delimiter')!r}, "
            f"Dezimaltrennzeichen {report.get('decimal')!r}"
        )
        for warning in report.get("warnings", []):
            write(f"Hinweis: {warning}")
        for problem in report.get("spec_errors", []):
            write(f"Zuordnung: {problem}")
        values = report.get("values", {})
        write(
            f"{report.get('rows', 0)} Zeilen, {report.get('rows_joined', 0)} einem Gebiet "
            f"zugeordnet, {report.get('rows_unmatched', 0)} ohne Gebiet, "
            f"{report.get('areas_without_data_count', 0)} Gebiete ohne Daten; Werte: "
            f"{values.get('ok', 0)} Zahlen, {values.get('missing', 0)} fehlend, "
            f"{values.get('suppressed', 0)} geheim"
        )
        for item in report.get("unmatched", [])[:50]:
            reason = REASONS.get(item["reason"], item["reason"])
            text = f" ({item['text']})" if item.get("text") else ""
            write(f"  ohne Gebiet: Zeile {item['line']} „{item['value']}“{text} – {reason}")
        if report.get("areas_without_data"):
            names = ", ".join(
                f"{a['name']} ({a['code']})" for a in report["areas_without_data"][:50]
            )
            write(f"  Gebiete ohne Daten: {names}")
        if report.get("labels") and run.spec.get("layout") == "long":
            unmapped = [
                label for label in report["labels"] if label not in run.spec.get("labels", {})
            ]
            if unmapped:
                write(
                    f"  nicht zugeordnete Indikatoren: {len(unmapped)}, z. B. "
                    + "; ".join(unmapped[:5])
                )
        if report.get("dashes"):
            meaning = {"zero": "null (0)", "suppressed": "geheim"}.get(
                run.spec.get("dash"), "fehlt"
            )
            write(
                f"  {report['dashes']} Zellen mit Strich (-), gelesen als „{meaning}“ "
                "(ändern mit --dash)"
            )
        for note in column_notes(report, run.spec):
            write(f"  Spalte „{note[0]}“ nicht als Indikator übernommen: {note[1]}")
        for item in report.get("accepted", []):
            write(f"  Bestätigt: {item['message']}")
        for item in report.get("confirm", []):
            flag = "--accept-open-end" if item["code"] == "open_end" else "--accept-short-rows"
            write(f"  Bitte bestätigen ({flag}): {item['message']}")
        diff = report.get("diff")
        if diff:
            write(
                f"  Gegenüber den gespeicherten Werten: {diff['new']} neu, {diff['changed']} "
                f"geändert, {diff['emptied']} werden leer, {diff['unchanged']} unverändert"
            )
            for kind, label in (("emptied", "wird leer"), ("changed", "geändert")):
                for ex in diff["examples"].get(kind, [])[:5]:
                    write(
                        f"    {label}: {ex['area']}, {ex['indicator']}, {ex['year']}: "
                        f"{_side(ex['old'])} → {_side(ex['new'])}"
                    )
        for error in report.get("errors", []):
            column = f", Spalte {error['column']}" if error["column"] else ""
            write(f"  Fehler Zeile {error['line']}{column}: {error['message']}")
        if report.get("error_count", 0) > len(report.get("errors", [])):
            write(f"  … insgesamt {report['error_count']} Fehler")
