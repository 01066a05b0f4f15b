"""A web process's start (issue 17): what every request would otherwise load on first use is
loaded now, then kept out of the garbage collector's way.

A gunicorn worker holds some 180,000 objects from its start (the apps, their models, forms
and URLconfs) that live as long as the process. Python's full collection walks all of them:
under load at state scale a worker paused 110–120 ms for each, several times a minute, and
every request queued behind it waited. ``gc.freeze()`` moves the objects present now into a
generation the collector never walks (the pattern Python's documentation gives for forking
servers); a full collection then walks only what requests keep, 10–12 ms on the same load.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Import every URLconf and view module now, then freeze what the process holds."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the import of every urls and views module
    gc.collect()
    gc.freeze()
