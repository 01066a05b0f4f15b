"""A version counter for how accounts are named on other pages (issue 17).

Rows kept as rendered HTML (``verbund.core.rows_cache``) that show a person's name, such as
the owner of a next step, must change when that name changes or the account is deleted (a
deletion sets the references to empty with an UPDATE that sends no signal of the referring
model). Saving a sign-in time or a password changes no name and keeps the version.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from verbund.core import cache_versions

VERSION_KEY = "account-names"
_NOT_NAMES = frozenset({"last_login", "password"})


def version_key() -> str:
    return VERSION_KEY


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and set(update_fields) <= _NOT_NAMES):
        return
    cache_versions.bump_now_and_on_commit(VERSION_KEY)


def _on_delete(sender, instance, **kwargs) -> None:
    cache_versions.bump_now_and_on_commit(VERSION_KEY)


def connect() -> None:
    """From ``AccountsConfig.ready()``."""
    from .models import User

    uid = "verbund.accounts.names_cache"
    post_save.connect(_on_save, sender=User, dispatch_uid=f"{uid}.save")
    post_delete.connect(_on_delete, sender=User, dispatch_uid=f"{uid}.delete")
