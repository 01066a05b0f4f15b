"""Every write to an offer goes through here (rule 1): validate, save, log, atomically.

The schedules, import and overlap parts keep their own service modules beside these.
"""

from .freshness import offer_confirm
from .offers import (
    FAMILY_VISIBLE,
    M2M_FIELDS,
    OFFER_FIELDS,
    STATUS_TRANSITIONS,
    offer_create,
    offer_set_status,
    offer_update,
)
from .review import offer_approve, offer_return, offer_submit

__all__ = [
    "FAMILY_VISIBLE",
    "M2M_FIELDS",
    "OFFER_FIELDS",
    "STATUS_TRANSITIONS",
    "offer_approve",
    "offer_confirm",
    "offer_create",
    "offer_return",
    "offer_set_status",
    "offer_submit",
    "offer_update",
]
