"""Every place personal data of a network contact is stored, in one registry.

The Art. 15 export (``gdpr.contact_access_data``) and the Art. 17 erasure
(``services.contact_erase``) both walk :func:`places`, so a place cannot be exported but
forgotten by the erasure, or the other way round. Places of this app are registered below;
other apps register theirs from their ``AppConfig.ready()`` (cooperation: signatories, contact
persons, signed version snapshots and their stored PDFs) — this app never imports them.

A place finds the person by link (a foreign key to the contact) and/or by mention: the full
name (also "Nachname, Vorname"), "Name, Funktion", e-mail address and phone number in free
text and JSON, matched case-insensitively on word boundaries. Erasure replaces each mention
with the contact's pseudonym. Exports are generated on request and never stored; there is no
search index.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, router
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry

from .models import Contact

# The contact fields the database check requires to be empty on a tombstone.
PERSONAL_FIELDS = ["first_name", "last_name", "function", "email", "phone", "notes"]
ERASED = "[gelöscht]"


@dataclass(frozen=True)
class Person:
    """What identifies one contact in text, captured before the erasure blanks the row."""

    contact: Contact
    pseudonym: str
    phrases: tuple[str, ...]  # longest first: "Name, Funktion", "Vorname Nachname", …

    @property
    def municipality_id(self) -> int:
        return self.contact.municipality_id

    @property
    def pattern(self) -> re.Pattern:
        alternatives = "|".join(re.escape(phrase) for phrase in self.phrases)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def mentioned_in(self, value: Any) -> bool:
        if not self.phrases or value in (None, ""):
            return False
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return bool(self.pattern.search(text))

    def scrub(self, value: Any) -> Any:
        """The value with every mention replaced by the pseudonym (dicts and lists deeply)."""
        if isinstance(value, str):
            return self.pattern.sub(self.pseudonym, value) if self.phrases else value
        if isinstance(value, dict):
            return {key: self.scrub(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.scrub(item) for item in value]
        return value

    def q(self, name: str) -> Q:
        """A coarse database filter for rows whose ``name`` may mention the person (checked
        again in Python). JSON is stored ASCII-escaped on SQLite, so both spellings."""
        query = Q(pk__in=[])
        for phrase in self.phrases:
            for variant in {phrase, json.dumps(phrase)[1:-1]}:
                query |= Q(**{f"{name}__icontains": variant})
        return query


def person_for(contact: Contact, *, pseudonym: str) -> Person:
    full = " ".join(part for part in [contact.first_name, contact.last_name] if part).strip()
    phrases = set()
    if full:
        phrases.add(full)
        if contact.function:
            phrases.add(f"{full}, {contact.function}")
            phrases.add(f"{full} ({contact.function})")
    if contact.first_name and contact.last_name:
        phrases.add(f"{contact.last_name}, {contact.first_name}")
    for identifier in (contact.email, contact.phone):
        if identifier and len(identifier.strip()) >= 5:
            phrases.add(identifier.strip())
    return Person(
        contact=contact,
        pseudonym=pseudonym,
        phrases=tuple(sorted(phrases, key=len, reverse=True)),
    )


@dataclass
class Place:
    """One kind of storage. ``find`` returns export rows; ``erase`` returns objects changed."""

    key: str
    label: str
    section: str  # the section of the Art. 15 export
    covers: tuple[tuple[type[models.Model], str], ...]  # (model, field) pairs it handles
    find: Callable[[Person], list[dict]]
    erase: Callable[[Person, Any], int]
    erasure_note: str = ""
    order: int = 100

    @property
    def models(self) -> set[type[models.Model]]:
        return {model for model, _name in self.covers}


_PLACES: dict[str, Place] = {}


def register(place: Place) -> None:
    _PLACES[place.key] = place


def places() -> list[Place]:
    return sorted(_PLACES.values(), key=lambda place: (place.order, place.key))


def find_everywhere(person: Person) -> list[tuple[Place, list[dict]]]:
    with scopes_disabled():
        return [(place, place.find(person)) for place in places()]


def erase_everywhere(person: Person, *, actor) -> dict[str, int]:
    """Called inside the erasure's transaction; returns the number of objects per place."""
    with scopes_disabled():
        return {place.key: place.erase(person, actor) for place in places()}


# -- building blocks for text fields --------------------------------------------------------


def mentions(
    model: type[models.Model], fields: Iterable[str], person: Person
) -> Iterable[tuple[models.Model, list[str]]]:
    """Rows of the person's municipality whose ``fields`` mention the person."""
    fields = list(fields)
    query = Q(pk__in=[])
    for name in fields:
        query |= person.q(name)
    manager = getattr(model, "unscoped", None) or model._default_manager
    for row in manager.filter(query, municipality_id=person.municipality_id).order_by("pk"):
        hits = [name for name in fields if person.mentioned_in(getattr(row, name))]
        if hits:
            yield row, hits


def text_place(
    *,
    key: str,
    label: str,
    section: str,
    model: type[models.Model],
    fields: list[str],
    describe: Callable[[models.Model], str] = str,
    order: int = 100,
    note: str = "",
) -> Place:
    """Free text that may name the person: found by mention, replaced by the pseudonym."""

    def find(person: Person) -> list[dict]:
        return [
            {
                "ort": str(label),
                "objekt": describe(row),
                "feld": str(model._meta.get_field(name).verbose_name),
                "wert": getattr(row, name),
            }
            for row, hits in mentions(model, fields, person)
            for name in hits
        ]

    def erase(person: Person, actor) -> int:
        changed = 0
        for row, hits in mentions(model, fields, person):
            values = {name: person.scrub(getattr(row, name)) for name in hits}
            model._base_manager.filter(pk=row.pk).update(**values)
            for name, value in values.items():
                setattr(row, name, value)
            # An update sends no signal: the caches that show the text (a list's rows, public
            # pages) learn of it as of a save, so the erased name leaves them at once.
            post_save.send(
                sender=model,
                instance=row,
                created=False,
                update_fields=frozenset(hits),
                raw=False,
                using=router.db_for_write(model),
            )
            changed += 1
        return changed

    return Place(
        key=key,
        label=label,
        section=section,
        covers=tuple((model, name) for name in fields),
        find=find,
        erase=erase,
        order=order,
        erasure_note=note,
    )


# -- this app's places --------------------------------------------------------------------


def _contact_find(person: Person) -> list[dict]:
    contact = person.contact
    return [
        {
            "id": contact.pk,
            "vorname": contact.first_name,
            "nachname": contact.last_name,
            "funktion": contact.function,
            "e_mail": contact.email,
            "telefon": contact.phone,
            "bevorzugter_kontaktweg": contact.get_preferred_channel_display(),
            "notizen": contact.notes,
            "organisation": str(contact.organisation),
            "rechtsgrundlage": contact.get_legal_basis_display(),
            "herkunft": contact.source,
            "zuletzt_bestaetigt": contact.last_confirmed,
            "angelegt_am": contact.created_at,
            "geaendert_am": contact.updated_at,
            "geloescht_am": contact.erased_at,
        }
    ]


def _contact_erase(person: Person, actor) -> int:
    contact = person.contact
    for name in PERSONAL_FIELDS:
        setattr(contact, name, "")
    contact.preferred_channel = ""
    contact.source = person.scrub(contact.source)
    contact.pseudonym = person.pseudonym
    contact.erased_at = timezone.now()
    contact.save()
    return 1


def _interactions_find(person: Person) -> list[dict]:
    from .models import Interaction

    linked = Interaction.objects.filter(contacts=person.contact)
    mentioned = [row.pk for row, _hits in mentions(Interaction, ["summary"], person)]
    rows = (
        Interaction.objects.filter(Q(pk__in=linked.values("pk")) | Q(pk__in=mentioned))
        .select_related("relationship__centre", "relationship__organisation")
        .order_by("date", "id")
    )
    return [
        {
            "datum": item.date,
            "art": item.get_kind_display(),
            "inhalt": item.summary,
            "familienzentrum": str(item.relationship.centre),
            "organisation": str(item.relationship.organisation),
        }
        for item in rows
    ]


def _interactions_erase(person: Person, actor) -> int:
    from .models import Interaction

    changed = 0
    for row, _hits in mentions(Interaction, ["summary"], person):
        Interaction.objects.filter(pk=row.pk).update(summary=person.scrub(row.summary))
        changed += 1
    return changed  # the link stays: it now points to the pseudonymous placeholder


def _seats_find(person: Person) -> list[dict]:
    return [
        {
            "gremium": str(seat.body),
            "rolle": seat.get_role_display(),
            "seit": seat.joined_on,
            "bis": seat.left_on,
        }
        for seat in person.contact.body_seats.select_related("body").order_by("joined_on", "id")
    ]


def _audit_entries(person: Person):
    about = Q(
        content_type__app_label="network",
        content_type__model="contact",
        object_id=str(person.contact.pk),
    )
    mentioned = Q(pk__in=[])
    for name in ("before", "after", "data", "object_repr"):
        mentioned |= person.q(name)
    contact_type = ContentType.objects.get_for_model(Contact)
    for entry in AuditEntry.unscoped.filter(
        (about | mentioned), municipality_id=person.municipality_id
    ).order_by("timestamp", "id"):
        is_about = (
            entry.object_id == str(person.contact.pk) and entry.content_type_id == contact_type.pk
        )
        if is_about or any(
            person.mentioned_in(getattr(entry, name))
            for name in ("before", "after", "data", "object_repr")
        ):
            yield entry, is_about


def _audit_find(person: Person) -> list[dict]:
    return [
        {
            "zeitpunkt": entry.timestamp,
            "aktion": entry.action,
            "person": entry.actor_label,
            "objekt": entry.object_repr,
            "vorher": entry.before,
            "nachher": entry.after,
            "daten": entry.data,
        }
        for entry, _about in _audit_entries(person)
    ]


def _audit_erase(person: Person, actor) -> int:
    changed = 0
    for entry, is_about in _audit_entries(person):
        values = {name: person.scrub(getattr(entry, name)) for name in ("before", "after", "data")}
        if is_about:
            for name in ("before", "after"):
                if isinstance(values[name], dict):
                    for personal in PERSONAL_FIELDS:
                        if values[name].get(personal):
                            values[name][personal] = ERASED
        repr_ = person.pseudonym if is_about else person.scrub(entry.object_repr)
        AuditEntry.unscoped.filter(pk=entry.pk).update(object_repr=repr_[:255], **values)
        changed += 1
    return changed


def _admin_log_find(person: Person) -> list[dict]:
    return [
        {"zeitpunkt": row.action_time, "objekt": row.object_repr, "aenderung": row.change_message}
        for row in _admin_log_rows(person)
    ]


def _admin_log_rows(person: Person):
    """Entries of Django's admin about this contact (the admin log has no municipality, so
    only entries about the contact itself are touched)."""
    from django.contrib.admin.models import LogEntry

    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact), object_id=str(person.contact.pk)
    ).order_by("pk")


def _admin_log_erase(person: Person, actor) -> int:
    from django.contrib.admin.models import LogEntry

    changed = 0
    for row in _admin_log_rows(person):
        LogEntry.objects.filter(pk=row.pk).update(
            object_repr=person.pseudonym, change_message=person.scrub(row.change_message)
        )
        changed += 1
    return changed


def register_network_places() -> None:
    from django.contrib.admin.models import LogEntry

    from .models import BodyMember, Interaction, Relationship

    register(
        Place(
            key="network.contact",
            label=_("Ansprechperson"),
            section="person",
            covers=tuple((Contact, name) for name in [*PERSONAL_FIELDS, "source"]),
            find=_contact_find,
            erase=_contact_erase,
            erasure_note=_(
                "Name, Funktion, E-Mail, Telefon und Notizen werden entfernt; es bleibt ein "
                "Platzhalter ohne Personenbezug."
            ),
            order=10,
        )
    )
    register(
        Place(
            key="network.interactions",
            label=_("Kontaktverlauf"),
            section="kontaktverlauf",
            covers=((Interaction, "contacts"), (Interaction, "summary")),
            find=_interactions_find,
            erase=_interactions_erase,
            erasure_note=_(
                "Einträge bleiben erhalten und verweisen auf den Platzhalter; Nennungen im Text "
                "werden ersetzt."
            ),
            order=20,
        )
    )
    register(
        Place(
            key="network.body_seats",
            label=_("Gremien"),
            section="gremien",
            covers=((BodyMember, "contact"),),
            find=_seats_find,
            erase=lambda person, actor: 0,
            erasure_note=_("Sitze bleiben erhalten und verweisen auf den Platzhalter."),
            order=30,
        )
    )
    register(
        text_place(
            key="network.next_steps",
            label=_("Nächste Schritte in Stakeholder-Einschätzungen"),
            section="naechste_schritte",
            model=Relationship,
            fields=["next_step"],
            order=40,
            note=_("Nennungen werden durch den Platzhalter ersetzt."),
        )
    )
    register(
        Place(
            key="core.audit",
            label=_("Protokoll"),
            section="protokoll",
            covers=(
                (AuditEntry, "before"),
                (AuditEntry, "after"),
                (AuditEntry, "data"),
                (AuditEntry, "object_repr"),
            ),
            find=_audit_find,
            erase=_audit_erase,
            erasure_note=_(
                "Einträge bleiben als Nachweis erhalten; Name, Funktion und Kontaktdaten darin "
                "werden entfernt."
            ),
            order=900,
        )
    )
    register(
        Place(
            key="admin.log",
            label=_("Änderungsprotokoll der Systemverwaltung"),
            section="systemverwaltung",
            covers=((LogEntry, "object_repr"), (LogEntry, "change_message")),
            find=_admin_log_find,
            erase=_admin_log_erase,
            order=910,
        )
    )
