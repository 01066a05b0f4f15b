"""Writes of the quality-seal self-check (all audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes

from . import catalogue as catalogue_format
from .evidence import compute_all, refresh_centre
from .models import Catalogue, CheckState, CriterionCheck, SelfCheck


def catalogue_current(*, municipality, actor=None) -> Catalogue:
    """The municipality's current catalogue; on first use a copy of the shipped default."""
    found = Catalogue.objects.filter(municipality=municipality, current=True).first()
    if found is not None:
        return found
    definition = catalogue_format.default_definition()
    try:
        with transaction.atomic():
            return create_logged(
                Catalogue,
                actor=actor,
                action="quality.catalogue.created",
                values={
                    "municipality": municipality,
                    "name": definition["name"],
                    "description": definition["description"],
                    "definition": definition,
                    "current": True,
                    "created_by": actor if getattr(actor, "is_authenticated", False) else None,
                },
                log_fields=["name"],
            )
    except IntegrityError:  # someone else copied it at the same moment
        return Catalogue.objects.get(municipality=municipality, current=True)


@transaction.atomic
def catalogue_import(*, actor, municipality, text: str) -> Catalogue:
    """Read a catalogue file; it becomes the current catalogue. ``CatalogueError`` when the
    file is wrong (nothing is written)."""
    definition = catalogue_format.parse(text)
    Catalogue.objects.filter(municipality=municipality, current=True).update(current=False)
    return create_logged(
        Catalogue,
        actor=actor,
        action="quality.catalogue.imported",
        values={
            "municipality": municipality,
            "name": definition["name"],
            "description": definition["description"],
            "definition": definition,
            "current": True,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        log_fields=["name"],
        extra={"criteria": sum(1 for _ in catalogue_format.criteria(definition))},
    )


@transaction.atomic
def selfcheck_create(*, actor, municipality, centre, year: int) -> SelfCheck:
    """Start the self-check of a centre for a year against the current catalogue. Notes and
    document references of the centre's last self-check are carried over (to be checked
    again: every criterion starts as "not yet checked")."""
    if centre.municipality_id != municipality.pk:
        raise ValidationError({"centre": _("Das Familienzentrum gehört zu einer anderen Kommune.")})
    if SelfCheck.objects.filter(centre=centre, year=year).exists():
        raise ValidationError(
            {
                "year": _(
                    "Für dieses Familienzentrum gibt es in diesem Jahr schon einen Selbstcheck."
                )
            }
        )
    catalogue = catalogue_current(municipality=municipality, actor=actor)
    check = create_logged(
        SelfCheck,
        actor=actor,
        action="quality.selfcheck.created",
        values={
            "municipality": municipality,
            "centre": centre,
            "year": year,
            "catalogue": catalogue,
        },
        log_fields=["centre", "year", "catalogue"],
    )
    previous = SelfCheck.objects.filter(centre=centre, year__lt=year).order_by("-year").first()
    carried = {}
    if previous is not None:
        carried = {
            row.key: row for row in previous.criteria.all() if row.note or row.document_reference
        }
    rows = []
    for _area, criterion in catalogue_format.criteria(catalogue.definition):
        old = carried.get(criterion["key"])
        rows.append(
            CriterionCheck(
                municipality=municipality,
                selfcheck=check,
                key=criterion["key"],
                state=CheckState.OPEN,
                note=old.note if old else "",
                document_reference=old.document_reference if old else "",
            )
        )
    CriterionCheck.objects.bulk_create(rows)
    refresh_centre(catalogue, centre.pk)
    return check


@transaction.atomic
def criterion_judge(*, actor, row: CriterionCheck, data: dict) -> CriterionCheck:
    # The stored row (a bound ModelForm has already copied its input onto ``row``).
    row = CriterionCheck.objects.select_for_update().get(pk=row.pk)
    data = {**data, "changed_at": timezone.now()}
    return save_changes(
        row,
        fields=["state", "note", "document_reference"],
        data=data,
        action="quality.criterion.changed",
        actor=actor,
        after_save=lambda r: CriterionCheck.objects.filter(pk=r.pk).update(
            changed_at=data["changed_at"]
        ),
    )


@transaction.atomic
def evidence_refresh(*, actor, selfcheck: SelfCheck):
    result = refresh_centre(selfcheck.catalogue, selfcheck.centre_id)
    log_action("quality.evidence.refreshed", actor=actor, instance=selfcheck)
    return result


@transaction.atomic
def evidence_request_all(*, actor, municipality):
    catalogue = catalogue_current(municipality=municipality, actor=actor)
    log_action("quality.evidence.requested", actor=actor, instance=catalogue)
    return compute_all.enqueue(
        municipality=municipality,
        owner=actor,
        label=_("Nachweise zum Gütesiegel ermitteln"),
        catalogue_id=catalogue.pk,
    )
