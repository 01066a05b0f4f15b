"""Offers similar to one being written: shown before saving, to avoid duplicate structures.

``similar_offers`` is the one entry point the offer form uses; the municipality's duplicate
report (``verbund.offers.overlaps.report``) scores pairs with the same ``score_pair``.

What counts, each with a reason in plain German:

* the same area served ("gleicher Stadtteil: Kalk"),
* shared life phases, topics, target groups, transitions and kinds of service, weighted by list
  (a shared life phase weighs more than a shared kind of service),
* overlapping times: a weekday in common and a start within 90 minutes
  ("überschneidende Zeiten: dienstags vormittags"),
* a similar title or description (words of the normalised text; titles also by edit distance),
* and whether another provider offers it (a duplicate structure) or the same one (perhaps
  already entered).

The work is bounded: candidates are preselected in SQL (same municipality, running or planned,
sharing a term or a title word; at most ``CANDIDATES``) and everything else is read in a fixed
number of queries. Pairs marked complementary are not suggested again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.taxonomy.models import Term, Vocabulary

from ..choices import OfferStatus
from ..models import ComplementaryPair, Offer, OfferSchedule
from ..text import normalise

RUNNING = [OfferStatus.ACTIVE, OfferStatus.PLANNED]
CANDIDATES = 200
# Weight of one list when all of the smaller side's terms are shared.
WEIGHTS = {
    Vocabulary.LIFE_PHASE: 0.2,
    Vocabulary.TOPIC: 0.15,
    Vocabulary.TARGET_GROUP: 0.1,
    Vocabulary.TRANSITION: 0.05,
    Vocabulary.SERVICE_KIND: 0.05,
}
AREA_WEIGHT = 0.15
TIME_WEIGHT = 0.1
TITLE_WEIGHT = 0.3
TEXT_WEIGHT = 0.1
# Shown while editing from this score; the duplicate report uses a higher one.
FORM_THRESHOLD = 0.45
TIME_WINDOW = 90  # minutes between two starts that still overlap
STOP_WORDS = {
    "fuer",
    "und",
    "oder",
    "mit",
    "von",
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "im",
    "in",
    "am",
    "an",
    "zum",
    "zur",
    "bei",
    "auf",
    "aus",
}
WEEKDAY_ADVERBS = [
    gettext_lazy("montags"),
    gettext_lazy("dienstags"),
    gettext_lazy("mittwochs"),
    gettext_lazy("donnerstags"),
    gettext_lazy("freitags"),
    gettext_lazy("samstags"),
    gettext_lazy("sonntags"),
]


@dataclass
class Similarity:
    offer: Offer
    score: float
    reasons: list[str]


@dataclass
class Features:
    """What the score compares, read in bulk for many offers at once. The normalised title and
    the words are computed once per offer, not once per pair."""

    pk: int | None
    title: str
    text: str
    provider_key: tuple
    terms: dict[str, set[int]] = field(default_factory=dict)
    areas: set[int] = field(default_factory=set)
    slots: list[tuple[int, int | None]] = field(default_factory=list)
    title_norm: str = field(init=False)
    title_words: set[str] = field(init=False)
    text_words: set[str] = field(init=False)

    def __post_init__(self):
        self.title_norm = normalise(self.title)
        self.title_words = words(self.title)
        self.text_words = words(self.text) - self.title_words


@dataclass
class Labels:
    """Names for the reasons: term id → (vocabulary, label), area id → (name, level)."""

    terms: dict[int, tuple[str, str]] = field(default_factory=dict)
    areas: dict[int, tuple[str, str]] = field(default_factory=dict)


def words(text: str) -> set[str]:
    return {w for w in normalise(text).split() if len(w) > 2 and w not in STOP_WORDS}


def provider_key(provider_id: int | None, centre_id: int | None) -> tuple:
    """Who runs it: the partner organisation, or the centre itself when there is none."""
    return ("organisation", provider_id) if provider_id else ("centre", centre_id)


def daypart(minute: int | None) -> str:
    if minute is None:
        return ""
    if minute < 12 * 60:
        return _("vormittags")
    if minute < 14 * 60:
        return _("mittags")
    if minute < 17 * 60:
        return _("nachmittags")
    return _("abends")


def overlapping_times(a: list, b: list) -> list[str]:
    """Plain German phrases for the slots both have in common ("dienstags vormittags")."""
    phrases: list[str] = []
    for days_a, start_a in a:
        for days_b, start_b in b:
            common = days_a & days_b
            if not common:
                continue
            both = start_a is not None and start_b is not None
            if both and abs(start_a - start_b) > TIME_WINDOW:
                continue
            part = daypart(start_a if start_a is not None else start_b)
            for index, adverb in enumerate(WEEKDAY_ADVERBS):
                if common & (1 << index):
                    phrase = f"{adverb} {part}".strip()
                    if phrase not in phrases:
                        phrases.append(phrase)
    return phrases


def title_similarity(a: str, b: str) -> float:
    """0…1: the better of shared title words (Jaccard) and the edit-distance ratio."""
    return _title_similarity(normalise(a), normalise(b), words(a), words(b))


def _title_similarity(left: str, right: str, wa: set[str], wb: set[str]) -> float:
    if not left or not right:
        return 0.0
    jaccard = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    if jaccard >= 0.5:
        return jaccard
    matcher = SequenceMatcher(None, left, right)
    # Cheap upper bounds first: most pairs are not alike at all.
    if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
        return jaccard
    return max(matcher.ratio(), jaccard)


def _area_reason(name: str, level: str) -> str:
    if normalise(level) == "stadtteil":
        return _("gleicher Stadtteil: %(name)s") % {"name": name}
    return _("gleiches Gebiet: %(name)s") % {"name": name}


TERM_PHRASES = {
    Vocabulary.LIFE_PHASE: gettext_lazy("gleiche Lebensphase %(labels)s"),
    Vocabulary.TOPIC: gettext_lazy("gleiches Thema: %(labels)s"),
    Vocabulary.TARGET_GROUP: gettext_lazy("gleiche Zielgruppe: %(labels)s"),
    Vocabulary.TRANSITION: gettext_lazy("gleicher Übergang: %(labels)s"),
    Vocabulary.SERVICE_KIND: gettext_lazy("gleiche Leistungsart: %(labels)s"),
}


def _term_reason(vocabulary: str, labels: list[str]) -> str:
    return str(TERM_PHRASES[vocabulary]) % {"labels": ", ".join(labels)}


def score_pair(
    a: Features, b: Features, labels: Labels, threshold: float | None = None
) -> tuple[float, list[str]]:
    """The similarity of two offers (0 … about 1.3) and its reasons, most telling first.

    With ``threshold``, a pair scoring below it gets no reasons (they are only worded for the
    pairs shown)."""
    score = 0.0
    shared_areas = a.areas & b.areas
    if shared_areas:
        score += AREA_WEIGHT
    shared_terms = {}
    for vocabulary, weight in WEIGHTS.items():
        mine, theirs = a.terms.get(vocabulary, set()), b.terms.get(vocabulary, set())
        shared = mine & theirs
        if shared:
            score += weight * len(shared) / min(len(mine), len(theirs))
            shared_terms[vocabulary] = shared
    times = overlapping_times(a.slots, b.slots)
    if times:
        score += TIME_WEIGHT
    title = _title_similarity(a.title_norm, b.title_norm, a.title_words, b.title_words)
    if title >= 0.5:
        score += TITLE_WEIGHT * title
    text = 0.0
    if len(a.text_words) >= 3 and len(b.text_words) >= 3:
        text = len(a.text_words & b.text_words) / min(len(a.text_words), len(b.text_words))
        if text >= 0.4:
            score += TEXT_WEIGHT * text
    score = round(score, 3)
    if threshold is not None and score < threshold:
        return score, []
    reasons: list[str] = []
    if title >= 0.5:
        reasons.append(_("ähnlicher Titel"))
    if shared_areas:
        name, level = sorted(labels.areas.get(pk, ("", "")) for pk in shared_areas)[0]
        if name:
            reasons.append(_area_reason(name, level))
    for vocabulary, shared in shared_terms.items():
        names = sorted(labels.terms[pk][1] for pk in shared if pk in labels.terms)
        if names:
            reasons.append(_term_reason(vocabulary, names))
    if times:
        reasons.append(_("überschneidende Zeiten: %(times)s") % {"times": ", ".join(times[:3])})
    if text >= 0.4:
        reasons.append(_("ähnliche Beschreibung"))
    if a.provider_key != b.provider_key:
        reasons.append(_("anderer Anbieter"))
    else:
        reasons.append(_("derselbe Anbieter – vielleicht schon eingetragen?"))
    return score, reasons


def load_features(offers: list[Offer]) -> dict[int, Features]:
    """Features of the given offers (already loaded) in three queries: terms, areas, times."""
    ids = [offer.pk for offer in offers]
    features = {
        offer.pk: Features(
            pk=offer.pk,
            title=offer.title,
            text=f"{offer.summary} {offer.description}",
            provider_key=provider_key(offer.provider_id, offer.centre_id),
        )
        for offer in offers
    }
    if not ids:
        return features
    through = Offer.terms.through.objects.filter(offer_id__in=ids)
    for offer_id, term_id, vocabulary in through.values_list(
        "offer_id", "term_id", "term__vocabulary"
    ):
        features[offer_id].terms.setdefault(vocabulary, set()).add(term_id)
    areas = Offer.areas_served.through.objects.filter(offer_id__in=ids)
    for offer_id, area_id in areas.values_list("offer_id", "area_id"):
        features[offer_id].areas.add(area_id)
    schedules = OfferSchedule.objects.filter(offer_id__in=ids, weekdays__gt=0)
    for offer_id, days, start in schedules.values_list("offer_id", "weekdays", "start_minute"):
        features[offer_id].slots.append((days, start))
    return features


def load_labels(*, term_ids, area_ids) -> Labels:
    """Two queries: the names of the terms and areas the reasons mention."""
    from verbund.areas.models import Area

    labels = Labels()
    if term_ids:
        for pk, vocabulary, label in Term.objects.filter(pk__in=set(term_ids)).values_list(
            "pk", "vocabulary", "label"
        ):
            labels.terms[pk] = (vocabulary, label)
    if area_ids:
        for pk, name, level in Area.objects.filter(pk__in=set(area_ids)).values_list(
            "pk", "name", "level"
        ):
            labels.areas[pk] = (name, level)
    return labels


def complementary_partners(offer_ids) -> dict[int, set[int]]:
    """offer id → the offers it was marked complementary with (one query)."""
    partners: dict[int, set[int]] = defaultdict(set)
    if not offer_ids:
        return partners
    ids = list(offer_ids)
    pairs = ComplementaryPair.objects.filter(Q(first_id__in=ids) | Q(second_id__in=ids))
    for first, second in pairs.values_list("first_id", "second_id"):
        partners[first].add(second)
        partners[second].add(first)
    return partners


def _candidate_ids(*, municipality, term_ids, title, exclude_id) -> list[int]:
    """At most ``CANDIDATES`` running offers sharing a term or a title word (two queries)."""
    base = Offer.objects.filter(municipality=municipality, status__in=RUNNING)
    if exclude_id:
        base = base.exclude(pk=exclude_id)
    found: list[int] = []
    if term_ids:
        by_terms = (
            base.filter(terms__in=term_ids)
            .annotate(shared=Count("terms", distinct=True))
            .order_by("-shared", "pk")
            .values_list("pk", flat=True)[:CANDIDATES]
        )
        found = list(by_terms)
    title_words = sorted(words(title), key=len, reverse=True)[:3]
    if title_words and len(found) < CANDIDATES:
        condition = Q()
        for word in title_words:
            condition |= Q(search_text__contains=word)
        by_text = base.filter(condition).exclude(pk__in=found).order_by("pk")
        found += list(by_text.values_list("pk", flat=True)[: CANDIDATES - len(found)])
    return found


def similar_offers(
    *,
    municipality,
    title: str,
    summary: str,
    term_ids: list[int],
    area_ids: list[int],
    provider_id: int | None,
    exclude_id: int | None = None,
    limit: int = 5,
    centre_id: int | None = None,
    description: str = "",
    slots: list[tuple[int, int | None]] | None = None,
    threshold: float = FORM_THRESHOLD,
) -> list[Similarity]:
    """Running offers most like the one being written, best first, each with its reasons.

    ``slots`` are the candidate's (weekday bits, start minute) pairs; when editing
    (``exclude_id``) and not given, the stored schedules are used. At most 9 queries whatever
    the size of the municipality.
    """
    term_ids = [int(pk) for pk in term_ids or []]
    area_ids = [int(pk) for pk in area_ids or []]
    ids = _candidate_ids(
        municipality=municipality, term_ids=term_ids, title=title, exclude_id=exclude_id
    )
    if not ids:
        return []
    offers = list(
        Offer.objects.filter(pk__in=ids)
        .select_related("provider", "centre")
        .only(
            "pk",
            "title",
            "summary",
            "description",
            "status",
            "provider_id",
            "centre_id",
            "provider__name",
            "centre__name",
            "municipality_id",
        )
    )
    features = load_features(offers)
    if slots is None and exclude_id:
        slots = list(
            OfferSchedule.objects.filter(offer_id=exclude_id, weekdays__gt=0).values_list(
                "weekdays", "start_minute"
            )
        )
    mine = Features(
        pk=exclude_id,
        title=title,
        text=f"{summary} {description}",
        provider_key=provider_key(provider_id, centre_id),
        areas=set(area_ids),
        slots=list(slots or []),
    )
    all_term_ids = set(term_ids)
    for item in features.values():
        for members in item.terms.values():
            all_term_ids |= members
    labels = load_labels(term_ids=all_term_ids, area_ids=area_ids)
    for pk, (vocabulary, _label) in labels.terms.items():
        if pk in term_ids:
            mine.terms.setdefault(vocabulary, set()).add(pk)
    skip = complementary_partners([exclude_id]).get(exclude_id, set()) if exclude_id else set()
    results = []
    for offer in offers:
        if offer.pk in skip:
            continue
        score, reasons = score_pair(mine, features[offer.pk], labels, threshold)
        if score >= threshold:
            results.append(Similarity(offer=offer, score=score, reasons=reasons))
    results.sort(key=lambda item: (-item.score, item.offer.pk))
    return results[:limit]
