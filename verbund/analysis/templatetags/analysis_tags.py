from django import template

from verbund.analysis import formatting

register = template.Library()


@register.filter
def de(value, digits=1):
    """German number: 1.234,5"""
    if value is None or value == "":
        return "–"
    return formatting.de(value, int(digits))


@register.filter
def signed(value, digits=1):
    return formatting.signed(value, int(digits))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def diff(value, other):
    if value is None or other is None:
        return None
    return value - other
