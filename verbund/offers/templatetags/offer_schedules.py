"""``{% schedule_lines offer as lines %}``: the schedule section of an offer's page."""

from django import template

from .. import occurrences

register = template.Library()


@register.simple_tag
def schedule_lines(offer, limit=occurrences.NEXT_DATES):
    """Each schedule line of the offer with its description and next dates (uses prefetched
    ``offer.schedules``; at most two queries otherwise)."""
    return occurrences.next_dates_for(offer, limit=limit)
