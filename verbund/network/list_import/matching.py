"""Finding the record a row of a list duplicates or resembles: the same name at the same
address, or a very similar name within ``DUPLICATE_METRES``, is a duplicate (skipped); a
similar name, or a somewhat similar one close by, is imported with a note."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from verbund.tenancy.models import Facility

from ..duplicates import (
    NAME_THRESHOLD,
    NAME_WITH_ADDRESS_THRESHOLD,
    normalise,
    normalise_street,
    similarity,
)
from ..models import Organisation

FACILITY = "facility"
ORGANISATION = "organisation"
TARGETS = {FACILITY: Facility, ORGANISATION: Organisation}
DUPLICATE_METRES = 50  # a very similar name this close is the same place
NEIGHBOUR_METRES = 150  # a somewhat similar name this close is worth a look
FUZZY_BUDGET = 2_000_000  # name comparisons; above, only exact names and positions


def existing_records(*, municipality, target: str) -> list[tuple]:
    """``(pk, name, street, postcode, city, lat, lon)`` of the active records."""
    model = TARGETS[target]
    return [
        (pk, name, street, postcode, city, _float(lat), _float(lon))
        for pk, name, street, postcode, city, lat, lon in model.objects.filter(
            municipality=municipality, archived_at__isnull=True
        ).values_list("pk", "name", "street", "postcode", "city", "latitude", "longitude")
    ]


def _float(value) -> float | None:
    return float(value) if value is not None else None


def metres(lat1, lon1, lat2, lon2) -> float:
    dy = (lat2 - lat1) * 111_195
    dx = (lon2 - lon1) * 111_195 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


class Duplicates:
    """Finds the record a row duplicates, or resembles, among existing ones and earlier rows."""

    def __init__(self, existing: list[tuple], rows: int):
        self.existing = existing
        self.by_key = {(normalise(e[1]), normalise_street(e[2])): e for e in existing}
        self.fuzzy = len(existing) * max(rows, 1) <= FUZZY_BUDGET
        self.grid: dict[tuple[int, int], list[tuple]] = {}
        for e in existing:
            if e[5] is not None and e[6] is not None:
                self.grid.setdefault(self._cell(e[5], e[6]), []).append(e)
        self.in_file: dict[tuple[str, str], int] = {}

    @staticmethod
    def _cell(lat, lon):
        return int(lat * 500), int(lon * 300)  # about 220 m × 220 m

    def near(self, lat, lon):
        row, col = self._cell(lat, lon)
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                yield from self.grid.get((row + dr, col + dc), [])

    def check(self, *, line: int, name: str, street: str, postcode: str, lat, lon):
        """``("duplicate"|"in_file"|"similar"|"", note, pk of the record it matches)``."""
        key = (normalise(name), normalise_street(street))
        if key in self.in_file:
            where = self.in_file[key]
            return "in_file", _("steht schon in %(where)s der Datei") % {"where": where}, None
        self.in_file[key] = line
        exact = self.by_key.get(key)
        if exact:
            note = _("gibt es schon: „%(name)s“%(address)s") % {
                "name": exact[1],
                "address": f", {exact[2]}" if exact[2] else "",
            }
            return "duplicate", note, exact[0]
        best = None
        if lat is not None and lon is not None:
            for e in self.near(lat, lon):
                distance = metres(lat, lon, e[5], e[6])
                if distance > NEIGHBOUR_METRES:
                    continue
                score = similarity(key[0], normalise(e[1]))
                if distance <= DUPLICATE_METRES and score >= NAME_THRESHOLD:
                    note = _("gibt es schon: „%(name)s“, %(m)s m entfernt") % {
                        "name": e[1],
                        "m": round(distance),
                    }
                    return "duplicate", note, e[0]
                if score >= NAME_WITH_ADDRESS_THRESHOLD and (best is None or score > best[0]):
                    best = (
                        score,
                        _("ähnelt „%(name)s“, %(m)s m entfernt")
                        % {
                            "name": e[1],
                            "m": round(distance),
                        },
                        e[0],
                    )
        if best is None and self.fuzzy:
            for e in self.existing:
                score = similarity(key[0], normalise(e[1]))
                if score >= NAME_THRESHOLD and (best is None or score > best[0]):
                    place = ", ".join(p for p in [e[2], e[4]] if p)
                    best = (
                        score,
                        _("ähnelt „%(name)s“%(place)s")
                        % {
                            "name": e[1],
                            "place": f" ({place})" if place else "",
                        },
                        e[0],
                    )
        if best:
            return "similar", best[1], best[2]
        return "", "", None
