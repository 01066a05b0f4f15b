"""The start page's items kept per viewer until something they show changes (issue 17).

Collecting "Was steht an" asks ten apps for their items: a dozen queries, two thirds of the
page's time. The items of every provider registered with ``reads`` are kept together, under a
key made of

- ``dashboard:<municipality>`` of ``verbund.core.cache_versions``, bumped at once and again on
  commit by every save or delete of a row of a model some provider reads, by every change of
  a link table it reads and by the writes that bypass the signals (``bump``);
- the viewer (her own tasks are items) and her reach (``Access.signature``);
- the day (what is due or overdue moves with it) and the language of the texts.

Providers without ``reads`` (imports whose state the task worker changes by ``update``) are
asked on every view.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language
from django_scopes import scopes_disabled

from verbund.core import cache_versions

PREFIX = "dashboard-items"
SECONDS = 6 * 3600
# A sign-in writes only these: nothing an item shows.
_SIGN_IN_FIELDS = frozenset({"last_login"})

_watched: set = set()
_watched_links: set[str] = set()


def version_key(municipality_id: int) -> str:
    return f"dashboard:{municipality_id}"


def bump(municipality_id: int | None) -> None:
    if municipality_id is not None:
        cache_versions.bump_now_and_on_commit(version_key(municipality_id))


def kept(ctx, compute):
    """``compute()`` for this viewer, reach, day and language, kept until a bump."""
    mid = ctx.municipality.pk
    parts = (ctx.user.pk, ctx.access.signature(), ctx.today.isoformat(), get_language() or "")
    return cache_versions.cached_for(
        f"{PREFIX}:{mid}", [version_key(mid)], parts, compute, timeout=SECONDS
    )


def watched() -> frozenset:
    """The models and link tables whose changes bump the version."""
    return frozenset(_watched)


def watched_links() -> frozenset:
    """The names ("app.Model.field") of the watched link tables."""
    return frozenset(_watched_links)


def resolve(name: str):
    """ "app.Model" is a model, "app.Model.field" the link table of its many-to-many field."""
    app_label, model_name, *field = name.split(".")
    model = apps.get_model(app_label, model_name)
    return model._meta.get_field(field[0]).remote_field.through if field else model


def watch(names) -> None:
    """Bump on every change of the models and link tables named (``resolve``); from
    ``register_items``."""
    for name in names:
        model = resolve(name)
        if name.count(".") == 2:
            _watched_links.add(name)
        if model in _watched:
            continue
        _watched.add(model)
        label = model._meta.label_lower
        uid = f"verbund.dashboard.items_cache.{label}"
        if model._meta.auto_created:  # a link table: changed through its relation
            m2m_changed.connect(_on_links, sender=model, dispatch_uid=uid)
            continue
        post_save.connect(_on_row, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_on_row, sender=model, dispatch_uid=f"{uid}.delete")


def _on_row(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and frozenset(update_fields) <= _SIGN_IN_FIELDS:
        return
    for municipality_id in _municipalities_of(instance):
        bump(municipality_id)


def _on_links(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        for municipality_id in _municipalities_of(instance):
            bump(municipality_id)


def _municipalities_of(instance) -> set:
    if instance._meta.label == "tenancy.Municipality":
        return {instance.pk}
    if isinstance(instance, get_user_model()):
        # A person's name shows on items of every municipality she belongs to.
        with scopes_disabled():
            return set(instance.memberships.values_list("municipality_id", flat=True))
    return {getattr(instance, "municipality_id", None)}
