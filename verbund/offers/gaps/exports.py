"""The gap matrix as a table for XLSX/CSV (one line per cell) and as a PDF (WeasyPrint)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from verbund.core.pdf import html_to_pdf

from .matrix import MANY_OFFERS, STATE_EXPLANATIONS, STATE_LABELS, THIN_BELOW, Matrix


def table(matrix: Matrix, place: str) -> tuple[list[str], list[list]]:
    """One line per cell, so filters and pivot tables work on it."""
    header = [
        _("Ort"),
        _("Zeile"),
        _("Schlüssel der Zeile"),
        _("Spalte"),
        _("Schlüssel der Spalte"),
        _("Angebote"),
        _("Gewicht"),
        _("Bedarfe"),
        _("Einschätzung"),
        *[str(label) for label in matrix.extra_labels],
    ]
    rows = [
        [
            place,
            cell.row.label,
            cell.row.key,
            cell.column.label,
            cell.column.key,
            cell.offers,
            cell.weight,
            cell.needs,
            cell.state_label,
            *(value for _short, value in cell.extra),
        ]
        for line in matrix.cells
        for cell in line
    ]
    return header, rows


def legend() -> list[tuple[str, str, str]]:
    values = {"thin": THIN_BELOW, "many": MANY_OFFERS}
    return [
        (state, str(STATE_LABELS[state]), str(STATE_EXPLANATIONS[state]) % values)
        for state in STATE_LABELS
    ]


def matrix_pdf(*, matrix: Matrix, place: str, municipality, request) -> bytes:
    html = render_to_string(
        "offers/gaps_pdf.html",
        {"matrix": matrix, "place": place, "municipality": municipality, "legend": legend()},
        request=request,
    )
    return html_to_pdf(html)
