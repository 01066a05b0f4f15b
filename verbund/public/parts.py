"""The public site is built in three parts that keep to their own modules:

- homepage: the centre homepage, the municipality portal and the municipality's legal pages
  (``homepage/``, ``urls_homepage.py``, ``templates/public/homepage/``);
- finder: the offer finder, offer detail, print and embed views, anonymous search counts
  (``finder/``, ``urls_finder.py``, ``templates/public/finder/``);
- signals and languages: "Was fehlt Ihnen?", the language choice of public pages
  (``signals/``, ``urls_signals.py``, ``templates/public/signals/``).

Each part registers what it needs (menu entries, help, actions, dashboard items) in its own
``ready()`` function, called from here.
"""

from __future__ import annotations

import importlib

PARTS = ("homepage", "finder", "signals")


def ready_parts(config) -> None:
    for part in PARTS:
        try:
            module = importlib.import_module(f"verbund.public.{part}.ready")
        except ModuleNotFoundError as error:
            if (
                error.name != f"verbund.public.{part}.ready"
                and error.name != f"verbund.public.{part}"
            ):
                raise
            continue
        module.ready(config)
