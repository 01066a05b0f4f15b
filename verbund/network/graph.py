"""The network as a graph: centres, organisations and bodies as nodes; stakeholder
relationships (weighted by quality), body seats and the membership of a centre's own
facilities in its Verbund ("gehört zum Verbund", ``MEMBER``) as edges.

Everything is built from ``values_list`` rows, never from model instances, so building the
graph of a large municipality costs a fixed number of queries and little memory. Metrics
come from networkx. Betweenness is exact up to ``EXACT_BETWEENNESS_MAX_NODES`` nodes; above
that it is approximated from k pivot nodes (Brandes–Pich sampling, fixed seed so results are
stable), with k chosen so that k × edges stays within ``BETWEENNESS_WORK_BUDGET`` (at least
``BETWEENNESS_MIN_SAMPLES``): 50,000 edges → 64 pivots. Brandes' algorithm runs
vectorised with numpy (``fast_betweenness``): exact results equal networkx's; sampled ones
use the usual Brandes–Pich n/k scaling. The page
says whether the figure is exact or approximated.
"""

from __future__ import annotations

import io
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
import numpy as np
from django.db.models import Q
from django.utils.translation import gettext as _

from verbund.tenancy.models import FamilyCentre

from .edges import extra_edges
from .models import (
    ACTIVE_STATUSES,
    SEED_SECTORS,
    Body,
    BodyMember,
    Organisation,
    Quality,
    Relationship,
    Sector,
    Status,
)

EXACT_BETWEENNESS_MAX_NODES = 600
BETWEENNESS_WORK_BUDGET = 3_200_000
BETWEENNESS_MIN_SAMPLES = 16
BETWEENNESS_SEED = 4711
BROKER_COUNT = 10
SHARED_LIMIT = 200  # organisations shared by several centres, most shared first
MEMBER = "member"  # edge kind: the organisation is a facility of the centre's Verbund


@dataclass(frozen=True)
class GraphFilter:
    sectors: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    area_id: int | None = None


@dataclass
class NetworkData:
    centres: dict[int, str] = field(default_factory=dict)
    organisations: dict[int, tuple[str, str]] = field(default_factory=dict)  # name, sector
    bodies: dict[int, tuple[str, str]] = field(default_factory=dict)  # name, kind
    # (centre_id, organisation_id, quality, status, started_on, ended_on)
    relationships: list[tuple] = field(default_factory=list)
    # (body_id, centre_id, organisation_id, joined_on, left_on)
    seats: list[tuple] = field(default_factory=list)
    # (centre_id, organisation_id, label) from the apps' registered sources (.edges)
    agreements: list[tuple] = field(default_factory=list)
    # (centre_id, organisation_id): organisations that are facilities of the centre's Verbund
    members: list[tuple] = field(default_factory=list)


def cid(pk: int) -> str:
    return f"c{pk}"


def oid(pk: int) -> str:
    return f"o{pk}"


def bid(pk: int) -> str:
    return f"b{pk}"


def load(
    *,
    municipality,
    centre_ids: set[int] | None,
    filters: GraphFilter | None = None,
    with_dates: bool = True,
) -> NetworkData:
    """A fixed number of queries whatever the size of the network. Without ``with_dates``
    the start and end dates are not read (they are only needed for ``change_between``), which
    saves converting tens of thousands of dates."""
    filters = filters or GraphFilter()
    data = NetworkData()
    centres = FamilyCentre.objects.filter(municipality=municipality)
    if centre_ids is not None:
        centres = centres.filter(pk__in=centre_ids)
    if filters.area_id:
        centres = centres.filter(areas__pk=filters.area_id)
    data.centres = dict(centres.values_list("pk", "name"))
    visible = set(data.centres)

    orgs = Organisation.objects.filter(municipality=municipality, archived_at__isnull=True)
    if filters.sectors:
        orgs = orgs.filter(sector__in=filters.sectors)
    if filters.area_id:
        orgs = orgs.filter(areas_served__pk=filters.area_id)
    if centre_ids is not None:
        # The centre's ties and own facilities, plus organisations serving its areas
        # (candidates, isolated).
        orgs = orgs.filter(
            Q(relationships__centre_id__in=visible)
            | Q(body_seats__body__members__centre_id__in=visible)
            | Q(areas_served__centres__in=visible)
            | Q(facility__centre_id__in=visible)
        )
    rows = orgs.distinct().values_list(
        "pk", "name", "sector", "facility__centre_id", "facility__archived_at"
    )
    for pk, name, sector, member_of, facility_archived in rows:
        data.organisations[pk] = (name, sector)
        if member_of in visible and facility_archived is None:
            data.members.append((member_of, pk))

    rels = Relationship.objects.filter(municipality=municipality, centre_id__in=visible)
    if filters.statuses:
        rels = rels.filter(status__in=filters.statuses)
    if with_dates:
        rows = rels.values_list(
            "centre_id", "organisation_id", "quality", "status", "started_on", "ended_on"
        )
    else:
        rows = (
            (*row, None, None)
            for row in rels.values_list("centre_id", "organisation_id", "quality", "status")
        )
    organisations = data.organisations
    data.relationships = [row for row in rows if row[1] in organisations]

    bodies = Body.objects.filter(municipality=municipality)
    if filters.area_id:
        bodies = bodies.filter(Q(area_id=filters.area_id) | Q(area__isnull=True))
    if centre_ids is not None:
        bodies = bodies.filter(Q(centre_id__in=visible) | Q(members__centre_id__in=visible))
    data.bodies = {
        pk: (name, kind) for pk, name, kind in bodies.distinct().values_list("pk", "name", "kind")
    }
    seats = BodyMember.objects.filter(municipality=municipality, body_id__in=list(data.bodies))
    data.seats = [
        row
        for row in seats.values_list(
            "body_id", "centre_id", "organisation_id", "joined_on", "left_on"
        )
        if (row[1] in visible) or (row[2] in data.organisations)
    ]
    data.agreements = extra_edges(municipality, visible, data.organisations)
    return data


def active_on(started_on, ended_on, day: date) -> bool:
    return (started_on is None or started_on <= day) and (ended_on is None or ended_on > day)


def build_graph(data: NetworkData, *, on: date | None = None) -> nx.Graph:
    graph = nx.Graph()
    for pk, name in data.centres.items():
        graph.add_node(cid(pk), label=name, kind="centre", sector="")
    for pk, (name, sector) in data.organisations.items():
        graph.add_node(oid(pk), label=name, kind="organisation", sector=sector)
    for pk, (name, kind) in data.bodies.items():
        graph.add_node(bid(pk), label=name, kind="body", sector=kind)
    ended = Status.ENDED
    graph.add_edges_from(
        (
            f"c{centre_id}",
            f"o{org_id}",
            {
                "kind": "relationship",
                "weight": quality if quality > 1 else 1,
                "quality": quality,
                "status": status,
            },
        )
        for centre_id, org_id, quality, status, started_on, ended_on in data.relationships
        if (status != ended if on is None else active_on(started_on, ended_on, on))
    )
    for body_id, centre_id, org_id, joined_on, left_on in data.seats:
        if on is None and left_on is not None:
            continue
        if on is not None and not active_on(joined_on, left_on, on):
            continue
        holder = cid(centre_id) if centre_id else oid(org_id)
        if holder in graph:
            graph.add_edge(bid(body_id), holder, kind="body", weight=1, quality=0, status="")
    for centre_id, org_id, label in data.agreements:
        a, b = cid(centre_id), oid(org_id)
        if graph.has_edge(a, b):
            graph.edges[a, b]["agreement"] = label
        else:
            graph.add_edge(a, b, kind="agreement", weight=2, quality=0, status="", agreement=label)
    for centre_id, org_id in data.members:
        a, b = cid(centre_id), oid(org_id)
        if graph.has_edge(a, b):
            graph.edges[a, b]["member"] = True
        else:
            graph.add_edge(a, b, kind=MEMBER, weight=3, quality=0, status="", member=True)
    return graph


@dataclass
class Metrics:
    nodes: int
    edges: int
    density: float
    brokers: list[dict]
    betweenness_exact: bool
    betweenness_samples: int
    degree: dict[str, int]
    betweenness: dict[str, float]
    isolated: list[dict]
    weakly_tied: list[dict]
    coverage: dict
    coverage_by_centre: list[dict]
    shared: list[dict]
    shared_count: int


def _label(graph, node) -> str:
    return graph.nodes[node]["label"]


def betweenness(graph: nx.Graph) -> tuple[dict, bool, int]:
    n = graph.number_of_nodes()
    if n <= EXACT_BETWEENNESS_MAX_NODES:
        return fast_betweenness(graph), True, n
    edges = max(graph.number_of_edges(), 1)
    k = min(n, max(BETWEENNESS_MIN_SAMPLES, BETWEENNESS_WORK_BUDGET // edges))
    return fast_betweenness(graph, k=k, seed=BETWEENNESS_SEED), False, k


def fast_betweenness(graph: nx.Graph, k: int | None = None, seed: int = 0) -> dict[str, float]:
    """Brandes' algorithm, unweighted, level-synchronous with numpy.

    Exact (``k=None``) it gives the numbers of ``networkx.betweenness_centrality(graph,
    normalized=True)``; with ``k`` pivots (drawn as networkx draws them) the sum is scaled by
    n/k (Brandes & Pich 2007). Every BFS level is one vectorised pass over the edge arrays
    instead of a Python loop per edge, about 20 times faster.
    """
    nodes = list(graph)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b in graph.edges() if a != b], dtype=np.int64)
    if not len(pairs):
        return dict.fromkeys(nodes, 0.0)
    src = np.concatenate([pairs[:, 0], pairs[:, 1]])
    dst = np.concatenate([pairs[:, 1], pairs[:, 0]])
    if k is None or k >= n:
        pivots = range(n)
        k = n
    else:
        rng = random.Random(seed)  # noqa: S311  (sampling, not security)
        pivots = [index[node] for node in rng.sample(nodes, k)]
    scores = np.zeros(n)
    for s in pivots:
        dist = np.full(n, -1, dtype=np.int64)
        dist[s] = 0
        sigma = np.zeros(n)
        sigma[s] = 1.0
        levels = []  # per level: the (src, dst) arrays of shortest-path edges
        depth = 0
        frontier_mask = dist == 0
        while True:
            out = frontier_mask[src]
            cand_src, cand_dst = src[out], dst[out]
            fresh = dist[cand_dst] == -1
            dist[cand_dst[fresh]] = depth + 1
            tree = dist[cand_dst] == depth + 1
            e_src, e_dst = cand_src[tree], cand_dst[tree]
            if not len(e_dst):
                break
            sigma += np.bincount(e_dst, weights=sigma[e_src], minlength=n)
            levels.append((e_src, e_dst))
            depth += 1
            frontier_mask = dist == depth
        delta = np.zeros(n)
        for e_src, e_dst in reversed(levels):
            delta += np.bincount(
                e_src, weights=sigma[e_src] / sigma[e_dst] * (1.0 + delta[e_dst]), minlength=n
            )
        delta[s] = 0.0
        scores += delta
    scale = 1.0 / ((n - 1) * (n - 2)) * (n / k)
    return {node: float(scores[i] * scale) for i, node in enumerate(nodes)}


def metrics(data: NetworkData, graph: nx.Graph | None = None) -> Metrics:
    graph = graph if graph is not None else build_graph(data)
    degree = dict(graph.degree())
    scores, exact, samples = betweenness(graph) if graph.number_of_edges() else ({}, True, 0)
    brokers = [
        {
            "id": node,
            "label": _label(graph, node),
            "kind": graph.nodes[node]["kind"],
            "score": round(score, 4),
            "degree": degree[node],
        }
        for node, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        if score > 0
    ][:BROKER_COUNT]
    sector_labels = {key: str(label) for key, label in Sector.choices}
    isolated, weakly = [], []
    # The strongest tie of each organisation (ints, straight from the rows): an agreement
    # counts as a working relationship.
    strongest: dict[str, int] = defaultdict(int)
    for _centre_id, org_id, quality, status, *_dates in data.relationships:
        if status != Status.ENDED and quality > strongest[org_id]:
            strongest[org_id] = quality
    for _centre_id, org_id, _title in data.agreements:
        strongest[org_id] = max(strongest[org_id], Quality.WORKING)
    for _centre_id, org_id in data.members:  # part of the Verbund: a close tie
        strongest[org_id] = max(strongest[org_id], Quality.GOOD)
    for node, attrs in graph.nodes(data=True):
        if attrs["kind"] != "organisation":
            continue
        entry = {
            "pk": int(node[1:]),
            "label": attrs["label"],
            "sector": str(sector_labels.get(attrs["sector"], attrs["sector"])),
            "degree": degree[node],
        }
        if degree[node] == 0:
            isolated.append(entry)
        elif strongest[entry["pk"]] < Quality.WORKING:
            weakly.append(entry)
    isolated.sort(key=lambda e: e["label"])
    weakly.sort(key=lambda e: e["label"])

    active = [
        r for r in data.relationships if r[3] in ACTIVE_STATUSES and r[1] in data.organisations
    ]
    covered_by_centre: dict[int, Counter] = defaultdict(Counter)
    centres_by_org: dict[int, set[int]] = defaultdict(set)
    # The centre's own facilities cover their sectors, too.
    ties = dict.fromkeys([(r[0], r[1]) for r in active] + data.members)
    for centre_id, org_id in ties:
        covered_by_centre[centre_id][data.organisations[org_id][1]] += 1
        centres_by_org[org_id].add(centre_id)
    covered = set()
    for counts in covered_by_centre.values():
        covered |= set(counts)
    coverage = {
        "covered": [str(sector_labels[s]) for s in SEED_SECTORS if s in covered],
        "missing": [str(sector_labels[s]) for s in SEED_SECTORS if s not in covered],
        "share": round(100 * len(covered & set(SEED_SECTORS)) / len(SEED_SECTORS)),
    }
    by_centre = []
    for centre_id, name in sorted(data.centres.items(), key=lambda kv: kv[1]):
        counts = covered_by_centre.get(centre_id, Counter())
        by_centre.append(
            {
                "pk": centre_id,
                "label": name,
                "counts": [counts.get(s, 0) for s in SEED_SECTORS],
                "missing": len([s for s in SEED_SECTORS if not counts.get(s)]),
            }
        )
    shared_ids = sorted(
        (org_id for org_id, centre_ids in centres_by_org.items() if len(centre_ids) > 1),
        key=lambda org_id: (-len(centres_by_org[org_id]), data.organisations[org_id][0]),
    )
    shared = [
        {
            "pk": org_id,
            "label": data.organisations[org_id][0],
            "sector": str(sector_labels[data.organisations[org_id][1]]),
            "centres": sorted(data.centres[c] for c in centres_by_org[org_id]),
        }
        for org_id in shared_ids[:SHARED_LIMIT]
    ]
    return Metrics(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        density=round(nx.density(graph), 4) if graph.number_of_nodes() > 1 else 0.0,
        brokers=brokers,
        betweenness_exact=exact,
        betweenness_samples=samples,
        degree=degree,
        betweenness=scores,
        isolated=isolated,
        weakly_tied=weakly,
        coverage=coverage,
        coverage_by_centre=by_centre,
        shared=shared,
        shared_count=len(shared_ids),
    )


def sector_headers() -> list[str]:
    labels = dict(Sector.choices)
    return [str(labels[s]) for s in SEED_SECTORS]


def change_between(data: NetworkData, start: date, end: date) -> dict:
    """Ties and sector coverage on two dates, and which ties began or ended in between."""
    sector_labels = dict(Sector.choices)

    def ties(day):
        return {
            (c, o)
            for c, o, _q, _s, started, ended in data.relationships
            if active_on(started, ended, day)
        }

    before, after = ties(start), ties(end)

    def sectors(tie_set):
        return {data.organisations[o][1] for _c, o in tie_set}

    def describe(tie_set):
        return sorted(
            f"{data.centres.get(c, '?')} – {data.organisations[o][0]}" for c, o in tie_set
        )

    graph_a, graph_b = build_graph(data, on=start), build_graph(data, on=end)
    return {
        "start": start,
        "end": end,
        "ties_start": len(before),
        "ties_end": len(after),
        "edges_start": graph_a.number_of_edges(),
        "edges_end": graph_b.number_of_edges(),
        "new": describe(after - before),
        "ended": describe(before - after),
        "sectors_gained": sorted(str(sector_labels[s]) for s in sectors(after) - sectors(before)),
        "sectors_lost": sorted(str(sector_labels[s]) for s in sectors(before) - sectors(after)),
    }


def cytoscape_elements(graph: nx.Graph, degree: dict | None = None) -> list[dict]:
    degree = degree or dict(graph.degree())
    elements = []
    for node, attrs in graph.nodes(data=True):
        elements.append(
            {
                "group": "nodes",
                "data": {
                    "id": node,
                    "label": attrs["label"],
                    "kind": attrs["kind"],
                    "sector": attrs["sector"],
                    "degree": degree.get(node, 0),
                },
            }
        )
    for index, (a, b, attrs) in enumerate(graph.edges(data=True)):
        elements.append(
            {
                "group": "edges",
                "data": {
                    "id": f"e{index}",
                    "source": a,
                    "target": b,
                    "kind": attrs["kind"],
                    "weight": attrs["weight"],
                    "quality": attrs["quality"],
                    "status": attrs["status"],
                },
            }
        )
    return elements


def graphml_bytes(graph: nx.Graph) -> bytes:
    clean = nx.Graph()
    for node, attrs in graph.nodes(data=True):
        clean.add_node(node, **{k: str(v) for k, v in attrs.items()})
    for a, b, attrs in graph.edges(data=True):
        clean.add_edge(
            a,
            b,
            kind=str(attrs["kind"]),
            weight=int(attrs["weight"]),
            quality=int(attrs["quality"]),
            status=str(attrs["status"]),
        )
    buffer = io.BytesIO()
    nx.write_graphml(clean, buffer, encoding="utf-8")
    return buffer.getvalue()


def empty_message() -> str:
    return _("Noch keine Beziehungen erfasst.")
