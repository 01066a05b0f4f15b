from decimal import Decimal

from django import template

from verbund.core.numbers import format_decimal

register = template.Library()


@register.filter
def euro(value) -> str:
    """An amount in German notation with two decimals and the euro sign: "1.234,50 €"."""
    if value is None or value == "":
        return "–"
    return f"{format_decimal(Decimal(value), 2)}\xa0€"
