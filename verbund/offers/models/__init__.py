from .offers import Offer
from .overlaps import ComplementaryPair
from .referrals import Referral, ReferralOutcome
from .schedules import OfferSchedule

__all__ = ["ComplementaryPair", "Offer", "OfferSchedule", "Referral", "ReferralOutcome"]
