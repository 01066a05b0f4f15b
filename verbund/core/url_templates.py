"""``reverse()`` for the addresses a list repeats on every row, from a template per view.

Django's ``reverse()`` walks the URL patterns and matches a regular expression on every call,
about 35 µs; a list of 50 rows with a link or two each spent 2–5 ms of its time there
(issue 17). For a view name with exactly one pattern whose parameters are plain ints, slugs,
strings or paths, the address is the same text around the arguments every time. It is
reversed once per process with placeholder arguments, and later calls fill the arguments in.

Anything else (keyword arguments, other converters, several patterns under one name,
arguments that would need quoting) goes to ``reverse()`` itself, so the result is always
what ``reverse()`` returns.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter
from django.utils.translation import get_language

# Only characters that neither reverse() quotes nor any of the plain converters refuses.
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+\Z")
_PLAIN_CONVERTERS = (IntConverter, PathConverter, SlugConverter, StringConverter)
_templates: dict[tuple, str | None] = {}


def clear_url_templates() -> None:
    _templates.clear()


def _kind(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "int" if value >= 0 else None
    if isinstance(value, str) and _PLAIN.match(value):
        return "str"
    return None


def _placeholder(index: int, kind: str) -> str:
    # Same length for every index, so no placeholder is part of another.
    return f"73919{index:03d}91937" if kind == "int" else f"zqxv{index:03d}vxqz"


def _single_plain_pattern(view_name: str, urlconf) -> bool:
    """True when the name (namespaces resolved as ``reverse()`` does for one instance each)
    has exactly one pattern, with only the plain converters."""
    resolver = get_resolver(urlconf)
    *namespaces, name = view_name.split(":")
    for namespace in namespaces:
        if len(resolver.app_dict.get(namespace, [namespace])) != 1:
            return False
        if namespace not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[namespace][1]
    possibilities = resolver.reverse_dict.getlist(name)
    if len(possibilities) != 1:
        return False
    variants, _pattern, defaults, converters = possibilities[0]
    if len(variants) != 1 or defaults:
        return False
    return all(isinstance(converter, _PLAIN_CONVERTERS) for converter in converters.values())


def _template(urlconf, view_name: str, kinds: tuple[str, ...], current_app) -> str | None:
    if not isinstance(view_name, str) or not _single_plain_pattern(view_name, urlconf):
        return None
    placeholders = [_placeholder(index, kind) for index, kind in enumerate(kinds)]
    try:
        url = reverse(view_name, args=placeholders, current_app=current_app)
    except NoReverseMatch:
        return None
    template = url.replace("{", "{{").replace("}", "}}")
    for index, placeholder in enumerate(placeholders):
        if template.count(placeholder) != 1:
            return None
        template = template.replace(placeholder, f"{{{index}}}")
    return template


def url_environment() -> tuple:
    """What an address depends on besides its name, arguments and language: the script prefix
    and the URL configuration (both fixed for a request)."""
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


def _cached_template(view_name, kinds, current_app, environment) -> str | None:
    key = (view_name, kinds, current_app, get_language(), *environment)
    try:
        return _templates[key]
    except KeyError:
        template = _templates[key] = _template(key[-1], view_name, kinds, current_app)
        return template


def fast_reverse(view_name, args=(), current_app=None, environment=None) -> str:
    """``reverse(view_name, args=args, current_app=current_app)``, faster when it can be.
    ``environment``: ``url_environment()`` when the caller already has it."""
    kinds = tuple(_kind(arg) for arg in args)
    if None in kinds:
        return reverse(view_name, args=args, current_app=current_app)
    try:
        template = _cached_template(view_name, kinds, current_app, environment or url_environment())
    except TypeError:  # a view name that cannot be hashed (a callable is fine, a list not)
        return reverse(view_name, args=args, current_app=current_app)
    if template is None:
        return reverse(view_name, args=args, current_app=current_app)
    return template.format(*args)


def row_urls(view_name: str, slug: str):
    """``pk → reverse(view_name, args=[slug, pk])`` for the rows of a list: the template is
    looked up once, each row only fills in its id."""
    if _kind(slug) is None:
        return lambda pk: reverse(view_name, args=[slug, pk])
    template = _cached_template(view_name, ("str", "int"), None, url_environment())
    if template is None:
        return lambda pk: reverse(view_name, args=[slug, pk])
    return lambda pk: template.format(slug, int(pk))
