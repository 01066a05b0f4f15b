import json
from dataclasses import replace
from itertools import islice

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.exports import export_response
from verbund.core.roles import Reach

from .. import graph as net
from .. import metrics_cache
from .. import permissions as perms
from ..forms import ChangeForm, GraphFilterForm
from ..models import BodyKind, Sector
from .base import TenantView


class GraphMixin:
    permission = perms.view_network

    def network(self, with_dates=False):
        self.filter_form = GraphFilterForm(self.request.GET or None, municipality=self.municipality)
        centre_ids = perms.centre_ids_within(self.access, self.permission, self.municipality)
        data = net.load(
            municipality=self.municipality,
            centre_ids=centre_ids,
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
        "nodes": nodes[:2000],
        "nodes_truncated": len(nodes) > 2000,
        "change": net.change_between(data, *dates) if dates else None,
    }


class NetworkView(GraphMixin, TenantView):
    """Metrics and node list come from the cache while the network is unchanged
    (``verbund.network.metrics_cache``); the filter form is validated on every request."""

    def get(self, request, municipality_slug):
        self.filter_form = GraphFilterForm(request.GET or None, municipality=self.municipality)
        filters = self.filter_form.to_filter()
        centre_ids = perms.centre_ids_within(self.access, self.permission, self.municipality)
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

        def nodes():
            found = cache.get(nodes_key)
            if found is None:
                compute()
                found = cache.get(nodes_key, [])
            return found

        figures = metrics_cache.cached(key, compute)
        query = request.GET.copy()
        for name in ("von", "bis"):
            query.pop(name, None)
        return render(
            request,
            "network/network.html",
            {
                **figures,
                "nodes": nodes,
                "figures_key": key,
                "cache_seconds": metrics_cache.seconds(),
                "filter_form": self.filter_form,
                "change_form": change_form if change_form.is_bound else ChangeForm(),
                "sector_headers": net.sector_headers(),
                "municipality_wide": Reach.MUNICIPALITY in self.access.reaches(self.permission),
                "query": query.urlencode(),
            },
        )


class NetworkJsonView(GraphMixin, TenantView):
    def get(self, request, municipality_slug):
        _data, graph = self.network()
        payload = {
            "generated": timezone.now().isoformat(),
            "municipality": self.municipality.name,
            "elements": net.cytoscape_elements(graph),
        }
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
        if request.GET.get("download"):
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
            [_("Name"), _("Art"), _("Verbindungen (Grad)"), _("Vermittlung (Betweenness)")],
            rows,
        )
