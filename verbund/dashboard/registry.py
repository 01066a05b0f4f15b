"""What the start page ("Was steht an") and the centre page ("Mein Familienzentrum") show.

The dashboard knows no domain app. Each app registers, in its ``AppConfig.ready()``:

* item providers with ``register_items(key, fetch, group=..., order=...)``: ``fetch(ctx)``
  returns ``DueItem`` rows for the user (``ctx.access`` narrows every query by the one access
  rule); items with a date show overdue first, each links to the page where it is done;
* centre sections with ``register_centre_section(key, build, order=...)``: ``build(ctx,
  centre)`` returns a ``Section`` (or ``None`` when the user may not see it);
* sections of a partner's "Meine Organisation" with ``register_organisation_section(key,
  build)``: ``build(ctx)`` (the organisations are those the partner's access reaches).

A provider reads through its own app's selectors and costs a fixed number of queries, so the
page's query count does not grow with the data. A provider that names the models it reads
(``reads=``) has its items kept per viewer and day until one of them changes
(``items_cache``); ``test_items_cache`` checks that the names cover every table it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# Groups of the start page, in order.
GROUPS = {
    "deadlines": _("Fristen und Überprüfungen"),
    "steps": _("Nächste Schritte"),
    "needs": _("Bedarfe"),
    "contacts": _("Ansprechpersonen bestätigen"),
    "imports": _("Importe"),
    "organisation": _("Ihre Organisation"),
    "other": _("Weiteres"),
}


@dataclass(frozen=True)
class Context:
    """Who asks: the municipality, the user's access (``request.access``) and today."""

    municipality: Any
    access: Any
    user: Any
    today: date


@dataclass(frozen=True)
class DueItem:
    """One thing to do. ``key`` is stable across days (it names the notification)."""

    key: str
    title: str
    url: str
    action: str  # what to do there, e.g. "Vereinbarung überprüfen"
    due: date | None = None
    detail: str = ""
    notify: bool = True
    group: str = "other"

    def days_left(self, today: date) -> int | None:
        return None if self.due is None else (self.due - today).days


def due_phrase(due: date | None, today: date) -> str:
    """A date in plain German: "seit 320 Tagen überfällig", "heute fällig", "in 3 Tagen"."""
    if due is None:
        return ""
    days = (due - today).days
    if days < 0:
        return ngettext("seit %(n)d Tag überfällig", "seit %(n)d Tagen überfällig", -days) % {
            "n": -days
        }
    if days == 0:
        return str(_("heute fällig"))
    if days == 1:
        return str(_("morgen fällig"))
    return ngettext("in %(n)d Tag fällig", "in %(n)d Tagen fällig", days) % {"n": days}


@dataclass(frozen=True)
class ItemProvider:
    key: str
    fetch: Callable[[Context], list[DueItem]]
    group: str
    order: int
    kept: bool = False  # its items are kept until a row of ``reads`` changes (``items_cache``)


_providers: dict[str, ItemProvider] = {}


def register_items(
    key: str,
    fetch: Callable[[Context], list[DueItem]],
    *,
    group: str,
    order: int = 100,
    reads: tuple | None = None,
) -> None:
    """``reads``: every model ("app.Model") and link table ("app.Model.field") whose rows the
    items show or are chosen by, when each change of them goes through the ORM (a save, a
    delete, a change of links) or bumps ``items_cache`` itself. The items are then kept until
    one of them changes; without ``reads`` they are fetched on every view."""
    from . import items_cache

    if group not in GROUPS:
        raise ValueError(f"unknown dashboard group {group!r} for {key}")
    if key in _providers and _providers[key].fetch is not fetch:
        raise ValueError(f"dashboard item provider {key!r} is already registered")
    if reads is not None:
        items_cache.watch(reads)
    _providers[key] = ItemProvider(key, fetch, group, order, kept=reads is not None)


def item_providers() -> list[ItemProvider]:
    return sorted(_providers.values(), key=lambda p: (list(GROUPS).index(p.group), p.order, p.key))


# -- sections of "Mein Familienzentrum" / "Meine Organisation" ---------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    url: str = ""
    meta: str = ""


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    empty: str = ""
    more_url: str = ""
    more_label: str = ""
    actions: list[Row] = field(default_factory=list)
    text: str = ""


@dataclass(frozen=True)
class SectionBuilder:
    key: str
    build: Callable[..., Section | None]
    order: int


_centre_sections: dict[str, SectionBuilder] = {}
_organisation_sections: dict[str, SectionBuilder] = {}


def _register(registry: dict, key: str, build, order: int) -> None:
    if key in registry and registry[key].build is not build:
        raise ValueError(f"section {key!r} is already registered")
    registry[key] = SectionBuilder(key, build, order)


def register_centre_section(key: str, build, *, order: int = 100) -> None:
    """``build(ctx, centre) -> Section | None``."""
    _register(_centre_sections, key, build, order)


def register_organisation_section(key: str, build, *, order: int = 100) -> None:
    """``build(ctx) -> Section | None``."""
    _register(_organisation_sections, key, build, order)


def centre_sections() -> list[SectionBuilder]:
    return sorted(_centre_sections.values(), key=lambda s: (s.order, s.key))


def organisation_sections() -> list[SectionBuilder]:
    return sorted(_organisation_sections.values(), key=lambda s: (s.order, s.key))


# -- first steps: what the empty start page suggests ------------------------------------------

_first_steps: dict[str, SectionBuilder] = {}


def register_first_step(key: str, build, *, order: int = 100) -> None:
    """``build(ctx) -> Row | None``: a link to the first thing worth doing (shown when
    nothing is due), only when the user may do it."""
    _register(_first_steps, key, build, order)


def first_steps(ctx: Context) -> list[Row]:
    builders = sorted(_first_steps.values(), key=lambda s: (s.order, s.key))
    return [row for b in builders if (row := b.build(ctx)) is not None]
