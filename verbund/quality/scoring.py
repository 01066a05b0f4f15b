"""Scores per area against the catalogue's minimums, and what is missing to reach the seal.

Only criteria the coordinator confirmed count. Evidence found in the system is a suggestion:
an open criterion with evidence appears in "what is missing" as "only needs confirming".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import CheckState


@dataclass
class CriterionRow:
    area: dict
    criterion: dict
    check: object  # CriterionCheck
    evidence: dict | None  # {"found": bool|None, "rules": [...]}

    @property
    def confirmed(self) -> bool:
        return self.check is not None and self.check.state == CheckState.CONFIRMED

    @property
    def suggested(self) -> bool:
        return (
            not self.confirmed
            and self.check is not None
            and self.check.state == CheckState.OPEN
            and bool(self.evidence and self.evidence.get("found"))
        )


@dataclass
class AreaScore:
    area: dict
    rows: list[CriterionRow] = field(default_factory=list)

    @property
    def basic_confirmed(self) -> int:
        return sum(1 for r in self.rows if r.confirmed and r.criterion["level"] == "basic")

    @property
    def total_confirmed(self) -> int:
        return sum(1 for r in self.rows if r.confirmed)

    @property
    def suggested(self) -> int:
        return sum(1 for r in self.rows if r.suggested)

    @property
    def basic_missing(self) -> int:
        return max(self.area["min_basic"] - self.basic_confirmed, 0)

    @property
    def total_missing(self) -> int:
        return max(self.area["min_total"] - self.total_confirmed, 0)

    @property
    def reached(self) -> bool:
        return self.basic_missing == 0 and self.total_missing == 0

    @property
    def open_rows(self) -> list[CriterionRow]:
        """Not yet confirmed: suggested ones (evidence found) first, basic before additional."""
        rows = [r for r in self.rows if not r.confirmed]
        if not self.basic_missing:
            rows = [r for r in rows if self.total_missing]
        return sorted(
            rows, key=lambda r: (not r.suggested, r.criterion["level"] != "basic", r.check.pk)
        )


@dataclass
class SealResult:
    areas: list[AreaScore]
    seal: list[dict]

    def groups(self) -> list[dict]:
        out = []
        for rule in self.seal:
            areas = [a for a in self.areas if a.area["kind"] == rule["kind"]]
            reached = sum(1 for a in areas if a.reached)
            out.append(
                {
                    "kind": rule["kind"],
                    "min_areas": rule["min_areas"],
                    "reached": reached,
                    "count": len(areas),
                    "missing": max(rule["min_areas"] - reached, 0),
                    "ok": reached >= rule["min_areas"],
                }
            )
        return out

    @property
    def reached(self) -> bool:
        return all(group["ok"] for group in self.groups())

    def missing_areas(self) -> list[AreaScore]:
        """Areas not yet at their minimum, of the kinds the seal still lacks areas of."""
        lacking = {g["kind"] for g in self.groups() if not g["ok"]}
        return [
            a
            for a in self.areas
            if not a.reached and (a.area["kind"] in lacking or a.area["kind"] == "profile")
        ]


def score(definition: dict, checks: dict, evidence: dict) -> SealResult:
    """``checks``: criterion key → CriterionCheck; ``evidence``: key → evidence dict."""
    areas = []
    for area in definition.get("areas", []):
        area_score = AreaScore(area)
        for criterion in area["criteria"]:
            area_score.rows.append(
                CriterionRow(
                    area, criterion, checks.get(criterion["key"]), evidence.get(criterion["key"])
                )
            )
        areas.append(area_score)
    return SealResult(areas, definition.get("seal", []))
