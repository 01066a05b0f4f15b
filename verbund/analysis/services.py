"""Every write of the analysis: validate, save, log, atomically (rule 1)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes, snapshot
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
EVIDENCE_LOG_FIELDS = ["kind", "summary", "source"]
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


# --------------------------------------------------------------------------- need index


@transaction.atomic
def need_index_configure(
    *, actor, municipality, data: dict[str, Any], weights: dict[int, float]
) -> NeedIndexConfig:
    """Save the index settings and its weights (indicator id → weight; 0 leaves it out)."""
    config = NeedIndexConfig.objects.filter(municipality=municipality).first()
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

    def write_components(config: NeedIndexConfig) -> dict[str, Any]:
        config.components.exclude(indicator_id__in=chosen).delete()
        existing = {c.indicator_id: c for c in config.components.all()}
        for pk, weight in chosen.items():
            component = existing.get(pk) or NeedIndexComponent(
                municipality=municipality, config=config, indicator=indicators[pk]
            )
            component.weight = weight
            component.full_clean(exclude=["config"])
            component.save()
        return _weights(config)

    if config is None:
        return create_logged(
            NeedIndexConfig,
            values={"municipality": municipality},
            fields=INDEX_FIELDS,
            data=data,
            action="analysis.need_index.created",
            actor=actor,
            after_save=write_components,
        )
    return save_changes(
        config,
        fields=INDEX_FIELDS,
        data=data,
        action="analysis.need_index.changed",
        actor=actor,
        state=_weights,
        after_save=write_components,
    )


def _weights(config: NeedIndexConfig) -> dict[str, Any]:
    weights = {c.indicator.key: c.weight for c in config.components.select_related("indicator")}
    return {"weights": weights} if weights else {}


# ----------------------------------------------------------------------- centre figures


@transaction.atomic
def centre_figures_save(*, actor, centre, year: int, data: dict[str, Any]) -> CentreFigures:
    figures = CentreFigures.objects.filter(centre=centre, year=year).first()
    if figures is None:
        return create_logged(
            CentreFigures,
            values={"municipality_id": centre.municipality_id, "centre": centre, "year": year},
            fields=FIGURE_FIELDS,
            data=data,
            action="analysis.centre_figures.created",
            actor=actor,
            extra={"year": year},
        )
    return save_changes(
        figures,
        fields=FIGURE_FIELDS,
        data=data,
        action="analysis.centre_figures.changed",
        actor=actor,
        extra_after={"year": year},
    )


@transaction.atomic
def centre_figures_delete(*, actor, figures: CentreFigures) -> None:
    before = {"year": figures.year, **snapshot(figures, FIGURE_FIELDS)}
    log_action("analysis.centre_figures.deleted", actor=actor, instance=figures, before=before)
    figures.delete()


# -------------------------------------------------------------------------------- needs


@transaction.atomic
def need_create(*, actor, centre, data: dict[str, Any]) -> Need:
    return create_logged(
        Need,
        values={"municipality_id": centre.municipality_id, "centre": centre},
        fields=NEED_FIELDS,
        data=data,
        action="analysis.need.created",
        actor=actor,
    )


@transaction.atomic
def need_update(*, actor, need: Need, data: dict[str, Any]) -> Need:
    return save_changes(
        need, fields=NEED_FIELDS, data=data, action="analysis.need.changed", actor=actor
    )


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
    return create_logged(
        evidence,
        action="analysis.need.evidence_added",
        actor=actor,
        log_fields=EVIDENCE_LOG_FIELDS,
        log_instance=need,
    )


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
    return create_logged(
        evidence,
        action="analysis.need.evidence_added",
        actor=actor,
        log_fields=EVIDENCE_LOG_FIELDS,
        log_instance=need,
    )


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
    return create_logged(
        NeedRule,
        values={"municipality": municipality},
        fields=RULE_FIELDS,
        data=data,
        action="analysis.need_rule.created",
        actor=actor,
    )


@transaction.atomic
def need_rule_update(*, actor, rule: NeedRule, data: dict[str, Any]) -> NeedRule:
    return save_changes(
        rule, fields=RULE_FIELDS, data=data, action="analysis.need_rule.changed", actor=actor
    )
