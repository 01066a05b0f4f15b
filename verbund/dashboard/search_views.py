"""The search page (``/k/<slug>/suche/?q=…``): every kind registered with
``verbund.core.search``, grouped, a few results each; ``art=<kind>`` lists all of one kind,
page by page. The box in the header (``dashboard/header_search.html``) sends here."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.shortcuts import render

from verbund.core.params import int_param
from verbund.core.search import Query, search_all, search_kind, search_kinds

from . import permissions as perms
from .views import DashboardView

PER_KIND = 5  # results per kind on the overview
PAGE_SIZE = 25  # results per page when one kind is listed
MAX_PAGE = 1_000


class SearchView(DashboardView):
    permission = perms.use_search

    def get(self, request, municipality_slug):
        query = Query.parse(request.GET.get("q"))
        kinds = search_kinds(self.access)
        kind = search_kind(str(request.GET.get("art", ""))[:40])
        if kind is not None and kind not in kinds:
            kind = None
        context = {"query": query, "kinds": kinds, "kind": kind}
        if kind is not None and query:
            context["page"] = self.kind_page(query, kind)
        else:
            context["groups"] = search_all(
                query, access=self.access, municipality=self.municipality, limit=PER_KIND
            )
            context["total"] = sum(group.found.total for group in context["groups"])
        return render(request, "dashboard/search.html", context)

    def kind_page(self, query, kind) -> Page:
        number = int_param(self.request.GET, "seite", min_value=1, max_value=MAX_PAGE, default=1)
        offset = (number - 1) * PAGE_SIZE
        found = kind.fetch(query, self.access, self.municipality, PAGE_SIZE, offset)
        if not found.results and number > 1 and found.total:
            number = (found.total - 1) // PAGE_SIZE + 1
            offset = (number - 1) * PAGE_SIZE
            found = kind.fetch(query, self.access, self.municipality, PAGE_SIZE, offset)
        paginator = Paginator([], PAGE_SIZE)
        paginator.__dict__["count"] = found.total
        return Page(found.results, number, paginator)
