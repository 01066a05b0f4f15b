"""Finding the evidence for a catalogue's criteria, for one centre or all of a municipality.

Each distinct rule (type and parameters) of the catalogue runs once for a chunk of centres, so
the number of queries depends on the catalogue, not on the number of centres or records.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.tasks import JobError, tenant_task
from verbund.tenancy.models import FamilyCentre

from .catalogue import criteria
from .models import Catalogue, CentreEvidence
from .rules import CHUNK, MAX_ITEMS, get_rule_type


def _rule_key(rule: dict) -> str:
    return json.dumps(rule, sort_keys=True)


def find(definition: dict, centre_ids: list[int], today=None) -> dict[int, dict]:
    """``{centre_id: {criterion_key: {"found": bool, "rules": [{"label", "count", "items"}]}}}``"""
    today = today or timezone.localdate()
    results: dict[str, dict[int, list[dict]]] = {}
    for _area, criterion in criteria(definition):
        for rule in criterion["rules"]:
            key = _rule_key(rule)
            if key in results:
                continue
            rule_type = get_rule_type(rule["type"])
            if rule_type is None:  # a rule type whose app is not installed any more
                results[key] = {}
                continue
            params = {k: v for k, v in rule.items() if k != "type"}
            results[key] = rule_type.fetch(centre_ids, params, today)
    out: dict[int, dict] = {}
    for centre_id in centre_ids:
        per_centre = {}
        for _area, criterion in criteria(definition):
            rules_out = []
            for rule in criterion["rules"]:
                items = results[_rule_key(rule)].get(centre_id, [])
                rule_type = get_rule_type(rule["type"])
                needed = rule.get("min_count", 1)
                rules_out.append(
                    {
                        "label": str(rule_type.label) if rule_type else rule["type"],
                        "count": len(items),
                        "needed": needed,
                        "met": len(items) >= needed,
                        "items": items[:MAX_ITEMS],
                    }
                )
            if not rules_out:
                found = None  # no rule: only the coordinator can judge
            elif criterion["match"] == "any":
                found = any(r["met"] for r in rules_out)
            else:
                found = all(r["met"] for r in rules_out)
            per_centre[criterion["key"]] = {"found": found, "rules": rules_out}
        out[centre_id] = per_centre
    return out


def store(catalogue: Catalogue, found: dict[int, dict]) -> None:
    """Replace the stored evidence of these centres (one transaction, bulk writes)."""
    now = timezone.now()
    with transaction.atomic():
        CentreEvidence.objects.filter(catalogue=catalogue, centre_id__in=list(found)).delete()
        CentreEvidence.objects.bulk_create(
            [
                CentreEvidence(
                    municipality_id=catalogue.municipality_id,
                    centre_id=centre_id,
                    catalogue=catalogue,
                    data=data,
                    computed_at=now,
                )
                for centre_id, data in found.items()
            ],
            batch_size=500,
        )


def refresh_centre(catalogue: Catalogue, centre_id: int) -> CentreEvidence:
    store(catalogue, find(catalogue.definition, [centre_id]))
    return CentreEvidence.objects.get(catalogue=catalogue, centre_id=centre_id)


@tenant_task
def compute_all(job, *, catalogue_id: int):
    """Find the evidence of every centre of the municipality for the catalogue."""
    catalogue = Catalogue.objects.filter(pk=catalogue_id).first()
    if catalogue is None:
        raise JobError(_("Der Kriterienkatalog gibt es nicht mehr."))
    centre_ids = list(
        FamilyCentre.objects.filter(municipality_id=catalogue.municipality_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    job.progress(0, len(centre_ids))
    found: dict[int, dict] = {}
    for start in range(0, len(centre_ids), CHUNK):
        ids = centre_ids[start : start + CHUNK]
        found.update(find(catalogue.definition, ids))
        job.progress(start + len(ids), len(centre_ids))
    store(catalogue, found)
    return _("Nachweise für %(n)s Familienzentren ermittelt.") % {"n": len(centre_ids)}
