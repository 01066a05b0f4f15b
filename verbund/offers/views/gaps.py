"""The gap analysis: matrix, drill-down to one cell, exports, needs answered by offers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from verbund.analysis import permissions as analysis_perms
from verbund.analysis.models import Need
from verbund.areas.tree_cache import version_key as areas_key
from verbund.core import cache_versions
from verbund.core.exports import export_response
from verbund.core.navigation import see_also
from verbund.core.params import int_param
from verbund.core.rows_cache import rendered_by_content
from verbund.core.tenant_views import TenantView
from verbund.taxonomy.models import Term
from verbund.taxonomy.selectors import terms
from verbund.tenancy.rows_cache import version_key as tenancy_key

from .. import permissions as perms
from ..gaps import cache as gap_cache
from ..gaps import selectors
from ..gaps.exports import legend, matrix_pdf, table
from ..gaps.forms import GapForm
from ..gaps.matrix import COLUMN_VOCABULARIES, ROW_VOCABULARIES, compute_matrix
from ..gaps.services import can_answer, need_answer, need_unanswer
from ..models import Offer

CELL_LIMIT = 200


class GapMixin:
    permission = perms.view_gaps

    def gap_form(self) -> GapForm:
        return GapForm(
            self.request.GET or None,
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
        )

    def place_label(self, form: GapForm) -> str:
        scope = form.scope()
        if scope.centre is not None:
            return _("Sozialraum von %(centre)s") % {"centre": scope.centre.name}
        if scope.area is not None:
            return _("Gebiet %(area)s") % {"area": scope.area.name}
        return _("ganze Kommune %(name)s") % {"name": self.municipality.name}

    def matrix(self, form: GapForm):
        scope = form.scope()
        return compute_matrix(
            municipality=self.municipality,
            offers=selectors.reachable_offers(scope=scope),
            needs=selectors.overlaid_needs(scope=scope, access=self.access),
            row_vocabulary=form.rows,
            column_vocabulary=form.columns,
            language=form.language,
            scope=scope,
            access=self.access,
        )


class GapMatrixView(GapMixin, TenantView):
    def get(self, request, municipality_slug):
        return render(
            request,
            "offers/gaps_matrix.html",
            {
                **self.page_parts(),
                "legend": legend(),
                # e.g. what families search for on the public finder (public app)
                "see_also": see_also("offers:gaps", self.access, self.municipality.slug),
            },
        )

    def page_parts(self) -> dict:
        """The form, the place, the counts and the table, computed once per change of what
        they show (``gap_cache.page_versions``), the values asked for and the viewer's reach:
        the matrix of a place is read far more often than its offers change."""
        data = tuple(sorted((key, tuple(values)) for key, values in self.request.GET.lists()))
        return cache_versions.cached_for(
            f"verbund:gaps:page:{self.municipality.pk}",
            gap_cache.page_versions(self.municipality.pk),
            (self.access.signature(), data, get_language()),
            self.compute_parts,
            timeout=gap_cache.seconds(),
        )

    def compute_parts(self) -> dict:
        form = self.gap_form()
        matrix = self.matrix(form)
        query = urlencode(form.query())
        return {
            "form_html": self.form_html(form),
            "table_html": self.table_html(
                matrix,
                query,
                row_label=ROW_VOCABULARIES[form.rows],
                column_label=COLUMN_VOCABULARIES[form.columns],
            ),
            "needs_overlaid": matrix.needs_overlaid,
            "place": self.place_label(form),
            "query": query,
            "counts": matrix.counts(),
        }

    def form_html(self, form: GapForm) -> str:
        """The place and view choices, rendered once per change of the values asked for, the
        viewer's reach (her centres, the default place) and the centres' and areas' names."""
        mid = self.municipality.pk
        data = tuple(sorted((key, tuple(values)) for key, values in self.request.GET.lists()))
        return cache_versions.cached_for(
            f"verbund:gaps:form:{mid}",
            [tenancy_key(mid), areas_key(mid)],
            (self.access.signature(), data, get_language()),
            lambda: render_to_string(
                "offers/_gaps_form.html", {"form": form, "municipality": self.municipality}
            ),
            timeout=gap_cache.seconds(),
        )

    def table_html(self, matrix, query: str, *, row_label, column_label) -> str:
        """The matrix as a table, kept under everything it shows: labels, states, figures and
        the query of its links."""
        shown = (
            query,
            str(row_label),
            str(column_label),
            [(term.pk, term.label) for term in matrix.columns],
            [str(label) for label in matrix.extra_labels],
            [[_cell_key(cell) for cell in line] for line in matrix.cells],
        )
        return rendered_by_content(
            prefix=f"verbund:gaps:table:{self.municipality.pk}",
            shown=shown,
            render=lambda: render_to_string(
                "offers/_gaps_table.html",
                {
                    "matrix": matrix,
                    "query": query,
                    "row_label": row_label,
                    "column_label": column_label,
                    "municipality": self.municipality,
                },
            ),
            timeout=gap_cache.seconds(),
        )


def _cell_key(cell) -> tuple:
    """What a cell of the table shows (its links name the row and column)."""
    return (
        cell.row.pk,
        cell.row.label,
        cell.column.pk,
        cell.state,
        cell.offers,
        cell.weight,
        cell.needs,
        tuple(cell.extra),
    )


class GapExportView(GapMixin, TenantView):
    def get(self, request, municipality_slug, fmt):
        form = self.gap_form()
        place = self.place_label(form)
        header, rows = table(self.matrix(form), place)
        return export_response(fmt, _("luecken"), header, iter(rows))


class GapPdfView(GapMixin, TenantView):
    def get(self, request, municipality_slug):
        form = self.gap_form()
        place = self.place_label(form)
        pdf = matrix_pdf(
            matrix=self.matrix(form), place=place, municipality=self.municipality, request=request
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{slugify("luecken-" + place)}.pdf"'
        )
        return response


class GapCellView(GapMixin, TenantView):
    """The offers and needs of one cell, with the buttons to mark a need as answered."""

    def term(self, name: str, vocabularies) -> Term:
        pk = int_param(self.request.GET, name, min_value=1)
        if pk is None:
            raise Http404
        try:
            return terms(municipality=self.municipality).get(pk=pk, vocabulary__in=vocabularies)
        except Term.DoesNotExist as exc:
            raise Http404 from exc

    def get(self, request, municipality_slug):
        form = self.gap_form()
        if "zeile" not in request.GET or "spalte" not in request.GET:
            # No cell chosen: the matrix to choose one from.
            return redirect(
                reverse("offers:gaps", args=[municipality_slug]) + "?" + urlencode(form.query())
            )
        scope = form.scope()
        row = self.term("zeile", list(ROW_VOCABULARIES))
        column = self.term("spalte", list(COLUMN_VOCABULARIES))
        offers_qs = selectors.cell_offers(scope=scope, row=row, column=column)
        offers = list(offers_qs[: CELL_LIMIT + 1])
        needs = list(
            selectors.cell_needs(scope=scope, access=self.access, row=row, column=column)[
                :CELL_LIMIT
            ]
        )
        for need in needs:
            need.answered_by = {o.pk for o in need.offers.all()}
            need.may_answer = can_answer(self.access, need) or any(
                self.access.can(perms.manage_offer, o) for o in offers[:CELL_LIMIT]
            )
        return render(
            request,
            "offers/gaps_cell.html",
            {
                "form": form,
                "place": self.place_label(form),
                "row": row,
                "column": column,
                "offers": offers[:CELL_LIMIT],
                "more_offers": len(offers) > CELL_LIMIT,
                "needs": needs,
                "query": urlencode(form.query()),
                "back": request.get_full_path(),
            },
        )


class NeedAnswerView(TenantView):
    """POST: mark (or unmark) an offer as answering a need. GET: back to the need's page."""

    permission = analysis_perms.view_needs

    def need(self, need_id: int) -> Need:
        try:
            need = Need.objects.select_related("centre").get(
                municipality=self.municipality, pk=need_id
            )
        except Need.DoesNotExist as exc:
            raise Http404 from exc
        self.require(self.permission, need)
        return need

    def back(self, need):
        target = self.request.POST.get("weiter", "")
        if target.startswith(f"/k/{self.municipality.slug}/") and "//" not in target:
            return redirect(target)
        return redirect("analysis:need_detail", self.municipality.slug, need.pk)

    def get(self, request, municipality_slug, need_id):
        return redirect("analysis:need_detail", self.municipality.slug, self.need(need_id).pk)

    def post(self, request, municipality_slug, need_id):
        need = self.need(need_id)
        offer_id = int_param(request.POST, "angebot", min_value=1)
        offer = None
        if offer_id is not None:
            offer = Offer.objects.filter(municipality=self.municipality, pk=offer_id).first()
        if offer is None or not self.access.can(perms.view_offer, offer):
            messages.error(request, _("Bitte wählen Sie ein Angebot aus der Liste."))
            return self.back(need)
        if not can_answer(self.access, need, offer):
            self.require(perms.manage_offer, offer)
        undo = request.POST.get("aktion") == "entfernen"
        try:
            if undo:
                need = need_unanswer(actor=request.user, need=need, offer=offer)
            else:
                need = need_answer(actor=request.user, need=need, offer=offer)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            text = (
                _(
                    "„%(offer)s“ ist nicht mehr als Antwort vermerkt. "
                    "Status des Bedarfs: %(status)s."
                )
                if undo
                else _("„%(offer)s“ ist als Antwort vermerkt. Status des Bedarfs: %(status)s.")
            )
            messages.success(
                request, text % {"offer": offer.title, "status": need.get_status_display()}
            )
        return self.back(need)
