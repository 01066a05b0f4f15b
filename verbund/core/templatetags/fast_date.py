"""The ``date`` filter, with the two formats the lists use built directly.

A template builtin (``TEMPLATES[…]["OPTIONS"]["builtins"]``), so it replaces Django's
``date`` filter everywhere. ``d.m.Y`` and ``d.m.Y H:i`` (no names of days or months, nothing
that depends on the language) are written out directly; every other format and value goes to
Django's filter. A list of 50 agreements formats about a hundred dates (issue 17).
"""

import datetime

from django import template
from django.template.defaultfilters import date as django_date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if arg == "d.m.Y" and isinstance(value, datetime.date):
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    if arg == "d.m.Y H:i" and isinstance(value, datetime.datetime):
        return (
            f"{value.day:02d}.{value.month:02d}.{value.year:04d} "
            f"{value.hour:02d}:{value.minute:02d}"
        )
    return django_date(value, arg)
