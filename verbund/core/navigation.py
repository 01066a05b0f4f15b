"""Main navigation inside a municipality. Apps register their entries in ``AppConfig.ready``;
each entry shows only to users whose roles grant its permission."""

from __future__ import annotations

from dataclasses import dataclass

from .permissions import Permission


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
