"""The public finder pages: the search (list and map), one offer, the embeddable search."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_exempt

from verbund.core.pagecache import mark_public
from verbund.core.params import int_param
from verbund.offers.low_threshold import low_threshold
from verbund.offers.models import Offer
from verbund.offers.occurrences import next_dates_for
from verbund.public.site import PublicView, municipality_for

from . import selectors
from .caching import cached_page, conditional, embed_origins, public_cache
from .counting import count_search
from .forms import FinderForm

MAX_QUERY_STRING = 2000  # a real search is a few hundred characters


class FinderPage(PublicView):
    def dispatch(self, request, *args, **kwargs):
        kwargs["municipality_slug"] = kwargs.pop("municipality")
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            # A friendly refusal instead of parsing kilobytes of filters nobody typed.
            context = {"municipality": municipality_for(kwargs["municipality_slug"])}
            return render(request, "public/finder/too_long.html", context, status=400)
        return super().dispatch(request, *args, **kwargs)


class FinderView(FinderPage):
    template_name = "public/finder/finder.html"
    embedded = False

    @conditional
    def get(self, request, municipality_slug):
        response, selected = cached_page(request, lambda: self.build(request))
        if request.method == "GET":
            count_search(municipality=self.municipality, selected=selected)
        return public_cache(response)

    def build(self, request):
        form = FinderForm(request.GET or None, municipality=self.municipality)
        query = form.to_query()
        page = 1
        if "seite" in request.GET:  # absurd numbers: the last page (Paginator.get_page)
            page = int_param(request.GET, "seite", min_value=1, default=1)
        results = selectors.finder_results(
            municipality=self.municipality,
            query=query,
            step_free=form.is_bound and bool(form.cleaned_data.get("stufenlos")),
            page=page,
        )
        selectors.in_language(results.page.object_list, get_language())
        selected = form.selected()
        context = {
            "municipality": self.municipality,
            "form": form,
            "results": results,
            "searched": bool(selected) or bool(query.text),
            "query_string": _without(request.GET, "seite"),
            "embedded": self.embedded,
            "tile_url": settings.VERBUND_MAP_TILE_URL,
            "tile_attribution": settings.VERBUND_MAP_TILE_ATTRIBUTION,
        }
        # Only the first page of a search counts (paging on is the same search).
        return render(request, self.template_name, context), selected if page == 1 else {}


class FinderEmbedView(FinderView):
    """The same search with minimal chrome, for a frame on the municipality's own website:
    only the origins the admin configured may frame it (none: ``frame-ancestors 'none'``)."""

    template_name = "public/finder/embed.html"
    embedded = True

    def get(self, request, municipality_slug):
        return framable(super().get(request, municipality_slug), self.municipality)


def framable(response, municipality):
    """Framing allowed for the configured origins only (django-csp's and Django's own
    per-view overrides); without any, the page keeps ``X-Frame-Options: DENY`` and
    ``frame-ancestors 'none'`` like every other page."""
    from csp.decorators import csp_replace

    origins = embed_origins(municipality)
    if not origins:
        return response
    response = xframe_options_exempt(lambda: response)()
    return csp_replace({"frame-ancestors": origins})(lambda: response)()


class OfferView(FinderPage):
    @conditional
    def get(self, request, municipality_slug, offer_id):
        mark_public(request, self.municipality.pk)  # replayed by the public page cache
        response, _extra = cached_page(request, lambda: self.build(request, offer_id))
        if request.GET.get("eingebettet") == "1":  # opened from the embedded finder
            response = framable(response, self.municipality)
        return public_cache(response)

    def build(self, request, offer_id):
        try:
            offer = selectors.public_offer(municipality=self.municipality, pk=offer_id)
        except Offer.DoesNotExist:
            raise Http404 from None
        selectors.in_language([offer], get_language())
        context = {
            "municipality": self.municipality,
            "offer": offer,
            "threshold": low_threshold(offer),
            "schedule_lines": next_dates_for(offer),
            "printing": request.GET.get("druck") == "1",
            "search_query": _without(request.GET, "druck", "eingebettet"),
            "embedded": request.GET.get("eingebettet") == "1",
        }
        return render(request, "public/finder/offer.html", context), None


def _without(querydict, *names: str) -> str:
    params = querydict.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
