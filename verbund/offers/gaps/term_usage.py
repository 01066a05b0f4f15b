"""How many offers use each term (for the taxonomy's admin page, ``verbund.taxonomy.usage``)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from verbund.taxonomy.usage import register_usage

from ..models import Offer


def count_offers(municipality, vocabulary: str) -> dict[int, int]:
    through = Offer.terms.through
    rows = (
        through.objects.filter(
            term__municipality=municipality,
            term__vocabulary=vocabulary,
            offer__municipality=municipality,
        )
        .order_by()
        .values_list("term_id")
        .annotate(n=Count("offer_id"))
    )
    return dict(rows)


def register() -> None:
    register_usage("offers", _("Angebote"), count_offers, order=10)
