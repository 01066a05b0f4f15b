"""Where meetings keep personal data of network contacts, registered with the network's
privacy registry: an access request (Art. 15) finds them, an erasure (Art. 17) replaces names
and addresses in invitations and deliveries by the pseudonym; action items and standing
readers keep their link, which then points to the pseudonymous placeholder."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from verbund.network.privacy_registry import Person, Place, register, text_place

from .models import (
    ActionItem,
    ActionReminder,
    Attendance,
    Invitation,
    MinutesDelivery,
    StandingReader,
)


def _actions_find(person: Person) -> list[dict]:
    return [
        {
            "sitzung": str(action.meeting),
            "aufgabe": action.title,
            "faellig": action.due_on,
            "stand": action.get_status_display(),
        }
        for action in ActionItem.objects.filter(owner_contact=person.contact)
        .select_related("meeting")
        .order_by("pk")
    ]


def _readers_find(person: Person) -> list[dict]:
    return [
        {"liest_mit_bei": str(reader.body or reader.circle)}
        for reader in StandingReader.objects.filter(contact=person.contact)
        .select_related("body", "circle")
        .order_by("pk")
    ]


def _attendance_find(person: Person) -> list[dict]:
    return [
        {"sitzung": str(line.meeting), "anwesenheit": line.get_status_display()}
        for line in Attendance.objects.filter(contact=person.contact)
        .select_related("meeting")
        .order_by("pk")
    ]


def register_places() -> None:
    register(
        Place(
            key="meetings.action_owner",
            label=_("Aufgaben aus Sitzungen"),
            section="sitzungen_aufgaben",
            covers=((ActionItem, "owner_contact"),),
            find=_actions_find,
            erase=lambda person, actor: 0,
            erasure_note=_("Aufgaben bleiben erhalten und verweisen auf den Platzhalter."),
            order=80,
        )
    )
    register(
        Place(
            key="meetings.standing_reader",
            label=_("Ständig Mitlesende von Protokollen"),
            section="sitzungen_mitlesende",
            covers=((StandingReader, "contact"),),
            find=_readers_find,
            erase=lambda person, actor: 0,
            erasure_note=_(
                "Der Eintrag verweist auf den Platzhalter ohne E-Mail-Adresse: Protokolle gehen "
                "nicht mehr hinaus."
            ),
            order=81,
        )
    )
    register(
        text_place(
            key="meetings.invitations",
            label=_("Einladungen zu Sitzungen"),
            section="sitzungen_einladungen",
            model=Invitation,
            fields=["name", "email"],
            describe=lambda invitation: str(invitation.meeting),
            order=82,
            note=_("Name und E-Mail werden durch den Platzhalter ersetzt."),
        )
    )
    register(
        text_place(
            key="meetings.deliveries",
            label=_("Versand von Protokollen"),
            section="sitzungen_versand",
            model=MinutesDelivery,
            fields=["name", "email"],
            describe=lambda delivery: str(delivery.version.meeting),
            order=83,
            note=_("Name und E-Mail werden durch den Platzhalter ersetzt."),
        )
    )
    register(
        Place(
            key="meetings.attendance",
            label=_("Teilnahme an Sitzungen"),
            section="sitzungen_teilnahme",
            covers=((Attendance, "contact"),),
            find=_attendance_find,
            erase=lambda person, actor: 0,
            erasure_note=_(
                "Die Zeile der Anwesenheitsliste bleibt und verweist auf den Platzhalter."
            ),
            order=84,
        )
    )
    register(
        text_place(
            key="meetings.action_reminders",
            label=_("Erinnerungen an Aufgaben"),
            section="sitzungen_erinnerungen",
            model=ActionReminder,
            fields=["email"],
            describe=lambda reminder: str(reminder.action),
            order=85,
            note=_("Die E-Mail-Adresse wird durch den Platzhalter ersetzt."),
        )
    )
