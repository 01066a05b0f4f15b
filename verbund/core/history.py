"""Reading an object's history: one selector, one template (``components/history.html``)."""

from __future__ import annotations

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from .actions import changed_fields, sentence
from .models import AuditEntry
from .prepared import PreparedQuery


def history_for(
    instance: models.Model,
    *,
    limit: int = 30,
    related: Q | None = None,
    prefix: str = "",
    access=None,
    data_key: str = "",
) -> list[AuditEntry]:
    """The newest audit entries about ``instance`` (plus those matching ``related``, e.g. entries
    about an agreement's attachments), each with ``sentence`` and ``changes`` for display.

    With ``data_key`` (and no ``related``, no ``access``), also the entries whose data names
    the object under that key, by a query compiled once per process.

    An object's history is what was done to it. Refused page views (``security.*``, naming the
    refused user) are shown only to a viewer whose ``access.audit_visible`` lets them through
    (administrators); without an ``access`` they are left out.
    """
    content_type = ContentType.objects.get_for_model(instance)
    municipality_id = getattr(instance, "municipality_id", None)
    if data_key and related is None and access is None and municipality_id is not None:
        # Entries about the object or naming it in their data (``data_key``, e.g. an
        # agreement's attachments), compiled once per process.
        query = _history_with_data(key=data_key, prefix=prefix, limit=limit)
        return describe(
            query.objects(
                content_type_id=content_type.pk,
                object_id=str(instance.pk),
                pk=instance.pk,
                municipality_id=municipality_id,
            )
        )
    if related is None and not prefix and access is not None and municipality_id is not None:
        # The common case (an object's own history on its page), compiled once per process.
        base = AuditEntry.unscoped.all()
        query = _own_history(show_security=access.audit_visible(base) is base, limit=limit)
        return describe(
            query.objects(
                content_type_id=content_type.pk,
                object_id=str(instance.pk),
                municipality_id=municipality_id,
            )
        )
    about = Q(content_type=content_type, object_id=str(instance.pk))
    if related is not None:
        about |= related
    entries = AuditEntry.unscoped.filter(about)
    if access is None:
        entries = entries.exclude(action__startswith="security.")
    else:
        entries = access.audit_visible(entries)
    if municipality_id is not None:
        entries = entries.filter(municipality_id=municipality_id)
    if prefix:
        entries = entries.filter(action__startswith=prefix)
    entries = entries.select_related("actor", "content_type").order_by("-timestamp", "-id")
    return describe(entries[:limit])


@cache
def _own_history(*, show_security: bool, limit: int) -> PreparedQuery:
    def build(content_type_id, object_id, municipality_id):
        entries = AuditEntry.unscoped.filter(
            content_type_id=content_type_id, object_id=object_id, municipality_id=municipality_id
        )
        if not show_security:
            entries = entries.exclude(action__startswith="security.")
        return entries.select_related("actor", "content_type").order_by("-timestamp", "-id")[:limit]

    return PreparedQuery(build)


@cache
def _history_with_data(*, key: str, prefix: str, limit: int) -> PreparedQuery:
    def build(content_type_id, object_id, pk, municipality_id):
        about = Q(content_type_id=content_type_id, object_id=object_id) | Q(**{f"data__{key}": pk})
        entries = AuditEntry.unscoped.filter(about, municipality_id=municipality_id).exclude(
            action__startswith="security."
        )
        if prefix:
            entries = entries.filter(action__startswith=prefix)
        return entries.select_related("actor", "content_type").order_by("-timestamp", "-id")[:limit]

    return PreparedQuery(build)


def describe(entries) -> list[AuditEntry]:
    """Attach the German sentence and the changed fields to each entry."""
    for entry in entries:
        entry.sentence = sentence(entry)
        entry.changes = changed_fields(entry)
    return list(entries)
