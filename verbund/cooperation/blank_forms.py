"""The two blank forms of an agreement's page, kept rendered (issue 17).

Building the form for a new responsibility and the one for a new resource and rendering their
ten fields took a third of the page's time for a coordinator. Blank, their HTML depends on
nothing but their choices (the agreement's parties and the contacts of the parties'
organisations), the language and the code. So it is kept under a key made of exactly what the
choices show: the parties as read with the agreement, the contacts by one prepared query. Any
change of them is another key; there is nothing to invalidate.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from verbund.core import cache_versions

from .forms import ResourceForm, ResponsibilityForm, party_contacts

PREFIX = "verbund:cooperation:blank-forms"
FORM_VERSION = 1  # raise when the forms change without a restart of every process (Redis)
TEMPLATE = "cooperation/_form_fields.html"


def blank_forms_html(agreement) -> tuple[str, str]:
    """(responsibility form, resource form): the fields of each, as HTML."""
    parties = [
        (p.pk, p.kind, p.name, p.organisation_id, p.organisation.name if p.organisation else "")
        for p in agreement.parties.all()
    ]
    contacts = party_contacts(agreement)
    shown = [(c.pk, str(c), c.function, c.organisation_id) for c in contacts]
    key = cache_versions.versioned_key(
        PREFIX, (FORM_VERSION,), (get_language() or "", parties, shown)
    )
    responsibility, resource = cache_versions.cached(
        key, lambda: _render(agreement, contacts), timeout=settings.NETWORK_CACHE_SECONDS
    )
    return mark_safe(responsibility), mark_safe(resource)  # noqa: S308 (rendered by templates)


def _render(agreement, contacts) -> tuple[str, str]:
    forms = (
        ResponsibilityForm(agreement=agreement, contacts=contacts),
        ResourceForm(agreement=agreement),
    )
    return tuple(str(render_to_string(TEMPLATE, {"form": form})) for form in forms)
