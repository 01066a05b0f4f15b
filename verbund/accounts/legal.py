"""Reading, cleaning and saving the legal pages (see ``models_legal``).

The text is kept as sanitised HTML: whatever an administrator pastes is cleaned with nh3
(Ammonia) to a small set of tags before it is stored, and once more before it is shown, so a
row written some other way cannot bring in a script. Plain text (no tags) becomes paragraphs.
"""

from __future__ import annotations

import re

import nh3
from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import linebreaks
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from verbund.core.audit import create_logged, save_changes

from .models_legal import LegalKind, LegalPage

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "br", "ul", "ol", "li", "a", "strong", "em", "b", "i"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
KINDS = {kind.value: kind for kind in LegalKind}
TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def sanitise(text: str) -> str:
    """Safe HTML from what an administrator entered (plain text or simple HTML)."""
    text = (text or "").strip()
    if not TAG.search(text):
        text = linebreaks(text, autoescape=True)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def as_html(text: str) -> SafeString:
    return mark_safe(sanitise(text))  # noqa: S308 - cleaned by nh3 just above


def site_default(kind: str, *, municipality=None) -> str:
    """The deployment's text for a page (``settings.VERBUND_LEGAL_TEXTS[kind]``, e.g. the
    operator's imprint), else the built-in template: used when a municipality has none and on
    the public pages outside any municipality."""
    texts = getattr(settings, "VERBUND_LEGAL_TEXTS", None) or {}
    if texts.get(kind):
        return texts[kind]
    return render_to_string(
        f"accounts/legal/default_{kind}.html",
        {"municipality": municipality, "site_url": getattr(settings, "SITE_URL", "")},
    )


def legal_page(*, municipality, kind: str) -> LegalPage | None:
    return LegalPage.objects.filter(municipality=municipality, kind=kind).first()


def legal_pages(*, municipality) -> dict[str, LegalPage]:
    """The municipality's own pages by kind (one query)."""
    return {page.kind: page for page in LegalPage.objects.filter(municipality=municipality)}


@transaction.atomic
def legal_page_save(*, actor, municipality, kind: str, data: dict) -> LegalPage:
    data = {**data, "body": sanitise(data.get("body", ""))}
    page = legal_page(municipality=municipality, kind=kind)
    if page is None:
        return create_logged(
            LegalPage,
            values={"municipality": municipality, "kind": kind},
            fields=["body"],
            data=data,
            action="accounts.legal_page.created",
            actor=actor,
            log_fields=["kind", "body"],
        )
    return save_changes(
        page, fields=["body"], data=data, action="accounts.legal_page.updated", actor=actor
    )
