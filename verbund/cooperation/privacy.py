"""Where agreements keep personal data of network contacts, registered with the network's
privacy registry (``verbund.network.privacy_registry``) from ``CooperationConfig.ready()``.

- signatories of the parties (free text) and contact persons of responsibilities (a link to
  the contact and/or free text);
- the snapshot of every signed version and its stored PDF: erasure replaces the person in the
  snapshot and renders the PDF again with a visible note of the erasure (``signed_pdf``);
- names of uploaded files; uploaded scans themselves cannot be edited and are kept as proof
  (Art. 17 Abs. 3 lit. e DSGVO) — the export lists them, the erasure page says so.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.audit import log_action
from verbund.network.privacy_registry import Person, Place, mentions, register, text_place

from . import signed_pdf
from .models import Agreement, AgreementVersion, Attachment, Party, Responsibility

SECTION = "kooperationsvereinbarungen"


def _party_label(party: Party) -> str:
    return f"{party.agreement.title} – {party.name}"


def _responsibilities(person: Person):
    mentioned = [row.pk for row, _hits in mentions(Responsibility, ["contact"], person)]
    return (
        Responsibility.objects.filter(
            Q(contact_person=person.contact) | Q(pk__in=mentioned),
            municipality_id=person.municipality_id,
        )
        .select_related("agreement", "party", "contact_person")
        .order_by("agreement_id", "id")
    )


def _responsibilities_find(person: Person) -> list[dict]:
    return [
        {
            "ort": str(_("Zuständigkeit in einer Kooperationsvereinbarung")),
            "objekt": f"{item.agreement.title} – {item.task}",
            "feld": str(_("Ansprechperson")),
            "wert": item.contact or str(item.contact_person),
        }
        for item in _responsibilities(person)
    ]


def _responsibilities_erase(person: Person, actor) -> int:
    changed = 0
    for item in _responsibilities(person):
        scrubbed = person.scrub(item.contact)
        if scrubbed != item.contact:
            Responsibility.objects.filter(pk=item.pk).update(contact=scrubbed)
            changed += 1
    return changed  # a linked contact shows its pseudonym from now on


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def _signed_versions(person: Person):
    for version, _hits in mentions(AgreementVersion, ["content"], person):
        if version.is_signed:
            yield version


def _versions_find(person: Person) -> list[dict]:
    rows = []
    for version in _signed_versions(person):
        title = f"{Agreement.objects.get(pk=version.agreement_id).title} – Fassung {version.number}"
        rows.append(
            {
                "ort": str(_("Unterzeichnete Fassung einer Kooperationsvereinbarung")),
                "objekt": title,
                "feld": str(_("eingefrorener Inhalt")),
                "wert": [text for text in _texts(version.content) if person.mentioned_in(text)],
            }
        )
        if version.pdf_sha256:
            rows.append(
                {
                    "ort": str(_("PDF der unterzeichneten Fassung")),
                    "objekt": title,
                    "feld": str(_("gespeicherte Datei (SHA-256)")),
                    "wert": version.pdf_sha256,
                }
            )
    return rows


def _versions_erase(person: Person, actor) -> int:
    changed = 0
    for version in list(_signed_versions(person)):
        hashes = signed_pdf.replace_content(version, person.scrub(version.content))
        log_action(
            "cooperation.version.personal_data_erased",
            actor=actor,
            instance=Agreement.objects.get(pk=version.agreement_id),
            data={"version": version.number, **hashes},
        )
        changed += 1
    return changed


def _agreements_naming(person: Person) -> set[int]:
    ids = {item.agreement_id for item in _responsibilities(person)}
    ids |= {row.agreement_id for row, _hits in mentions(Party, ["signatory"], person)}
    ids |= {version.agreement_id for version in _signed_versions(person)}
    return ids


def _scans_find(person: Person) -> list[dict]:
    scans = Attachment.objects.filter(
        agreement_id__in=_agreements_naming(person), municipality_id=person.municipality_id
    ).select_related("agreement")
    return [
        {
            "ort": str(_("Hochgeladene Datei zu einer Vereinbarung, die die Person nennt")),
            "objekt": scan.agreement.title,
            "feld": scan.get_kind_display(),
            "wert": f"{scan.original_name} (SHA-256 {scan.sha256})",
        }
        for scan in scans.order_by("agreement_id", "id")
    ]


def register_places() -> None:
    register(
        text_place(
            key="cooperation.signatories",
            label=_("Unterzeichnende von Kooperationsvereinbarungen"),
            section=SECTION,
            model=Party,
            fields=["signatory"],
            describe=_party_label,
            order=50,
            note=_("Der Name wird durch den Platzhalter ersetzt."),
        )
    )
    register(
        Place(
            key="cooperation.contact_persons",
            label=_("Ansprechpersonen in Kooperationsvereinbarungen"),
            section=SECTION,
            covers=((Responsibility, "contact_person"), (Responsibility, "contact")),
            find=_responsibilities_find,
            erase=_responsibilities_erase,
            erasure_note=_("Name und Funktion werden durch den Platzhalter ersetzt."),
            order=51,
        )
    )
    register(
        Place(
            key="cooperation.signed_versions",
            label=_("Unterzeichnete Fassungen und ihre PDF-Dateien"),
            section=SECTION,
            covers=((AgreementVersion, "content"), (AgreementVersion, "pdf")),
            find=_versions_find,
            erase=_versions_erase,
            erasure_note=_(
                "Name und Funktion werden in der Fassung durch den Platzhalter ersetzt; das PDF "
                "wird mit einem Vermerk über die Löschung neu erstellt, sonst bleibt die Fassung "
                "unverändert."
            ),
            order=52,
        )
    )
    register(
        text_place(
            key="cooperation.attachment_names",
            label=_("Dateinamen hochgeladener Anhänge"),
            section=SECTION,
            model=Attachment,
            fields=["original_name"],
            describe=lambda attachment: attachment.agreement.title,
            order=53,
            note=_("Der Name wird im Dateinamen durch den Platzhalter ersetzt."),
        )
    )
    register(
        Place(
            key="cooperation.scans",
            label=_("Hochgeladene Scans und Anlagen"),
            section=SECTION,
            covers=(),
            find=_scans_find,
            erase=lambda person, actor: 0,
            erasure_note=_(
                "Hochgeladene Scans unterschriebener Fassungen bleiben als Nachweis erhalten "
                "(Art. 17 Abs. 3 lit. e DSGVO); sie werden in der Auskunft aufgeführt."
            ),
            order=54,
        )
    )
