"""Which part of the network a page shows: one centre's neighbourhood or every centre the
viewer may see.

A municipality with hundreds of centres has a network of thousands of nodes: neither
readable as a map nor light as a page. Above ``NEIGHBOURHOOD_ABOVE`` centres the network pages
therefore open at one centre's neighbourhood – the centre, its partners, the organisations
serving its areas and its bodies (the view a coordinator has of their own centre) – the
viewer's own centre if they have one, otherwise the first by name. ``?zentrum=<id>`` picks
another centre, ``?zentrum=alle`` shows the whole network.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

from verbund.core.params import int_param
from verbund.tenancy.models import FamilyCentre

from . import permissions as perms

NEIGHBOURHOOD_ABOVE = 12
ALL = "alle"
PARAM = "zentrum"


@dataclass(frozen=True)
class Scope:
    centre_ids: set[int] | None  # for ``graph.load``: None = the whole municipality
    centres: tuple[tuple[int, str], ...]  # the centres the viewer may choose from
    chosen: int | None  # the centre whose neighbourhood is shown; None: all
    by_default: bool  # the neighbourhood was chosen for the viewer, not by them

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


def resolve(request, access, municipality, permission=perms.view_network) -> Scope:
    """Two queries at most, whatever the size of the network."""
    allowed = perms.centre_ids_within(access, permission, municipality)
    centres = FamilyCentre.objects.filter(municipality=municipality)
    if allowed is not None:
        centres = centres.filter(pk__in=allowed)
    choices = tuple(centres.order_by("name", "pk").values_list("pk", "name"))
    ids = [pk for pk, _name in choices]
    raw = request.GET.get(PARAM, "")
    chosen, by_default = None, False
    if raw != ALL:
        requested = int_param(request.GET, PARAM)
        if requested in ids:
            chosen = requested
        elif len(ids) > NEIGHBOURHOOD_ABOVE:
            own = sorted(pk for pk in access.centre_ids if pk in set(ids))
            chosen, by_default = (own or ids)[0], True
    centre_ids = {chosen} if chosen else allowed
    return Scope(centre_ids, choices, chosen, by_default)
