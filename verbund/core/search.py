"""The search across everything a user may see: one registry, one way of matching.

Each app registers its kinds of objects in ``AppConfig.ready()`` (in its own ``search.py``)::

    register_search("organisations", _("Organisationen"), fetch, order=10,
                    permission=perms.view_organisation)

``fetch(query, access, municipality, limit, offset=0) -> Found`` reads through the app's own
selector, narrowed by the one access rule (``access.narrow(permission, qs)``), and usually
ends in ``find(queryset, query, fields=[...], title="name", limit=..., offset=...,
result=...)``, which matches, ranks, counts and slices in one query. A kind whose
``permission`` the user lacks costs no query at all, so a page costs at most one query per
kind, whatever the data.

Matching is German-aware and the same on every database: the query and the searched text are
both folded (case, ``ä``→``ae``, ``ö``→``oe``, ``ü``→``ue``, ``ß``→``ss``, decomposed umlauts
too), so "Strasse" finds "Straße" and "Mueller" finds "Müller" and back. Every word of the
query must occur somewhere in the searched fields (in any order, as a part of a word).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import Coalesce, Concat, Lower, Replace

from .permissions import Permission

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
MIN_WORD_LENGTH = 1
SEPARATOR = " | "

# Applied to the database text before ``lower()``; SQLite's ``lower()`` folds ASCII only, so
# upper-case umlauts are replaced first. U+0308 is the combining diaeresis of a decomposed
# umlaut: "u" + U+0308 becomes "ue".
_DB_REPLACEMENTS = (
    ("Ä", "ae"),
    ("Ö", "oe"),
    ("Ü", "ue"),
    ("ä", "ae"),
    ("ö", "oe"),
    ("ü", "ue"),
    ("ß", "ss"),
    ("ẞ", "ss"),
    ("\u0308", "e"),
)
_TEXT_REPLACEMENTS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("\u0308", "e"))


def fold(text: str) -> str:
    """``text`` as the search compares it: case-folded, umlauts and ß written out."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    for old, new in _TEXT_REPLACEMENTS:
        text = text.replace(old, new)
    return re.sub(r"\s+", " ", text).strip()


def folded(expression):
    """The database side of ``fold`` for a text expression."""
    for old, new in _DB_REPLACEMENTS:
        expression = Replace(expression, Value(old), Value(new))
    return Lower(expression)


@dataclass(frozen=True)
class Query:
    """What the user typed (``text``, shortened) and the folded words that must all match."""

    text: str
    words: tuple[str, ...]

    @classmethod
    def parse(cls, raw: str | None) -> Query:
        text = "".join(
            char if not unicodedata.category(char).startswith("C") else " "
            for char in str(raw or "")[: MAX_QUERY_LENGTH * 4]
        )  # no NUL or other control characters (PostgreSQL refuses NUL in text)
        text = re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_LENGTH]
        words = []
        for word in fold(text).split(" "):
            word = word.strip("\"'„“”‚‘’,;")
            if len(word) >= MIN_WORD_LENGTH and word not in words:
                words.append(word)
        return cls(text=text, words=tuple(words[:MAX_WORDS]))

    def __bool__(self) -> bool:
        return bool(self.words)

    def matches(self, *texts: str) -> bool:
        """The same rule in Python (for a few rows already loaded)."""
        haystack = SEPARATOR.join(fold(text) for text in texts if text)
        return bool(self.words) and all(word in haystack for word in self.words)


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    subtitle: str = ""


@dataclass(frozen=True)
class Found:
    results: list[SearchResult]
    total: int


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: Any  # plural, e.g. "Organisationen"
    fetch: Callable[..., Found]
    order: int = 100
    permission: Permission | None = None
    help: Any = ""  # what is searched, e.g. "Name, Straße, Art"


_kinds: dict[str, SearchKind] = {}


def register_search(
    kind: str,
    label,
    fetch: Callable[..., Found],
    *,
    order: int = 100,
    permission: Permission | None = None,
    help="",
) -> None:
    """Register a kind of search result. ``kind`` is a short key for URLs (``[a-z_]``)."""
    if not re.fullmatch(r"[a-z][a-z_]*", kind):
        raise ValueError(f"search kind must be lower-case letters and _, not {kind!r}")
    _kinds[kind] = SearchKind(kind, label, fetch, order, permission, help)


def search_kinds(access=None) -> list[SearchKind]:
    """The registered kinds in order; with ``access``, only those the user may see at all."""
    kinds = sorted(_kinds.values(), key=lambda kind: (kind.order, kind.key))
    if access is None:
        return kinds
    return [k for k in kinds if k.permission is None or access.can(k.permission)]


def search_kind(key: str) -> SearchKind | None:
    return _kinds.get(key)


def match_condition(query: Query, fields: Iterable[str]) -> tuple[Any, Q]:
    """The folded concatenation of ``fields`` and the condition that every word occurs in it.
    ``fields`` are lookups along single-valued relations (``organisation__name``)."""
    parts: list[Any] = []
    for index, name in enumerate(fields):
        if index:
            parts.append(Value(SEPARATOR))
        parts.append(Coalesce(F(name), Value(""), output_field=CharField()))
    haystack = folded(Concat(*parts, output_field=CharField()) if len(parts) > 1 else parts[0])
    condition = Q()
    for word in query.words:
        condition &= Q(_search_text__contains=word)
    return haystack, condition


def find(
    queryset,
    query: Query,
    *,
    fields: Iterable[str],
    title: str,
    result: Callable[[Any], SearchResult],
    limit: int,
    offset: int = 0,
    order_by: Iterable[str] = (),
) -> Found:
    """The rows of ``queryset`` matching ``query`` in ``fields``, those whose ``title`` starts
    with the query first, as ``SearchResult``s, with the total in the same query (a window
    count). ``queryset`` must already be narrowed by the access rule and hold no duplicate
    rows (narrow multi-valued relations with a subquery, as ``access.narrow`` does)."""
    if not query:
        return Found([], 0)
    haystack, condition = match_condition(query, fields)
    first = query.words[0]
    rows = list(
        queryset.alias(_search_text=haystack, _search_title=folded(F(title)))
        .filter(condition)
        .annotate(
            _search_rank=Case(
                When(_search_title__startswith=first, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            _search_total=Window(Count("pk")),
        )
        .order_by("_search_rank", *(order_by or queryset.model._meta.ordering), "pk")[
            offset : offset + limit
        ]
    )
    if not rows:
        if offset == 0:
            return Found([], 0)
        # Past the end: one more query for the count (only for a page number out of range).
        return Found([], queryset.alias(_search_text=haystack).filter(condition).count())
    return Found([result(row) for row in rows], rows[0]._search_total)


@dataclass
class KindResults:
    """One kind's part of a result page."""

    kind: SearchKind
    found: Found
    more: bool = field(init=False)

    def __post_init__(self):
        self.more = self.found.total > len(self.found.results)


def search_all(query: Query, *, access, municipality, limit: int) -> list[KindResults]:
    """Every kind the user may see, each with at most ``limit`` results (one query each)."""
    if not query:
        return []
    return [
        KindResults(kind, kind.fetch(query, access, municipality, limit))
        for kind in search_kinds(access)
    ]
