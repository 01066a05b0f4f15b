"""The municipality's start page is drawn by a higher app (the dashboard, "Was steht an").

Tenancy owns the URL (``tenancy:home``) but imports no higher layer: the dashboard registers
its page here in ``AppConfig.ready()``. Without one, the plain overview is shown.
"""

from __future__ import annotations

from collections.abc import Callable

_start_page: Callable | None = None


def register_start_page(view: Callable) -> None:
    """``view(tenant_view, request) -> HttpResponse``."""
    global _start_page
    if _start_page is not None and _start_page is not view:
        raise ValueError("a start page is already registered")
    _start_page = view


def start_page() -> Callable | None:
    return _start_page


_centre_page: Callable | None = None


def register_centre_page(url_for: Callable) -> None:
    """``url_for(access, municipality, centre) -> str | None``: the page joining everything about a
    centre ("Mein Familienzentrum"), linked from the centre's own page when the user may
    open it."""
    global _centre_page
    _centre_page = url_for


def centre_page_url(access, municipality, centre) -> str | None:
    return _centre_page(access, municipality, centre) if _centre_page is not None else None
