"""The validators (ETag/Last-Modified) of a municipality's public pages, in one query.

They change whenever anything a public page shows changes: offers, their dates and
translations, centres, facilities, Sozialräume, the centres' homepages and downloads
(and the archive's documents, for its public brochures), the
municipality's legal pages and the municipality itself (a newer ``updated_at``, or a row
fewer: deletions count). The ETag also carries the day (offers leave the public view by
date) and the language of the page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Count, Max, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from verbund.areas.models import Area
from verbund.documents.models import Document
from verbund.offers.models import Offer, OfferSchedule, OfferTranslation
from verbund.tenancy.models import Facility, FamilyCentre, Municipality

from .models import CentrePage, MunicipalitySite, PageDownload

# What public pages show, each with whether a deleted row must change the validators.
SOURCES = (
    (Offer, True),
    (OfferSchedule, True),
    (OfferTranslation, True),
    (FamilyCentre, True),
    (Facility, True),
    (Area, True),
    (CentrePage, True),
    (PageDownload, True),
    (Document, True),  # public brochures of the archive appear among the downloads
    (MunicipalitySite, False),
)


@dataclass(frozen=True)
class Freshness:
    last_modified: datetime | None
    etag: str


def freshness(municipality_id: int, language: str | None = None) -> Freshness:
    """When the municipality's public data last changed and how many rows there are."""

    def scalar(model, expression):
        rows = model.objects.filter(municipality_id=municipality_id).order_by()
        return Subquery(
            rows.values("municipality_id").annotate(value=expression).values("value")[:1]
        )

    annotations = {"own_changed": Max("updated_at")}
    for model, counted in SOURCES:
        name = model._meta.model_name
        annotations[f"{name}_changed"] = scalar(model, Max("updated_at"))
        if counted:
            annotations[f"{name}_count"] = scalar(model, Count("pk"))
    row = (
        Municipality.objects.filter(pk=municipality_id)
        .values("pk")
        .annotate(**annotations)
        .values(*annotations)
        .first()
    ) or {}
    moments = [_moment(value) for name, value in row.items() if name.endswith("_changed") and value]
    changed = max(moments) if moments else None
    counts = "|".join(str(row.get(name)) for name in sorted(row) if name.endswith("_count"))
    language = language or get_language() or "de"
    seed = f"{changed}|{counts}|{timezone.localdate()}|{language}"
    return Freshness(last_modified=changed, etag=hashlib.sha256(seed.encode()).hexdigest()[:32])


def _moment(value) -> datetime:
    if isinstance(value, str):  # SQLite returns a subquery's value as text
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value
