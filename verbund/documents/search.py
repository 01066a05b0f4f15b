"""The archive's full-text search: title, description, tags and the text inside the latest
version, in the same index layer as the offers (``verbund.core.fulltext``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, QuerySet

from verbund.core.fulltext import FullTextIndex, document, parse
from verbund.core.paging import keyed_page

# title_vector: PostgreSQL ranks title matches first from a stored column (migration 0003).
TEXT_INDEX = FullTextIndex(
    table="documents_document",
    column="search_text",
    partition="municipality_id",
    title_vector="search_title_vector",
)
BODY_LIMIT = 100_000
# A search finding at most this many documents reads all their keys in one query (and counts
# them in Python) instead of running the full-text match for the count and again for the page.
ALL_KEYS_UP_TO = 10_000


def search_text_for(doc, text: str = "") -> str:
    body = " ".join(
        part for part in (doc.description, doc.tags.replace(",", " "), text[:BODY_LIMIT]) if part
    )
    return document(f"{doc.title} {doc.get_kind_display()}", body)


@dataclass
class DocumentQuery:
    text: str = ""
    kinds: list[str] = field(default_factory=list)
    tag: str = ""
    year: int | None = None
    language: str = ""
    centre_id: int | None = None
    municipality_archive: bool = False
    municipality_id: int | None = None


def search_documents(queryset: QuerySet, query: DocumentQuery) -> QuerySet:
    if query.kinds:
        queryset = queryset.filter(kind__in=query.kinds)
    if query.tag:
        queryset = queryset.filter(tags__icontains=query.tag)
    if query.year:
        queryset = queryset.filter(document_date__year=query.year)
    if query.language:
        queryset = queryset.filter(language=query.language)
    if query.municipality_archive:
        queryset = queryset.filter(centre__isnull=True)
    elif query.centre_id:
        queryset = queryset.filter(centre_id=query.centre_id)
    if parse(query.text):
        queryset = TEXT_INDEX.ranked(queryset, query.text, part=query.municipality_id)
        return queryset.order_by(F("title_match").desc(), "-updated_at", "-id")
    return queryset.order_by("-updated_at", "-id")


def search_page(documents: QuerySet, query: DocumentQuery, page_number, per_page: int):
    """One page of the documents ``query`` finds among ``documents`` (the list the user may
    read). A search by words, tag or year reads its keys once (no separate count running the
    match or the tag scan again); the page's rows are read by key."""
    found = search_documents(documents, query)
    if not (parse(query.text) or query.tag or query.year):
        return keyed_page(found, page_number, per_page, rows=documents)
    return keyed_page(found, page_number, per_page, rows=documents, all_keys_up_to=ALL_KEYS_UP_TO)
