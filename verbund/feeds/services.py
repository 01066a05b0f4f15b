"""Writes of the feed import: sources, runs (fetched and checked in a background job), the
mapping of their terms to ours, the commit (all or nothing, matched by HSDS id) and the
release of imported offers for families."""

from __future__ import annotations

import hashlib
import json
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes
from verbund.core.fulltext import document
from verbund.dashboard import items_cache as dashboard_items
from verbund.offers.choices import LANGUAGE_LABELS, OfferStatus, ReviewState, Visibility
from verbund.offers.gaps import cache as gap_cache
from verbund.offers.models import Offer, OfferOrigin
from verbund.taxonomy.models import Term

from .check import check, term_label
from .models import FeedRun, FeedSource, RunStatus, SourceKind, TermMapping

SOURCE_FIELDS = ["name", "kind", "url", "centre", "default_format"]
OFFER_FIELDS = [
    "title", "summary", "description", "cost", "cost_note", "admission", "languages",
    "place_kind", "street", "postcode", "city", "online_url", "status", "contact_email",
    "contact_phone",
]  # fmt: skip
BATCH = 1000


def _check_centre(municipality, centre) -> None:
    if centre is not None and centre.municipality_id != municipality.pk:
        raise ValidationError({"centre": _("Das Familienzentrum gehört nicht zu dieser Kommune.")})


@transaction.atomic
def source_create(*, actor, municipality, data: dict) -> FeedSource:
    _check_centre(municipality, data.get("centre"))
    return create_logged(
        FeedSource,
        actor=actor,
        action="feeds.source.create",
        fields=SOURCE_FIELDS,
        data=data,
        values={"municipality": municipality, "created_by": actor},
    )


@transaction.atomic
def source_update(*, actor, source: FeedSource, data: dict) -> FeedSource:
    _check_centre(source.municipality, data.get("centre"))
    return save_changes(
        source, fields=SOURCE_FIELDS, data=data, action="feeds.source.update", actor=actor
    )


@transaction.atomic
def run_start(*, actor, source: FeedSource, upload=None) -> FeedRun:
    """A new run; the job fetches (or reads the uploaded ZIP), checks and keeps the result."""
    if source.kind == SourceKind.PACKAGE and upload is None:
        raise ValidationError({"file": _("Bitte wählen Sie die ZIP-Datei des Datenpakets.")})
    if source.kind == SourceKind.API and not source.url:
        raise ValidationError(_("Für diese Quelle ist keine Adresse eingetragen."))
    stored = ""
    filename = ""
    if upload is not None:
        filename = (getattr(upload, "name", "") or "datenpaket.zip")[:200]
        stored = default_storage.save(f"feeds/{uuid.uuid4().hex}.zip", ContentFile(upload.read()))
    run = create_logged(
        FeedRun,
        actor=actor,
        action="feeds.run.start",
        fields=[],
        data={},
        values={
            "municipality": source.municipality,
            "source": source,
            "filename": filename,
            "started_by": actor,
        },
    )
    from .jobs import fetch_task

    job = fetch_task.enqueue(
        municipality=source.municipality,
        owner=actor,
        label=_("Verzeichnis „%(name)s“ abrufen und prüfen") % {"name": source.name},
        upload=stored,
        run_id=run.pk,
    )
    FeedRun.objects.filter(pk=run.pk).update(job=job)
    run.job = job
    return run


def _mappings(source: FeedSource) -> dict[str, tuple[int | None, bool]]:
    return {
        m.external_id: (m.term_id, m.ignored)
        for m in TermMapping.objects.filter(source=source).only("external_id", "term_id", "ignored")
    }


def _digest(mappings: dict) -> str:
    text = json.dumps(sorted((k, v[0], v[1]) for k, v in mappings.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def _report(run: FeedRun) -> dict:
    mappings = _mappings(run.source)
    preview = check(run.services, run.terms, mappings)
    shown = [r for r in preview.records if r["errors"]][:500]
    return {
        "records": len(preview.records),
        "error_count": preview.error_count,
        "errors": [{"label": r["label"], "errors": r["errors"]} for r in shown],
        "unmapped": preview.unmapped,
        "values": preview.values,
        "problems": (run.report or {}).get("problems", []),
        "mapping_digest": _digest(mappings),
    }


@transaction.atomic
def mapping_save(*, actor, run: FeedRun, choices: dict[str, int | None]) -> int:
    """Save how their terms map to ours (``None``: ignore the term), then check the run again."""
    source = run.source
    ours = Term.objects.filter(municipality=run.municipality).in_bulk(
        [pk for pk in choices.values() if pk]
    )
    labels = {tid: term_label(t) for tid, t in (run.terms or {}).items()}
    labels.update((run.report or {}).get("unmapped", {}))
    saved = 0
    for external_id, term_id in choices.items():
        if term_id and term_id not in ours:
            raise ValidationError(_("Dieser Begriff gehört nicht zu Ihrer Kommune."))
        TermMapping.objects.update_or_create(
            municipality=run.municipality,
            source=source,
            external_id=external_id[:250],
            defaults={
                "label": labels.get(external_id, "")[:300],
                "term": ours.get(term_id) if term_id else None,
                "ignored": not term_id,
            },
        )
        saved += 1
    log_action(
        "feeds.mapping.save",
        actor=actor,
        instance=source,
        data={"mapped": dict(choices)},
    )
    _recheck(run=run)
    return saved


def _recheck(*, run: FeedRun) -> FeedRun:
    if run.status not in (RunStatus.READY, RunStatus.INVALID):
        return run
    run.report = _report(run)
    ok = run.report["error_count"] == 0 and run.report["records"] > 0
    run.status = RunStatus.READY if ok else RunStatus.INVALID
    run.save(update_fields=["report", "status", "updated_at"])
    return run


def _search_text(values: dict, centre_name: str, labels: dict[int, str]) -> str:
    parts = [values["summary"], values["description"], centre_name, values["street"]]
    parts += [values["city"]] + [labels.get(pk, "") for pk in values["term_ids"]]
    parts += [str(LANGUAGE_LABELS.get(c, c)) for c in values["languages"].split()]
    return document(values["title"], " ".join(p for p in parts if p))


@transaction.atomic
def run_commit(*, actor, run: FeedRun) -> dict:
    """Write every checked record or none: new HSDS ids become offers (in the network, not
    public), known ones are updated, offers whose record has gone are ended."""
    run = FeedRun.objects.select_for_update().select_related("source__centre").get(pk=run.pk)
    if run.status != RunStatus.READY:
        raise ValidationError(_("Dieser Abruf ist nicht bereit zur Übernahme."))
    fresh = run.report or {}
    if fresh.get("mapping_digest") != _digest(_mappings(run.source)):
        fresh = _report(run)  # the mapping has changed since the check: check again
    if fresh.get("error_count") or not fresh.get("records"):
        raise ValidationError(_("Das Verzeichnis hat noch Fehler; es wurde nichts gespeichert."))
    values: dict[str, dict] = fresh["values"]
    source, municipality = run.source, run.municipality
    centre = source.centre
    now = timezone.now()
    today = timezone.localdate()
    labels = dict(Term.objects.filter(municipality=municipality).values_list("pk", "label"))
    origins = {
        o.external_id: o
        for o in OfferOrigin.objects.filter(municipality=municipality, source_key=source.source_key)
    }
    new_ids = [sid for sid in values if sid not in origins]
    known_ids = [sid for sid in values if sid in origins]
    gone = [o for sid, o in origins.items() if sid not in values and o.withdrawn_at is None]

    created = []
    for sid in new_ids:
        v = values[sid]
        offer = Offer(
            municipality=municipality,
            centre=centre,
            format=source.default_format,
            visibility=Visibility.INTERNAL,
            review_state=ReviewState.APPROVED,
            reviewed_at=now,
            last_checked=today,
            search_text=_search_text(v, centre.name, labels),
            **{f: v[f] for f in OFFER_FIELDS},
        )
        created.append(offer)
    Offer.objects.bulk_create(created, batch_size=BATCH)
    OfferOrigin.objects.bulk_create(
        [
            OfferOrigin(
                municipality=municipality,
                offer=offer,
                source_key=source.source_key,
                source_label=source.name[:200],
                external_id=sid[:250],
                imported_at=now,
            )
            for sid, offer in zip(new_ids, created, strict=True)
        ],
        batch_size=BATCH,
    )
    updated_ids = [origins[sid].offer_id for sid in known_ids]
    offers = Offer.objects.filter(pk__in=updated_ids).in_bulk() if updated_ids else {}
    changed = []
    for sid in known_ids:
        offer = offers[origins[sid].offer_id]
        v = values[sid]
        for name in OFFER_FIELDS:
            setattr(offer, name, v[name])
        offer.centre = centre
        offer.last_checked = today
        offer.search_text = _search_text(v, centre.name, labels)
        changed.append(offer)
    Offer.objects.bulk_update(
        changed, [*OFFER_FIELDS, "centre", "last_checked", "search_text"], batch_size=BATCH
    )
    OfferOrigin.objects.filter(pk__in=[origins[s].pk for s in known_ids]).update(
        imported_at=now, withdrawn_at=None, source_label=source.name[:200]
    )
    through = Offer.terms.through
    if updated_ids:
        through.objects.filter(offer_id__in=updated_ids).delete()
    links = [
        through(offer_id=offer.pk, term_id=term_id)
        for offer, sid in [
            *zip(created, new_ids, strict=True),
            *zip(changed, known_ids, strict=True),
        ]
        for term_id in values[sid]["term_ids"]
    ]
    through.objects.bulk_create(links, batch_size=BATCH * 4)
    if gone:
        Offer.objects.filter(pk__in=[o.offer_id for o in gone]).update(
            status=OfferStatus.ENDED, updated_at=now
        )
        OfferOrigin.objects.filter(pk__in=[o.pk for o in gone]).update(withdrawn_at=now)
    counts = {"created": len(created), "updated": len(changed), "withdrawn": len(gone)}
    run.status = RunStatus.COMMITTED
    run.committed_at = now
    run.report = {**fresh, "values": {}, "result": counts}
    run.services = []  # what was read is now in the offers
    run.save(update_fields=["status", "committed_at", "report", "services", "updated_at"])
    log_action("feeds.run.commit", actor=actor, instance=run, data=counts)
    _gaps_changed(municipality.pk)
    return counts


@transaction.atomic
def offers_release(*, actor, source: FeedSource, offer_ids: list[int], release: bool) -> int:
    """Show imported offers to families (or take them back)."""
    origins = OfferOrigin.objects.filter(
        municipality=source.municipality,
        source_key=source.source_key,
        offer_id__in=offer_ids,
    )
    now = timezone.now()
    ids = list(origins.values_list("offer_id", flat=True))
    if release:
        origins.update(released_at=now)
        Offer.objects.filter(pk__in=ids).update(visibility=Visibility.PUBLIC, updated_at=now)
    else:
        origins.update(released_at=None)
        Offer.objects.filter(pk__in=ids).update(visibility=Visibility.INTERNAL, updated_at=now)
    _gaps_changed(source.municipality_id)
    log_action(
        "feeds.offers.release" if release else "feeds.offers.withdraw",
        actor=actor,
        instance=source,
        data={"offers": sorted(ids)},
    )
    return len(ids)


def _gaps_changed(municipality_id: int) -> None:
    """Bulk writes send no signals: the gap analysis and the start page are told here."""
    gap_cache.bump(municipality_id)
    dashboard_items.bump(municipality_id)
