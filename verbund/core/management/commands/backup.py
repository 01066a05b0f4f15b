"""``manage.py backup DATEI``: database and media files into one archive (see core/backup.py)."""

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from verbund.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sichert Datenbank und hochgeladene Dateien in eine Archivdatei (.tar)."

    def add_arguments(self, parser):
        parser.add_argument(
            "ziel",
            nargs="?",
            help="Archivdatei oder Ordner (Standard: verbund-sicherung-<Zeitpunkt>.tar hier).",
        )

    def handle(self, *args, **options):
        stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
        target = Path(options["ziel"] or ".")
        if target.is_dir():
            target = target / f"verbund-sicherung-{stamp}.tar"
        try:
            manifest = create_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(int(t["rows"]) for t in manifest["tables"].values())
        self.stdout.write(
            f"Sicherung geschrieben: {target} ({manifest['engine']}, "
            f"{len(manifest['tables'])} Tabellen, {rows} Zeilen, "
            f"{len(manifest['media'])} Dateien)."
        )
