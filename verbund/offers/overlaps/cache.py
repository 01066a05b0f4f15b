"""The duplicate report's scored pairs, computed once per change.

Scoring a page of ten areas compares hundreds of offers (titles, times, terms): most of the
report's time. What comes out depends on the municipality's data alone, not on who asks, so it
is kept in Django's cache per page of areas and language, and each request only narrows it to
the pairs within the user's reach. The key carries three version counters from
``verbund.core.cache_versions`` (in the database, so every process sees a bump at once):

- ``offers:<municipality>`` (``verbund.offers.gaps.cache``): an offer's columns, its terms and
  areas served, offer imports;
- ``areas:<municipality>``: area names (they are in the reasons);
- ``overlaps:<municipality>``, bumped here: pairs marked complementary (they leave the report),
  offer times (``OfferSchedule``) and term labels (in the reasons).

The silo overview (``silos``) keeps, for a viewer who sees every running offer, the ordered
areas it pages through and each page's rendered tables. Besides the three versions above, the
tables depend on who runs an offer jointly: co-providers (``silos:<municipality>``, bumped here
on ``m2m_changed``) and cooperation agreements and their parties (the network version of
``verbund.network.metrics_cache``, which watches them).

As elsewhere, a bump happens at once and again on commit, so a request that read the old rows
meanwhile cannot keep them under the new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from verbund.core import cache_versions
from verbund.network.metrics_cache import version_key as network_key

from ..gaps.cache import version_key as offers_key

PREFIX = "verbund:overlaps"


def version_key(municipality_id: int) -> str:
    return f"overlaps:{municipality_id}"


def seconds() -> int:
    return getattr(settings, "GAPS_CACHE_SECONDS", 86400)


def scored_pairs(municipality_id: int, page_ids: list[int], compute):
    return cache_versions.cached_for(
        f"{PREFIX}:{municipality_id}",
        [offers_key(municipality_id), f"areas:{municipality_id}", version_key(municipality_id)],
        (get_language(), page_ids),
        compute,
        timeout=seconds(),
    )


def running_areas(municipality_id: int, compute) -> tuple[frozenset[int], frozenset[int]]:
    """(areas served by a running offer, areas served by two or more), kept under the offers
    version alone: both the report and the silo overview page through them, and counting them
    joins every running offer with its areas (10–15 ms at 5,000 offers)."""
    return cache_versions.cached_for(
        f"{PREFIX}:running-areas:{municipality_id}",
        [offers_key(municipality_id)],
        (),
        compute,
        timeout=seconds(),
    )


def report_area_ids(municipality_id: int, compute) -> list[int]:
    """The duplicate report's areas in its order, for a viewer who sees every running offer
    (kept while no offer or area changed): paging through 2,000 ids in SQL costs more than the
    rest of the page."""
    return cache_versions.cached_for(
        f"{PREFIX}:report-areas:{municipality_id}",
        [offers_key(municipality_id), f"areas:{municipality_id}"],
        (),
        compute,
        timeout=seconds(),
    )


def without_area_count(municipality_id: int, compute) -> int:
    """Running offers that name no area, for a viewer who sees every running offer."""
    return cache_versions.cached_for(
        f"{PREFIX}:without-area:{municipality_id}",
        [offers_key(municipality_id)],
        (),
        compute,
        timeout=seconds(),
    )


def silo_area_ids(municipality_id: int, compute) -> list[int]:
    """The areas with a running offer, in the overview's order (kept while no offer or area
    changed)."""
    return cache_versions.cached_for(
        f"{PREFIX}:silo-areas:{municipality_id}",
        [offers_key(municipality_id), f"areas:{municipality_id}"],
        (),
        compute,
        timeout=seconds(),
    )


def silo_versions(municipality_id: int) -> list[str]:
    """What the silo overview shows besides the viewer's reach and the page asked for: offers
    and which areas a centre serves, areas, kinds' labels, co-providers, agreements' parties."""
    return [
        offers_key(municipality_id),
        f"areas:{municipality_id}",
        version_key(municipality_id),
        silo_version_key(municipality_id),
        network_key(municipality_id),
    ]


def silo_tables(municipality_id: int, page_ids: list[int], render) -> str:
    """``render()``'s tables of one page of areas, in the active language."""
    return cache_versions.cached_for(
        f"{PREFIX}:silo-tables:{municipality_id}",
        silo_versions(municipality_id),
        (get_language(), page_ids),
        render,
        timeout=seconds(),
    )


def silo_version_key(municipality_id: int) -> str:
    return f"silos:{municipality_id}"


def bump(municipality_id: int | None) -> None:
    if municipality_id is None:
        return
    cache_versions.bump_now_and_on_commit(version_key(municipality_id))


def _on_row(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw"):
        bump(getattr(instance, "municipality_id", None))


def _on_co_providers(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if reverse:  # an organisation's offers: they are all of its municipality
        municipality_id = getattr(instance, "municipality_id", None)
    else:
        municipality_id = instance.municipality_id
    if municipality_id is not None:
        cache_versions.bump_now_and_on_commit(silo_version_key(municipality_id))


def connect() -> None:
    """From ``OffersConfig.ready()``."""
    from verbund.taxonomy.models import Term

    from ..models import ComplementaryPair, Offer, OfferSchedule

    uid = "verbund.offers.overlaps.cache"
    m2m_changed.connect(
        _on_co_providers, sender=Offer.co_providers.through, dispatch_uid=f"{uid}.co_providers"
    )
    for model in (ComplementaryPair, OfferSchedule, Term):
        label = model._meta.label
        post_save.connect(_on_row, sender=model, dispatch_uid=f"{uid}.{label}.save")
        post_delete.connect(_on_row, sender=model, dispatch_uid=f"{uid}.{label}.delete")
