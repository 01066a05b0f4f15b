"""The gap matrix of the prevention chain (issue 10, item 5: "strategischer Lückenschluss").

Rows are life phases (or transitions), columns topics (or target groups). A cell counts the
active, approved offers reachable in the chosen place (``selectors.GapScope``) that carry both
terms, and sums their weights; the confirmed needs (confirmed or in progress) are laid over it.

Weight of an offer, between 0.5 and 1: 0.5 plus 0.1 for each of five marks of a low threshold
(free, no registration, a form one can simply walk into, childcare, another language than
German or interpretation). The catalogue part derives the same marks for people in
``verbund/offers/low_threshold.py`` (on its branch while this was written); the matrix computes
them in SQL so that 150,000 offers need no Python loop. "Near" is the scope itself. Language
fit: when a language is chosen, offers neither held in it nor with interpretation count half.

A cell's state (``State``):
* gap – a need, no offer;
* thin – a need, offers weighing less than ``THIN_BELOW`` (e.g. one course with fee and
  registration, or a single open offer);
* covered – a need with enough weight;
* oversupplied – no need, but at least ``MANY_OFFERS`` offers and at least twice the median
  weight of the filled cells of this matrix (possible duplicate structures);
* offers – offers without a need; empty – neither.

An offer or need with the life phase "alle Lebensphasen" counts in every row (an offer tagged
with "all" and a specific phase counts only in its specific rows).

The matrix costs a fixed number of queries whatever the data size: one GROUP BY over the
offers' term links (``offers_offer_terms`` joined with itself, see ``_grouped``) for
specific rows, one for "all"-only offers, one for the needs, one for the terms.

Extension point: ``EXTRA_FIGURES`` – further per-cell figures (the brokering part's anonymous
referrals, ``verbund/offers/models/referrals.py``) register ``fn(scope, rows, columns) ->
{(row_term_id, column_term_id): number}`` with ``register_cell_figure`` and appear as an extra
figure per cell, in the table and the exports.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Concat
from django.utils.formats import number_format
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from verbund.core.prepared import PreparedQuery
from verbund.taxonomy.models import Term
from verbund.taxonomy.selectors import terms

from ..choices import OPEN_FORMATS, Admission, Cost
from ..models import Offer
from . import cache as offer_cache

ALL = "all"  # the life phase "alle Lebensphasen"
THIN_BELOW = 1.5
MANY_OFFERS = 4

ROW_VOCABULARIES = {"life_phase": _("Lebensphasen"), "transition": _("Übergänge")}
COLUMN_VOCABULARIES = {"topic": _("Themen"), "target_group": _("Zielgruppen")}
NEED_FIELDS = {"life_phase", "topic", "target_group"}  # the terms a need carries


class State:
    GAP = "gap"
    THIN = "thin"
    COVERED = "covered"
    OVERSUPPLIED = "oversupplied"
    OFFERS = "offers"
    EMPTY = "empty"


STATE_LABELS = {
    State.GAP: _("Lücke"),
    State.THIN: _("dünn"),
    State.COVERED: _("gedeckt"),
    State.OVERSUPPLIED: _("viele Angebote ohne Bedarf"),
    State.OFFERS: _("Angebote, kein Bedarf"),
    State.EMPTY: _("nichts"),
}
STATE_EXPLANATIONS = {
    State.GAP: _("Es gibt einen bestätigten Bedarf, aber kein erreichbares Angebot."),
    State.THIN: _(
        "Es gibt einen Bedarf und Angebote, aber wenige oder hochschwellige (Gewicht unter "
        "%(thin)s): ein einzelnes offenes Angebot oder Kurse mit Gebühr und Anmeldung."
    ),
    State.COVERED: _("Bedarf und genügend erreichbare, eher niedrigschwellige Angebote."),
    State.OVERSUPPLIED: _(
        "Kein Bedarf gemeldet, aber mindestens %(many)s Angebote und doppelt so viel Gewicht "
        "wie eine typische Zelle: vielleicht Doppelstrukturen."
    ),
    State.OFFERS: _("Angebote, aber kein gemeldeter Bedarf."),
    State.EMPTY: _("Weder Angebote noch Bedarfe."),
}

# ---------------------------------------------------------------- extension point

CellFigure = Callable[..., dict[tuple[int, int], int]]
EXTRA_FIGURES: dict[str, tuple[object, object, CellFigure]] = {}


def register_cell_figure(key: str, label, short, fn: CellFigure) -> None:
    """Add a figure per cell (e.g. referrals by the brokering part), shown as ``short`` plus
    the number; ``fn(scope, rows, columns, access=)`` returns {(row term id, column term id):
    number} in a fixed number of queries ({} when it does not apply to these rows/columns)."""
    EXTRA_FIGURES[key] = (label, short, fn)


# ------------------------------------------------------------------------ weights


def weight_expression(language: str = ""):
    """An offer's weight in SQL (see the module doc)."""

    def mark(condition: Q):
        return Case(When(condition, then=Value(0.1)), default=Value(0.0), output_field=FloatField())

    weight = (
        Value(0.5)
        + mark(Q(cost=Cost.FREE))
        + mark(Q(admission=Admission.OPEN))
        + mark(Q(format__in=list(OPEN_FORMATS)))
        + mark(Q(childcare=True))
        + mark(Q(interpretation=True) | ~Q(languages__in=["", "de"]))
    )
    if language:
        fits = Q(interpretation=True) | Q(padded_languages__contains=f" {language} ")
        weight = weight * Case(
            When(fits, then=Value(1.0)), default=Value(0.5), output_field=FloatField()
        )
    return weight


def with_padded_languages(queryset):
    """ " de ar " so that a language code is matched whole ("ar" not inside "tr ar-x")."""
    return queryset.annotate(padded_languages=Concat(Value(" "), F("languages"), Value(" ")))


# --------------------------------------------------------------------------- cells


def _number(value) -> str:
    # A whole number shows as its digits (no thousands separator is configured); a weight
    # with its decimal comma, as {{ value }} would show it.
    return str(value) if type(value) is int else number_format(value)


@dataclass
class Cell:
    row: Term
    column: Term
    offers: int = 0
    weight: float = 0.0
    needs: int = 0
    state: str = State.EMPTY
    extra: list[int] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def figures(self) -> str:
        """``A 3 · G 1,5 · B 0`` (and ``· V 2`` per extra figure), numbers localised as a
        template shows them: one string instead of a localised number per figure (issue 17)."""
        figures = [("A", self.offers), ("G", self.weight), ("B", self.needs), *self.extra]
        return format_html_join(" · ", "{} {}", ((s, _number(v)) for s, v in figures))


@dataclass
class Matrix:
    rows: list[Term]
    columns: list[Term]
    cells: list[list[Cell]]  # by row, then column
    row_vocabulary: str
    column_vocabulary: str
    extra_labels: list = field(default_factory=list)
    needs_overlaid: bool = True  # transitions: needs carry no transition

    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(STATE_LABELS, 0)
        for line in self.cells:
            for cell in line:
                found[cell.state] += 1
        return found


def _state(cell: Cell, typical: float) -> str:
    if cell.needs:
        if not cell.offers:
            return State.GAP
        return State.THIN if cell.weight < THIN_BELOW else State.COVERED
    if not cell.offers:
        return State.EMPTY
    if cell.offers >= MANY_OFFERS and cell.weight >= 2 * typical:
        return State.OVERSUPPLIED
    return State.OFFERS


def _grouped(offers, row_ids: list[int], column_ids: list[int], language: str):
    """One GROUP BY over the offers' term links joined with themselves: (row term, column
    term) → number of offers and summed weight. Django's ORM reuses one join for two filtered
    relations over the same many-to-many set, so this one is written in SQL (portable: SQLite
    and PostgreSQL). It starts from the offers (the ORM's own subquery, with their weight) and
    reaches both links through the (offer, term) unique index."""
    if not row_ids or not column_ids:
        return []
    links = Offer.terms.through._meta.db_table
    if language:
        offers = with_padded_languages(offers)
    inner, inner_params = (
        offers.annotate(gap_id=F("pk"), gap_weight=weight_expression(language))
        .order_by()
        .values_list("gap_id", "gap_weight")
        .query.sql_with_params()
    )
    rows_in = ", ".join(["%s"] * len(row_ids))
    columns_in = ", ".join(["%s"] * len(column_ids))
    # Only the table name from the model and the ORM's own SQL are formatted in; values are
    # parameters.
    # CROSS JOIN fixes SQLite's join order: scan the chosen offers once (their weight computed
    # once each), then probe both links through the (offer, term) unique index; PostgreSQL
    # plans it freely.
    sql = f"""
    SELECT r.term_id, c.term_id, COUNT(*), SUM(o.gap_weight)
    FROM ({inner}) o
    CROSS JOIN {links} r
    CROSS JOIN {links} c
    WHERE r.offer_id = o.gap_id AND r.term_id IN ({rows_in})
      AND c.offer_id = o.gap_id AND c.term_id IN ({columns_in})
    GROUP BY r.term_id, c.term_id
"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*inner_params, *row_ids, *column_ids])
        return cursor.fetchall()


def _offer_groups(offers, rows: list[Term], all_term: Term | None, columns: list[Term], language):
    """[(row term id, column term id, offers, weight)] for the rows, then for offers whose only
    row term is "all" (row id None)."""
    row_ids = [t.pk for t in rows]
    column_ids = [t.pk for t in columns]
    grouped = _grouped(offers, row_ids, column_ids, language)
    if all_term is not None:
        only_all = offers.exclude(terms__in=row_ids)
        rows_all = _grouped(only_all, [all_term.pk], column_ids, language)
        grouped.extend((None, column, n, w) for _row, column, n, w in rows_all)
    return grouped


def _need_groups(needs, row_vocabulary, column_vocabulary):
    if row_vocabulary not in NEED_FIELDS or column_vocabulary not in NEED_FIELDS:
        return []
    rows = (
        needs.order_by()
        .values_list(f"{row_vocabulary}__key", f"{row_vocabulary}_id", f"{column_vocabulary}_id")
        .annotate(n=Count("id"))
    )
    return [(None if key == ALL else row, column, n) for key, row, column, n in rows]


def _listed_terms(municipality_id: int, rows: str, columns: str):
    """The matrix's row and column terms: the active ones, and the row list's "all" term."""
    return (
        terms(municipality=municipality_id)
        .filter(vocabulary__in=[rows, columns])
        .filter(Q(active=True) | Q(vocabulary=rows, key=ALL))
    )


_LISTED_TERMS = PreparedQuery(_listed_terms)  # on every view of the matrix: compiled once


def compute_matrix(
    *,
    municipality,
    offers,
    needs,
    row_vocabulary: str = "life_phase",
    column_vocabulary: str = "topic",
    language: str = "",
    scope=None,
    access=None,
) -> Matrix:
    """``offers``: the reachable active approved offers (a queryset); ``needs``: the overlaid
    needs (a queryset). A fixed number of queries (module doc). With ``scope`` (the place
    ``offers`` were chosen for), the offer figures come from ``gaps.cache`` when unchanged."""
    if row_vocabulary not in ROW_VOCABULARIES or column_vocabulary not in COLUMN_VOCABULARIES:
        raise ValueError("unknown vocabulary")
    listed = _LISTED_TERMS.objects(
        municipality_id=municipality.pk, rows=row_vocabulary, columns=column_vocabulary
    )
    rows = [t for t in listed if t.vocabulary == row_vocabulary and t.key != ALL]
    columns = [t for t in listed if t.vocabulary == column_vocabulary]
    row_index = {t.pk: i for i, t in enumerate(rows)}
    column_index = {t.pk: j for j, t in enumerate(columns)}
    cells = [[Cell(row=r, column=c) for c in columns] for r in rows]

    def targets(row_id):
        if row_id is None:
            return range(len(rows))
        return [row_index[row_id]] if row_id in row_index else []

    all_term = next((t for t in listed if t.vocabulary == row_vocabulary and t.key == ALL), None)

    def offer_figures():
        return _offer_groups(offers, rows, all_term, columns, language)

    def need_figures():
        return _need_groups(needs, row_vocabulary, column_vocabulary)

    if scope is not None:  # the offers reachable in ``scope``, its needs for ``access``: kept
        parts = (
            [t.pk for t in rows],
            [t.pk for t in columns],
            all_term.pk if all_term else None,
            language,
        )
        groups, need_groups = offer_cache.matrix_groups(
            scope,
            access,
            offer_parts=parts,
            offers=offer_figures,
            need_parts=(row_vocabulary, column_vocabulary),
            needs=need_figures,
        )
    else:
        groups, need_groups = offer_figures(), need_figures()
    for row_id, column_id, n, w in groups:
        j = column_index.get(column_id)
        if j is None:
            continue
        for i in targets(row_id):
            cells[i][j].offers += n
            cells[i][j].weight += float(w or 0.0)
    for row_id, column_id, n in need_groups:
        j = column_index.get(column_id)
        if j is None:
            continue
        for i in targets(row_id):
            cells[i][j].needs += n
    extra_labels = []
    for label, short, fn in EXTRA_FIGURES.values():
        figures = fn(scope, rows, columns, access=access)
        if figures is None:  # the figure does not apply to these rows and columns
            continue
        extra_labels.append(label)
        for line in cells:
            for cell in line:
                cell.extra.append((short, figures.get((cell.row.pk, cell.column.pk), 0)))
    filled = [cell.weight for line in cells for cell in line if cell.offers]
    typical = statistics.median(filled) if filled else 0.0
    for line in cells:
        for cell in line:
            cell.weight = round(cell.weight, 1)
            cell.state = _state(cell, typical)
    return Matrix(
        rows=rows,
        columns=columns,
        cells=cells,
        row_vocabulary=row_vocabulary,
        column_vocabulary=column_vocabulary,
        extra_labels=extra_labels,
        needs_overlaid=row_vocabulary in NEED_FIELDS,
    )
