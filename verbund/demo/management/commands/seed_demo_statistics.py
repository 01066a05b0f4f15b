"""Demo statistics for Lindenhagen: three years of the catalogue indicators for every
Stadtteil, imported as the Jugendhilfeplanung would – a CSV from the statistics office
(Windows-1252, semicolons, German numbers, a total row) through the import services, with a
saved mapping for next year's file. Needs the areas demo (``seed_demo_areas``); without areas
it does nothing. Idempotent."""

from __future__ import annotations

import csv
import io
import random

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django_scopes import scope

from verbund.accounts.models import User
from verbund.areas.models import Area
from verbund.core.numbers import format_decimal
from verbund.statistics import services
from verbund.statistics.models import ImportMapping, ImportStatus
from verbund.tenancy.models import Municipality

MAPPING_NAME = "Sozialstrukturdaten Stadtteile (Statistikstelle)"
YEARS = [2022, 2023, 2024]
# column header in the office's file → indicator key, (mean, spread) of the demo values
COLUMNS = {
    "Einwohner insgesamt": ("population", (9000, 4000)),
    "Anteil 0 bis u. 3 J. in %": ("children_0_3_share", (3.0, 0.8)),
    "Anteil 3 bis u. 6 J. in %": ("children_3_6_share", (2.9, 0.7)),
    "Anteil 6 bis u. 10 J. in %": ("children_6_10_share", (3.8, 0.8)),
    "Anteil 10 bis u. 16 J. in %": ("children_10_16_share", (5.6, 1.0)),
    "Anteil 16 bis u. 21 J. in %": ("children_16_21_share", (5.0, 1.0)),
    "Personen je Haushalt": ("household_size", (1.95, 0.25)),
    "Alleinerziehende in %": ("single_parent_households_share", (19.0, 7.0)),
    "Migrationshintergrund in %": ("migration_background_share", (32.0, 15.0)),
    "Arbeitslose in %": ("unemployment_share", (5.5, 2.5)),
    "SGB-II-Quote in %": ("sgb2_share", (9.0, 5.0)),
    "SGB II unter 15 J. in %": ("child_poverty_share", (14.0, 9.0)),
    "SEU Sprachförderbedarf in %": ("school_entry_language_support_share", (22.0, 12.0)),
    "SEU Übergewicht in %": ("school_entry_overweight_share", (9.0, 3.0)),
    "SEU Motorik auffällig in %": ("school_entry_motor_skills_share", (12.0, 4.0)),
}


def german(value: float, decimals: int) -> str:
    return format_decimal(value, decimals)


class Command(BaseCommand):
    help = "Demo-Sozialraumdaten für Lindenhagen über den Import anlegen (idempotent)."

    def handle(self, *args, **options):
        town = Municipality.objects.filter(slug="lindenhagen").first()
        if town is None:
            self.stdout.write("Keine Demo-Kommune Lindenhagen; bitte zuerst seed_demo.")
            return
        with scope(municipality=town.pk):
            if ImportMapping.objects.filter(municipality=town, name=MAPPING_NAME).exists():
                self.stdout.write("Demo-Sozialraumdaten sind schon importiert.")
                return
            areas = list(Area.objects.filter(municipality=town, level="Stadtteil").order_by("code"))
            if not areas:
                self.stdout.write("Keine Stadtteile in Lindenhagen; bitte zuerst seed_demo_areas.")
                return
            planner = User.objects.filter(username="planung").first()
            rng = random.Random(42)
            # A stable social profile per Stadtteil, drifting a little from year to year.
            profile = {area.pk: rng.uniform(-1, 1) for area in areas}
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer, delimiter=";")
            writer.writerow(["Jahr", "Stadtteil-Nr.", "Stadtteil", *COLUMNS])
            for year in YEARS:
                drift = (year - YEARS[0]) * 0.03
                for area in areas:
                    row = [year, area.code, area.name]
                    for key, (mean, spread) in COLUMNS.values():
                        noise = rng.uniform(-0.15, 0.15)
                        if key == "population":
                            row.append(german(mean + spread * (profile[area.pk] + noise), 0))
                            continue
                        sign = -1 if key == "household_size" else 1
                        value = max(0.1, mean + sign * spread * (profile[area.pk] + noise + drift))
                        if key.startswith("school_entry") and rng.random() < 0.08:
                            row.append(".")  # small cohort: suppressed by the health office
                        else:
                            row.append(german(value, 2 if key == "household_size" else 1))
                    writer.writerow(row)
                writer.writerow([year, "", "Lindenhagen insgesamt", *["" for _ in COLUMNS]])
            content = buffer.getvalue().encode("cp1252")
            spec = {
                "layout": "wide",
                "area_column": "Stadtteil-Nr.",
                "area_match": "key",
                "area_level": "Stadtteil",
                "year_column": "Jahr",
                "columns": {header: key for header, (key, _r) in COLUMNS.items()},
            }
            run = services.import_upload(
                actor=planner,
                municipality=town,
                upload=ContentFile(content, name="sozialstruktur_stadtteile_2022-2024.csv"),
            )
            run = services.import_analyse(actor=planner, run=run, spec=spec, options={})
            mapping = services.mapping_save(
                actor=planner, municipality=town, name=MAPPING_NAME, spec=spec
            )
            run.mapping = mapping
            run.save(update_fields=["mapping"])
            run = services.import_commit(actor=planner, run=run, background=False)
            if run.status != ImportStatus.DONE:
                self.stderr.write(f"Demo-Import fehlgeschlagen: {run.error_message}")
                return
            self.stdout.write(
                f"{run.values_written} Demo-Werte für {len(areas)} Stadtteile importiert."
            )
