"""``{% schedule_lines offer as lines %}``: the schedule section of an offer's page."""

from django import template
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from .. import occurrences

register = template.Library()


@register.simple_tag
def schedule_lines(offer, limit=occurrences.NEXT_DATES):
    """Each schedule line of the offer with its description and next dates (uses prefetched
    ``offer.schedules``; at most two queries otherwise)."""
    return occurrences.next_dates_for(offer, limit=limit)


@register.simple_tag
def date_and_times(start, end):
    """``<time datetime="2026-12-07T16:00">Mo, 07.12.2026, 16:00–17:30 Uhr</time>``: what
    the ``date`` and ``time`` filters give (in the current time zone), for the ten dates of a
    schedule line at a fraction of their cost."""
    start, end = template_localtime(start), template_localtime(end)
    return format_html(
        '<time datetime="{}">{}, {}, {}–{} {}</time>',
        f"{start:%Y-%m-%dT%H:%M}",
        WEEKDAYS_ABBR[start.weekday()],
        f"{start:%d.%m.%Y}",
        f"{start:%H:%M}",
        f"{end:%H:%M}",
        _("Uhr"),
    )
