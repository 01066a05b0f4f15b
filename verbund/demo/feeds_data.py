"""A small neighbour directory for the feed-import demo: "Familienangebote Nachbarstadt
Birkenau" as an HSDS 3.0 tabular data package. Its shape (tables, columns, how attributes
link taxonomy terms to services) follows the official examples of Open Referral HSDS 3.0
(openreferral/specification @ 279fd2e, CC BY-SA 4.0); the texts are German demo content."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from pathlib import Path

DESCRIPTOR = Path(__file__).resolve().parents[1] / "api" / "hsds_datapackage.json"


def uid(key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"birkenau/{key}"))


ORGANIZATION = {
    "id": uid("org"),
    "name": "Stadt Birkenau – Jugendamt",
    "description": "Familienbüro und Familienzentren der Nachbarstadt Birkenau",
    "email": "familienbuero@birkenau.example",
}
TERMS = [
    {
        "id": uid("t-baby"),
        "code": "LP01",
        "name": "Babys (0–1 Jahre)",
        "taxonomy": "Birkenau",
        "description": "Begriff des Familienbüros Birkenau",
    },
    {
        "id": uid("t-eltern"),
        "code": "TH03",
        "name": "Elternbildung",
        "taxonomy": "Birkenau",
        "description": "Begriff des Familienbüros Birkenau",
    },
    {
        "id": uid("t-sprache"),
        "code": "TH07",
        "name": "Sprachförderung",
        "taxonomy": "Birkenau",
        "description": "Begriff des Familienbüros Birkenau",
    },
]
SERVICES = [
    ("cafe", "Elterncafé am Birkenplatz", "Offener Treff für Eltern mit Babys",
     "Jeden Dienstag treffen sich Eltern mit Babys zum Austausch; eine Hebamme ist dabei.",
     "Birkenplatz 4", ["t-baby", "t-eltern"]),
    ("kurs", "Starke Eltern – starke Kinder", "Elternkurs in acht Abenden",
     "Der Kurs des Kinderschutzbundes stärkt Eltern im Erziehungsalltag.",
     "Schulstraße 12", ["t-eltern"]),
    ("sprache", "Rucksack Kita", "Sprachförderung mit Eltern",
     "Eltern lernen, wie sie die Sprache ihrer Kinder zu Hause fördern – auch mehrsprachig.",
     "Lindenweg 2", ["t-sprache"]),
]  # fmt: skip


def tables() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {
        "organizations.csv": [ORGANIZATION],
        "taxonomy_terms.csv": TERMS,
        "services.csv": [],
        "locations.csv": [],
        "addresses.csv": [],
        "service_at_location.csv": [],
        "languages.csv": [],
        "attributes.csv": [],
    }
    for key, name, alternate, description, street, terms in SERVICES:
        sid, loc = uid(key), uid(f"loc-{key}")
        rows["services.csv"].append(
            {"id": sid, "organization_id": ORGANIZATION["id"], "name": name,
             "alternate_name": alternate, "description": description, "status": "active",
             "email": "familienbuero@birkenau.example"}
        )  # fmt: skip
        rows["locations.csv"].append(
            {"id": loc, "location_type": "physical", "name": name,
             "organization_id": ORGANIZATION["id"]}
        )  # fmt: skip
        rows["addresses.csv"].append(
            {"id": uid(f"addr-{key}"), "location_id": loc, "address_1": street,
             "city": "Birkenau", "region": "", "state_province": "Hessen",
             "postal_code": "69488", "country": "DE", "address_type": "physical"}
        )  # fmt: skip
        rows["service_at_location.csv"].append(
            {"id": uid(f"sal-{key}"), "service_id": sid, "location_id": loc}
        )
        rows["languages.csv"].append(
            {"id": uid(f"lang-{key}"), "service_id": sid, "name": "Deutsch", "code": "de"}
        )
        for term in terms:
            rows["attributes.csv"].append(
                {"id": uid(f"attr-{key}-{term}"), "link_id": sid, "taxonomy_term_id": uid(term),
                 "link_type": "service", "link_entity": "service", "value": ""}
            )  # fmt: skip
    return rows


def package() -> bytes:
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    fields = {
        r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]
    }
    rows = tables()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor))
        for path, names in fields.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=names, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows.get(path, []))
            archive.writestr(path, text.getvalue())
    return buffer.getvalue()
