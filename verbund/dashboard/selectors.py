"""Reads of the dashboard: the due items of one user (from the registered providers), their
notifications and digest setting."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.db import connections, router
from django.db.models import F, QuerySet

from verbund.core import session_cache
from verbund.core.frame_sql import frame_cursor

from . import items_cache
from .models import Notification, NotificationSettings
from .registry import GROUPS, Context, DueItem, due_phrase, item_providers

# How many items of one group the start page shows before "alle anzeigen".
GROUP_LIMIT = 8


@dataclass
class ItemView:
    item: DueItem
    phrase: str
    overdue: bool


@dataclass
class Group:
    key: str
    title: str
    items: list[ItemView] = field(default_factory=list)
    total: int = 0
    overdue: int = 0


def due_items(ctx: Context, *, kept: bool = False) -> list[DueItem]:
    """Every item of every registered provider for this user, overdue first, then by date
    (undated last). Each provider applies the access rule itself. ``kept``: the items of the
    providers that name what they read come from ``items_cache`` (the start page)."""
    providers = item_providers()
    if kept:
        items = items_cache.kept(ctx, lambda: _fetch(ctx, [p for p in providers if p.kept]))
        items = items + _fetch(ctx, [p for p in providers if not p.kept])
    else:
        items = _fetch(ctx, providers)
    return sorted(items, key=lambda item: (item.due is None, item.due or ctx.today, item.title))


def _fetch(ctx: Context, providers) -> list[DueItem]:
    items: list[DueItem] = []
    for provider in providers:
        for item in provider.fetch(ctx):
            items.append(item if item.group == provider.group else _regroup(item, provider.group))
    return items


def _regroup(item: DueItem, group: str) -> DueItem:
    from dataclasses import replace

    return replace(item, group=group)


def grouped_items(ctx: Context, *, limit: int = GROUP_LIMIT, kept: bool = False) -> list[Group]:
    """The items in the page's groups; the groups with overdue items first."""
    groups = {key: Group(key, str(title)) for key, title in GROUPS.items()}
    for item in due_items(ctx, kept=kept):
        group = groups[item.group]
        group.total += 1
        overdue = item.due is not None and item.due < ctx.today
        group.overdue += overdue
        if len(group.items) < limit:
            group.items.append(ItemView(item, due_phrase(item.due, ctx.today), overdue))
    order = list(GROUPS)
    filled = [group for group in groups.values() if group.total]
    return sorted(filled, key=lambda g: (g.overdue == 0, order.index(g.key)))


def notification_list(*, municipality, user) -> QuerySet:
    return Notification.objects.filter(municipality=municipality, user=user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id"
    )


def unread_count(*, municipality, user) -> int:
    """Shown on every signed-in page: counted by SQL written once (``core.frame_sql``); on
    PostgreSQL kept per connection until one of the user's notifications changes
    (``core.session_cache``)."""
    db = router.db_for_read(Notification)
    connection = connections[db]

    def read() -> int:
        with frame_cursor(connection) as cursor:
            cursor.execute(_unread_sql(db), [municipality.pk, user.pk])
            return cursor.fetchone()[0]

    return session_cache.kept_or_read(connection, "unread", str(user.pk), municipality.pk, read)


@cache
def _unread_sql(db: str) -> str:
    quote = connections[db].ops.quote_name
    meta = Notification._meta
    column = meta.get_field
    # Only quoted names from the model's metadata go into the text; values are parameters.
    return (
        f"SELECT COUNT(*) FROM {quote(meta.db_table)}"  # noqa: S608
        f" WHERE {quote(column('municipality').column)} = %s"
        f" AND {quote(column('user').column)} = %s AND {quote(column('read_at').column)} IS NULL"
    )


def notification_settings(*, user) -> NotificationSettings:
    """The user's setting, unsaved default when there is none yet."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)
