"""Need suggestions from rules kept as data (``NeedRule``), each explained in German with its
numbers. Evaluation needs a fixed number of queries per centre (per level of its areas)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from verbund.areas.models import Area
from verbund.statistics.models import IndicatorValue, ValueStatus

from . import stats
from .figures import FIGURES_BY_KEY, count_display, share_of
from .formatting import de
from .models import CentreFigures, Direction, EvidenceKind, Need, NeedRule, RuleKind
from .selectors import level_values


@dataclass
class EvidenceDraft:
    kind: str
    summary: str
    indicator_value_id: int | None = None
    centre_figures_id: int | None = None
    figure: str = ""


@dataclass
class Suggestion:
    rule: NeedRule
    area: Area | None
    year: int
    explanation: str
    evidence: list[EvidenceDraft] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"rule:{self.rule.pk}:area:{self.area.pk if self.area else 0}:year:{self.year}"


def _unit(indicator) -> str:
    return f" {indicator.unit}" if indicator.unit else ""


def _crosses(diff: float, rule: NeedRule) -> bool:
    if rule.direction == Direction.ABOVE:
        return diff >= rule.threshold
    return -diff >= rule.threshold


def _word(rule: NeedRule) -> str:
    return _("darüber") if rule.direction == Direction.ABOVE else _("darunter")


def suggest_needs(*, municipality, centre) -> list[Suggestion]:
    rules = list(
        NeedRule.objects.filter(municipality=municipality, active=True).select_related(
            "indicator", "life_phase", "topic", "target_group"
        )
    )
    if not rules:
        return []
    areas = list(centre.areas.all())
    figures = (
        CentreFigures.objects.filter(municipality=municipality, centre=centre)
        .order_by("-year")
        .first()
    )
    decided = set(
        Need.objects.filter(municipality=municipality, centre=centre)
        .exclude(suggestion_key="")
        .values_list("suggestion_key", flat=True)
    )
    indicator_ids = {rule.indicator_id for rule in rules if rule.indicator_id}
    # The newest value per (area, indicator) of the centre's Sozialraum.
    own: dict[tuple[int, int], tuple[int, float, int]] = {}
    if areas and indicator_ids:
        for pk, area_id, indicator_id, year, value in (
            IndicatorValue.objects.filter(
                municipality=municipality,
                area__in=areas,
                indicator_id__in=indicator_ids,
                status=ValueStatus.OK,
            )
            .order_by("year")
            .values_list("pk", "area_id", "indicator_id", "year", "value")
        ):
            own[(area_id, indicator_id)] = (year, value, pk)
    pairs_by_level: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for area in areas:
        for indicator_id in indicator_ids:
            if (area.pk, indicator_id) in own:
                pairs_by_level[area.level].add((indicator_id, own[(area.pk, indicator_id)][0]))
    medians: dict[tuple[str, int, int], tuple[float, int]] = {}
    for level, pairs in pairs_by_level.items():
        for (indicator_id, year), values in level_values(
            municipality=municipality, level=level, pairs=pairs
        ).items():
            dist = stats.Distribution.of(values.values())
            if dist.count:
                medians[(level, indicator_id, year)] = (dist.median, dist.count)

    suggestions = []
    for rule in rules:
        if rule.kind == RuleKind.INDICATOR_VS_CITY:
            for area in areas:
                suggestion = _indicator_vs_city(rule, area, own, medians)
                if suggestion:
                    suggestions.append(suggestion)
        elif rule.kind == RuleKind.FIGURE_SHARE:
            if figures:
                suggestion = _figure_share(rule, figures)
                if suggestion:
                    suggestions.append(suggestion)
        elif rule.kind == RuleKind.FIGURE_VS_INDICATOR and figures:
            for area in areas:
                suggestion = _figure_vs_indicator(rule, area, figures, own)
                if suggestion:
                    suggestions.append(suggestion)
    return [s for s in suggestions if s.key not in decided]


def _indicator_vs_city(rule, area, own, medians) -> Suggestion | None:
    entry = own.get((area.pk, rule.indicator_id))
    if entry is None:
        return None
    year, value, value_pk = entry
    reference = medians.get((area.level, rule.indicator_id, year))
    if reference is None:
        return None
    median, count = reference
    diff = value - median
    unit = _unit(rule.indicator)
    more = _("mehr") if rule.direction == Direction.ABOVE else _("weniger")
    if rule.relative:
        if not median:
            return None
        measured = 100.0 * diff / abs(median)
        distance = _("{pct} % {more} als der Median").format(pct=de(abs(measured)), more=more)
        threshold = _("ab {t} % Abstand zum Median").format(t=de(rule.threshold))
    else:
        measured = diff
        diff_unit = _(" Prozentpunkte") if unit.strip() == "%" else unit
        distance = _("{d}{unit} {more}").format(d=de(abs(diff)), unit=diff_unit, more=more)
        threshold = _("ab {t}{unit} Abstand").format(t=de(rule.threshold), unit=diff_unit)
    if not _crosses(measured, rule):
        return None
    indicator = rule.indicator.name
    explanation = _(
        "Im Sozialraum {area} ({level}) liegt „{indicator}“ {year} bei {value}{unit}, "
        "der Median aller {count} Gebiete dieser Ebene bei {median}{unit}. Das sind "
        "{distance} (die Regel „{rule}“ greift {threshold})."
    ).format(
        area=area.name,
        level=area.level,
        indicator=indicator,
        year=year,
        value=de(value),
        unit=unit,
        count=count,
        median=de(median),
        distance=distance,
        rule=rule.name,
        threshold=threshold,
    )
    evidence = EvidenceDraft(
        EvidenceKind.INDICATOR,
        _("{indicator} {year} in {area}: {value}{unit} (Median der Ebene: {median}{unit})").format(
            indicator=indicator,
            year=year,
            area=area.name,
            value=de(value),
            unit=unit,
            median=de(median),
        ),
        indicator_value_id=value_pk,
    )
    return Suggestion(rule, area, year, explanation, [evidence])


def figure_text(figures: CentreFigures, key: str) -> str:
    """How the figure reads outside the centre's team (hidden counts stay hidden)."""
    figure = FIGURES_BY_KEY[key]
    count = count_display(figures.value(key), own=False)
    if figure.base is None:
        return f"{figure.label}: {count}"
    base = count_display(figures.value(figure.base), own=False)
    share = share_of(figures, key, own=False)
    text = _("{label}: {count} von {base} ({base_label})").format(
        label=figure.label, count=count, base=base, base_label=FIGURES_BY_KEY[figure.base].label
    )
    if share is not None:
        text += f", {de(share)} %"
    return text


def _figure_share(rule, figures) -> Suggestion | None:
    share = figures.share(rule.figure)
    if share is None:
        return None
    crossed = (
        share >= rule.threshold if rule.direction == Direction.ABOVE else (share <= rule.threshold)
    )
    if not crossed:
        return None
    text = figure_text(figures, rule.figure)
    comparison = _("mindestens") if rule.direction == Direction.ABOVE else _("höchstens")
    explanation = _(
        "Kennzahlen des Zentrums {year}: {text} – die Regel „{rule}“ greift bei "
        "{comparison} {threshold} %."
    ).format(
        year=figures.year,
        text=text,
        rule=rule.name,
        comparison=comparison,
        threshold=de(rule.threshold),
    )
    evidence = EvidenceDraft(
        EvidenceKind.FIGURE,
        _("Kennzahlen {year}: {text}").format(year=figures.year, text=text),
        centre_figures_id=figures.pk,
        figure=rule.figure,
    )
    return Suggestion(rule, None, figures.year, explanation, [evidence])


def _figure_vs_indicator(rule, area, figures, own) -> Suggestion | None:
    share = figures.share(rule.figure)
    entry = own.get((area.pk, rule.indicator_id))
    if share is None or entry is None:
        return None
    year, value, value_pk = entry
    diff = share - value
    if not _crosses(diff, rule):
        return None
    text = figure_text(figures, rule.figure)
    if share_of(figures, rule.figure, own=False) is None:
        # The exact distance would reveal a hidden count.
        distance = _("mehr als die Schwelle")
    else:
        distance = _("{d} Prozentpunkte").format(d=de(abs(diff)))
    explanation = _(
        "Kennzahlen des Zentrums {fyear}: {text}. Im Sozialraum {area} liegt „{indicator}“ "
        "{year} bei {value} %. Der Anteil im Zentrum liegt {distance} {word} "
        "(die Regel „{rule}“ greift ab {threshold} Prozentpunkten Abstand)."
    ).format(
        fyear=figures.year,
        text=text,
        area=area.name,
        indicator=rule.indicator.name,
        year=year,
        value=de(value),
        distance=distance,
        word=_word(rule),
        rule=rule.name,
        threshold=de(rule.threshold),
    )
    evidence = [
        EvidenceDraft(
            EvidenceKind.FIGURE,
            _("Kennzahlen {year}: {text}").format(year=figures.year, text=text),
            centre_figures_id=figures.pk,
            figure=rule.figure,
        ),
        EvidenceDraft(
            EvidenceKind.INDICATOR,
            _("{indicator} {year} in {area}: {value} %").format(
                indicator=rule.indicator.name, year=year, area=area.name, value=de(value)
            ),
            indicator_value_id=value_pk,
        ),
    ]
    return Suggestion(rule, area, figures.year, explanation, evidence)
