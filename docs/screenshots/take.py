"""Screenshots of the workplace at desktop and phone width, as its users see it.

Run from the repository root: ``.venv/bin/python docs/screenshots/take.py``. It builds a fresh
SQLite database with the demo data in a temporary folder, starts the app on a free port, signs
in as the demo users and saves the first screen of each page, per width, as a PNG into
``docs/screenshots/`` (whole pages with ``--full``). The closing notes of issues name these
files; re-run it after UI work and look at them.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PASSWORD = "Verbund-Demo-2026"  # noqa: S105  (documented demo logins, see README)
SLUG = "lindenhagen"
CHROMIUM = "/usr/bin/chromium"
# The first screen is what a user sees without scrolling (committed); --full for whole pages.
FULL_PAGE = "--full" in sys.argv
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# (file name, demo user, path below /k/<slug>/ or absolute with a leading "!", what it shows)
PAGES = [
    ("start-koordination", "koordination", "", "Was steht an (Koordination)"),
    ("start-planung", "planung", "", "Was steht an (Jugendhilfeplanung)"),
    ("start-partner", "partner", "", "Was steht an (Partner) mit Meine Organisation"),
    ("mein-familienzentrum", "koordination", "mein-familienzentrum/", "Mein Familienzentrum"),
    ("benachrichtigungen", "koordination", "benachrichtigungen/", "Benachrichtigungen"),
    (
        "organisationen",
        "koordination",
        "netzwerk/organisationen/",
        "Organisationen (Karten am Telefon)",
    ),
    ("netzwerkkarte", "koordination", "netzwerk/karte/", "Netzwerkkarte mit Legende"),
    ("bedarfsindex", "planung", "sozialraum/", "Bedarfsindex mit Gebietsnamen"),
    ("einrichtungen", "koordination", "einrichtungen/", "Einrichtungen des Verbunds"),
    ("vereinbarungen", "koordination", "kooperationen/", "Kooperationsvereinbarungen"),
    ("begehung-neu", "fachkraft", "begehungen/neu/", "Sozialraumbegehung erfassen"),
    ("begriffe", "koordination", "begriffe/", "Begriffe (Glossar)"),
    ("protokoll", "verwaltung", "protokoll/", "Änderungsprotokoll in Sätzen"),
    ("suche", "koordination", "suche/?q=kita", "Suche über alles"),
    ("konto", "koordination", "!/konto/", "Mein Konto"),
    ("passwort-vergessen", None, "!/passwort-vergessen/", "Passwort vergessen"),
    ("impressum", None, "!/rechtliches/impressum/", "Impressum (vor der Anmeldung)"),
    ("partner-aufnehmen", "koordination", "netzwerk/partner-aufnehmen/", "Partner aufnehmen"),
    ("vereinbarung-neu", "koordination", "kooperationen/neu/", "Vereinbarung entwerfen"),
    ("listen-import", "koordination", "netzwerk/listen-import/", "Öffentliche Listen"),
    ("datenimport", "planung", "datenimport/", "Sozialraumdaten importieren"),
    (
        "familien-finder-ar",
        None,
        "!/lindenhagen/angebote/?alter=1&kostenlos=on&lang=ar",
        "Angebotsfinder für Familien, auf Arabisch: kostenlos, Kind von einem Jahr",
    ),
    ("familien-portal", None, "!/lindenhagen/", "Die Familienzentren der Kommune für Familien"),
    (
        "wonach-familien-suchen",
        "planung",
        "angebote/familien-suchen/",
        "Wonach Familien suchen (anonyme Zählung)",
    ),
]


def shrink(path: Path) -> None:
    """A palette PNG: a tenth of the size, and the interface has few colours anyway."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    from playwright.sync_api import sync_playwright

    var = tempfile.mkdtemp(prefix="verbund-shots-")
    env = {**os.environ, "VERBUND_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    python = str(ROOT / ".venv" / "bin" / "python")
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for width_name, viewport in WIDTHS.items():
                contexts = {}
                for name, user, path, _what in PAGES:
                    if user not in contexts:
                        context = browser.new_context(viewport=viewport, locale="de-DE")
                        if user:
                            page = context.new_page()
                            page.goto(f"{base}/anmelden/")
                            page.get_by_label("Benutzername").fill(user)
                            page.get_by_label("Passwort").fill(PASSWORD)
                            page.get_by_role("button", name="Anmelden").click()
                            page.wait_for_load_state()
                            page.close()
                        contexts[user] = context
                    page = contexts[user].new_page()
                    url = base + (path[1:] if path.startswith("!") else f"/k/{SLUG}/{path}")
                    response = page.goto(url)
                    page.wait_for_load_state("networkidle")
                    status = response.status if response else "?"
                    target = OUT / f"{name}-{width_name}.png"
                    page.screenshot(path=str(target), full_page=FULL_PAGE)
                    shrink(target)
                    print(f"{status} {target.name}  {url}")
                    page.close()
                for context in contexts.values():
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
