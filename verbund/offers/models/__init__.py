from .feeds import FeedToken
from .offers import Offer
from .origin import OfferOrigin
from .overlaps import ComplementaryPair
from .referrals import Referral, ReferralOutcome
from .reminders import OfferReminder, OfferReminderKind
from .schedules import OfferSchedule
from .translations import OfferTranslation, TranslationLanguage  # noqa: F401

__all__ = [
    "ComplementaryPair",
    "FeedToken",
    "Offer",
    "OfferOrigin",
    "OfferReminder",
    "OfferReminderKind",
    "OfferSchedule",
    "Referral",
    "ReferralOutcome",
]
