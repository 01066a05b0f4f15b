"""The duplicate report, marking pairs complementary, and the view across kinds of service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.areas.models import Area
from verbund.core import page_cache
from verbund.core.exports import export_response
from verbund.core.forms import add_service_errors
from verbund.core.paging import in_key_order
from verbund.core.params import int_param
from verbund.core.tenant_views import TenantView

from .. import permissions as perms
from .. import rows_cache as offer_rows
from ..models import ComplementaryPair, Offer
from ..overlaps import cache as overlap_cache
from ..overlaps import report, services, silos
from ..overlaps.forms import ComplementaryForm
from ..overlaps.similarity import RUNNING

COMPLEMENTARY_PAGE = 25
CELL_PAGE = 50


class DuplicateReportView(TenantView):
    """Likely duplicate structures, by area; one page of areas at a time."""

    permission = perms.view_overlaps

    def get(self, request, municipality_slug):
        # Kept whole under what it shows (``rows_cache.overlap_versions``), the viewer's reach
        # and the query string.
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:overlaps:page:{self.municipality.pk}",
            version_keys=offer_rows.overlap_versions(self.municipality.pk),
            template="offers/_overlap_report_content.html",
            context=self.content_context,
        )
        return page_cache.render_kept(
            request, title=_("Mögliche Doppelstrukturen"), content=content
        )

    def content_context(self) -> dict:
        request = self.request
        area_ids = report.report_area_ids(municipality=self.municipality, access=self.access)
        one_area = int_param(request.GET, "gebiet")
        shown = report.PAIRS_SHOWN
        if one_area is not None:
            # All pairs of one area (up to PAIRS_SHOWN_ONE), from the overview's "alle … ansehen".
            area_ids = [pk for pk in area_ids if pk == one_area]
            shown = report.PAIRS_SHOWN_ONE
        page = Paginator(area_ids, report.AREAS_PER_PAGE).get_page(request.GET.get("seite"))
        areas = report.areas_in_order(municipality=self.municipality, ids=list(page))
        groups = report.area_pair_keys(
            municipality=self.municipality, access=self.access, areas=areas, shown=shown
        )
        return {
            "page": page,
            "groups_html": self.groups_html(groups, one_area=one_area is not None),
            "without_area": report.offers_without_area(
                municipality=self.municipality, access=self.access
            ),
            "complementary_count": report.complementary_list(
                municipality=self.municipality, access=self.access
            ).count(),
            "one_area": one_area is not None,
        }

    def groups_html(self, groups, *, one_area: bool) -> str:
        """The areas' sections, rendered once per change of the pairs they show."""
        shown = (
            one_area,
            tuple(
                (group.area.pk, group.truncated, group.total, tuple(group.pairs))
                for group in groups
            ),
        )

        def render_groups():
            return render_to_string(
                "offers/_overlap_groups.html",
                {
                    "groups": report.with_offers(groups),
                    "municipality": self.municipality,
                    "one_area": one_area,
                    "max_block": report.MAX_BLOCK,
                },
            )

        return offer_rows.overlap_groups_html(
            municipality_id=self.municipality.pk, shown=shown, render=render_groups
        )


EXPORT_HEADER = [
    gettext_lazy("Gebiet"),
    gettext_lazy("Ähnlichkeit in %"),
    gettext_lazy("Nr. Angebot 1"),
    gettext_lazy("Angebot 1"),
    gettext_lazy("Anbieter 1"),
    gettext_lazy("Familienzentrum 1"),
    gettext_lazy("Nr. Angebot 2"),
    gettext_lazy("Angebot 2"),
    gettext_lazy("Anbieter 2"),
    gettext_lazy("Familienzentrum 2"),
    gettext_lazy("Warum ähnlich"),
]


class DuplicateExportView(TenantView):
    """The whole report (every area in reach) as CSV or XLSX, e.g. for the planning committee."""

    permission = perms.view_overlaps

    def get(self, request, municipality_slug, fmt):
        rows = report.export_rows(municipality=self.municipality, access=self.access)
        return export_response(fmt, _("doppelstrukturen"), EXPORT_HEADER, rows)


class ComplementaryListView(TenantView):
    """Pairs marked complementary, with reason, who and when; undo for those who may."""

    permission = perms.view_overlaps

    def get(self, request, municipality_slug):
        pairs = report.complementary_list(municipality=self.municipality, access=self.access)
        page = Paginator(pairs, COMPLEMENTARY_PAGE).get_page(request.GET.get("seite"))
        can_mark = self.access.can(perms.mark_complementary)
        rows = [
            (pair, can_mark and self.access.can(perms.mark_complementary, pair)) for pair in page
        ]
        return render(request, "offers/overlap_complementary.html", {"page": page, "rows": rows})


class PairView(TenantView):
    """Two offers side by side with the reasons they look alike; mark them complementary.

    Open to whoever may mark a pair with one of their own offers (a partner for its offers)."""

    permission = perms.mark_complementary

    def prepare(self, offer_id, other_offer_id):
        try:
            first, second = report.pair_offers(
                municipality=self.municipality, first_id=offer_id, second_id=other_offer_id
            )
        except Offer.DoesNotExist as exc:
            raise Http404 from exc
        if not (
            self.access.can(self.permission, first) or self.access.can(self.permission, second)
        ):
            self.require(self.permission, first)
        existing = ComplementaryPair.objects.filter(
            municipality=self.municipality, first=first, second=second
        ).first()
        return first, second, existing

    def get(self, request, municipality_slug, offer_id, other_offer_id):
        first, second, existing = self.prepare(offer_id, other_offer_id)
        return self.render(first, second, existing, ComplementaryForm())

    def post(self, request, municipality_slug, offer_id, other_offer_id):
        first, second, existing = self.prepare(offer_id, other_offer_id)
        form = ComplementaryForm(request.POST)
        if existing is None and form.is_valid():
            try:
                services.pair_mark(
                    actor=request.user,
                    municipality=self.municipality,
                    first=first,
                    second=second,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Die Angebote sind als sich ergänzend gekennzeichnet und erscheinen "
                        "nicht mehr im Bericht über Doppelstrukturen."
                    ),
                )
                if self.access.can(perms.view_overlaps):
                    return redirect("offers:overlap_complementary", self.municipality.slug)
                return redirect("offers:overlap_pair", self.municipality.slug, first.pk, second.pk)
        return self.render(first, second, existing, form, status=400)

    def render(self, first, second, existing, form, status=200):
        score, reasons = report.pair_similarity(first, second)
        return render(
            self.request,
            "offers/overlap_pair.html",
            {
                "first": first,
                "second": second,
                "existing": existing,
                "form": form,
                "score": score,
                "reasons": reasons,
                "running": set(RUNNING),
                "can_report": self.access.can(perms.view_overlaps),
            },
            status=status,
        )


class UnmarkView(TenantView):
    """Undo a complementary marking (audited); the pair returns to the report."""

    permission = perms.mark_complementary

    def prepare(self, pair_id):
        try:
            pair = report.complementary_get(municipality=self.municipality, pk=pair_id)
        except ComplementaryPair.DoesNotExist as exc:
            raise Http404 from exc
        self.require(self.permission, pair)
        return pair

    def get(self, request, municipality_slug, pair_id):
        pair = self.prepare(pair_id)
        return render(request, "offers/overlap_unmark.html", {"pair": pair})

    def post(self, request, municipality_slug, pair_id):
        pair = self.prepare(pair_id)
        first_id, second_id = pair.first_id, pair.second_id
        services.pair_unmark(actor=request.user, pair=pair)
        messages.success(
            request,
            _("Die Kennzeichnung ist aufgehoben; das Paar steht wieder im Bericht."),
        )
        if self.access.can(perms.view_overlaps):
            return redirect("offers:overlap_complementary", self.municipality.slug)
        return redirect("offers:overlap_pair", self.municipality.slug, first_id, second_id)


class SiloView(TenantView):
    """Offers by kind of service per area: run jointly across kinds, or standing alone."""

    permission = perms.view_overlaps

    def get(self, request, municipality_slug):
        area_id = int_param(request.GET, "gebiet")
        kind_id = int_param(request.GET, "art", min_value=0)
        joint = {"gemeinsam": True, "allein": False}.get(request.GET.get("verbund", ""))
        if area_id is not None and kind_id is not None:
            kinds = silos.kind_terms(municipality=self.municipality)
            return self.cell(area_id, kind_id, joint, kinds)
        if self.access.filter(perms.view_overlaps, Offer) == Q():
            page, tables_html = self.every_offer_page()
            return render(
                request, "offers/silo_overview.html", {"page": page, "tables_html": tables_html}
            )
        # A narrower reach (a centre's, a provider's): the page kept per reach and page asked
        # for, under the same versions as the tables (``core.page_cache``).
        content = page_cache.kept_content(
            request,
            prefix=f"{overlap_cache.PREFIX}:silo-page:{self.municipality.pk}",
            version_keys=overlap_cache.silo_versions(self.municipality.pk),
            template="offers/_silo_overview_content.html",
            context=self.narrowed_context,
        )
        return page_cache.render_kept(
            request, title=_("Angebote nach Leistungsart"), content=content
        )

    def narrowed_context(self) -> dict:
        areas = silos.silo_areas(municipality=self.municipality, access=self.access)
        page = Paginator(areas, silos.AREAS_PER_PAGE).get_page(self.request.GET.get("seite"))
        return {"page": page, "tables_html": self.render_tables(list(page))}

    def every_offer_page(self):
        """For a viewer who sees every running offer of the municipality, the page is the same
        for all such viewers: the areas' order and each page's tables come from the cache while
        nothing they show changed (``overlaps.cache``)."""
        municipality_id = self.municipality.pk
        ids = overlap_cache.silo_area_ids(
            municipality_id,
            lambda: list(
                silos.silo_areas(municipality=self.municipality, access=self.access).values_list(
                    "pk", flat=True
                )
            ),
        )
        page = Paginator(ids, silos.AREAS_PER_PAGE).get_page(self.request.GET.get("seite"))
        page_ids = list(page)

        def render_page():
            areas = Area.objects.filter(municipality=self.municipality)
            return self.render_tables(
                in_key_order(areas.only("pk", "name", "level", "code"), page_ids)
            )

        # Rendered by the template engine: a SafeString, also after the cache's pickling.
        return page, overlap_cache.silo_tables(municipality_id, page_ids, render_page)

    def render_tables(self, areas) -> str:
        tables = silos.area_silos(
            municipality=self.municipality,
            access=self.access,
            areas=areas,
            kinds=silos.kind_terms(municipality=self.municipality),
        )
        return render_to_string("offers/_silo_tables.html", {"tables": tables})

    def cell(self, area_id, kind_id, joint, kinds):
        area = Area.objects.filter(municipality=self.municipality, pk=area_id).first()
        labels = {term.pk: term.label for term in kinds}
        if area is None or (kind_id != silos.NO_KIND and kind_id not in labels):
            raise Http404
        offers = silos.cell_offers(
            municipality=self.municipality,
            access=self.access,
            area_id=area.pk,
            kind_id=kind_id,
            joint=joint,
        )
        page = Paginator(offers, CELL_PAGE).get_page(self.request.GET.get("seite"))
        return render(
            self.request,
            "offers/silo_cell.html",
            {
                "area": area,
                "kind_label": labels.get(kind_id, _("ohne Leistungsart")),
                "joint": joint,
                "page": page,
                "query": f"gebiet={area.pk}&art={kind_id}"
                + (f"&verbund={self.request.GET.get('verbund')}" if joint is not None else ""),
            },
        )
