"""The centre's own registration figures and how they are shown outside the centre's team.

Counts below ``MIN_COUNT`` are shown as "< 5" to everyone but the centre's own team, and in every
export, so that single families cannot be recognised. A share derived from a hidden count is
hidden too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MIN_COUNT = 5
HIDDEN = "< 5"


@dataclass(frozen=True)
class Figure:
    key: str
    label: object
    base: str | None = None  # the count this one is a share of

    @property
    def share_label(self):
        return _("Anteil: {label}").format(label=self.label)


FIGURES = [
    Figure("families", _("angemeldete Familien")),
    Figure("children", _("angemeldete Kinder")),
    Figure("children_under_3", _("Kinder unter 3 Jahren"), base="children"),
    Figure("single_parents", _("Alleinerziehende"), base="families"),
    Figure("refugee_background", _("Familien mit Fluchterfahrung"), base="families"),
    Figure("non_german_language", _("Familiensprache nicht Deutsch"), base="families"),
    Figure("both_parents_fulltime", _("beide Eltern in Vollzeit"), base="families"),
    Figure("benefits", _("Familien mit Transferleistungen"), base="families"),
]
FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}


def is_hidden(value: int | None, *, own: bool) -> bool:
    return value is not None and value < MIN_COUNT and not own


def count_display(value: int | None, *, own: bool) -> str:
    if value is None:
        return "–"
    if is_hidden(value, own=own):
        return HIDDEN
    return str(value)


def share_of(figures, key: str, *, own: bool) -> float | None:
    """The share in per cent, or None when it is unknown or would reveal a hidden count."""
    figure = FIGURES_BY_KEY[key]
    if figure.base is None:
        return None
    value, base = getattr(figures, key), getattr(figures, figure.base)
    if value is None or not base:
        return None
    if is_hidden(value, own=own) or is_hidden(base, own=own):
        return None
    return 100.0 * value / base


@dataclass
class FigureCell:
    figure: Figure
    count: str
    share: float | None


def figure_cells(figures, *, own: bool) -> list[FigureCell]:
    return [
        FigureCell(
            figure,
            count_display(getattr(figures, figure.key), own=own),
            share_of(figures, figure.key, own=own),
        )
        for figure in FIGURES
    ]
