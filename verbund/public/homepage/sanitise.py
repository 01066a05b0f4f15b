"""Rich text of a homepage is cleaned with nh3 before it is stored (and shown as is)."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"https", "http", "mailto", "tel"}


def clean_html(text: str) -> str:
    return nh3.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
