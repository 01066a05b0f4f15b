"""The registry of evidence rule types for the quality-seal self-check.

A criterion of a catalogue names one or more rules (``{"type": "offers", "languages": ["tr"]}``);
each rule type finds, for many centres at once, the records already in the system that show
the criterion is met. Rule types are registered by key, so apps built later (planning,
documents) add their own in their ``AppConfig.ready()`` without changing a catalogue's format:

    from verbund.quality.rules import Param, RuleType, register_rule_type
    register_rule_type(RuleType("goals", _("Ziele im Jahresprogramm"), params=(...), fetch=...))

``fetch(centre_ids, params, today)`` must cost a fixed number of queries for any number of
centres (one query per chunk of ids) and returns ``{centre_id: [Evidence, ...]}``.
Evidence kinds that link to a page are registered with :func:`register_evidence_link`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Most evidence items kept per rule and centre (the count is kept in full).
MAX_ITEMS = 12
# Centres per query when a rule runs for many centres.
CHUNK = 1000


@dataclass(frozen=True)
class Param:
    """A parameter of a rule type: ``kind`` is int, bool, str or list (of str)."""

    name: str
    kind: type
    label: Any
    choices: Callable[[], Iterable[str]] | None = None
    min_value: int | None = None
    max_value: int | None = None


@dataclass(frozen=True)
class RuleType:
    key: str
    label: Any
    fetch: Callable[[list[int], dict, date], dict[int, list[dict]]]
    params: tuple[Param, ...] = field(default_factory=tuple)
    description: Any = ""


# Every rule accepts min_count: how many records the criterion needs.
MIN_COUNT = Param("min_count", int, _("Mindestanzahl"), min_value=1, max_value=1000)

_RULE_TYPES: dict[str, RuleType] = {}
_LINKS: dict[str, tuple[str, str]] = {}


def register_rule_type(rule_type: RuleType) -> None:
    _RULE_TYPES[rule_type.key] = rule_type


def rule_types() -> dict[str, RuleType]:
    return dict(_RULE_TYPES)


def get_rule_type(key: str) -> RuleType | None:
    return _RULE_TYPES.get(key)


def register_evidence_link(kind: str, url_name: str, kwarg: str) -> None:
    """Evidence items of ``kind`` link to ``url_name`` with ``kwarg=<item id>``."""
    _LINKS[kind] = (url_name, kwarg)


def evidence_url(municipality_slug: str, kind: str, object_id: int) -> str:
    if kind not in _LINKS:
        return ""
    url_name, kwarg = _LINKS[kind]
    try:
        return reverse(url_name, kwargs={"municipality_slug": municipality_slug, kwarg: object_id})
    except NoReverseMatch:
        return ""


_PLACEHOLDER = 987654321


def evidence_linker(municipality_slug: str) -> Callable[[str, int], str]:
    """``link(kind, id)`` for many items: each kind's URL is reversed once."""
    templates: dict[str, str] = {}

    def link(kind: str, object_id: int) -> str:
        if kind not in templates:
            templates[kind] = evidence_url(municipality_slug, kind, _PLACEHOLDER)
        template = templates[kind]
        return template.replace(str(_PLACEHOLDER), str(int(object_id))) if template else ""

    return link


def evidence(kind: str, object_id: int, label: str, on: date | None = None) -> dict:
    """One evidence item as stored (JSON)."""
    return {
        "kind": kind,
        "id": object_id,
        "label": str(label)[:200],
        "date": on.isoformat() if on else "",
    }


def chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def param_defaults(rule: dict) -> dict:
    return {key: value for key, value in rule.items() if key != "type"}
