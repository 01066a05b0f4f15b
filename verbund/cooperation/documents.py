"""The agreement as a German PDF document (WeasyPrint), rendered from a version's content.

Rendering goes through ``verbund.core.pdf``: the template may load the app's own static files
(the vendored Fira Sans) and nothing else.
"""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from verbund.core.pdf import html_to_pdf

FONT_DIR = "vendor/kern/fonts/fira-sans/"
FONT_FILES = {
    "regular": "FiraSans-Regular.woff2",
    "semibold": "FiraSans-SemiBold.woff2",
    "italic": "FiraSans-Italic.woff2",
}


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def document_context(
    *,
    content: dict,
    version_number: int,
    signed: bool,
    signed_on=None,
    erased_on: date | None = None,
) -> dict:
    parties = content["parties"]
    by_party: dict[str, dict] = {
        row["name"]: {"responsibilities": [], "resources": []} for row in parties
    }
    for row in content["responsibilities"]:
        by_party.setdefault(row["party"], {"responsibilities": [], "resources": []})[
            "responsibilities"
        ].append(row)
    for row in content["resources"]:
        by_party.setdefault(row["party"], {"responsibilities": [], "resources": []})[
            "resources"
        ].append(row)
    return {
        "c": content,
        "parties": parties,
        "start_date": _date(content["start_date"]),
        "end_date": _date(content["end_date"]),
        "review_date": _date(content["review_date"]),
        "version_number": version_number,
        "signed": signed,
        "signed_on": signed_on,
        "erased_on": erased_on,
        "generated_at": timezone.localtime(),
        "added_values": [row for row in parties if row["added_value"]],
        "fonts": {key: FONT_DIR + name for key, name in FONT_FILES.items()},
    }


def render_pdf(
    *,
    content: dict,
    version_number: int,
    signed: bool,
    signed_on=None,
    erased_on: date | None = None,
) -> bytes:
    html = render_to_string(
        "cooperation/agreement_document.html",
        document_context(
            content=content,
            version_number=version_number,
            signed=signed,
            signed_on=signed_on,
            erased_on=erased_on,
        ),
    )
    return html_to_pdf(html)
