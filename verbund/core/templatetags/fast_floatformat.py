"""The ``floatformat`` filter, with each result kept per value, places and language.

A template builtin (``TEMPLATES[…]["OPTIONS"]["builtins"]``), so it replaces Django's
``floatformat`` everywhere. For an ``int``, ``float``, ``Decimal`` or ``str``, Django's result
depends on nothing but ``str(value)``, the argument, the active language and the settings:
it parses ``str(value)`` (a string that is no decimal number goes through ``float()`` of the
same string). So the result is kept under exactly that key and asked of Django's filter once.
Every other value (``None``, ``bool``, lazy strings, other types) goes to Django's filter
every time. A map page formats 300 numbers per view, each costing three format lookups and a
decimal quantisation (issue 17).

The memo holds at most ``MAX_ENTRIES`` results and starts afresh when full; a change of any
setting (tests) empties it.
"""

from decimal import Decimal

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import floatformat as django_floatformat
from django.utils.translation import get_language

register = template.Library()

MAX_ENTRIES = 4096
_KEYED_BY_STR = frozenset({int, float, Decimal, str})
_memo: dict = {}


@receiver(setting_changed)
def _forget(**kwargs):
    _memo.clear()


@register.filter(is_safe=True)
def floatformat(text, arg=-1):
    if type(text) not in _KEYED_BY_STR:
        return django_floatformat(text, arg)
    key = (str(text), arg, get_language())
    try:
        return _memo[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable argument
        return django_floatformat(text, arg)
    if len(_memo) >= MAX_ENTRIES:
        _memo.clear()
    found = _memo[key] = django_floatformat(text, arg)
    return found
