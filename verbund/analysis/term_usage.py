"""How many needs use each term (for the taxonomy's admin page, ``verbund.taxonomy.usage``)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from verbund.taxonomy.usage import register_usage

from .models import Need

TERM_FIELDS = ("life_phase", "topic", "target_group")  # each named after its vocabulary


def count_needs(municipality, vocabulary: str) -> dict[int, int]:
    if vocabulary not in TERM_FIELDS:
        return {}
    rows = (
        Need.objects.filter(municipality=municipality)
        .order_by()
        .values_list(f"{vocabulary}_id")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def register() -> None:
    register_usage("needs", _("Bedarfe"), count_needs, order=20)
