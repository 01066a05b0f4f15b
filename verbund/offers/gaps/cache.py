"""The offer side of the gap matrix, computed once per change (issue 17, item 5).

City-wide, the matrix groups every active offer of the municipality by its term pairs (150,000
offers: seconds). The grouped figures (row term, column term, offers, weight) are kept in
Django's cache under a key that carries the version counter ``offers:<municipality>`` from
``verbund.core.cache_versions`` (in the database, so every process sees a bump at once). The
referral figures and the terms themselves are read live (small); the needs' figures are kept
the same way under versions of their own (``need_groups``).

What the figures depend on, and what bumps the version:
- an offer's own columns (status, review, cost, admission, format, languages, childcare,
  centre, place): ``post_save``/``post_delete`` of ``Offer``;
- its terms, areas served and the needs it answers: ``m2m_changed`` of the link tables;
- which areas a centre serves and which centre a facility belongs to (reachability):
  ``m2m_changed`` of ``Area.centres``, ``post_save`` of ``Facility``, ``post_delete`` of
  ``Area``;
- writes that bypass the ORM's signals (``seed_scale``'s bulk inserts, imports written with raw
  SQL) call ``bump(municipality_id)`` themselves.

As in ``verbund.analysis.map_cache``, a bump happens at once and again on commit, so a request
that read the old rows meanwhile cannot keep them under the new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from verbund.analysis.list_cache import version_key as needs_key
from verbund.areas.tree_cache import version_key as areas_key
from verbund.core import cache_versions
from verbund.taxonomy.cache import version_key as terms_key
from verbund.tenancy.rows_cache import version_key as tenancy_key

PREFIX = "verbund:gaps"


def version_key(municipality_id: int) -> str:
    return f"offers:{municipality_id}"


def referrals_key(municipality_id: int) -> str:
    """Bumped on every save or delete of a referral (the matrix's referral figures)."""
    return f"referrals:{municipality_id}"


def page_versions(municipality_id: int) -> list[str]:
    """Everything the gap matrix page shows besides the viewer's reach and the values asked
    for: offers and reachability, needs, areas, terms, centres and referrals."""
    return [
        version_key(municipality_id),
        needs_key(municipality_id),
        areas_key(municipality_id),
        terms_key(municipality_id),
        tenancy_key(municipality_id),
        referrals_key(municipality_id),
    ]


def seconds() -> int:
    return getattr(settings, "GAPS_CACHE_SECONDS", 86400)


def _place(scope) -> tuple:
    if scope.centre is not None:
        return ("centre", scope.centre.pk)
    if scope.area is not None:
        return ("area", scope.area.pk)
    return ("municipality",)


def matrix_groups(scope, access, *, offer_parts: tuple, offers, need_parts: tuple, needs):
    """(offer figures, need figures) for ``scope``, from the cache when nothing they show
    changed since ``offers()`` and ``needs()`` computed them (one query for the versions).

    The offer figures depend on ``parts`` (rows, columns, language) and the offers version.
    The need figures (grouping them cost more than the rest of the matrix) are kept for
    ``access``'s reach under the needs (``needs:``, every save or delete of a need), the
    areas of the place and their subareas (``areas:``), which areas a centre serves (the
    offers version, which watches ``Area.centres``) and the row terms' keys ("alle
    Lebensphasen", ``terms:``). Without ``access`` they are computed."""
    mid = scope.municipality.pk
    offers_version, *others = cache_versions.current_many(
        [version_key(mid), needs_key(mid), areas_key(mid), terms_key(mid)]
    )
    place = _place(scope)
    offer_figures = cache_versions.cached(
        cache_versions.versioned_key(f"{PREFIX}:{mid}", (offers_version,), (place, offer_parts)),
        offers,
        timeout=seconds(),
    )
    if access is None:
        return offer_figures, needs()
    need_key = cache_versions.versioned_key(
        f"{PREFIX}:needs:{mid}",
        (offers_version, *others),
        (place, access.signature(), need_parts),
    )
    return offer_figures, cache_versions.cached(need_key, needs, timeout=seconds())


# -------------------------------------------------------------------------- invalidation


def bump(municipality_id: int | None) -> None:
    """At once and again on commit (see ``cache_versions.bump_now_and_on_commit``)."""
    if municipality_id is not None:
        cache_versions.bump_now_and_on_commit(version_key(municipality_id))


def _on_row(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    bump(getattr(instance, "municipality_id", None))


def _on_links(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        bump(getattr(instance, "municipality_id", None))


def _on_referral(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw") and instance.municipality_id is not None:
        cache_versions.bump_now_and_on_commit(referrals_key(instance.municipality_id))


def connect() -> None:
    """From ``OffersConfig.ready()``."""
    from verbund.areas.models import Area
    from verbund.tenancy.models import Facility

    from ..models import Offer, Referral

    uid = "verbund.offers.gaps.cache"
    post_save.connect(_on_row, sender=Offer, dispatch_uid=f"{uid}.offer.save")
    post_delete.connect(_on_row, sender=Offer, dispatch_uid=f"{uid}.offer.delete")
    post_save.connect(_on_row, sender=Facility, dispatch_uid=f"{uid}.facility.save")
    post_delete.connect(_on_row, sender=Area, dispatch_uid=f"{uid}.area.delete")
    for through, name in (
        (Offer.terms.through, "terms"),
        (Offer.areas_served.through, "areas_served"),
        (Offer.needs.through, "needs"),  # the offer's page shows which needs it answers
        (Area.centres.through, "area_centres"),
    ):
        m2m_changed.connect(_on_links, sender=through, dispatch_uid=f"{uid}.{name}")
    post_save.connect(_on_referral, sender=Referral, dispatch_uid=f"{uid}.referral.save")
    post_delete.connect(_on_referral, sender=Referral, dispatch_uid=f"{uid}.referral.delete")
