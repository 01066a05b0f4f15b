"""Reads of the taxonomy."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.text import slugify

from .models import Term
from .vocabulary import Vocabulary


def terms(*, municipality, vocabulary: str | None = None, active_only: bool = False) -> QuerySet:
    queryset = Term.objects.filter(municipality=municipality)
    if vocabulary:
        queryset = queryset.filter(vocabulary=vocabulary)
    if active_only:
        queryset = queryset.filter(active=True)
    return queryset.order_by("vocabulary", "position", "id")


def term_choices(*, municipality, vocabulary: str, current=()) -> QuerySet:
    """Active terms of one list, plus inactive ones an entry already carries."""
    from django.db.models import Q

    current_ids = [term.pk if isinstance(term, Term) else term for term in current if term]
    return terms(municipality=municipality, vocabulary=vocabulary).filter(
        Q(active=True) | Q(pk__in=current_ids)
    )


def labels_by_key(*, municipality, vocabulary: str) -> dict[str, str]:
    """key → label of one list (one query); for display of stored keys and exports."""
    return dict(terms(municipality=municipality, vocabulary=vocabulary).values_list("key", "label"))


UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
)
KEY_LENGTH = 40


def term_key_for(*, municipality, vocabulary: str, label: str) -> str:
    """A free key formed from the label: "Übergang in die Kita" → "uebergang-in-die-kita"."""
    base = slugify(label.translate(UMLAUTS))[:KEY_LENGTH].strip("-") or "begriff"
    taken = set(
        Term.objects.filter(
            municipality=municipality, vocabulary=vocabulary, key__startswith=base[:30]
        ).values_list("key", flat=True)
    )
    key, number = base, 2
    while key in taken:
        suffix = f"-{number}"
        key = base[: KEY_LENGTH - len(suffix)] + suffix
        number += 1
    return key


def terms_by_key(*, municipality, vocabularies=()) -> dict[tuple[str, str], Term]:
    """(vocabulary, key) → term (one query); for code that names terms by their stable keys."""
    queryset = terms(municipality=municipality)
    if vocabularies:
        queryset = queryset.filter(vocabulary__in=vocabularies)
    return {(term.vocabulary, term.key): term for term in queryset}


__all__ = ["Vocabulary", "labels_by_key", "term_choices", "term_key_for", "terms", "terms_by_key"]
