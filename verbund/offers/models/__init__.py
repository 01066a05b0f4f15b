from .feeds import FeedToken
from .offers import Offer
from .schedules import OfferSchedule

__all__ = ["FeedToken", "Offer", "OfferSchedule"]
