"""Demo content for the Sozialraumanalyse of Lindenhagen: need index, rules, centre figures and
a few needs. Creates demo Planungsräume and indicator values only where the areas and statistics
demos have not (so the pages have something to show on their own); idempotent."""

from __future__ import annotations

import math
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django_scopes import scope, scopes_disabled
from shapely.geometry import MultiPoint, Point, Polygon, mapping
from shapely.ops import unary_union, voronoi_diagram

from verbund.accounts.models import User
from verbund.analysis import services
from verbund.analysis.choices import NeedStatus, Priority
from verbund.analysis.models import (
    CentreFigures,
    Direction,
    EvidenceKind,
    Need,
    NeedIndexConfig,
    NeedRule,
    RuleKind,
)
from verbund.analysis.rules import suggest_needs
from verbund.areas.models import Area
from verbund.statistics.models import Indicator, IndicatorValue
from verbund.taxonomy.selectors import terms_by_key
from verbund.tenancy.models import FamilyCentre, Municipality

YEARS = [2020, 2021, 2022, 2023, 2024]
LEVEL_DISTRICT = "Stadtteil"
LEVEL_PLANNING = "Planungsraum"
DISTRICTS = ["Nordstadt", "Mühlbach", "Altstadt", "Südfeld"]
# Streets and places for plausible Planungsraum names.
PLACES = [
    "Lerchenweg",
    "Amselpark",
    "Am Bahnhof",
    "Schulstraße",
    "Kirchplatz",
    "Mühlenteich",
    "Wiesengrund",
    "Gartenstadt",
    "Markt",
    "Rathausviertel",
    "Hafen",
    "Südring",
    "Lindenallee",
    "Am Wasserturm",
    "Sonnenhang",
    "Feldrain",
    "Eichenhof",
    "Brückenviertel",
    "Weidenbusch",
    "Ziegelei",
    "Nordpark",
    "Rosenhöhe",
    "Birkenweg",
    "Am Stadtwald",
]

# Indicator key → (base in 2024, spread by deprivation, yearly trend, noise).
INDICATOR_MODEL = {
    "sgb2_share": (9.0, 7.0, 0.15, 1.0),
    "child_poverty_share": (14.0, 12.0, 0.3, 1.5),
    "unemployment_share": (5.5, 3.5, -0.1, 0.5),
    "single_parent_households_share": (19.0, 9.0, 0.2, 1.5),
    "school_entry_language_support_share": (22.0, 15.0, 0.8, 2.5),
    "school_entry_overweight_share": (9.0, 4.0, 0.1, 1.0),
    "school_entry_motor_skills_share": (12.0, 5.0, 0.3, 1.5),
    "migration_background_share": (32.0, 18.0, 0.6, 3.0),
    "children_0_3_share": (2.9, 0.8, 0.0, 0.3),
    "children_3_6_share": (2.8, 0.7, 0.0, 0.3),
}
INDEX_WEIGHTS = {
    "sgb2_share": 2,
    "child_poverty_share": 2,
    "unemployment_share": 1,
    "single_parent_households_share": 1,
    "school_entry_language_support_share": 1,
}
FIGURES = {
    # centre slug → figures 2024 (families, children, under 3, single parents, refugees,
    # non-German language, both full-time, benefits)
    "nordstadt": (142, 211, 48, 41, 17, 58, 14, 46),
    "muehlbach": (96, 150, 30, 19, 4, 27, 21, 17),
    "altstadt": (118, 170, 35, 25, 9, 44, 25, 22),
    "suedfeld": (64, 92, 18, 9, 2, 8, 22, 3),
}
FIGURE_KEYS = [
    "families",
    "children",
    "children_under_3",
    "single_parents",
    "refugee_background",
    "non_german_language",
    "both_parents_fulltime",
    "benefits",
]


class Command(BaseCommand):
    help = "Demo-Daten der Sozialraumanalyse (Bedarfsindex, Regeln, Kennzahlen, Bedarfe)."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
        if town is None:
            self.stdout.write("Keine Demo-Kommune gefunden – bitte zuerst seed_demo ausführen.")
            return
        rng = random.Random(2026)  # reproducible demo
        with scope(municipality=town.pk), transaction.atomic():
            planner = User.objects.filter(username="planung").first()
            coordinator = User.objects.filter(username="koordination").first()
            self._areas(town, rng)
            self._values(town, rng)
            self._index(town, planner)
            self._rules(town, planner)
            self._figures(town, coordinator)
            self._needs(town, coordinator)
        self.stdout.write(self.style.SUCCESS("Sozialraumanalyse: Demo-Daten angelegt."))

    # ------------------------------------------------------------------------ areas

    def _areas(self, town, rng) -> None:
        if Area.objects.filter(municipality=town).exists():
            return
        centres = list(FamilyCentre.objects.filter(municipality=town).order_by("pk"))
        # An irregular town outline around the demo centres.
        centre_lon, centre_lat = 7.018, 50.970
        outline = Polygon(
            [
                (
                    centre_lon + 0.045 * math.cos(a) * (1 + 0.12 * math.sin(3 * a)),
                    centre_lat + 0.032 * math.sin(a) * (1 + 0.1 * math.cos(5 * a)),
                )
                for a in [i * 2 * math.pi / 48 for i in range(48)]
            ]
        )
        seeds = []
        while len(seeds) < 24:
            point = Point(
                rng.uniform(centre_lon - 0.045, centre_lon + 0.045),
                rng.uniform(centre_lat - 0.032, centre_lat + 0.032),
            )
            if outline.contains(point) and all(point.distance(s) > 0.008 for s in seeds):
                seeds.append(point)
        cells = [
            cell.intersection(outline)
            for cell in voronoi_diagram(MultiPoint(seeds), envelope=outline.envelope).geoms
        ]

        # Four districts: the quadrant of each cell's centroid around the town centre.
        def district_of(geom) -> int:
            c = geom.centroid
            north = c.y >= centre_lat
            west = c.x < centre_lon + 0.004
            return 0 if north and west else 1 if north else 2 if west else 3

        groups: dict[int, list] = {i: [] for i in range(4)}
        for cell in cells:
            groups[district_of(cell)].append(cell)
        names = iter(PLACES)
        for index, name in enumerate(DISTRICTS):
            if not groups[index]:
                continue
            union = unary_union(groups[index])
            district = self._area(town, None, f"{index + 1:02d}", name, LEVEL_DISTRICT, union)
            for number, cell in enumerate(
                sorted(groups[index], key=lambda g: (-g.centroid.y, g.centroid.x)), start=1
            ):
                planning = self._area(
                    town,
                    district,
                    f"{index + 1:02d}{number:02d}",
                    f"{name} – {next(names)}",
                    LEVEL_PLANNING,
                    cell,
                )
                for centre in centres:
                    if centre.longitude is not None and cell.contains(
                        Point(float(centre.longitude), float(centre.latitude))
                    ):
                        planning.centres.add(centre)
                        district.centres.add(centre)

    def _area(self, town, parent, code, name, level, geom) -> Area:
        geometry = mapping(geom)
        simplified = mapping(geom.simplify(0.0003, preserve_topology=True))
        minx, miny, maxx, maxy = geom.bounds
        return Area.objects.create(
            municipality=town,
            parent=parent,
            code=code,
            name=name,
            level=level,
            geometry=_plain(geometry),
            geometry_simplified=_plain(simplified),
            bbox=[minx, miny, maxx, maxy],
            centroid_lat=geom.centroid.y,
            centroid_lon=geom.centroid.x,
        )

    # ----------------------------------------------------------------------- values

    def _values(self, town, rng) -> None:
        indicators = {
            i.key: i for i in Indicator.objects.filter(municipality=town, key__in=INDICATOR_MODEL)
        }
        if not indicators:
            return
        planning = list(Area.objects.filter(municipality=town, level=LEVEL_PLANNING))
        if IndicatorValue.objects.filter(municipality=town, area__in=planning).exists():
            return
        # Deprivation is higher in the north-east (Nordstadt) and lowest in the south-west.
        rows = []
        for area in planning:
            lat = area.centroid_lat or 50.97
            lon = area.centroid_lon or 7.02
            # Highest around the Nordstadt estate and the station, lower towards the south.
            distance = math.hypot((lon - 7.006) * 0.63, lat - 50.990)
            deprivation = 2.2 * math.exp(-((distance / 0.014) ** 2)) - 0.6
            deprivation += 0.4 * (lat - 50.97) / 0.03 + rng.gauss(0, 0.3)
            for key, indicator in indicators.items():
                base, spread, trend, noise = INDICATOR_MODEL[key]
                floor = base * 0.35
                level_2024 = max(floor, base + spread * deprivation + rng.gauss(0, noise))
                for year in YEARS:
                    value = level_2024 - trend * (2024 - year) + rng.gauss(0, noise / 3)
                    value = max(floor * 0.9, value)
                    rows.append(
                        IndicatorValue(
                            municipality=town,
                            indicator=indicator,
                            area=area,
                            year=year,
                            value=round(max(0.1, value), 1),
                        )
                    )
        IndicatorValue.objects.bulk_create(rows)
        # Districts: the mean of their Planungsräume (good enough for a demo).
        district_rows = []
        by_key: dict[tuple[int, int, int], list[float]] = {}
        for value in rows:
            parent_id = next(a.parent_id for a in planning if a.pk == value.area_id)
            by_key.setdefault((parent_id, value.indicator_id, value.year), []).append(value.value)
        for (area_id, indicator_id, year), values in by_key.items():
            district_rows.append(
                IndicatorValue(
                    municipality=town,
                    indicator_id=indicator_id,
                    area_id=area_id,
                    year=year,
                    value=round(sum(values) / len(values), 1),
                )
            )
        IndicatorValue.objects.bulk_create(district_rows, ignore_conflicts=True)

    # ------------------------------------------------------------------------ index

    def _index(self, town, planner) -> None:
        if NeedIndexConfig.objects.filter(municipality=town).exists():
            return
        # The level with the most values: the areas demo's Stadtteile or our Planungsräume.
        busiest = (
            IndicatorValue.objects.filter(municipality=town, indicator__key__in=INDEX_WEIGHTS)
            .values("area__level")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if busiest is None:
            return
        level = busiest["area__level"]
        indicators = {
            i.key: i
            for i in Indicator.objects.filter(
                municipality=town, key__in=INDEX_WEIGHTS, values__area__level=level
            ).distinct()
        }
        services.need_index_configure(
            actor=planner,
            municipality=town,
            data={
                "level": level,
                "year": None,
                "method": "thresholds",
                "boundary_1": 1.5,
                "boundary_2": 0.5,
                "boundary_3": -1.0,
            },
            weights={i.pk: float(INDEX_WEIGHTS[key]) for key, i in indicators.items()},
        )

    # ------------------------------------------------------------------------ rules

    def _rules(self, town, planner) -> None:
        if NeedRule.objects.filter(municipality=town).exists():
            return
        indicators = {i.key: i for i in Indicator.objects.filter(municipality=town)}
        term = terms_by_key(municipality=town)
        rules = [
            {
                "name": "Alleinerziehende deutlich über dem Stadtwert",
                "kind": RuleKind.INDICATOR_VS_CITY,
                "indicator": indicators.get("single_parent_households_share"),
                "direction": Direction.ABOVE,
                "threshold": 20,
                "relative": True,
                "need_title": "Entlastung und Beratung für Alleinerziehende",
                "target_group": term[("target_group", "single_parents")],
                "life_phase": term[("life_phase", "all")],
                "topic": term[("topic", "parenting")],
                "priority": Priority.HIGH,
            },
            {
                "name": "Sprachförderbedarf bei der Einschulung hoch",
                "kind": RuleKind.INDICATOR_VS_CITY,
                "indicator": indicators.get("school_entry_language_support_share"),
                "direction": Direction.ABOVE,
                "threshold": 5,
                "relative": False,
                "need_title": "Alltagsintegrierte Sprachbildung vor der Einschulung",
                "target_group": term[("target_group", "children")],
                "life_phase": term[("life_phase", "3-6")],
                "topic": term[("topic", "education")],
                "priority": Priority.HIGH,
            },
            {
                "name": "Kinderarmut über dem Stadtwert",
                "kind": RuleKind.INDICATOR_VS_CITY,
                "indicator": indicators.get("child_poverty_share"),
                "direction": Direction.ABOVE,
                "threshold": 4,
                "relative": False,
                "need_title": "Zugang zu Leistungen für Bildung und Teilhabe",
                "target_group": term[("target_group", "low_income")],
                "life_phase": term[("life_phase", "6-10")],
                "topic": term[("topic", "poverty")],
                "priority": Priority.MEDIUM,
            },
            {
                "name": "Viele Familien mit anderer Familiensprache",
                "kind": RuleKind.FIGURE_SHARE,
                "figure": "non_german_language",
                "direction": Direction.ABOVE,
                "threshold": 30,
                "need_title": "Mehrsprachige Informationen und Sprachmittlung",
                "target_group": term[("target_group", "other_language")],
                "life_phase": term[("life_phase", "all")],
                "topic": term[("topic", "integration")],
                "priority": Priority.MEDIUM,
            },
            {
                "name": "Alleinerziehende im Zentrum unterrepräsentiert",
                "kind": RuleKind.FIGURE_VS_INDICATOR,
                "indicator": indicators.get("single_parent_households_share"),
                "figure": "single_parents",
                "direction": Direction.BELOW,
                "threshold": 5,
                "need_title": "Alleinerziehende gezielter ansprechen",
                "target_group": term[("target_group", "single_parents")],
                "life_phase": term[("life_phase", "0-1")],
                "topic": term[("topic", "participation")],
                "priority": Priority.MEDIUM,
            },
        ]
        for data in rules:
            if data["kind"] != RuleKind.FIGURE_SHARE and data.get("indicator") is None:
                continue
            services.need_rule_create(actor=planner, municipality=town, data=data)

    # ---------------------------------------------------------------------- figures

    def _figures(self, town, coordinator) -> None:
        if CentreFigures.objects.filter(municipality=town).exists():
            return
        for centre in FamilyCentre.objects.filter(municipality=town):
            latest = FIGURES.get(centre.slug)
            if latest is None:
                continue
            for year, factor in ((2022, 0.86), (2023, 0.93), (2024, 1.0)):
                data = {
                    key: max(0, round(value * factor))
                    for key, value in zip(FIGURE_KEYS, latest, strict=True)
                }
                services.centre_figures_save(actor=coordinator, centre=centre, year=year, data=data)

    # ------------------------------------------------------------------------ needs

    def _needs(self, town, coordinator) -> None:
        if Need.objects.filter(municipality=town).exists():
            return
        term = terms_by_key(municipality=town)
        centre = FamilyCentre.objects.filter(municipality=town, slug="nordstadt").first()
        if centre is None:
            return
        suggestions = suggest_needs(municipality=town, centre=centre)
        seen_rules = set()
        for suggestion in suggestions:
            if suggestion.rule.pk in seen_rules or len(seen_rules) == 2:
                continue
            seen_rules.add(suggestion.rule.pk)
            services.need_decide(
                actor=coordinator, centre=centre, suggestion=suggestion, accept=True
            )
        area = _main_area(centre)
        need = services.need_create(
            actor=coordinator,
            centre=centre,
            data={
                "area": area,
                "title": "Offener Treff für Eltern mit Babys",
                "description": "Im Elterncafé fragen junge Eltern nach einem Ort für "
                "Austausch im ersten Lebensjahr; die Hebammensprechstunde ist ausgebucht.",
                "target_group": term[("target_group", "families")],
                "life_phase": term[("life_phase", "0-1")],
                "topic": term[("topic", "health")],
                "priority": Priority.MEDIUM,
                "status": NeedStatus.CONFIRMED,
            },
        )
        services.need_evidence_add(
            actor=coordinator,
            need=need,
            kind=EvidenceKind.FEEDBACK,
            text="Sieben Mütter und zwei Väter wünschen sich im Elterncafé einen Babytreff "
            "am Vormittag.",
            source="Elterncafé, März 2025",
        )
        other = FamilyCentre.objects.filter(municipality=town, slug="altstadt").first()
        if other is not None:
            services.need_create(
                actor=coordinator,
                centre=other,
                data={
                    "area": _main_area(other),
                    "title": "Begleitung beim Übergang in die weiterführende Schule",
                    "target_group": term[("target_group", "children")],
                    "life_phase": term[("life_phase", "10-16")],
                    "topic": term[("topic", "transitions")],
                    "priority": Priority.LOW,
                    "status": NeedStatus.OPEN,
                },
            )


def _main_area(centre):
    """The centre's Sozialraum with statistics (the finest level, then by name)."""
    return (
        centre.areas.filter(indicator_values__isnull=False).distinct().order_by("name").first()
        or centre.areas.order_by("name").first()
    )


def _plain(geometry: dict) -> dict:
    """shapely's mapping() returns tuples; JSON wants lists."""

    def convert(value):
        if isinstance(value, tuple | list):
            return [convert(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": convert(geometry["coordinates"])}
