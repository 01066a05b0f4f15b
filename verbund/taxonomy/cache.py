"""The version of a municipality's terms, for caches of what shows their labels (issue 17).

``terms:<municipality>`` of ``verbund.core.cache_versions`` is bumped whenever a term is saved
or deleted, and by ``taxonomy_seed``, which adds the default terms with ``bulk_create`` (no
signal). A cache of anything that lists or labels terms (a filter form's term lists) carries it
in its key.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from verbund.core import cache_versions


def version_key(municipality_id: int) -> str:
    return f"terms:{municipality_id}"


def bump(municipality_id: int | None) -> None:
    if municipality_id is not None:
        cache_versions.bump_now_and_on_commit(version_key(municipality_id))


def _on_term(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw"):
        bump(instance.municipality_id)


def connect() -> None:
    """From ``TaxonomyConfig.ready()``."""
    from .models import Term

    uid = "verbund.taxonomy.cache"
    post_save.connect(_on_term, sender=Term, dispatch_uid=f"{uid}.save")
    post_delete.connect(_on_term, sender=Term, dispatch_uid=f"{uid}.delete")
