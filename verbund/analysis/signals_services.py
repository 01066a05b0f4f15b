"""Writes for hints from families (``signals_models``): created anonymously by the public
form, then turned into a need or dismissed by the centre's team (audited with the user)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, save_changes

from .models import EvidenceKind, Need
from .services import need_create, need_evidence_add
from .signals_models import NeedSignal, NeedSignalStatus

SIGNAL_FIELDS = ["centre", "area", "topic", "life_phase", "text"]


@transaction.atomic
def need_signal_create(*, municipality, data: dict[str, Any]) -> NeedSignal:
    """A family's hint from the public form: no actor, audited as anonymous (the entry has no
    user and keeps no request data)."""
    centre, area = data.get("centre"), data.get("area")
    for name, value in (("centre", centre), ("area", area), ("topic", data.get("topic"))):
        if value is not None and value.municipality_id != municipality.pk:
            raise ValidationError({name: _("Diese Auswahl gehört zu einer anderen Kommune.")})
    return create_logged(
        NeedSignal,
        values={"municipality_id": municipality.pk, "status": NeedSignalStatus.NEW},
        fields=SIGNAL_FIELDS,
        data=data,
        log_fields=["centre", "area", "topic", "life_phase"],
        action="analysis.need_signal.created",
        actor=None,
    )


def _check_new(signal: NeedSignal) -> None:
    if signal.status != NeedSignalStatus.NEW:
        raise ValidationError(_("Dieser Hinweis wurde schon bearbeitet."))


@transaction.atomic
def need_signal_dismiss(*, actor, signal: NeedSignal) -> NeedSignal:
    signal = NeedSignal.objects.select_for_update().get(pk=signal.pk)
    _check_new(signal)
    return save_changes(
        signal,
        fields=["status"],
        data={"status": NeedSignalStatus.DISMISSED},
        action="analysis.need_signal.dismissed",
        actor=actor,
    )


def evidence_text(signal: NeedSignal) -> str:
    parts = [signal.text.strip()]
    if signal.life_phase_id:
        parts.append(_("Alter des Kindes: %(phase)s") % {"phase": signal.life_phase.label})
    return "\n".join(part for part in parts if part) or _("Hinweis ohne eigenen Text")


@transaction.atomic
def need_signal_to_need(*, actor, signal: NeedSignal, centre, data: dict[str, Any]) -> Need:
    """Create a need at ``centre`` from the signal (``data`` as for ``need_create``), the
    family's words as its feedback evidence, and mark the signal as turned into that need."""
    signal = NeedSignal.objects.select_for_update().get(pk=signal.pk)
    _check_new(signal)
    need = need_create(actor=actor, centre=centre, data=data)
    need_evidence_add(
        actor=actor,
        need=need,
        kind=EvidenceKind.FEEDBACK,
        text=evidence_text(signal)[:4000],
        source=_("Hinweis von Familien vom %(date)s")
        % {"date": signal.created_at.strftime("%d.%m.%Y")},
    )
    save_changes(
        signal,
        fields=["status", "need"],
        data={"status": NeedSignalStatus.TURNED_INTO_NEED, "need": need},
        action="analysis.need_signal.turned_into_need",
        actor=actor,
    )
    return need
