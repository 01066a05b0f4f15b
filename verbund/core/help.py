"""Short help for every page: apps register one or two plain sentences per URL name in
``AppConfig.ready()`` (usually in their ``help.py``); ``templates/base.html`` shows the text
of the current page with a link to the glossary (``components/page_help.html``)."""

from __future__ import annotations

_HELP: dict[str, object] = {}


def register_help(url_name: str, text) -> None:
    """Help for the page ``url_name`` (``"app:name"``); ``text`` is a lazy German string."""
    if ":" not in url_name:
        raise ValueError(f"help needs a namespaced URL name, not {url_name!r}")
    _HELP[url_name] = text


def register_helps(texts: dict[str, object]) -> None:
    for url_name, text in texts.items():
        register_help(url_name, text)


def help_for(url_name: str | None):
    return _HELP.get(url_name or "")


def help_pages() -> set[str]:
    return set(_HELP)
