"""Writes of the welcome visits. Audit entries carry ids, dates, status and counts only."""

from __future__ import annotations

import io
from dataclasses import asdict
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from verbund.core.audit import create_logged, log_action, save_changes
from verbund.core.roles import Role
from verbund.core.tables import FileProblem, ReadOptions, open_table
from verbund.core.uploads import read_limited

from .intake import LIMITS, MAX_UPLOAD_BYTES, BirthsList, read_births
from .models import (
    BirthsImport,
    Family,
    FamilyStatus,
    ListedOffer,
    Outcome,
    StreetSegment,
    Visit,
    VisitSettings,
)
from .selectors import visit_settings

OUTCOME_STATUS = {
    Outcome.VISITED: FamilyStatus.VISITED,
    Outcome.DECLINED: FamilyStatus.DECLINED,
    Outcome.NOT_REACHED: FamilyStatus.NOT_REACHED,
    Outcome.MOVED: FamilyStatus.MOVED,
}
DRAFT_HOURS = 24


def _stored_settings(*, municipality) -> VisitSettings:
    found = VisitSettings.objects.filter(municipality=municipality).first()
    return found or VisitSettings.objects.create(municipality=municipality)


def settings_change(*, actor, municipality, data: dict) -> VisitSettings:
    settings = _stored_settings(municipality=municipality)
    return save_changes(
        settings,
        fields=["retention_months", "materials", "topics", "consent_wording", "max_attempts"],
        data=data,
        action="visits.settings.changed",
        actor=actor,
    )


# --- intake ------------------------------------------------------------------------------


def births_preview(*, actor, municipality, upload) -> tuple[BirthsImport | None, BirthsList]:
    """Read and check the list; store it as a draft only when every row is fine."""
    content = read_limited(upload, MAX_UPLOAD_BYTES)
    parsed = read_births(content, upload.name or "liste.csv", municipality=municipality)
    if parsed.errors:
        return None, parsed
    draft = BirthsImport.objects.create(
        municipality=municipality,
        uploaded_by=actor,
        file_name=(upload.name or "")[:200],
        rows=[asdict(row) for row in parsed.rows],
    )
    log_action(
        "visits.births.previewed",
        actor=actor,
        instance=draft,
        data={
            "rows": len(parsed.rows),
            "unassigned": sum(1 for row in parsed.rows if row.centre_id is None),
        },
    )
    return draft, parsed


@transaction.atomic
def births_commit(*, actor, draft: BirthsImport, chosen: dict[int, int], centre_ids: set[int]):
    """Create every family of the draft or none. ``chosen``: line → centre for the rows no
    Sozialraum holds; ``centre_ids``: the centres of the municipality."""
    if draft.committed:
        raise ValidationError(_("Diese Liste wurde schon übernommen."))
    missing = []
    families = []
    for row in draft.rows:
        centre_id = row["centre_id"] or chosen.get(row["line"])
        if centre_id not in centre_ids:
            missing.append(str(row["line"]))
            continue
        families.append(
            Family(
                municipality_id=draft.municipality_id,
                centre_id=centre_id,
                area_id=row["area_id"],
                parent_name=row["parent_name"],
                street=row["street"],
                house_number=row["house_number"],
                postcode=row["postcode"],
                latitude=row["latitude"],
                longitude=row["longitude"],
                birth_month=date.fromisoformat(row["birth_month"]),
                language=row["language"],
                sibling_ages=row["sibling_ages"],
            )
        )
    if missing:
        raise ValidationError(
            _("Bitte wählen Sie ein Familienzentrum für Zeile %(lines)s (nicht zugeordnet).")
            % {"lines": ", ".join(missing)}
        )
    for family in families:
        family.full_clean(exclude=["municipality", "centre", "area"])
    Family.objects.bulk_create(families, batch_size=500)
    draft.rows = []
    draft.committed = True
    draft.family_count = len(families)
    draft.save(update_fields=["rows", "committed", "family_count", "updated_at"])
    log_action(
        "visits.births.imported",
        actor=actor,
        instance=draft,
        data={
            "families": len(families),
            "by_hand": sum(1 for row in families if row.area_id is None),
        },
    )
    return families


def births_discard(*, actor, draft: BirthsImport) -> None:
    if not draft.committed:
        log_action(
            "visits.births.discarded",
            actor=actor,
            instance=draft,
            data={"rows": len(draft.rows)},
        )
        draft.delete()


# --- reading and visits ------------------------------------------------------------------


def family_read_logged(*, actor, family: Family, action: str = "visits.family.viewed") -> None:
    """Every read of a family's record leaves an entry: who, which family id, nothing else."""
    log_action(action, actor=actor, instance=family, data={"centre": family.centre_id})


def _is_visitor_of(user, family: Family) -> bool:
    from verbund.accounts.models import Membership

    return Membership.objects.filter(
        municipality_id=family.municipality_id,
        user=user,
        role=Role.VISITOR,
        centre_id=family.centre_id,
    ).exists()


@transaction.atomic
def visit_record(*, actor, family: Family, data: dict) -> Visit:
    settings = visit_settings(municipality=family.municipality)
    errors: dict[str, list[str]] = {}
    visitor = data.get("visitor")
    if visitor is None or not _is_visitor_of(visitor, family):
        errors["visitor"] = [
            _("Die Person gehört nicht zum Besuchsteam des zuständigen Familienzentrums.")
        ]
    topics = list(data.get("topics") or [])
    materials = list(data.get("materials") or [])
    if set(topics) - set(settings.topic_list()):
        errors["topics"] = [_("Bitte nur Themen aus der Liste wählen.")]
    if set(materials) - set(settings.material_list()):
        errors["materials"] = [_("Bitte nur Materialien aus der Liste wählen.")]
    consent = bool(data.get("consent_given"))
    wording = (data.get("consent_wording") or "").strip()
    consent_date = data.get("consent_date")
    if consent and not wording:
        errors["consent_wording"] = [
            _(
                "Eine Einwilligung braucht die Fassung des Einwilligungstextes, dem "
                "zugestimmt wurde."
            )
        ]
    if consent and not consent_date:
        errors["consent_date"] = [_("Bitte das Datum der Einwilligung angeben.")]
    if not consent and (wording or consent_date):
        errors["consent_given"] = [
            _("Fassung und Datum nur angeben, wenn die Familie eingewilligt hat.")
        ]
    outcome = data.get("outcome")
    if consent and outcome != Outcome.VISITED:
        errors["consent_given"] = [_("Eine Einwilligung gibt es nur bei einem Besuch.")]
    if outcome != Outcome.VISITED and (topics or materials):
        errors["topics"] = [_("Themen und Materialien nur bei einem Besuch angeben.")]
    if family.status != FamilyStatus.OPEN:
        errors["outcome"] = [
            _("Für diese Familie ist schon ein Ergebnis erfasst (%(status)s).")
            % {"status": family.get_status_display()}
        ]
    if errors:
        raise ValidationError(errors)
    visit = create_logged(
        Visit,
        actor=actor,
        action="visits.visit.recorded",
        values={"municipality": family.municipality, "family": family},
        fields=["appointment", "visitor", "outcome", "attempts", "topics", "materials"],
        data={**data, "topics": topics, "materials": materials},
        log_fields=["appointment", "visitor", "outcome", "attempts", "topics", "materials"],
        extra={"consent_given": consent, "consent_wording": wording},
        log_instance=family,
        exclude=["municipality", "family"],
    )
    if consent:
        visit.consent_given = True
        visit.consent_wording = wording
        visit.consent_date = consent_date
        visit.save(update_fields=["consent_given", "consent_wording", "consent_date"])
    day = timezone.localtime(visit.appointment).date()
    if outcome == Outcome.NOT_REACHED:
        tries = sum(
            family.visits.filter(outcome=Outcome.NOT_REACHED).values_list("attempts", flat=True)
        )
        if tries < settings.max_attempts:
            return visit  # the family stays open: another try is due
        log_action(
            "visits.family.not_reached",
            actor=actor,
            instance=family,
            data={"attempts": tries, "limit": settings.max_attempts},
        )
    family.status = OUTCOME_STATUS[Outcome(outcome)]
    family.closed_on = day
    family.save(update_fields=["status", "closed_on", "updated_at"])
    return visit


def letters_prepare(*, actor, families: list[Family], first: datetime, step_minutes: int):
    """Propose a date to each family (one after another, ``step_minutes`` apart, weekdays
    between 9 and 17 o'clock) and mark the letter as printed; logged per family, ids only."""
    today = timezone.localdate()
    slot = timezone.localtime(first)
    for family in families:
        while slot.weekday() >= 5 or not (9 <= slot.hour < 17):
            slot = timezone.localtime(slot + timedelta(days=1)).replace(hour=9, minute=0)
        family.proposed_visit = slot
        family.announced_on = today
        slot = slot + timedelta(minutes=step_minutes)
    with transaction.atomic():
        Family.objects.bulk_update(families, ["proposed_visit", "announced_on"], batch_size=500)
        for family in families:
            log_action(
                "visits.family.announced",
                actor=actor,
                instance=family,
                data={"proposed_visit": family.proposed_visit.isoformat()},
            )
    return families


# --- retention ---------------------------------------------------------------------------

PERSONAL_FIELDS = {
    "parent_name": "",
    "street": "",
    "house_number": "",
    "postcode": "",
    "latitude": None,
    "longitude": None,
    "birth_month": None,
    "sibling_ages": "",
    "language": "de",
    "proposed_visit": None,
}


def anonymise_due(*, municipality, today: date | None = None) -> int:
    """Erase name and address (and everything else about the family) of the families whose
    visit or decline lies longer back than the retention period; open families a retention
    period after the import plus one. Visits stay as anonymous rows for the counts."""
    today = today or timezone.localdate()
    months = visit_settings(municipality=municipality).retention_months
    closed_before = today - relativedelta(months=months)
    open_before = today - relativedelta(months=2 * months)
    due = Family.objects.filter(municipality=municipality, anonymised_on=None).filter(
        closed_on__lte=closed_before
    ) | Family.objects.filter(
        municipality=municipality,
        anonymised_on=None,
        closed_on=None,
        created_at__date__lte=open_before,
    )
    ids = list(due.values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        batch = ids[start : start + 2000]
        with transaction.atomic():
            Family.objects.filter(pk__in=batch).update(
                **PERSONAL_FIELDS, anonymised_on=today, updated_at=timezone.now()
            )
            Visit.objects.filter(family_id__in=batch).update(consent_wording="", consent_date=None)
            ListedOffer.objects.filter(family_id__in=batch).update(family=None)
    if ids:
        log_action(
            "visits.family.anonymised",
            municipality=municipality,
            data={"families": len(ids)},
        )
    stale = timezone.now() - timedelta(hours=DRAFT_HOURS)
    BirthsImport.objects.filter(municipality=municipality, created_at__lt=stale).exclude(
        rows=[]
    ).update(rows=[])
    return len(ids)


def anonymise_everywhere(today: date | None = None) -> dict[str, int]:
    """The periodic job: every municipality that has families."""
    from django.apps import apps
    from django_scopes import scope

    Municipality = apps.get_model("tenancy", "Municipality")
    done = {}
    with scopes_disabled():
        municipalities = list(
            Municipality.objects.filter(pk__in=Family.objects.values("municipality"))
        )
    for municipality in municipalities:
        with scope(municipality=municipality.pk):
            done[municipality.slug] = anonymise_due(municipality=municipality, today=today)
    return done


# --- street table ------------------------------------------------------------------------

STREET_COLUMNS = {
    "street": {"straße", "strasse"},
    "postcode": {"plz", "postleitzahl"},
    "number_from": {"von", "hausnummer von", "nr von"},
    "number_to": {"bis", "hausnummer bis", "nr bis"},
    "latitude": {"breite", "lat", "latitude"},
    "longitude": {"länge", "laenge", "lon", "lng", "longitude"},
}
STREET_LABELS = {
    "street": "Straße",
    "postcode": "PLZ",
    "number_from": "von",
    "number_to": "bis",
    "latitude": "Breite",
    "longitude": "Länge",
}


def _number(text: str, kind) -> float | int | None:
    try:
        return kind(text.replace(",", ".") if kind is float else text)
    except ValueError:
        return None


@transaction.atomic
def streets_import(*, actor, municipality, upload) -> int:
    """Replace the street table by the file's rows, all or nothing. Raises ValidationError
    with every problem (line and column)."""
    content = read_limited(upload, MAX_UPLOAD_BYTES)
    try:
        table = open_table(
            io.BytesIO(content), upload.name or "strassen.csv", ReadOptions(header_row=0), LIMITS
        )
        try:
            header = [str(title or "").strip().lower() for title in table.header]
            raw = [
                (line, ["" if v is None else str(v).strip() for v in cells])
                for line, cells in table.rows
            ]
        finally:
            table.close()
    except FileProblem as problem:
        raise ValidationError(str(problem)) from None
    columns = {}
    for key, names in STREET_COLUMNS.items():
        found = [i for i, title in enumerate(header) if title in names]
        if found:
            columns[key] = found[0]
    missing = [STREET_LABELS[key] for key in STREET_COLUMNS if key not in columns]
    if missing:
        raise ValidationError(
            _("Es fehlen die Spalten: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    errors, segments = [], []
    for line, cells in raw:
        if not any(cells):
            continue
        value = {key: (cells[i] if i < len(cells) else "") for key, i in columns.items()}
        numbers = {}
        for key, kind in (
            ("number_from", int),
            ("number_to", int),
            ("latitude", float),
            ("longitude", float),
        ):
            numbers[key] = _number(value[key], kind)
            if numbers[key] is None:
                errors.append(
                    _("Zeile %(line)s, Spalte „%(column)s“: „%(value)s“ ist keine Zahl.")
                    % {"line": line, "column": STREET_LABELS[key], "value": value[key][:40]}
                )
        if not value["street"] or not (
            value["postcode"].isascii()
            and value["postcode"].isdigit()
            and len(value["postcode"]) == 5
        ):
            errors.append(
                _("Zeile %(line)s: Straße und fünfstellige PLZ sind nötig.") % {"line": line}
            )
            continue
        if None in numbers.values():
            continue
        if not (-90 <= numbers["latitude"] <= 90 and -180 <= numbers["longitude"] <= 180):
            errors.append(
                _("Zeile %(line)s: Breite oder Länge außerhalb des Wertebereichs.") % {"line": line}
            )
            continue
        if numbers["number_from"] > numbers["number_to"]:
            errors.append(_("Zeile %(line)s: „von“ ist größer als „bis“.") % {"line": line})
            continue
        segments.append(
            StreetSegment(
                municipality=municipality,
                street=value["street"][:120],
                postcode=value["postcode"],
                **numbers,
            )
        )
    if not errors and not segments:
        errors.append(_("Die Datei enthält keine Datenzeilen."))
    if errors:
        raise ValidationError(errors[:50])
    StreetSegment.objects.filter(municipality=municipality).delete()
    StreetSegment.objects.bulk_create(segments, batch_size=1000)
    log_action(
        "visits.streets.imported",
        actor=actor,
        municipality=municipality,
        data={"segments": len(segments)},
    )
    return len(segments)
