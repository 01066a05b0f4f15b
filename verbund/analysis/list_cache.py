"""The need list's filter form and the filter it asks for, kept per change (issue 17).

The form offers the centres the viewer reaches, the areas that have needs and three term
lists; building and rendering it was most of the need list's time. Neither the form's HTML nor
the filter it parses (``NeedFilter``) depends on more than:

- the form's values and the viewer's reach (``Access.signature``);
- the version counters (``verbund.core.cache_versions``) of what its choices show: needs
  (``needs:<municipality>``, bumped here on every save or delete of a need or its evidence:
  which areas have needs), centres (``tenancy:<municipality>``), areas
  (``areas:<municipality>``) and terms (``terms:<municipality>``).

The whole need list (``page_versions``) is kept under the same versions: it shows needs with
their evidence count, centres', areas' and terms' names.

The rows of the centres' figures overview are kept the same way (``figures_rows_html``): a row
shows a centre's name, whether it is the viewer's own (exact small counts) and its newest
figures, so it is kept under those centres and marks, the language, the centres' version and
``figures:<municipality>``, bumped here on every save or delete of a centre's figures.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from verbund.areas.tree_cache import version_key as areas_key
from verbund.core import cache_versions
from verbund.core.rows_cache import rendered_rows
from verbund.taxonomy.cache import version_key as terms_key
from verbund.tenancy.rows_cache import version_key as tenancy_key

PREFIX = "verbund:analysis:needs"


def version_key(municipality_id: int) -> str:
    return f"needs:{municipality_id}"


def page_versions(municipality_id: int) -> list[str]:
    """What the need list shows besides the viewer's reach and the values asked for."""
    return [
        version_key(municipality_id),
        tenancy_key(municipality_id),
        areas_key(municipality_id),
        terms_key(municipality_id),
    ]


def filter_form_parts(
    *, municipality_id: int, reach: tuple, data: tuple, compute: Callable[[], tuple]
) -> tuple:
    """``compute()``'s filter form HTML and ``NeedFilter`` for the form values ``data``, in
    the active language."""
    return cache_versions.cached_for(
        f"{PREFIX}:form:{municipality_id}",
        page_versions(municipality_id),
        (reach, data, get_language()),
        compute,
        timeout=getattr(settings, "ANALYSIS_CACHE_SECONDS", 86400),
    )


def figures_key(municipality_id: int) -> str:
    return f"figures:{municipality_id}"


def figures_rows_html(*, municipality_id: int, shown: tuple, render: Callable[[], str]) -> str:
    """``render()``'s rows of the figures overview for ``shown`` ((centre id, own) pairs)."""
    return rendered_rows(
        prefix=f"{PREFIX}:figures:{municipality_id}",
        version_keys=[figures_key(municipality_id), tenancy_key(municipality_id)],
        shown=shown,
        render=render,
        timeout=getattr(settings, "ANALYSIS_CACHE_SECONDS", 86400),
    )


def bump(municipality_id: int | None) -> None:
    if municipality_id is not None:
        cache_versions.bump_now_and_on_commit(version_key(municipality_id))


def _on_need(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw"):
        bump(instance.municipality_id)


def _on_evidence(sender, instance, **kwargs) -> None:
    """A need's evidence, or a rule that made needs."""
    if not kwargs.get("raw"):
        bump(instance.municipality_id)


def _on_figures(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw") and instance.municipality_id is not None:
        cache_versions.bump_now_and_on_commit(figures_key(instance.municipality_id))


def connect() -> None:
    """From ``AnalysisConfig.ready()``."""
    from .models import CentreFigures, Need, NeedEvidence, NeedRule

    uid = "verbund.analysis.list_cache"
    post_save.connect(_on_need, sender=Need, dispatch_uid=f"{uid}.save")
    post_delete.connect(_on_need, sender=Need, dispatch_uid=f"{uid}.delete")
    post_save.connect(_on_evidence, sender=NeedEvidence, dispatch_uid=f"{uid}.evidence.save")
    post_delete.connect(_on_evidence, sender=NeedEvidence, dispatch_uid=f"{uid}.evidence.delete")
    # A rule's deletion sets its needs' rule to null by an update, without their signals.
    post_delete.connect(_on_evidence, sender=NeedRule, dispatch_uid=f"{uid}.rule.delete")
    post_save.connect(_on_figures, sender=CentreFigures, dispatch_uid=f"{uid}.figures.save")
    post_delete.connect(_on_figures, sender=CentreFigures, dispatch_uid=f"{uid}.figures.delete")
