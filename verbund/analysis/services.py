"""Every write of the analysis: validate, save, log, atomically (rule 1)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from verbund.core.audit import log_action, snapshot
from verbund.statistics.models import Indicator, IndicatorValue, ValueStatus

from .choices import NeedStatus
from .figures import FIGURES
from .formatting import de
from .models import (
    CentreFigures,
    EvidenceKind,
    Need,
    NeedEvidence,
    NeedIndexComponent,
    NeedIndexConfig,
    NeedRule,
)
from .rules import Suggestion, figure_text

INDEX_FIELDS = ["level", "year", "method", "boundary_1", "boundary_2", "boundary_3"]
FIGURE_FIELDS = [figure.key for figure in FIGURES]
NEED_FIELDS = [
    "area",
    "title",
    "description",
    "target_group",
    "life_phase",
    "topic",
    "priority",
    "status",
]
RULE_FIELDS = [
    "name",
    "active",
    "kind",
    "indicator",
    "figure",
    "direction",
    "threshold",
    "relative",
    "need_title",
    "target_group",
    "life_phase",
    "topic",
    "priority",
]


def _changes(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [name for name in after if before.get(name) != after[name]]
    return {n: before.get(n) for n in changed}, {n: after[n] for n in changed}


# --------------------------------------------------------------------------- need index


@transaction.atomic
def need_index_configure(
    *, actor, municipality, data: dict[str, Any], weights: dict[int, float]
) -> NeedIndexConfig:
    """Save the index settings and its weights (indicator id → weight; 0 leaves it out)."""
    config = NeedIndexConfig.objects.filter(municipality=municipality).first()
    created = config is None
    config = config or NeedIndexConfig(municipality=municipality)
    before = {} if created else snapshot(config, INDEX_FIELDS)
    before_weights = (
        {}
        if created
        else {c.indicator.key: c.weight for c in config.components.select_related("indicator")}
    )
    for name in INDEX_FIELDS:
        if name in data:
            setattr(config, name, data[name])
    config.full_clean()
    config.save()
    chosen = {pk: w for pk, w in weights.items() if w}
    indicators = {
        i.pk: i for i in Indicator.objects.filter(municipality=municipality, pk__in=chosen)
    }
    errors = []
    for pk in chosen:
        indicator = indicators.get(pk)
        if indicator is None:
            errors.append(_("Ein gewählter Indikator gehört nicht zu dieser Kommune."))
        elif indicator.higher_means_more_need is None:
            errors.append(
                _(
                    "Für „{name}“ ist nicht festgelegt, ob ein höherer Wert mehr Bedarf bedeutet; "
                    "ohne Richtung kann er nicht in den Index eingehen."
                ).format(name=indicator.name)
            )
    if errors:
        raise ValidationError(errors)
    config.components.exclude(indicator_id__in=chosen).delete()
    existing = {c.indicator_id: c for c in config.components.all()}
    for pk, weight in chosen.items():
        component = existing.get(pk) or NeedIndexComponent(
            municipality=municipality, config=config, indicator=indicators[pk]
        )
        component.weight = weight
        component.full_clean(exclude=["config"])
        component.save()
    after = snapshot(config, INDEX_FIELDS)
    after_weights = {indicators[pk].key: w for pk, w in chosen.items()}
    b, a = _changes(before, after)
    if before_weights != after_weights:
        b["weights"], a["weights"] = before_weights, after_weights
    if created or a:
        log_action(
            "analysis.need_index.created" if created else "analysis.need_index.changed",
            actor=actor,
            instance=config,
            before=None if created else b,
            after=a,
        )
    return config


# ----------------------------------------------------------------------- centre figures


@transaction.atomic
def centre_figures_save(*, actor, centre, year: int, data: dict[str, Any]) -> CentreFigures:
    figures = CentreFigures.objects.filter(centre=centre, year=year).first()
    created = figures is None
    figures = figures or CentreFigures(municipality_id=centre.municipality_id, centre=centre)
    figures.year = year
    before = {} if created else snapshot(figures, FIGURE_FIELDS)
    for name in FIGURE_FIELDS:
        if name in data:
            setattr(figures, name, data[name])
    figures.full_clean()
    after = snapshot(figures, FIGURE_FIELDS)
    b, a = _changes(before, after)
    if not created and not a:
        return figures
    figures.save()
    log_action(
        "analysis.centre_figures.created" if created else "analysis.centre_figures.changed",
        actor=actor,
        instance=figures,
        before=b or None,
        after={"year": year, **a},
    )
    return figures


@transaction.atomic
def centre_figures_delete(*, actor, figures: CentreFigures) -> None:
    before = {"year": figures.year, **snapshot(figures, FIGURE_FIELDS)}
    log_action("analysis.centre_figures.deleted", actor=actor, instance=figures, before=before)
    figures.delete()


# -------------------------------------------------------------------------------- needs


@transaction.atomic
def need_create(*, actor, centre, data: dict[str, Any]) -> Need:
    need = Need(municipality_id=centre.municipality_id, centre=centre)
    for name in NEED_FIELDS:
        if name in data:
            setattr(need, name, data[name])
    need.full_clean()
    need.save()
    log_action(
        "analysis.need.created", actor=actor, instance=need, after=snapshot(need, NEED_FIELDS)
    )
    return need


@transaction.atomic
def need_update(*, actor, need: Need, data: dict[str, Any]) -> Need:
    before = snapshot(need, NEED_FIELDS)
    for name in NEED_FIELDS:
        if name in data:
            setattr(need, name, data[name])
    need.full_clean()
    b, a = _changes(before, snapshot(need, NEED_FIELDS))
    if not a:
        return need
    need.save()
    log_action("analysis.need.changed", actor=actor, instance=need, before=b, after=a)
    return need


@transaction.atomic
def need_decide(*, actor, centre, suggestion: Suggestion, accept: bool) -> Need:
    """Confirm a suggestion as a need (with its evidence) or record that it was rejected."""
    rule = suggestion.rule
    need = Need(
        municipality_id=centre.municipality_id,
        centre=centre,
        area=suggestion.area,
        title=rule.need_title,
        target_group=rule.target_group,
        life_phase=rule.life_phase,
        topic=rule.topic,
        priority=rule.priority,
        status=NeedStatus.CONFIRMED if accept else NeedStatus.REJECTED,
        rule=rule,
        suggestion_key=suggestion.key,
        explanation=suggestion.explanation,
    )
    need.full_clean()
    try:
        with transaction.atomic():
            need.save()
    except IntegrityError as exc:
        raise ValidationError(_("Über diesen Vorschlag wurde schon entschieden.")) from exc
    for draft in suggestion.evidence:
        NeedEvidence.objects.create(
            municipality_id=centre.municipality_id,
            need=need,
            kind=draft.kind,
            summary=draft.summary[:500],
            indicator_value_id=draft.indicator_value_id,
            centre_figures_id=draft.centre_figures_id,
            figure=draft.figure,
        )
    log_action(
        "analysis.need.confirmed" if accept else "analysis.need.rejected",
        actor=actor,
        instance=need,
        after={**snapshot(need, NEED_FIELDS), "rule": rule.pk, "explanation": need.explanation},
    )
    return need


@transaction.atomic
def need_evidence_add(
    *,
    actor,
    need: Need,
    kind: str,
    summary: str = "",
    text: str = "",
    source: str = "",
    indicator_value=None,
) -> NeedEvidence:
    evidence = NeedEvidence(
        municipality_id=need.municipality_id,
        need=need,
        kind=kind,
        text=text,
        source=source,
        indicator_value=indicator_value,
    )
    if kind == EvidenceKind.FEEDBACK and not summary:
        summary = text.strip().splitlines()[0][:200] if text.strip() else ""
    evidence.summary = summary
    evidence.full_clean()
    evidence.save()
    log_action(
        "analysis.need.evidence_added",
        actor=actor,
        instance=need,
        after={"kind": kind, "summary": summary, "source": source},
    )
    return evidence


def _indicator_summary(need: Need, indicator: Indicator) -> tuple[str, IndicatorValue]:
    from .selectors import level_values
    from .stats import Distribution

    if need.area is None:
        raise ValidationError(
            {"indicator": _("Der Bedarf hat keinen Sozialraum; ordnen Sie ihm zuerst einen zu.")}
        )
    value = (
        IndicatorValue.objects.filter(
            municipality_id=need.municipality_id,
            indicator=indicator,
            area=need.area,
            status=ValueStatus.OK,
        )
        .order_by("-year")
        .first()
    )
    if value is None:
        raise ValidationError(
            {
                "indicator": _("Für „{indicator}“ gibt es in {area} keinen Wert.").format(
                    indicator=indicator.name, area=need.area.name
                )
            }
        )
    values = level_values(
        municipality=need.municipality,
        level=need.area.level,
        pairs={(indicator.pk, value.year)},
    ).get((indicator.pk, value.year), {})
    unit = f" {indicator.unit}" if indicator.unit else ""
    median = Distribution.of(values.values()).median
    summary = _("{indicator} {year} in {area}: {value}{unit} (Median der Ebene: {median}{unit})")
    return (
        summary.format(
            indicator=indicator.name,
            year=value.year,
            area=need.area.name,
            value=de(value.value),
            unit=unit,
            median=de(median),
        ),
        value,
    )


@transaction.atomic
def need_evidence_link(
    *,
    actor,
    need: Need,
    kind: str,
    indicator: Indicator | None = None,
    figure: str = "",
    observation=None,
    text: str = "",
    source: str = "",
) -> NeedEvidence:
    """Link an indicator value of the need's Sozialraum, the centre's latest figure or an
    observation from a walk; the summary keeps today's numbers."""
    evidence = NeedEvidence(
        municipality_id=need.municipality_id, need=need, kind=kind, text=text, source=source
    )
    if kind == EvidenceKind.INDICATOR:
        evidence.summary, evidence.indicator_value = _indicator_summary(need, indicator)
    elif kind == EvidenceKind.FIGURE:
        figures = CentreFigures.objects.filter(centre_id=need.centre_id).order_by("-year").first()
        if figures is None or figures.value(figure) is None:
            raise ValidationError(
                {"figure": _("Für diese Kennzahl hat das Zentrum noch keinen Wert eingetragen.")}
            )
        evidence.centre_figures = figures
        evidence.figure = figure
        evidence.summary = _("Kennzahlen {year}: {text}").format(
            year=figures.year, text=figure_text(figures, figure)
        )
    elif kind == EvidenceKind.OBSERVATION and observation is not None:
        walk = observation.walk
        evidence.observation = observation
        evidence.summary = _("Begehung „{title}“ am {date}: {note}").format(
            title=walk.title, date=walk.date.strftime("%d.%m.%Y"), note=observation.note
        )[:500]
    else:
        return need_evidence_add(actor=actor, need=need, kind=kind, text=text, source=source)
    evidence.full_clean()
    evidence.save()
    log_action(
        "analysis.need.evidence_added",
        actor=actor,
        instance=need,
        after={"kind": kind, "summary": evidence.summary, "source": source},
    )
    return evidence


@transaction.atomic
def need_evidence_remove(*, actor, evidence: NeedEvidence) -> None:
    need = evidence.need
    log_action(
        "analysis.need.evidence_removed",
        actor=actor,
        instance=need,
        before={"kind": evidence.kind, "summary": evidence.summary},
    )
    evidence.delete()


# -------------------------------------------------------------------------------- rules


@transaction.atomic
def need_rule_create(*, actor, municipality, data: dict[str, Any]) -> NeedRule:
    rule = NeedRule(municipality=municipality)
    for name in RULE_FIELDS:
        if name in data:
            setattr(rule, name, data[name])
    rule.full_clean()
    rule.save()
    log_action(
        "analysis.need_rule.created", actor=actor, instance=rule, after=snapshot(rule, RULE_FIELDS)
    )
    return rule


@transaction.atomic
def need_rule_update(*, actor, rule: NeedRule, data: dict[str, Any]) -> NeedRule:
    before = snapshot(rule, RULE_FIELDS)
    for name in RULE_FIELDS:
        if name in data:
            setattr(rule, name, data[name])
    rule.full_clean()
    b, a = _changes(before, snapshot(rule, RULE_FIELDS))
    if not a:
        return rule
    rule.save()
    log_action("analysis.need_rule.changed", actor=actor, instance=rule, before=b, after=a)
    return rule
