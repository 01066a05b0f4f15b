"""Checking an HSDS service object against the official 3.0 schema (``hsds_schema/``, copied
from the specification) and saying in German what is wrong where: the schema path of the field
and the value found."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

SCHEMA_DIR = Path(__file__).with_name("hsds_schema")
MAX_ERRORS_PER_RECORD = 10


@cache
def service_validator():
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (path.name, Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    schema = json.loads((SCHEMA_DIR / "service.json").read_text(encoding="utf-8"))
    return Draft202012Validator(
        schema, registry=Registry().with_resources(resources), format_checker=FormatChecker()
    )


def _shown(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "…"


def german(error) -> str:
    kind = error.validator
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return _("Pflichtfeld fehlt: %(fields)s") % {"fields": ", ".join(missing)}
    if kind == "type":
        expected = error.validator_value
        names = {
            "string": _("Text"),
            "number": _("Zahl"),
            "integer": _("ganze Zahl"),
            "boolean": _("wahr/falsch"),
            "array": _("Liste"),
            "object": _("Objekt"),
        }
        if isinstance(expected, list):
            wanted = " " + _("oder") + " "
            wanted = wanted.join(str(names.get(e, e)) for e in expected)
        else:
            wanted = str(names.get(expected, expected))
        return _("erwartet %(type)s, gefunden %(value)s") % {
            "type": wanted,
            "value": _shown(error.instance),
        }
    if kind == "format":
        return _("ungültiges Format „%(format)s“: %(value)s") % {
            "format": error.validator_value,
            "value": _shown(error.instance),
        }
    if kind == "enum":
        return _("nicht erlaubter Wert %(value)s (erlaubt: %(allowed)s)") % {
            "value": _shown(error.instance),
            "allowed": ", ".join(map(str, error.validator_value)),
        }
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return _("Wert %(value)s außerhalb des erlaubten Bereichs (%(rule)s %(limit)s)") % {
            "value": _shown(error.instance),
            "rule": kind,
            "limit": error.validator_value,
        }
    if kind == "pattern":
        return _("Wert %(value)s passt nicht zum Muster %(pattern)s") % {
            "value": _shown(error.instance),
            "pattern": error.validator_value,
        }
    return _("Wert %(value)s entspricht nicht dem Schema (%(rule)s)") % {
        "value": _shown(error.instance),
        "rule": kind,
    }


def service_errors(service: dict) -> list[tuple[str, str]]:
    """(field path, German message) for each schema error of ``service`` (the first few)."""
    instance = {k: v for k, v in service.items() if not k.startswith("_")}
    found = []
    for error in service_validator().iter_errors(instance):
        path = "/".join(map(str, error.absolute_path)) or _("(ganzer Eintrag)")
        found.append((path, german(error)))
        if len(found) >= MAX_ERRORS_PER_RECORD:
            break
    return found
