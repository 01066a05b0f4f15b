"""Browser fixtures for every test (a pytest plugin loaded by the root conftest): one
Playwright instance and one Chromium per test session, driving Debian's Chromium, never a
downloaded browser. A test gets a fresh context through ``page`` or ``new_page``."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("VERBUND_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") or os.environ.get("VERBUND_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium fehlt unter {CHROMIUM}: CI muss es installieren.")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Make pages with other options, e.g. ``new_page(viewport={"width": 390, ...})``."""
    contexts = []

    def make(**options):
        options.setdefault("locale", "de-DE")
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page(viewport={"width": 1280, "height": 900})


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# What Chromium says when the page navigated while axe-core was still reading it: a click on
# a link returns before the next page has loaded, so axe may start on the page being left.
_NAVIGATED_AWAY = ("Execution context was destroyed", "reading 'documentElement'")


def run_axe(page, attempts: int = 3):
    """axe-core's WCAG 2.1 A/AA rules on the page once it has loaded; run again on the new
    page when a navigation replaced the document mid-run (any other error is raised)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    for attempt in range(1, attempts + 1):
        page.wait_for_load_state("load")
        try:
            return Axe().run(page, options=options)
        except Error as error:
            if attempt == attempts or not any(sign in str(error) for sign in _NAVIGATED_AWAY):
                raise


@pytest.fixture
def axe_check(page):
    def check(label: str) -> None:
        results = run_axe(page)
        assert results.violations_count == 0, f"{label}:\n{results.generate_report()}"

    return check
