"""Public routes (``/<municipality>/…``) and the internal pages that edit them. Included last
in ``config/urls.py``, so every other top-level path wins over a municipality's slug."""

from .urls_finder import urlpatterns as finder
from .urls_homepage import urlpatterns as homepage
from .urls_signals import urlpatterns as signals

app_name = "public"

# The finder and signals come before the homepage part's ``<municipality>/<centre>/``.
urlpatterns: list = [*finder, *signals, *homepage]
