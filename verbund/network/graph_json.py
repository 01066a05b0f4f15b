"""The graph as the network map loads it: compact, cached and compressed.

The verbose Cytoscape export (``graph.cytoscape_elements``) of 5,000 organisations and 50,000
edges was 8.7 MB; the map needs far less. Here every node is one array
``[id, label, kind, sector, degree]`` (kind ``c``/``o``/``b``) and every edge one array
``[source index, target index, type]`` pointing into the node list, where the type is the
relationship's quality 0–4, ``5`` an agreement without a relationship, ``6`` a seat in a
body and ``7`` a facility's membership in its centre's Verbund ("gehört zum Verbund") without
a relationship. ``static/js/network.js`` turns that back into Cytoscape elements.
"""

from __future__ import annotations

import gzip
import json

from .models import Sector

FORMAT_VERSION = 1
KIND_CODES = {"centre": "c", "organisation": "o", "body": "b"}
AGREEMENT_EDGE = 5
BODY_EDGE = 6
MEMBER_EDGE = 7

# Colours per sector on the network map, with a key beside it (the sectors are also a column
# of the table below the map). Paul Tol's colour-blind-aware qualitative schemes ("muted" and
# "light"), no two neighbours in hue of the same lightness; colour is never the only cue.
SECTOR_COLOURS = {
    Sector.CHILD_YOUTH_WELFARE: "#332288",
    Sector.EDUCATION_SCHOOL: "#88ccee",
    Sector.HEALTH: "#44aa99",
    Sector.COUNSELLING: "#117733",
    Sector.FAMILY_EDUCATION: "#999933",
    Sector.SPORT_CLUB: "#ddcc77",
    Sector.CULTURE_LIBRARY: "#cc6677",
    Sector.FIRE_SAFETY: "#882255",
    Sector.INTEGRATION: "#aa4499",
    Sector.RELIGION: "#6699cc",
    Sector.ADMINISTRATION: "#5a5a5a",
    Sector.ECONOMY: "#ee8866",
    Sector.OTHER: "#bbbbbb",
}
CENTRE_COLOUR = "#1b1d2b"


def sector_key() -> list[tuple[str, str, str]]:
    """(sector, label, colour) for the map's key, in the order of the sector choices."""
    return [(value, str(label), SECTOR_COLOURS[value]) for value, label in Sector.choices]


def compact(graph, degree: dict | None = None) -> dict:
    degree = degree or dict(graph.degree())
    index = {}
    nodes = []
    for position, (node, attrs) in enumerate(graph.nodes(data=True)):
        index[node] = position
        nodes.append(
            [node, attrs["label"], KIND_CODES[attrs["kind"]], attrs["sector"], degree.get(node, 0)]
        )
    edges = []
    for a, b, attrs in graph.edges(data=True):
        kind = attrs["kind"]
        if kind == "body":
            code = BODY_EDGE
        elif kind == "agreement":
            code = AGREEMENT_EDGE
        elif kind == "member":
            code = MEMBER_EDGE
        else:
            code = int(attrs["quality"])
        edges.append([index[a], index[b], code])
    return {"v": FORMAT_VERSION, "n": nodes, "e": edges}


def encode(payload: dict) -> tuple[bytes, bytes]:
    """The JSON body, plain and gzip-compressed (both cached; compressing costs more than
    serving)."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return body, gzip.compress(body, compresslevel=6, mtime=0)
