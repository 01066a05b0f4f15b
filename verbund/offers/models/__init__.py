from .offers import Offer
from .reminders import OfferReminder, OfferReminderKind
from .schedules import OfferSchedule

__all__ = ["Offer", "OfferReminder", "OfferReminderKind", "OfferSchedule"]
