from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def german_number(value, decimals: int = 2) -> str:
    """1675.0 → "1.675", 9.7 → "9,7", 0.123456 → "0,12"."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return number_format(int(value), 0, force_grouping=True)
    text = number_format(round(float(value), decimals), decimals, force_grouping=True)
    return text.rstrip("0").rstrip(",") if "," in text else text


DECIMALS = {"count": 0, "share": 1, "rate": 1, "mean": 2, "index": 2}


@register.filter
def indicator_value(value, indicator=None) -> str:
    """An IndicatorValue as a table cell shows it: counts without, shares with one decimal."""
    if value is None:
        return ""
    if value.status == "suppressed":
        return _("geheim")
    if value.status == "missing":
        return _("fehlt")
    indicator = indicator or value.indicator
    decimals = DECIMALS.get(getattr(indicator, "kind", ""))
    if decimals is None or (decimals == 0 and not float(value.value).is_integer()):
        return german_number(value.value)
    return number_format(value.value, decimals, force_grouping=True)


@register.filter
def filesize_de(size) -> str:
    size = float(size or 0)
    for unit in ("Bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{german_number(size, 1)} {unit}"
        size /= 1024
    return ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
