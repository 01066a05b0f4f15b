"""Every write to agreements goes through here: validate, save, log, atomically (rule 1).

The public names of the modules are re-exported, so ``services.agreement_create(...)`` keeps
working for every caller.
"""

from ..actions import ACTION_LABELS
from .agreements import (
    AGREEMENT_FIELDS,
    STATUS_ACTIONS,
    agreement_create,
    agreement_transition,
    agreement_update,
    version_start_draft,
)
from .parts import (
    PARTY_FIELDS,
    RESOURCE_FIELDS,
    RESPONSIBILITY_FIELDS,
    attachment_delete,
    attachment_upload,
    party_update,
    resource_create,
    resource_delete,
    responsibility_create,
    responsibility_delete,
)

__all__ = [
    "ACTION_LABELS",
    "AGREEMENT_FIELDS",
    "PARTY_FIELDS",
    "RESOURCE_FIELDS",
    "RESPONSIBILITY_FIELDS",
    "STATUS_ACTIONS",
    "agreement_create",
    "agreement_transition",
    "agreement_update",
    "attachment_delete",
    "attachment_upload",
    "party_update",
    "resource_create",
    "resource_delete",
    "responsibility_create",
    "responsibility_delete",
    "version_start_draft",
]
