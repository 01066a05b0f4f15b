"""Main navigation inside a municipality. Apps register their entries in ``AppConfig.ready``;
each entry shows only to users whose roles grant its permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .permissions import Permission

# Main-menu sections, in order. An entry falls into the section its app declares as
# ``nav_group`` on its AppConfig (the URL namespace is the app label), unless ``register_nav``
# names another; core itself names no app.
GROUPS = {
    "start": _("Start"),
    "centres": _("Zentren"),
    "area": _("Sozialraum"),
    "network": _("Netzwerk"),
    "offers": _("Angebote"),
    "admin": _("Verwaltung"),
}
DEFAULT_GROUP = "admin"


def _app_group(url_name: str) -> str:
    namespace = url_name.split(":", 1)[0]
    try:
        config = apps.get_app_config(namespace)
    except LookupError:
        return DEFAULT_GROUP
    return getattr(config, "nav_group", DEFAULT_GROUP)


@dataclass(frozen=True)
class NavEntry:
    label: object
    url_name: str
    permission: Permission
    order: int = 100
    group: str = DEFAULT_GROUP


_entries: dict[str, NavEntry] = {}


def register_nav(
    label, url_name: str, permission: Permission, order: int = 100, group: str | None = None
) -> None:
    group = group or _app_group(url_name)
    if group not in GROUPS:
        raise ValueError(f"unknown navigation group {group!r} for {url_name}")
    _entries[url_name] = NavEntry(label, url_name, permission, order, group)


def group_of(url_name: str) -> str:
    entry = _entries.get(url_name)
    return entry.group if entry else _app_group(url_name)


def nav_entries() -> list[NavEntry]:
    return sorted(_entries.values(), key=lambda entry: entry.order)


# --- links from one app's page to another's ------------------------------------------------------


@dataclass(frozen=True)
class SeeAlso:
    label: object
    url_name: str
    permission: Permission
    order: int = 100


@dataclass(frozen=True)
class SeeAlsoLink:
    label: object
    url: str


_see_also: dict[str, dict[str, SeeAlso]] = {}


def register_see_also(
    page: str, label, url_name: str, permission: Permission, order: int = 100
) -> None:
    """A link on the page named ``page`` (e.g. ``"offers:gaps"``) to ``url_name`` (a page that
    takes only ``municipality_slug``), for users whose access grants ``permission``. The
    linking app registers it in its ``ready()``: the page's app names nothing of it."""
    _see_also.setdefault(page, {})[url_name] = SeeAlso(label, url_name, permission, order)


def see_also(page: str, access, municipality_slug: str) -> list[SeeAlsoLink]:
    """The links registered for ``page`` that ``access`` may follow, in order."""
    from django.urls import reverse

    entries = sorted(_see_also.get(page, {}).values(), key=lambda entry: entry.order)
    return [
        SeeAlsoLink(entry.label, reverse(entry.url_name, args=[municipality_slug]))
        for entry in entries
        if access is not None and access.can(entry.permission)
    ]
