"""Which part of the network a page shows: one centre's neighbourhood or every centre the
viewer may see.

A municipality with hundreds of centres has a network of thousands of nodes: neither
readable as a map nor light as a page. Above ``NEIGHBOURHOOD_ABOVE`` centres the network pages
therefore open at one centre's neighbourhood – the centre, its partners, the organisations
serving its areas and its bodies (the view a coordinator has of their own centre) – the
viewer's own centre if they have one, otherwise the first by name. ``?zentrum=<id>`` picks
another centre, ``?zentrum=alle`` shows the whole network.

Up to ``SELECT_LIMIT`` centres the choice is a select. Beyond, a select of every centre was a
fifth of the page (300 options, 17 KB), so the choice is a text field like the other search
fields (``verbund.core.search_choice``): a centre's name or part of it, ``Name (Nr. 12)`` as
the autocomplete fills it in, or "alle Familienzentren". What was typed is matched against the
centres already loaded for the choice, so it costs no query; a name that fits none or several
gets a German message and the page stays at the neighbourhood it would open at.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from verbund.core.search_choice import (
    CANDIDATES_SHOWN,
    ERROR_MESSAGES,
    MAX_QUERY_LENGTH,
    NUMBERED,
    SELECT_LIMIT,
)
from verbund.tenancy.models import FamilyCentre

from . import permissions as perms

NEIGHBOURHOOD_ABOVE = 12
ALL = "alle"
PARAM = "zentrum"
ALL_LABEL = _("alle Familienzentren")


@dataclass(frozen=True)
class Scope:
    centre_ids: set[int] | None  # for ``graph.load``: None = the whole municipality
    centres: tuple[tuple[int, str], ...]  # the centres the viewer may choose from
    chosen: int | None  # the centre whose neighbourhood is shown; None: all
    by_default: bool  # the neighbourhood was chosen for the viewer, not by them
    typed: str = ""  # what the viewer typed, shown again with ``error``
    error: str = ""  # why ``typed`` named no centre

    @property
    def value(self) -> str:
        """The parameter's value that shows this scope again."""
        return str(self.chosen) if self.chosen else ALL

    @property
    def chosen_name(self) -> str:
        return dict(self.centres).get(self.chosen, "") if self.chosen else ""

    @property
    def offers_choice(self) -> bool:
        return len(self.centres) > 1

    @property
    def searchable(self) -> bool:
        """Too many centres for a select: a text field with autocomplete."""
        return len(self.centres) > SELECT_LIMIT

    @property
    def field_value(self) -> str:
        """The text field's value: what was typed if it named no centre, else the centre
        shown (as the autocomplete writes it) or "alle Familienzentren"."""
        if self.error:
            return self.typed
        if self.chosen:
            return f"{self.chosen_name} (Nr. {self.chosen})"
        return str(ALL_LABEL)

    @property
    def centre_options(self) -> str:
        """The ``<option>`` of every centre to choose, the chosen one selected: hundreds in a
        large municipality, built in one go rather than a template loop (issue 17)."""
        # What ``format_html`` does per option (Django's ``escape`` is ``html.escape``),
        # without its per-argument dispatch: 300 options cost 2 ms that way.
        return mark_safe(  # noqa: S308 - every name is escaped, the ids are ints
            "".join(
                f'<option value="{int(pk)}"{" selected" if pk == self.chosen else ""}>'
                f"{escape(name)}</option>"
                for pk, name in self.centres
            )
        )


def named(text: str, centres: tuple[tuple[int, str], ...]) -> tuple[int | None, str]:
    """The centre among ``centres`` that ``text`` names and an error message if none: a
    number is an id (one not offered is ignored, as a forged link), ``Name (Nr. 12)`` that
    centre, otherwise the name exactly or a part of it (ignoring case)."""
    if not text:
        return None, ""
    ids = {pk for pk, _name in centres}
    if text.isascii() and text.isdigit():
        return (int(text) if len(text) <= 12 and int(text) in ids else None), ""
    match = NUMBERED.match(text)
    if match:
        pk = int(match["pk"])
        if pk in ids:
            return pk, ""
        return None, str(ERROR_MESSAGES["invalid_choice"]) % {"value": text}
    wanted = text.casefold()
    found = [(pk, name) for pk, name in centres if name.casefold() == wanted] or [
        (pk, name) for pk, name in centres if wanted in name.casefold()
    ]
    if len(found) == 1:
        return found[0][0], ""
    if not found:
        return None, str(ERROR_MESSAGES["no_match"]) % {"value": text}
    candidates = [f"{name} (Nr. {pk})" for pk, name in found[:CANDIDATES_SHOWN]]
    if len(found) > CANDIDATES_SHOWN:
        candidates.append(gettext("…"))
    return None, str(ERROR_MESSAGES["ambiguous"]) % {
        "value": text,
        "candidates": "; ".join(candidates),
    }


def resolve(request, access, municipality, permission=perms.view_network) -> Scope:
    """Two queries at most, whatever the size of the network."""
    allowed = perms.centre_ids_within(access, permission, municipality)
    centres = FamilyCentre.objects.filter(municipality=municipality)
    if allowed is not None:
        centres = centres.filter(pk__in=allowed)
    choices = tuple(centres.order_by("name", "pk").values_list("pk", "name"))
    ids = [pk for pk, _name in choices]
    raw = request.GET.get(PARAM, "").strip()[:MAX_QUERY_LENGTH]
    chosen, by_default, error = None, False, ""
    if raw != ALL and raw.casefold() != str(ALL_LABEL).casefold():
        chosen, error = named(raw, choices)
        if chosen is None and len(ids) > NEIGHBOURHOOD_ABOVE:
            own = sorted(pk for pk in access.centre_ids if pk in set(ids))
            chosen, by_default = (own or ids)[0], True
    centre_ids = {chosen} if chosen else allowed
    return Scope(centre_ids, choices, chosen, by_default, typed=raw if error else "", error=error)
