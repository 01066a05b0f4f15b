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
