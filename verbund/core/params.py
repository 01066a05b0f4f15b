"""Query parameters parsed with bounds: a value that is not a plain integer in range is
treated as absent, never passed to ``int()`` or the database as it came.

``"²".isdigit()`` is true but ``int("²")`` fails; a 20-digit id passes ``int()`` but overflows
the database's 64-bit integers. Views read numeric query parameters through ``int_param``
(or a form with bounded fields); URL kwargs through the ``id`` path converter.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1  # BigAutoField on PostgreSQL and SQLite


def int_param(data, name: str, *, min_value: int = 1, max_value: int = MAX_ID, default=None):
    """``data[name]`` as an int within ``[min_value, max_value]``, else ``default``."""
    field = forms.IntegerField(min_value=min_value, max_value=max_value, required=False)
    raw = data.get(name, "")
    if not isinstance(raw, str) or len(raw) > 25:
        return default
    try:
        value = field.clean(raw)
    except ValidationError:
        return default
    return default if value is None else value


PAGE_PARAM = "seite"


def filter_data(querydict):
    """A list's filter values: the query without its page number, ``None`` when nothing else
    is given (a filter form then shows its defaults). Page 2 continues page 1's list."""
    data = querydict.copy()
    data.pop(PAGE_PARAM, None)
    return data or None


def filter_key(querydict) -> tuple:
    """The filter values in a stable order, for a cache key (the page number left out)."""
    return tuple(
        sorted((key, tuple(values)) for key, values in querydict.lists() if key != PAGE_PARAM)
    )
