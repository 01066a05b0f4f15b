from django.core.management.base import BaseCommand, CommandError

from verbund.core.scheduler import periodic_jobs, run_periodic_jobs


class Command(BaseCommand):
    help = (
        "Führt alle registrierten periodischen Aufgaben einmal aus (Erinnerungen zu "
        "Vereinbarungen, Aufräumen abgestürzter Hintergrundaufgaben, …). Von cron oder einem "
        "systemd-Timer aufrufen, z. B. alle 15 Minuten: "
        "`python manage.py run_scheduled_jobs`. Jede Aufgabe verträgt häufigere Aufrufe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--nur", dest="only", action="append", help="Nur diese Aufgabe (Name, mehrfach)."
        )
        parser.add_argument(
            "--liste", dest="list", action="store_true", help="Aufgaben nur auflisten."
        )

    def handle(self, *args, only=None, list=False, **options):
        known = {job.name for job in periodic_jobs()}
        unknown = sorted(set(only or []) - known)
        if unknown:
            raise CommandError(
                f"Unbekannte Aufgabe(n): {', '.join(unknown)}. Bekannt: {', '.join(sorted(known))}"
            )
        if list:
            for job in periodic_jobs():
                self.stdout.write(f"{job.name}: {job.label}")
            return
        failed = 0
        for outcome in run_periodic_jobs(only):
            if outcome.ok:
                self.stdout.write(f"{outcome.job.name}: erledigt ({outcome.result})")
            else:
                failed += 1
                self.stderr.write(f"{outcome.job.name}: FEHLER {outcome.result!r}")
        if failed:
            raise CommandError(f"{failed} Aufgabe(n) fehlgeschlagen.")
