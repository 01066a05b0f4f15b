"""``manage.py restore DATEI``: load a backup and prove every table and file equal."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from verbund.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Spielt eine Sicherung (manage.py backup) in die konfigurierte Datenbank und den "
        "Dateispeicher zurück und prüft danach jede Tabelle und jede Datei."
    )

    def add_arguments(self, parser):
        parser.add_argument("quelle", help="Archivdatei von manage.py backup")
        parser.add_argument(
            "--ersetzen",
            action="store_true",
            help="Eine nicht leere Zieldatenbank vollständig ersetzen.",
        )

    def handle(self, *args, **options):
        source = Path(options["quelle"])
        if not source.is_file():
            raise CommandError(f"„{source}“ gibt es nicht.")
        try:
            differences = restore_backup(source, replace=options["ersetzen"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        if differences:
            for difference in differences[:50]:
                self.stderr.write(str(difference))
            raise CommandError(
                f"Zurückgespielt, aber {len(differences)} Abweichungen zur Sicherung (siehe oben)."
            )
        self.stdout.write("Zurückgespielt und geprüft: alle Tabellen und Dateien sind gleich.")
