"""Written cooperation agreements (schriftliche Kooperationsvereinbarungen).

An ``Agreement`` is the stable identity (centre, status); its content (subject, goals, term,
parties, responsibilities, resources) is edited while the current ``AgreementVersion`` is a
draft. Signing freezes that version: its ``content`` is a JSON snapshot that can never change
again; later changes start a new draft version.
"""

# Imported in the order the models were defined, so that the app registry lists them
# as before (isort would sort the modules by name).
# isort: off
from .agreements import Status, TRANSITIONS, IN_FORCE, Agreement
from .parties import PartyKind, Party, Responsibility, ResourceKind, Resource
from .documents import (
    signed_pdf_path,
    AgreementVersion,
    attachment_path,
    AttachmentKind,
    Attachment,
    ReminderKind,
    Reminder,
)
# isort: on

__all__ = [
    "IN_FORCE",
    "TRANSITIONS",
    "Agreement",
    "AgreementVersion",
    "Attachment",
    "AttachmentKind",
    "Party",
    "PartyKind",
    "Reminder",
    "ReminderKind",
    "Resource",
    "ResourceKind",
    "Responsibility",
    "Status",
    "attachment_path",
    "signed_pdf_path",
]
