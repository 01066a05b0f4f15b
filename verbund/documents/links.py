"""What a document can be linked to, registered by the apps that own those records.

The archive sits below meetings and planning, so it imports neither: each app registers its
kind of link in its ``AppConfig.ready()`` (``register_link_kind``), saying how its objects are
named, where they are shown, and which of them a user may link (``choices(municipality,
access)``: a queryset of the municipality's objects the user sees). Lower apps (cooperation,
offers, network) are registered from here (``apps.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class LinkKind:
    key: str  # "app.model"
    label: str
    choices: Callable[..., QuerySet]  # (municipality=…, access=…) -> the linkable objects
    url: Callable[[Model], str]  # where the linked object is shown
    name: Callable[[Model], str] = str

    @property
    def model(self):
        return self.choices.__self__ if hasattr(self.choices, "__self__") else None


_KINDS: dict[str, LinkKind] = {}


def register_link_kind(
    key: str,
    *,
    label,
    choices: Callable[..., QuerySet],
    url: Callable[[Model], str],
    name: Callable[[Model], str] = str,
) -> None:
    _KINDS[key] = LinkKind(key, label, choices, url, name)


def link_kinds() -> list[LinkKind]:
    return sorted(_KINDS.values(), key=lambda kind: str(kind.label))


def link_kind(key: str) -> LinkKind | None:
    return _KINDS.get(key)


def kind_for(obj: Model) -> LinkKind | None:
    return _KINDS.get(obj._meta.label_lower)


def content_type_key(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"
