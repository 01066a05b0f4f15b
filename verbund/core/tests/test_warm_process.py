"""The web process freezes what it holds after its start (``verbund.core.warm_process``)."""

import gc
import importlib
import sys

from django.urls import clear_url_caches, get_resolver


def test_the_wsgi_module_loads_every_urlconf_and_freezes_the_start():
    gc.unfreeze()
    clear_url_caches()
    sys.modules.pop("config.wsgi", None)
    try:
        wsgi = importlib.import_module("config.wsgi")
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()
    assert callable(wsgi.application)
    assert "url_patterns" in get_resolver().__dict__  # the URLconf was imported at start
    assert frozen > 10_000  # the apps' objects, not a handful
