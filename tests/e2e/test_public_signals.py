"""Issue 12, "Was fehlt Ihnen?": a family sends a hint without JavaScript, in German and in
Arabic (right to left), at desktop and phone width; axe finds no violations on the form, the
error page and the thank-you page; the page is never wider than the phone; no cookie is set."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.analysis.signals_models import NeedSignal
from verbund.core.testing_browser import ARTIFACTS, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
WORDS = {
    "de": ("Was fehlt Ihnen?", "Hinweis senden", "Danke für Ihren Hinweis"),
    "ar": ("ما الذي ينقصكم؟", "إرسال الملاحظة", "شكرًا على ملاحظتكم"),
}


def axe(checker, page, label):
    """axe needs JavaScript: the page as the visitor got it (no JS) is loaded into a second page
    with JavaScript, its styles from the live server, and checked there."""
    base = page.url.split("/", 3)
    html = page.content().replace("<head>", f'<head><base href="{base[0]}//{base[2]}/">', 1)
    checker.set_content(html, wait_until="load")
    results = run_axe(checker)
    assert results.violations_count == 0, f"{label}:\n{results.generate_report()}"


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
@pytest.mark.parametrize("language", WORDS, ids=list(WORDS))
def test_a_family_sends_a_hint_without_javascript(live_server, new_page, language, size):
    tenant = build_tenant(f"fam-{language}-{size}")
    heading, button, thanks = WORDS[language]
    page = new_page(viewport=SIZES[size], java_script_enabled=False)
    checker = new_page(viewport=SIZES[size])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = reverse("public:signal_create", args=[tenant.municipality.slug])
    page.goto(f"{live_server.url}{path}?lang={language}&zentrum={tenant.centre.slug}")
    assert page.locator("h1").inner_text() == heading
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert sideways(page) <= 0
    page.screenshot(path=str(ARTIFACTS / f"signals-{language}-{size}-form.png"), full_page=True)
    axe(checker, page, f"form {language} {size}")

    page.get_by_role("button", name=button).click()  # empty text: an error at the field
    assert page.locator(".kern-error").count() >= 1
    assert sideways(page) <= 0
    page.screenshot(path=str(ARTIFACTS / f"signals-{language}-{size}-error.png"), full_page=True)
    axe(checker, page, f"error {language} {size}")

    time.sleep(3.2)  # the token refuses what is sent faster than a person types
    page.locator("textarea").fill("Eine Krabbelgruppe am Nachmittag")
    page.get_by_role("button", name=button).click()
    assert page.locator("h1").inner_text() == thanks
    page.screenshot(path=str(ARTIFACTS / f"signals-{language}-{size}-thanks.png"), full_page=True)
    axe(checker, page, f"thanks {language} {size}")
    assert page.context.cookies() == []
    with scopes_disabled():
        signal = NeedSignal.objects.get(municipality=tenant.municipality)
    assert signal.centre_id == tenant.centre.pk
