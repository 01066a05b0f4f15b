"""Sample values for this app's URL kwargs, one module per part (see ``parts.py``)."""

from __future__ import annotations

import importlib

SAMPLES: dict = {}
for _part in ("homepage", "finder", "signals"):
    _name = f"verbund.public.tests.isolation_{_part}"
    try:
        SAMPLES.update(importlib.import_module(_name).SAMPLES)
    except ModuleNotFoundError as error:
        if error.name != _name:
            raise
