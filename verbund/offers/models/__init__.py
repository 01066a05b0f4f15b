from .offers import Offer
from .schedules import OfferSchedule

__all__ = ["Offer", "OfferSchedule"]
