"""Forms of the offers app (one module per part)."""

from .offer import OfferForm, ReturnForm, StatusForm

__all__ = ["OfferForm", "ReturnForm", "StatusForm"]
