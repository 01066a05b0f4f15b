"""Main navigation inside a municipality. Apps register their entries in ``AppConfig.ready``;
each entry shows only to users whose roles grant its permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .permissions import Permission

# Main-menu sections, in order; entries fall into one by their URL namespace.
GROUPS = {
    "start": _("Start"),
    "centres": _("Zentren"),
    "area": _("Sozialraum"),
    "network": _("Netzwerk"),
    "admin": _("Verwaltung"),
}
NAMESPACE_GROUPS = {
    "tenancy": "centres",
    "areas": "area",
    "statistics": "area",
    "analysis": "area",
    "network": "network",
    "cooperation": "network",
    "accounts": "admin",
}
ENTRY_GROUPS = {
    "tenancy:home": "start",
    "tenancy:audit_log": "admin",
    "network:processing_register": "admin",
}


def group_of(url_name: str) -> str:
    namespace = url_name.split(":", 1)[0]
    return ENTRY_GROUPS.get(url_name) or NAMESPACE_GROUPS.get(namespace, "admin")


@dataclass(frozen=True)
class NavEntry:
    label: object
    url_name: str
    permission: Permission
    order: int = 100


_entries: dict[str, NavEntry] = {}


def register_nav(label, url_name: str, permission: Permission, order: int = 100) -> None:
    _entries[url_name] = NavEntry(label, url_name, permission, order)


def nav_entries() -> list[NavEntry]:
    return sorted(_entries.values(), key=lambda entry: entry.order)
