"""Models of the network app: organisations and contacts, relationships, bodies."""

# Imported in the order the models were defined, so that the app registry lists them
# as before (isort would sort the modules by name).
# isort: off
from .organisations import Sector, SEED_SECTORS, ContactChannel, Organisation, Contact
from .relationships import (
    Level,
    Quality,
    Status,
    ACTIVE_STATUSES,
    Relationship,
    InteractionKind,
    Interaction,
)
from .bodies import BodyKind, Cadence, Body, MemberRole, BodyMember
from ..list_import.models import ListImportMapping
# isort: on

__all__ = [
    "ACTIVE_STATUSES",
    "SEED_SECTORS",
    "Body",
    "BodyKind",
    "BodyMember",
    "Cadence",
    "Contact",
    "ContactChannel",
    "Interaction",
    "InteractionKind",
    "Level",
    "ListImportMapping",
    "MemberRole",
    "Organisation",
    "Quality",
    "Relationship",
    "Sector",
    "Status",
]
