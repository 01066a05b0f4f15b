"""Reads of the quality-seal self-check, narrowed by the access rule."""

from __future__ import annotations

from verbund.core.params import MAX_ID
from verbund.tenancy.models import FamilyCentre

from . import scoring
from .models import Catalogue, CentreEvidence, CriterionCheck, SelfCheck
from .permissions import edit_selfcheck, view_selfcheck


def current_catalogue(*, municipality) -> Catalogue | None:
    return Catalogue.objects.filter(municipality=municipality, current=True).first()


def catalogues(*, municipality):
    return Catalogue.objects.filter(municipality=municipality).defer("definition")


def selfchecks(*, access, municipality, year: int | None = None):
    qs = SelfCheck.objects.filter(municipality=municipality).select_related(
        "centre", "centre__provider"
    )
    if year:
        qs = qs.filter(year=year)
    return access.narrow(view_selfcheck, qs).order_by("-year", "centre__name", "pk")


def selfcheck(*, access, municipality, selfcheck_id: int) -> SelfCheck:
    """Raises ``SelfCheck.DoesNotExist`` for another municipality's or a hidden one."""
    if selfcheck_id > MAX_ID:
        raise SelfCheck.DoesNotExist
    qs = SelfCheck.objects.filter(municipality=municipality).select_related(
        "centre", "centre__provider", "catalogue"
    )
    return access.narrow(view_selfcheck, qs).get(pk=selfcheck_id)


def criterion_row(*, access, municipality, selfcheck_id: int, criterion_id: int):
    if max(selfcheck_id, criterion_id) > MAX_ID:  # beyond any id: SQLite cannot even compare
        raise CriterionCheck.DoesNotExist
    qs = CriterionCheck.objects.filter(
        municipality=municipality, selfcheck_id=selfcheck_id
    ).select_related("selfcheck", "selfcheck__centre", "selfcheck__catalogue")
    return access.narrow(view_selfcheck, qs).get(pk=criterion_id)


def editable_centres(*, access, municipality):
    qs = FamilyCentre.objects.filter(municipality=municipality).order_by("name")
    return access.narrow(edit_selfcheck, qs)


def result_for(check: SelfCheck) -> tuple[scoring.SealResult, CentreEvidence | None]:
    """Scores with evidence of one self-check: two queries."""
    rows = {row.key: row for row in check.criteria.all()}
    stored = CentreEvidence.objects.filter(
        catalogue_id=check.catalogue_id, centre_id=check.centre_id
    ).first()
    data = stored.data if stored else {}
    return scoring.score(check.catalogue.definition, rows, data), stored


def history(*, access, check: SelfCheck) -> list[dict]:
    """The centre's self-checks across the years with their results (three queries)."""
    checks = list(
        access.narrow(
            view_selfcheck,
            SelfCheck.objects.filter(centre_id=check.centre_id).select_related("catalogue"),
        ).order_by("-year")
    )
    rows_by_check: dict[int, dict] = {c.pk: {} for c in checks}
    for row in CriterionCheck.objects.filter(selfcheck__in=[c.pk for c in checks]):
        rows_by_check[row.selfcheck_id][row.key] = row
    out = []
    for other in checks:
        result = scoring.score(other.catalogue.definition, rows_by_check[other.pk], {})
        out.append(
            {
                "check": other,
                "reached": result.reached,
                "areas_reached": sum(1 for a in result.areas if a.reached),
                "areas": len(result.areas),
                "confirmed": sum(a.total_confirmed for a in result.areas),
            }
        )
    return out


def evidence_overview(*, catalogue, centre_ids) -> dict[int, CentreEvidence]:
    return {
        e.centre_id: e
        for e in CentreEvidence.objects.filter(catalogue=catalogue, centre_id__in=centre_ids)
    }
