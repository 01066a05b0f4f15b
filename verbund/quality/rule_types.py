"""Evidence rule types over what the system holds today: agreements, bodies, meetings, offers,
rooms, needs, archived documents and annual programmes. Registered in
``QualityConfig.ready()``; each costs one query (two or three for meetings and bodies) per
chunk of centres, whatever the data size."""

from __future__ import annotations

from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.analysis.choices import NeedStatus
from verbund.analysis.models import Need
from verbund.cooperation.models import Agreement
from verbund.cooperation.models.agreements import Status as AgreementStatus
from verbund.cooperation.models.parties import PartyKind
from verbund.documents.choices import DocumentKind
from verbund.documents.models import Document
from verbund.meetings.models import Meeting, MinutesStatus
from verbund.network.models import Body, BodyMember
from verbund.network.models.bodies import BodyKind
from verbund.network.models.organisations import Sector
from verbund.offers.choices import OfferStatus
from verbund.offers.models import Offer
from verbund.planning.models import Goal, ProgrammeStatus, ReviewStatus
from verbund.rooms.models import Room

from .rules import (
    MAX_ITEMS,
    MIN_COUNT,
    Param,
    RuleType,
    chunks,
    evidence,
    register_evidence_link,
    register_rule_type,
)

VALID_AGREEMENT = [AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.UNDER_REVIEW]


def _collect(rows, centre_key, build) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    seen: dict[int, set] = defaultdict(set)
    for row in rows:
        centre_id = row[centre_key]
        item = build(row)
        if item["id"] in seen[centre_id]:
            continue
        seen[centre_id].add(item["id"])
        found[centre_id].append(item)
    return found


def _merge(*results: dict[int, list[dict]]) -> dict[int, list[dict]]:
    merged: dict[int, list[dict]] = defaultdict(list)
    for result in results:
        for centre_id, items in result.items():
            known = {(item["kind"], item["id"]) for item in merged[centre_id]}
            merged[centre_id].extend(i for i in items if (i["kind"], i["id"]) not in known)
    return merged


def agreements(centre_ids, params, today):
    found: dict[int, list[dict]] = {}
    for ids in chunks(centre_ids):
        qs = Agreement.objects.filter(centre_id__in=ids, status__in=VALID_AGREEMENT).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
        partner = Q(parties__kind=PartyKind.PARTNER)
        if params.get("sectors"):
            qs = qs.filter(partner & Q(parties__organisation__sector__in=params["sectors"]))
        if params.get("partner_type"):
            qs = qs.filter(
                partner & Q(parties__organisation__org_type__icontains=params["partner_type"])
            )
        if params.get("with_municipality"):
            qs = qs.filter(Q(includes_municipality=True) | Q(parties__kind=PartyKind.MUNICIPALITY))
        rows = qs.values("id", "title", "centre_id", "start_date").order_by("centre_id", "title")
        found.update(
            _collect(
                rows.distinct(),
                "centre_id",
                lambda r: evidence("agreement", r["id"], r["title"], r["start_date"]),
            )
        )
    return found


def bodies(centre_ids, params, today):
    kinds = params.get("kinds") or []
    results = []
    for ids in chunks(centre_ids):
        own = Body.objects.filter(centre_id__in=ids, dissolved_on__isnull=True)
        seats = BodyMember.objects.filter(
            centre_id__in=ids, left_on__isnull=True, body__dissolved_on__isnull=True
        )
        if kinds:
            own = own.filter(kind__in=kinds)
            seats = seats.filter(body__kind__in=kinds)
        results.append(
            _collect(
                own.values("id", "name", "centre_id").order_by("name"),
                "centre_id",
                lambda r: evidence("body", r["id"], r["name"]),
            )
        )
        results.append(
            _collect(
                seats.values("body_id", "body__name", "centre_id").order_by("body__name"),
                "centre_id",
                lambda r: evidence("body", r["body_id"], r["body__name"]),
            )
        )
    return _merge(*results)


def meetings(centre_ids, params, today):
    since = today - relativedelta(months=params.get("months") or 12)
    kinds = params.get("body_kinds") or []
    results = []
    base = Meeting.objects.filter(
        minutes_status=MinutesStatus.APPROVED, date__gte=since, date__lte=today
    )
    if kinds:
        base = base.filter(body__kind__in=kinds)

    def build(r):
        return evidence("meeting", r["id"], r["title"], r["date"])

    for ids in chunks(centre_ids):
        fields = ("id", "title", "date")
        results.append(
            _collect(
                base.filter(body__centre_id__in=ids).values(*fields, "body__centre_id"),
                "body__centre_id",
                build,
            )
        )
        results.append(
            _collect(
                base.filter(body__members__centre_id__in=ids, body__members__left_on__isnull=True)
                .values(*fields, "body__members__centre_id")
                .order_by("-date"),
                "body__members__centre_id",
                build,
            )
        )
        if not kinds:
            results.append(
                _collect(
                    base.filter(circle__centre_id__in=ids).values(*fields, "circle__centre_id"),
                    "circle__centre_id",
                    build,
                )
            )
    merged = _merge(*results)
    for items in merged.values():
        items.sort(key=lambda item: item["date"], reverse=True)
    return merged


def offers(centre_ids, params, today):
    found: dict[int, list[dict]] = defaultdict(list)
    languages = set(params.get("languages") or [])
    for ids in chunks(centre_ids):
        qs = Offer.objects.filter(
            centre_id__in=ids, status__in=[OfferStatus.ACTIVE, OfferStatus.PLANNED]
        )
        if params.get("terms"):
            qs = qs.filter(terms__key__in=params["terms"])
        for flag in ("childcare", "step_free", "interpretation"):
            if params.get(flag):
                qs = qs.filter(**{flag: True})
        if params.get("other_language"):
            qs = qs.exclude(languages="").exclude(languages="de")
        if languages:
            language_q = Q()
            for code in languages:
                language_q |= Q(languages__icontains=code)
            qs = qs.filter(language_q)
        rows = qs.values("id", "title", "centre_id", "languages").order_by("centre_id", "title")
        for row in rows.distinct():
            codes = set(row["languages"].split())
            if params.get("other_language") and not codes - {"de"}:
                continue
            if languages and not codes & languages:
                continue
            if any(item["id"] == row["id"] for item in found[row["centre_id"]]):
                continue
            found[row["centre_id"]].append(evidence("offer", row["id"], row["title"]))
    return found


def rooms(centre_ids, params, today):
    found: dict[int, list[dict]] = {}
    for ids in chunks(centre_ids):
        qs = Room.objects.filter(facility__centre_id__in=ids, active=True)
        if params.get("step_free"):
            qs = qs.filter(step_free=True)
        if params.get("min_capacity"):
            qs = qs.filter(capacity__gte=params["min_capacity"])
        found.update(
            _collect(
                qs.values("id", "name", "facility__centre_id").order_by("name"),
                "facility__centre_id",
                lambda r: evidence("room", r["id"], r["name"]),
            )
        )
    return found


def needs(centre_ids, params, today):
    statuses = params.get("statuses") or [
        NeedStatus.CONFIRMED,
        NeedStatus.IN_PROGRESS,
        NeedStatus.MET,
    ]
    found: dict[int, list[dict]] = {}
    for ids in chunks(centre_ids):
        qs = Need.objects.filter(centre_id__in=ids, status__in=statuses)
        found.update(
            _collect(
                qs.values("id", "title", "centre_id").order_by("title"),
                "centre_id",
                lambda r: evidence("need", r["id"], r["title"]),
            )
        )
    return found


def documents(centre_ids, params, today):
    """Documents in the centre's own archive (confidential ones are left out: their titles
    would reach everyone who reads the self-check)."""
    kinds = params.get("kinds") or []
    months = params.get("months")
    base = Document.objects.filter(confidential=False)
    if kinds:
        base = base.filter(kind__in=kinds)
    if months:
        since = today - relativedelta(months=months)
        base = base.filter(
            Q(document_date__gte=since) | Q(document_date__isnull=True, updated_at__date__gte=since)
        )
    found: dict[int, list[dict]] = {}
    for ids in chunks(centre_ids):
        rows = base.filter(centre_id__in=ids).values("id", "title", "document_date", "centre_id")
        found.update(
            _collect(
                rows.order_by("-document_date", "-id"),
                "centre_id",
                lambda r: evidence("document", r["id"], r["title"], r["document_date"]),
            )
        )
    return found


def programmes(centre_ids, params, today):
    """Goals of the centre's approved annual programmes of this and last year; with
    ``reviewed`` only programmes with a review held."""
    base = Goal.objects.filter(
        programme__status=ProgrammeStatus.APPROVED,
        programme__year__gte=today.year - 1,
        programme__year__lte=today.year,
    )
    if params.get("reviewed"):
        base = base.filter(programme__reviews__status=ReviewStatus.DONE)
    found: dict[int, list[dict]] = {}
    for ids in chunks(centre_ids):
        rows = base.filter(programme__centre_id__in=ids).values(
            "id", "title", "programme__year", "programme__centre_id"
        )
        found.update(
            _collect(
                rows.order_by("-programme__year", "position", "id"),
                "programme__centre_id",
                lambda r: evidence("goal", r["id"], f"{r['programme__year']}: {r['title']}"),
            )
        )
    return found


def _limited(fetch):
    """Keep the count, store at most MAX_ITEMS items (see rules.MAX_ITEMS)."""

    def run(centre_ids, params, today):
        return {
            centre_id: items
            for centre_id, items in fetch(list(centre_ids), params, today).items()
            if items
        }

    run.__doc__ = fetch.__doc__
    return run


def register() -> None:
    sectors = Param("sectors", list, _("Sektoren der Partner"), choices=lambda: Sector.values)
    register_rule_type(
        RuleType(
            "agreement",
            _("Unterzeichnete Kooperationsvereinbarung"),
            _limited(agreements),
            params=(
                sectors,
                Param("partner_type", str, _("Art des Partners enthält")),
                Param("with_municipality", bool, _("Kommune ist Vertragspartei")),
                MIN_COUNT,
            ),
        )
    )
    register_rule_type(
        RuleType(
            "body",
            _("Mitarbeit in Gremien und Netzwerken"),
            _limited(bodies),
            params=(
                Param("kinds", list, _("Arten von Gremien"), choices=lambda: BodyKind.values),
                MIN_COUNT,
            ),
        )
    )
    register_rule_type(
        RuleType(
            "meeting",
            _("Sitzungen mit genehmigtem Protokoll"),
            _limited(meetings),
            params=(
                Param("months", int, _("in den letzten Monaten"), min_value=1, max_value=60),
                Param("body_kinds", list, _("Arten von Gremien"), choices=lambda: BodyKind.values),
                MIN_COUNT,
            ),
        )
    )
    register_rule_type(
        RuleType(
            "offer",
            _("Laufende oder geplante Angebote"),
            _limited(offers),
            params=(
                Param("terms", list, _("Lebensphasen, Themen oder Zielgruppen (Schlüssel)")),
                Param("languages", list, _("Sprachen (Sprachcodes)")),
                Param("other_language", bool, _("in einer anderen Sprache als Deutsch")),
                Param("childcare", bool, _("mit Kinderbetreuung")),
                Param("step_free", bool, _("stufenlos erreichbar")),
                Param("interpretation", bool, _("Sprachmittlung auf Anfrage")),
                MIN_COUNT,
            ),
        )
    )
    register_rule_type(
        RuleType(
            "room",
            _("Räume der Einrichtungen des Familienzentrums"),
            _limited(rooms),
            params=(
                Param("step_free", bool, _("stufenlos erreichbar")),
                Param("min_capacity", int, _("Plätze mindestens"), min_value=1, max_value=10000),
                MIN_COUNT,
            ),
        )
    )
    register_rule_type(
        RuleType(
            "need",
            _("Gemeldete Bedarfe"),
            _limited(needs),
            params=(
                Param("statuses", list, _("Stand der Bedarfe"), choices=lambda: NeedStatus.values),
                MIN_COUNT,
            ),
        )
    )
    register_rule_type(
        RuleType(
            "document",
            _("Dokumente im Archiv des Familienzentrums"),
            _limited(documents),
            params=(
                Param("kinds", list, _("Dokumentarten"), choices=lambda: DocumentKind.values),
                Param("months", int, _("aus den letzten Monaten"), min_value=1, max_value=120),
                MIN_COUNT,
            ),
        )
    )
    register_rule_type(
        RuleType(
            "programme",
            _("Ziele des freigegebenen Jahresprogramms (dieses oder letztes Jahr)"),
            _limited(programmes),
            params=(Param("reviewed", bool, _("mit durchgeführter Überprüfung")), MIN_COUNT),
        )
    )
    register_evidence_link("agreement", "cooperation:agreement_detail", "agreement_id")
    register_evidence_link("body", "network:body_detail", "body_id")
    register_evidence_link("meeting", "meetings:meeting_detail", "meeting_id")
    register_evidence_link("offer", "offers:offer_detail", "offer_id")
    register_evidence_link("room", "rooms:room_detail", "room_id")
    register_evidence_link("need", "analysis:need_detail", "need_id")
    register_evidence_link("document", "documents:detail", "document_id")
    register_evidence_link("goal", "planning:goal_detail", "goal_id")


__all__ = ["MAX_ITEMS", "register"]
