"""The need index reproduces Berlin's published status index (Monitoring Soziale
Stadtentwicklung 2021, CC BY 4.0, Senatsverwaltung für Stadtentwicklung Berlin): three status
indicators, equal weights, z-standardised, classes at +1.5 / +1.0 / −1.0 standard deviations.
Berlin's classes count status (1 = hoch … 4 = sehr niedrig), ours count need (1 = sehr hoch)."""

import csv
from pathlib import Path

import pytest

from verbund.analysis import stats
from verbund.analysis.choices import IndexMethod

DATA = (
    Path(__file__).resolve().parents[3].parent
    / "shared/data/berlin-mss/data/berlin-lor-monitoring-social-urban-development-2021-00"
    / "berlin-lor-monitoring-social-urban-development-2021-00-planning-areas.csv"
)
STATUS = [
    "s1_percentage_unemployed",
    "s3_percentage_transfer_payments_recipients",
    "s4_percentage_transfer_payments_recipients_below_15_years",
]


@pytest.fixture(scope="module")
def planning_areas():
    if not DATA.exists():
        pytest.skip(f"Echte Testdaten fehlen: {DATA} (erwartet unter ../shared/data)")
    with DATA.open(encoding="utf-8", newline="") as handle:
        # Areas with too few inhabitants carry "-" instead of values and no class.
        return [row for row in csv.DictReader(handle) if row["status_index"] not in ("", "-")]


def test_status_classes_match_berlin(planning_areas):
    components = [
        ({row["id"]: float(row[key]) for row in planning_areas}, 1.0, True) for key in STATUS
    ]
    index = stats.composite_index(components)
    classes = stats.classify(index, method=IndexMethod.THRESHOLDS, boundaries=(1.5, 1.0, -1.0))
    assert len(classes) == len(planning_areas) > 500
    berlin = {row["id"]: int(float(row["status_index"])) for row in planning_areas}
    mismatches = [area for area, cls in classes.items() if 5 - cls != berlin[area]]
    assert mismatches == []


def test_z_scores_match_berlin(planning_areas):
    values = {row["id"]: float(row["s1_percentage_unemployed"]) for row in planning_areas}
    dist = stats.Distribution.of(values.values())
    for row in planning_areas[:50]:
        assert dist.z(values[row["id"]]) == pytest.approx(
            float(row["z_s1_percentage_unemployed"]), abs=0.01
        )
