"""Reading an object's history: one selector, one template (``components/history.html``)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from .actions import changed_fields, sentence
from .models import AuditEntry


def history_for(
    instance: models.Model,
    *,
    limit: int = 30,
    related: Q | None = None,
    prefix: str = "",
    access=None,
) -> list[AuditEntry]:
    """The newest audit entries about ``instance`` (plus those matching ``related``, e.g. entries
    about an agreement's attachments), each with ``sentence`` and ``changes`` for display.

    An object's history is what was done to it. Refused page views (``security.*``, naming the
    refused user) are shown only to a viewer whose ``access.audit_visible`` lets them through
    (administrators); without an ``access`` they are left out.
    """
    content_type = ContentType.objects.get_for_model(instance)
    about = Q(content_type=content_type, object_id=str(instance.pk))
    if related is not None:
        about |= related
    entries = AuditEntry.unscoped.filter(about)
    if access is None:
        entries = entries.exclude(action__startswith="security.")
    else:
        entries = access.audit_visible(entries)
    municipality_id = getattr(instance, "municipality_id", None)
    if municipality_id is not None:
        entries = entries.filter(municipality_id=municipality_id)
    if prefix:
        entries = entries.filter(action__startswith=prefix)
    entries = entries.select_related("actor", "content_type").order_by("-timestamp", "-id")
    return describe(entries[:limit])


def describe(entries) -> list[AuditEntry]:
    """Attach the German sentence and the changed fields to each entry."""
    for entry in entries:
        entry.sentence = sentence(entry)
        entry.changes = changed_fields(entry)
    return list(entries)
