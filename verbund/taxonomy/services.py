"""Writes of the taxonomy (rule 1). Keys are fixed once a term exists."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from verbund.core.audit import create_logged, log_action, save_changes

from . import cache as terms_cache
from .defaults import default_terms
from .models import Term
from .selectors import term_key_for
from .vocabulary import Vocabulary

TERM_FIELDS = [
    "vocabulary",
    "key",
    "label",
    "description",
    "position",
    "active",
    "min_age_months",
    "max_age_months",
]
EDITABLE_FIELDS = [name for name in TERM_FIELDS if name not in ("vocabulary", "key")]


def taxonomy_seed(*, municipality, actor=None) -> int:
    """Add the default terms a municipality lacks; never changes existing ones."""
    with scopes_disabled(), transaction.atomic():
        existing = set(
            Term.objects.filter(municipality=municipality).values_list("vocabulary", "key")
        )
        new = [
            Term(municipality=municipality, **data)
            for data in default_terms()
            if (data["vocabulary"], data["key"]) not in existing
        ]
        Term.objects.bulk_create(new)
        if new:
            terms_cache.bump(municipality.pk)  # bulk_create sends no signal
        if new and actor is not None:
            log_action(
                "taxonomy.seed",
                actor=actor,
                municipality=municipality,
                data={"keys": [f"{term.vocabulary}:{term.key}" for term in new]},
            )
    return len(new)


@transaction.atomic
def term_create(*, actor, municipality, data: dict[str, Any]) -> Term:
    """Add a term to a list; without a key one is formed from the label, without a position
    the term goes to the end of the list."""
    data = dict(data)
    vocabulary = data.get("vocabulary")
    if vocabulary not in Vocabulary.values:
        raise ValidationError({"vocabulary": _("Diese Liste gibt es nicht.")})
    if not data.get("key") and data.get("label"):
        data["key"] = term_key_for(
            municipality=municipality, vocabulary=vocabulary, label=data["label"]
        )
    if data.get("position") is None:
        last = Term.objects.filter(municipality=municipality, vocabulary=vocabulary).aggregate(
            last=Max("position")
        )["last"]
        data["position"] = 0 if last is None else last + 1
    if vocabulary != Vocabulary.LIFE_PHASE:
        data["min_age_months"] = data["max_age_months"] = None
    return create_logged(
        Term,
        values={"municipality": municipality},
        fields=TERM_FIELDS,
        data=data,
        action="taxonomy.term.create",
        actor=actor,
    )


@transaction.atomic
def term_update(*, actor, term: Term, data: dict[str, Any]) -> Term:
    return save_changes(
        term, fields=EDITABLE_FIELDS, data=data, action="taxonomy.term.update", actor=actor
    )
