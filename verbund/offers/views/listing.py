"""The offer list with filters (``/k/<slug>/angebote/``) and its export as CSV or XLSX.

The list shows what ``visible_offers`` allows (the network's approved offers and the ones the
user keeps, those awaiting approval marked); the filters are a GET form, so a filtered list is
a link to share, and the export takes the same query string.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.exports import choice_labels, export_response
from verbund.core.fulltext import parse
from verbund.core.paging import in_key_order, keyed_page, sorted_keys
from verbund.core.params import filter_data, filter_key
from verbund.core.tenant_views import TenantView

from .. import list_cache, rows_cache
from .. import permissions as perms
from ..choices import LANGUAGE_LABELS, ReviewState
from ..forms_search import WEEKDAY_LABELS, OfferFilterForm
from ..low_threshold import low_threshold
from ..models import Offer, OfferSchedule
from ..search import WEEKDAYS, OfferQuery, search_offers, visible_offers

PAGE_SIZE = 25
LIST_FIELDS = (
    "id",
    "title",
    "summary",
    "format",
    "cost",
    "languages",
    "interpretation",
    "status",
    "visibility",
    "review_state",
    "centre__name",
    "provider__name",
    "municipality_id",
    "centre_id",
    "provider_id",
    # what the low-threshold badge is derived from
    "admission",
    "childcare",
    "place_kind",
    "location_id",
    "location__centre_id",
)


def _weekday_names() -> dict[str, str]:
    return {key: str(label)[:2] for key, label in WEEKDAY_LABELS}


def schedule_line(schedule: OfferSchedule, short_days: dict[str, str]) -> str:
    """``Di, Do 09:00`` from the bit set and start minute the services keep."""
    days = [short_days[day] for index, day in enumerate(WEEKDAYS) if schedule.weekdays & 1 << index]
    parts = [", ".join(days)] if days else []
    if schedule.start_minute is not None:
        parts.append(f"{schedule.start_minute // 60:02d}:{schedule.start_minute % 60:02d}")
    return " ".join(parts) or schedule.get_kind_display()


# A text search reads the keys of up to this many matches in one query and counts them in
# Python: a count and a page would each run the full-text match (issue 17).
ALL_KEYS_UP_TO = 10_000


class OfferSearchMixin:
    def searched(self, request):
        form = self.filter_form(request)
        self.query = form.to_query()
        return form, search_offers(self.visible(), self.query)

    def filter_form(self, request):
        return OfferFilterForm(
            filter_data(request.GET), municipality=self.municipality, access=self.access
        )

    def visible(self):
        return visible_offers(municipality=self.municipality, access=self.access)


class OfferListView(OfferSearchMixin, TenantView):
    permission = perms.view_offer

    def get(self, request, municipality_slug):
        # The form's HTML and the search it asks for come from the cache while its values, the
        # viewer's reach and the choices it offers are the same (the form is built on a miss).
        form_html, self.query = self.filter_form_parts(request)
        offers = search_offers(self.visible(), self.query)
        offers = offers.select_related("centre", "provider", "location").only(*LIST_FIELDS)
        page = self.page(offers, request.GET.get("seite"))
        return render(
            request,
            "offers/offer_list.html",
            {
                "filter_form_html": form_html,
                "page": page,
                "rows_html": self.rows_html(list(page.object_list)),
                "can_create": self.access.can(perms.manage_offer),
                "export_query": request.GET.urlencode(),
            },
        )

    def page(self, offers, number):
        """A page of ``offers``: from the cached keys of the search while the list has at most
        ``ALL_KEYS_UP_TO`` offers (``list_cache``), holding the keys (``rows_html`` reads
        the rows by key when it renders them); otherwise counted, holding the offers."""
        if self.query.near:
            # (rows read by key would lack the distance annotated there)
            return Paginator(offers, PAGE_SIZE).get_page(number)
        keys = list_cache.search_keys(
            municipality_id=self.municipality.pk,
            reach=self.access.signature(),
            query=self.query,
            limit=ALL_KEYS_UP_TO,
            keys=lambda n: sorted_keys(offers)[:n],
        )
        if keys is None and not parse(self.query.text):
            return Paginator(offers, PAGE_SIZE).get_page(number)
        return keyed_page(offers, number, PAGE_SIZE, keys=keys, load_rows=False)

    def filter_form_parts(self, request) -> tuple[str, OfferQuery]:
        """The filter form's HTML and the search it asks for, computed once per change of its
        values, the viewer's reach and the choices it offers (``list_cache``). Without any
        parameter the form is empty and the query the default one."""

        def compute():
            form = self.filter_form(request)
            html = render_to_string(
                "offers/_offer_filter_form.html",
                {
                    "filter_form": form,
                    "filters_open": form.advanced_used or bool(form.errors),
                    "municipality": self.municipality,
                },
            )
            return html, form.to_query()

        data = filter_key(request.GET)
        return list_cache.filter_form_parts(
            municipality_id=self.municipality.pk,
            reach=self.access.signature(),
            data=data,
            compute=compute,
        )

    def rows_html(self, rows: list[Offer | int]) -> str:
        """The page's rows (offers, or their keys) as HTML, from the cache while none of the
        offers shown changed (``rows_cache``; a SafeString, also after the cache's
        pickling)."""

        def render_rows():
            offers = rows
            if rows and not isinstance(rows[0], Offer):
                listed = self.visible().select_related("centre", "provider", "location")
                offers = in_key_order(listed.only(*LIST_FIELDS), rows)
            self._decorate(offers)
            return render_to_string(
                "offers/_offer_rows.html", {"rows": offers, "municipality": self.municipality}
            )

        return rows_cache.rows_html(
            municipality_id=self.municipality.pk, rows=rows, render=render_rows
        )

    def _decorate(self, rows: list[Offer]) -> None:
        """Life phases and times of the page's offers: two queries, whatever the page."""
        ids = [offer.pk for offer in rows]
        phases: dict[int, list[str]] = {}
        for offer_id, label in (
            Offer.terms.through.objects.filter(offer_id__in=ids, term__vocabulary="life_phase")
            .order_by("term__position", "term_id")
            .values_list("offer_id", "term__label")
        ):
            phases.setdefault(offer_id, []).append(label)
        times: dict[int, list[str]] = {}
        short = _weekday_names()
        for schedule in OfferSchedule.objects.filter(offer_id__in=ids).only(
            "id", "offer_id", "kind", "weekdays", "start_minute", "municipality_id"
        ):
            times.setdefault(schedule.offer_id, []).append(schedule_line(schedule, short))
        for offer in rows:
            offer.phase_labels = phases.get(offer.pk, [])
            offer.time_lines = times.get(offer.pk, [])
            offer.awaiting = offer.review_state != ReviewState.APPROVED
            offer.language_names = [str(LANGUAGE_LABELS.get(c, c)) for c in offer.language_codes]
            offer.threshold = low_threshold(offer)


EXPORT_HEADER = [
    gettext_lazy("Nr."),
    gettext_lazy("Titel"),
    gettext_lazy("Kurzbeschreibung"),
    gettext_lazy("Familienzentrum"),
    gettext_lazy("Anbieter"),
    gettext_lazy("Form"),
    gettext_lazy("Kosten"),
    gettext_lazy("Kosten im Einzelnen"),
    gettext_lazy("Zugang"),
    gettext_lazy("Sprachen"),
    gettext_lazy("Sprachmittlung"),
    gettext_lazy("Lebensphasen, Übergänge, Themen, Zielgruppen, Leistungsart"),
    gettext_lazy("für die Gebiete"),
    gettext_lazy("Straße"),
    gettext_lazy("PLZ"),
    gettext_lazy("Ort"),
    gettext_lazy("Status"),
    gettext_lazy("Sichtbarkeit"),
    gettext_lazy("Freigabe"),
    gettext_lazy("zuletzt geprüft am"),
]


class OfferExportView(OfferSearchMixin, TenantView):
    """The filtered list as a file: the same query string as the page, every row, streamed."""

    permission = perms.view_offer

    def get(self, request, municipality_slug, fmt):
        _form, offers = self.searched(request)
        field = Offer._meta.get_field
        labels = {
            name: choice_labels(field(name))
            for name in ("format", "cost", "admission", "status", "visibility", "review_state")
        }
        offers = offers.select_related("centre", "provider").prefetch_related(
            Prefetch("terms", to_attr="term_list"),
            Prefetch("areas_served", to_attr="area_list"),
        )
        header = [str(label) for label in EXPORT_HEADER]

        def rows():
            for offer in offers.iterator(chunk_size=500):
                yield [
                    offer.pk,
                    offer.title,
                    offer.summary,
                    offer.centre.name,
                    offer.provider.name if offer.provider_id else offer.centre.name,
                    labels["format"].get(offer.format, offer.format),
                    labels["cost"].get(offer.cost, offer.cost),
                    offer.cost_note,
                    labels["admission"].get(offer.admission, offer.admission),
                    ", ".join(str(LANGUAGE_LABELS.get(c, c)) for c in offer.language_codes),
                    offer.interpretation,
                    ", ".join(term.label for term in offer.term_list),
                    ", ".join(area.name for area in offer.area_list),
                    offer.street,
                    offer.postcode,
                    offer.city,
                    labels["status"].get(offer.status, offer.status),
                    labels["visibility"].get(offer.visibility, offer.visibility),
                    labels["review_state"].get(offer.review_state, offer.review_state),
                    offer.last_checked,
                ]

        return export_response(fmt, _("angebote"), header, rows())
