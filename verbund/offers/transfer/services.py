"""Writing the checked rows of an offers table: all of them or none, audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.areas.models import Area
from verbund.core.audit import create_logged, log_action, save_changes
from verbund.taxonomy.models import Term

from ..choices import ReviewState
from ..models import Offer
from ..text import refresh_search_text
from .rows import Preview

FIELDS = [
    "title",
    "summary",
    "description",
    "format",
    "cost",
    "cost_note",
    "admission",
    "languages",
    "place_kind",
    "street",
    "postcode",
    "city",
    "online_url",
    "status",
    "visibility",
    "contact_name",
    "contact_email",
    "contact_phone",
]


@dataclass
class ImportResult:
    created: list[int]
    updated: list[int]
    skipped: int

    def as_dict(self) -> dict:
        return asdict(self)


def _terms_and_areas(municipality, rows: list[dict]) -> tuple[dict, dict]:
    term_ids = {pk for row in rows for pk in row.get("term_ids", [])}
    area_ids = {pk for row in rows for pk in row.get("area_ids", [])}
    terms = Term.objects.filter(municipality=municipality, pk__in=term_ids).in_bulk()
    areas = Area.objects.filter(municipality=municipality, pk__in=area_ids).in_bulk()
    return terms, areas


def _row_error(row: dict, error: ValidationError) -> ValidationError:
    return ValidationError(
        _("Zeile %(line)s („%(title)s“): %(reason)s")
        % {"line": row.get("_line", "?"), "title": row["title"], "reason": " ".join(error.messages)}
    )


@transaction.atomic
def offers_import_commit(*, actor, municipality, centre, preview: Preview, filename: str):
    """Create the new rows and update the existing ones the user chose to update, or nothing.

    The preview has been checked against ``municipality`` (``rows.check_rows``); a row the
    models still refuse aborts everything with a message naming its line."""
    if preview.errors:
        raise ValidationError(_("Die Datei hat noch Fehler; es wurde nichts gespeichert."))
    if centre.municipality_id != municipality.pk:
        raise ValidationError(_("Das Familienzentrum gehört nicht zu dieser Kommune."))
    terms, areas = _terms_and_areas(municipality, preview.rows + preview.updates)
    today = timezone.localdate()
    created, updated = [], []
    for row in preview.rows:

        def links(offer, row=row):
            offer.terms.set([terms[pk] for pk in row["term_ids"] if pk in terms])
            offer.areas_served.set([areas[pk] for pk in row["area_ids"] if pk in areas])
            return {
                "terms": sorted(row["term_ids"]),
                "areas_served": sorted(row["area_ids"]),
            }

        try:
            offer = create_logged(
                Offer,
                actor=actor,
                action="offers.offer.create",
                fields=FIELDS,
                data=row,
                values={
                    "municipality": municipality,
                    "centre": centre,
                    "provider_id": row["provider_id"],
                    "location_id": row["location_id"],
                    "review_state": ReviewState.APPROVED,
                    "reviewed_at": timezone.now(),
                    "last_checked": today,
                },
                after_save=links,
                extra={"source": filename[:200], "line": row["_line"]},
            )
        except ValidationError as error:
            raise _row_error(row, error) from error
        created.append(offer.pk)
    existing = Offer.objects.filter(
        municipality=municipality, centre=centre, pk__in=[r["_existing"] for r in preview.updates]
    ).in_bulk()
    for row in preview.updates:
        offer = existing.get(row["_existing"])
        if offer is None:  # removed meanwhile
            continue
        # An empty cell never blanks what is stored; the title and provider identify the offer.
        fields = [
            f for f in [*FIELDS, "location_id"] if f != "title" and row.get(f) not in ("", None)
        ]
        try:
            save_changes(
                offer,
                fields=fields,
                data=row,
                action="offers.offer.update",
                actor=actor,
                state=_links,
                after_save=lambda offer, row=row: _replace_links(offer, row, terms, areas),
                log_data={"source": filename[:200], "line": row["_line"]},
            )
        except ValidationError as error:
            raise _row_error(row, error) from error
        updated.append(offer.pk)
    offers = (
        Offer.objects.filter(pk__in=created + updated)
        .select_related("provider", "location")
        .prefetch_related("terms")
    )
    refresh_search_text(offers)
    log_action(
        "offers.import.commit",
        actor=actor,
        municipality=municipality,
        instance=centre,
        data={
            "file": filename[:200],
            "created": len(created),
            "updated": len(updated),
            "skipped": len(preview.skipped),
        },
    )
    return ImportResult(created=created, updated=updated, skipped=len(preview.skipped))


def _links(offer) -> dict:
    return {
        "terms": sorted(offer.terms.values_list("pk", flat=True)),
        "areas_served": sorted(offer.areas_served.values_list("pk", flat=True)),
    }


def _replace_links(offer, row: dict, terms: dict, areas: dict) -> None:
    """Terms of the vocabularies the row names replace those of the offer; areas likewise."""
    new_terms = [terms[pk] for pk in row["term_ids"] if pk in terms]
    if new_terms:
        vocabularies = {t.vocabulary for t in new_terms}
        kept = [t for t in offer.terms.all() if t.vocabulary not in vocabularies]
        offer.terms.set(kept + new_terms)
    if row["area_ids"]:
        offer.areas_served.set([areas[pk] for pk in row["area_ids"] if pk in areas])
