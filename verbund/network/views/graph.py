import json
from dataclasses import replace
from itertools import islice

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from verbund.areas.tree_cache import version_key as areas_key
from verbund.core import cache_versions, page_cache
from verbund.core.exports import export_response
from verbund.core.roles import Reach
from verbund.tenancy.rows_cache import version_key as tenancy_key

from .. import graph as net
from .. import graph_json, metrics_cache, neighbourhood
from .. import permissions as perms
from ..forms import ChangeForm, GraphFilterForm
from ..models import BodyKind, Sector
from .base import TenantView

NODE_PAGE_SIZE = 100
FILTER_FIELDS = ("sector", "status", "area")


class GraphMixin:
    permission = perms.view_network

    def scope(self) -> neighbourhood.Scope:
        return neighbourhood.resolve(self.request, self.access, self.municipality, self.permission)

    def network(self, with_dates=False):
        self.filter_form = GraphFilterForm(
            self.request.GET or None, municipality=self.municipality, access=self.access
        )
        data = net.load(
            municipality=self.municipality,
            centre_ids=self.scope().centre_ids,
            filters=self.filter_form.to_filter(),
            with_dates=with_dates,
        )
        return data, net.build_graph(data)


def page_figures(data, graph, dates) -> dict:
    """What the network page derives from the graph (cached by ``NetworkView``)."""
    metrics = net.metrics(data, graph)
    sector_labels = dict(Sector.choices)
    degree = metrics.degree
    body_labels = dict(BodyKind.choices)
    nodes = sorted(
        (
            {
                "id": node,
                "label": attrs["label"],
                "kind": attrs["kind"],
                "category": sector_labels.get(attrs["sector"])
                or body_labels.get(attrs["sector"], ""),
                "degree": degree[node],
                "neighbours": sorted(
                    graph.nodes[n]["label"] for n in islice(graph.neighbors(node), 15)
                ),
                "more": max(degree[node] - 15, 0),
            }
            for node, attrs in graph.nodes(data=True)
        ),
        key=lambda n: ({"centre": 0, "organisation": 1, "body": 2}[n["kind"]], n["label"]),
    )
    return {
        # the page shows per-node figures only in the node table
        "metrics": replace(metrics, degree={}, betweenness={}),
        "nodes": nodes,
        "change": net.change_between(data, *dates) if dates else None,
    }


class NetworkView(GraphMixin, TenantView):
    """Metrics and node list come from the cache while the network is unchanged
    (``verbund.network.metrics_cache``); the filter form is validated on every request. A
    large network opens at one centre's neighbourhood (``verbund.network.neighbourhood``);
    the node table shows ``NODE_PAGE_SIZE`` nodes a page."""

    def get(self, request, municipality_slug):
        # Kept whole: the content shows the query string, the viewer's reach, the network,
        # the areas and centres it names and, with a period asked for, today's date.
        mid = self.municipality.pk
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:network:page:{mid}",
            version_keys=[metrics_cache.version_key(mid), areas_key(mid), tenancy_key(mid)],
            template="network/_network_content.html",
            context=self.content_context,
            parts=(timezone.localdate() if "von" in request.GET else None,),
        )
        return page_cache.render_kept(request, title=_("Netzwerk"), content=content)

    def content_context(self) -> dict:
        request = self.request
        self.filter_form = GraphFilterForm(
            request.GET or None, municipality=self.municipality, access=self.access
        )
        filters = self.filter_form.to_filter()
        scope = self.scope()
        centre_ids = scope.centre_ids
        change_form = ChangeForm(request.GET if "von" in request.GET else None)
        dates = None
        if change_form.is_bound and change_form.is_valid():
            dates = (
                change_form.cleaned_data["von"] or timezone.localdate(),
                change_form.cleaned_data["bis"] or timezone.localdate(),
            )

        key = metrics_cache.cache_key(
            "page",
            municipality_id=self.municipality.pk,
            centre_ids=centre_ids,
            filters=filters,
            extra=dates or (),
        )
        nodes_key = f"{key}:nodes"

        def compute():
            data = net.load(
                municipality=self.municipality,
                centre_ids=centre_ids,
                filters=filters,
                with_dates=dates is not None,
            )
            figures = page_figures(data, net.build_graph(data), dates)
            # The node table is read only when its rendered fragment is not cached.
            cache.set(nodes_key, figures.pop("nodes"), timeout=metrics_cache.seconds())
            return figures

        def node_page():
            found = cache.get(nodes_key)
            if found is None:
                compute()
                found = cache.get(nodes_key, [])
            return Paginator(found, NODE_PAGE_SIZE).get_page(request.GET.get("seite"))

        figures = metrics_cache.cached(key, compute)
        query = request.GET.copy()
        for name in ("von", "bis", "seite"):
            query.pop(name, None)
        query[neighbourhood.PARAM] = scope.value
        all_query = query.copy()
        all_query[neighbourhood.PARAM] = neighbourhood.ALL
        return {
            **figures,
            "node_page": node_page,
            "page_number": request.GET.get("seite", "1")[:12],
            "scope": scope,
            "sector_key": graph_json.sector_key(),
            "centre_colour": graph_json.CENTRE_COLOUR,
            "all_query": all_query.urlencode(),
            "figures_key": key,
            "cache_seconds": metrics_cache.seconds(),
            "filter_form": self.filter_form,
            "filter_fields_html": self.filter_fields_html(),
            "change_form": change_form if change_form.is_bound else ChangeForm(),
            "sector_headers": net.sector_headers(),
            "municipality_wide": Reach.MUNICIPALITY in self.access.reaches(self.permission),
            "query": query.urlencode(),
        }

    def filter_fields_html(self) -> str:
        """The sector, status and area fields, rendered once per change of the values asked
        for, the viewer's reach (which areas she may choose) and the areas' names."""
        mid = self.municipality.pk
        asked = tuple((name, tuple(self.request.GET.getlist(name))) for name in FILTER_FIELDS)
        return cache_versions.cached_for(
            f"verbund:network:filter:{mid}",
            [areas_key(mid)],
            (self.access.signature(), bool(self.request.GET), asked, get_language()),
            lambda: render_to_string(
                "network/_filter_fields.html",
                {"filter_form": self.filter_form, "municipality": self.municipality},
            ),
            timeout=metrics_cache.seconds(),
        )


class NetworkJsonView(GraphMixin, TenantView):
    """For the map: the compact graph (``verbund.network.graph_json``), cached with the
    network's version and sent gzip-compressed to clients that accept it. With ``download``:
    the verbose Cytoscape elements as a file for other tools."""

    def get(self, request, municipality_slug):
        if request.GET.get("download"):
            return self.download()
        self.filter_form = GraphFilterForm(
            request.GET or None, municipality=self.municipality, access=self.access
        )
        filters = self.filter_form.to_filter()
        centre_ids = self.scope().centre_ids
        key = metrics_cache.cache_key(
            "json", municipality_id=self.municipality.pk, centre_ids=centre_ids, filters=filters
        )

        def compute():
            data = net.load(
                municipality=self.municipality,
                centre_ids=centre_ids,
                filters=filters,
                with_dates=False,
            )
            return graph_json.encode(graph_json.compact(net.build_graph(data)))

        plain, compressed = metrics_cache.cached(key, compute)
        accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
        response = HttpResponse(
            compressed if accepts_gzip else plain, content_type="application/json; charset=utf-8"
        )
        if accepts_gzip:
            response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ("Accept-Encoding",))
        return response

    def download(self):
        _data, graph = self.network()
        payload = {
            "generated": timezone.now().isoformat(),
            "municipality": self.municipality.name,
            "elements": net.cytoscape_elements(graph),
        }
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="netzwerk.json"'
        return response


class NetworkGraphmlView(GraphMixin, TenantView):
    def get(self, request, municipality_slug):
        _data, graph = self.network()
        response = HttpResponse(net.graphml_bytes(graph), content_type="application/xml")
        response["Content-Disposition"] = 'attachment; filename="netzwerk.graphml"'
        return response


class NetworkMetricsExportView(GraphMixin, TenantView):
    def get(self, request, municipality_slug, fmt):
        data, graph = self.network()
        metrics = net.metrics(data, graph)
        kinds = {
            "centre": _("Familienzentrum"),
            "organisation": _("Organisation"),
            "body": _("Gremium"),
        }
        rows = [
            [
                attrs["label"],
                kinds[attrs["kind"]],
                metrics.degree[node],
                round(metrics.betweenness.get(node, 0.0), 4),
            ]
            for node, attrs in sorted(graph.nodes(data=True), key=lambda n: n[1]["label"])
        ]
        return export_response(
            fmt,
            _("netzwerk-kennzahlen"),
            [
                _("Name"),
                _("Art"),
                _("Verbindungen"),
                _("Brückenwert (verbindet Partner, die sonst nichts voneinander wissen)"),
            ],
            rows,
        )
