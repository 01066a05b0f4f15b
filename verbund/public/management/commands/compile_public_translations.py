"""Compile the public pages' translations (``verbund/public/locale/*/LC_MESSAGES/django.po``)
to ``.mo`` with Babel, so ``make setup`` works without GNU gettext. Fuzzy entries are left
out (as msgfmt does); the ``.mo`` files are not in git."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management.base import BaseCommand

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        language = po_path.parts[-3]
        with po_path.open("rb") as source:
            catalog = read_po(source, locale=language)
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            written.append(mo_path)
            continue
        with mo_path.open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Übersetzungen der öffentlichen Seiten mit Babel übersetzen (.po → .mo)."

    def handle(self, *args, **options):
        files = compile_all()
        self.stdout.write(f"{len(files)} Übersetzungsdateien bereit.")
