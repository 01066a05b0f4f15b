"""Remind coordinators and leads of upcoming review dates and expiries, by hand.

``manage.py run_scheduled_jobs`` (cron, systemd timer) runs the same with the defaults; this
command adds a reference day, other lead times and a dry run. Sending twice on one day is
harmless: every reminder sent is recorded and never sent again. The mails themselves are
background jobs (retried with back-off), sent by ``manage.py db_worker``.
"""

import os
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from verbund.cooperation.reminders import lead_days_setting, send_due_reminders


class Command(BaseCommand):
    help = "Sendet fällige Erinnerungen zu Überprüfung und Ablauf von Kooperationsvereinbarungen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--vorlauf",
            dest="lead_days",
            help="Vorlaufzeiten in Tagen, durch Komma getrennt (Standard: "
            "COOPERATION_REMINDER_LEAD_DAYS oder 60,14).",
        )
        parser.add_argument("--stichtag", dest="today", help="Datum statt heute (JJJJ-MM-TT).")
        parser.add_argument(
            "--probelauf", dest="dry_run", action="store_true", help="Nur anzeigen, nichts senden."
        )
        parser.add_argument(
            "--basis-url",
            dest="base_url",
            default=getattr(settings, "SITE_URL", "") or os.environ.get("VERBUND_SITE_URL", ""),
            help="Adresse der Installation für Links in der E-Mail, z. B. https://verbund.example.org",
        )

    def handle(self, *args, lead_days=None, today=None, dry_run=False, base_url="", **options):
        try:
            leads = (
                tuple(int(part) for part in lead_days.split(",") if part.strip())
                if lead_days
                else lead_days_setting()
            )
        except ValueError as exc:
            raise CommandError("--vorlauf: bitte ganze Zahlen, z. B. 60,14") from exc
        if any(day < 0 for day in leads):
            raise CommandError("--vorlauf: Tage dürfen nicht negativ sein.")
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--stichtag: bitte im Format JJJJ-MM-TT") from exc
        if not base_url:
            self.stderr.write(
                "Hinweis: ohne --basis-url (oder VERBUND_SITE_URL) enthalten die E-Mails nur "
                "relative Links."
            )
        sent = send_due_reminders(today=day, lead_days=leads, base_url=base_url, dry_run=dry_run)
        verb = "fällig" if dry_run else "gesendet"
        for item in sent:
            self.stdout.write(
                f"{verb}: {item.agreement} – {item.kind} am {item.due_date:%d.%m.%Y} "
                f"(noch {item.days_left} Tage, Vorlauf {item.lead_days})"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} Erinnerung(en) {verb}."))
