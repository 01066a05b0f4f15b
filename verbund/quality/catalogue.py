"""Reading, checking and writing criteria catalogues (JSON).

The format (``"format": "verbund.guetesiegel/1"``)::

    {"format": "verbund.guetesiegel/1", "name": "...", "description": "...",
     "seal": [{"kind": "service", "min_areas": 3}, {"kind": "structure", "min_areas": 4}],
     "areas": [{"key": "beratung", "kind": "service", "title": "...", "min_basic": 2,
                "min_total": 4,
                "criteria": [{"key": "B1", "level": "basic", "text": "...", "hint": "...",
                              "match": "all",
                              "rules": [{"type": "agreement", "sectors": [...]}]}]}]}

``kind`` of an area is ``service`` (Leistungsbereich), ``structure`` (Strukturbereich) or
``profile`` (Profilbereich, chosen by the centre, not counted for the seal). ``seal`` says how
many areas of a kind must reach their minimum. Every problem is reported in German with the
line and column (syntax) or the path in the file (``areas[2].criteria[0].rules[1].type``);
nothing is stored unless the whole file is right.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.utils.translation import gettext as _

from .rules import get_rule_type, rule_types

FORMAT = "verbund.guetesiegel/1"
DEFAULT_PATH = Path(__file__).with_name("default_catalogue.json")
MAX_BYTES = 1024 * 1024
AREA_KINDS = ("service", "structure", "profile")
LEVELS = ("basic", "additional")
MAX_AREAS = 40
MAX_CRITERIA = 200


class CatalogueError(ValueError):
    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def parse(text: str) -> dict:
    """The checked definition from JSON text, or ``CatalogueError`` naming every problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogueError(
            [
                _("Die Datei ist kein gültiges JSON: Zeile %(line)s, Spalte %(col)s: %(msg)s.")
                % {"line": error.lineno, "col": error.colno, "msg": _json_reason(error.msg)}
            ]
        ) from None
    errors: list[str] = []
    definition = check(data, errors)
    if errors:
        raise CatalogueError(errors[:30])
    return definition


def _json_reason(msg: str) -> str:
    reasons = {
        "Expecting value": _("hier fehlt ein Wert"),
        "Expecting ',' delimiter": _("hier fehlt ein Komma"),
        "Expecting ':' delimiter": _("hier fehlt ein Doppelpunkt"),
        "Expecting property name enclosed in double quotes": _(
            "hier wird ein Name in doppelten Anführungszeichen erwartet"
        ),
        "Unterminated string starting at": _("eine Zeichenkette ist nicht geschlossen"),
        "Extra data": _("nach dem Ende folgt noch Text"),
        "Invalid control character at": _("unerlaubtes Steuerzeichen"),
    }
    return reasons.get(msg, msg)


def _err(errors, path, message, **values):
    errors.append(_("%(path)s: %(message)s") % {"path": path, "message": message % values})


def _text(errors, obj, name, path, *, required=True, max_length=2000) -> str:
    value = obj.get(name)
    if value is None or value == "":
        if required:
            _err(errors, f"{path}.{name}", _("fehlt"))
        return ""
    if not isinstance(value, str):
        _err(errors, f"{path}.{name}", _("muss ein Text sein"))
        return ""
    if len(value) > max_length:
        _err(errors, f"{path}.{name}", _("ist länger als %(n)s Zeichen"), n=max_length)
    return value.strip()


def _int(errors, obj, name, path, *, minimum=0, maximum=1000, default=0) -> int:
    value = obj.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        _err(errors, f"{path}.{name}", _("muss eine ganze Zahl sein"))
        return default
    if not minimum <= value <= maximum:
        _err(
            errors,
            f"{path}.{name}",
            _("muss zwischen %(lo)s und %(hi)s liegen"),
            lo=minimum,
            hi=maximum,
        )
    return value


def _unknown(errors, obj, allowed, path):
    for name in obj:
        if name not in allowed:
            _err(errors, f"{path}.{name}", _("ist kein bekanntes Feld"))


def check(data, errors: list[str]) -> dict:
    if not isinstance(data, dict):
        _err(errors, "$", _("Die Datei muss ein JSON-Objekt { … } enthalten"))
        return {}
    if data.get("format") != FORMAT:
        _err(errors, "format", _("muss „%(f)s“ sein"), f=FORMAT)
    _unknown(errors, data, {"format", "name", "description", "note", "seal", "areas"}, "$")
    definition = {
        "format": FORMAT,
        "name": _text(errors, data, "name", "$", max_length=200),
        "description": _text(errors, data, "description", "$", required=False, max_length=4000),
        "note": _text(errors, data, "note", "$", required=False, max_length=4000),
        "seal": [],
        "areas": [],
    }
    areas = data.get("areas")
    if not isinstance(areas, list) or not areas:
        _err(errors, "areas", _("muss eine Liste mit mindestens einem Bereich sein"))
        areas = []
    if len(areas) > MAX_AREAS:
        _err(errors, "areas", _("höchstens %(n)s Bereiche"), n=MAX_AREAS)
    area_keys: set[str] = set()
    criterion_keys: set[str] = set()
    for index, area in enumerate(areas[:MAX_AREAS]):
        checked = _check_area(errors, area, f"areas[{index}]", area_keys, criterion_keys)
        if checked:
            definition["areas"].append(checked)
    seal = data.get("seal", [])
    if not isinstance(seal, list):
        _err(errors, "seal", _("muss eine Liste sein"))
        seal = []
    for index, entry in enumerate(seal):
        path = f"seal[{index}]"
        if not isinstance(entry, dict):
            _err(errors, path, _("muss ein Objekt sein"))
            continue
        _unknown(errors, entry, {"kind", "min_areas"}, path)
        kind = entry.get("kind")
        if kind not in ("service", "structure"):
            _err(errors, f"{path}.kind", _("muss „service“ oder „structure“ sein"))
            continue
        total = sum(1 for a in definition["areas"] if a["kind"] == kind)
        minimum = _int(errors, entry, "min_areas", path, minimum=0, maximum=max(total, 0))
        definition["seal"].append({"kind": kind, "min_areas": minimum})
    return definition


def _check_area(errors, area, path, area_keys, criterion_keys) -> dict | None:
    if not isinstance(area, dict):
        _err(errors, path, _("muss ein Objekt sein"))
        return None
    _unknown(
        errors,
        area,
        {"key", "kind", "title", "description", "min_basic", "min_total", "criteria"},
        path,
    )
    key = _text(errors, area, "key", path, max_length=40)
    if key in area_keys:
        _err(errors, f"{path}.key", _("„%(key)s“ kommt doppelt vor"), key=key)
    area_keys.add(key)
    kind = area.get("kind")
    if kind not in AREA_KINDS:
        _err(errors, f"{path}.kind", _("muss „service“, „structure“ oder „profile“ sein"))
    criteria = area.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        _err(errors, f"{path}.criteria", _("muss eine Liste mit mindestens einem Kriterium sein"))
        criteria = []
    checked = []
    for index, criterion in enumerate(criteria[:MAX_CRITERIA]):
        item = _check_criterion(errors, criterion, f"{path}.criteria[{index}]", criterion_keys)
        if item:
            checked.append(item)
    basic = sum(1 for c in checked if c["level"] == "basic")
    result = {
        "key": key,
        "kind": kind,
        "title": _text(errors, area, "title", path, max_length=200),
        "description": _text(errors, area, "description", path, required=False),
        "min_basic": _int(errors, area, "min_basic", path, maximum=max(basic, 0)),
        "min_total": _int(errors, area, "min_total", path, maximum=max(len(checked), 0)),
        "criteria": checked,
    }
    return result


def _check_criterion(errors, criterion, path, criterion_keys) -> dict | None:
    if not isinstance(criterion, dict):
        _err(errors, path, _("muss ein Objekt sein"))
        return None
    _unknown(errors, criterion, {"key", "level", "text", "hint", "match", "rules"}, path)
    key = _text(errors, criterion, "key", path, max_length=40)
    if key in criterion_keys:
        _err(errors, f"{path}.key", _("„%(key)s“ kommt doppelt vor"), key=key)
    criterion_keys.add(key)
    level = criterion.get("level", "basic")
    if level not in LEVELS:
        _err(errors, f"{path}.level", _("muss „basic“ oder „additional“ sein"))
    match = criterion.get("match", "all")
    if match not in ("all", "any"):
        _err(errors, f"{path}.match", _("muss „all“ oder „any“ sein"))
    rules = criterion.get("rules", [])
    if not isinstance(rules, list):
        _err(errors, f"{path}.rules", _("muss eine Liste sein"))
        rules = []
    return {
        "key": key,
        "level": level,
        "text": _text(errors, criterion, "text", path, max_length=1000),
        "hint": _text(errors, criterion, "hint", path, required=False, max_length=1000),
        "match": match,
        "rules": [r for i, r in enumerate(rules) if _check_rule(errors, r, f"{path}.rules[{i}]")],
    }


def _check_rule(errors, rule, path) -> bool:
    if not isinstance(rule, dict):
        _err(errors, path, _("muss ein Objekt sein"))
        return False
    rule_type = get_rule_type(rule.get("type")) if isinstance(rule.get("type"), str) else None
    if rule_type is None:
        _err(
            errors,
            f"{path}.type",
            _("unbekannte Regelart „%(type)s“; bekannt sind: %(known)s"),
            type=rule.get("type"),
            known=", ".join(sorted(rule_types())),
        )
        return False
    params = {p.name: p for p in rule_type.params}
    ok = True
    for name, value in rule.items():
        if name == "type":
            continue
        param = params.get(name)
        where = f"{path}.{name}"
        if param is None:
            _err(
                errors,
                where,
                _("ist für die Regelart „%(type)s“ nicht vorgesehen (möglich: %(known)s)"),
                type=rule_type.key,
                known=", ".join(params),
            )
            ok = False
        elif param.kind is bool and not isinstance(value, bool):
            _err(errors, where, _("muss true oder false sein"))
            ok = False
        elif param.kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            _err(errors, where, _("muss eine ganze Zahl sein"))
            ok = False
        elif param.kind is int and not (
            (param.min_value is None or value >= param.min_value)
            and (param.max_value is None or value <= param.max_value)
        ):
            _err(
                errors,
                where,
                _("muss zwischen %(lo)s und %(hi)s liegen"),
                lo=param.min_value,
                hi=param.max_value,
            )
            ok = False
        elif param.kind is str and not (isinstance(value, str) and len(value) <= 200):
            _err(errors, where, _("muss ein Text (höchstens 200 Zeichen) sein"))
            ok = False
        elif param.kind is list:
            if not isinstance(value, list) or not all(
                isinstance(v, str) and len(v) <= 60 for v in value
            ):
                _err(errors, where, _("muss eine Liste von Texten sein"))
                ok = False
            elif param.choices is not None:
                allowed = set(param.choices())
                wrong = [v for v in value if v not in allowed]
                if wrong:
                    _err(
                        errors,
                        where,
                        _("unbekannte Werte %(wrong)s; möglich sind: %(known)s"),
                        wrong=", ".join(wrong),
                        known=", ".join(sorted(allowed)),
                    )
                    ok = False
    return ok


def dumps(definition: dict) -> str:
    return json.dumps(definition, ensure_ascii=False, indent=2) + "\n"


def default_definition() -> dict:
    return parse(DEFAULT_PATH.read_text(encoding="utf-8"))


def criteria(definition: dict):
    """(area, criterion) for every criterion, in catalogue order."""
    for area in definition.get("areas", []):
        for criterion in area["criteria"]:
            yield area, criterion
