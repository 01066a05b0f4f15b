"""Form choices from the one access rule.

A choice field that links the edited object to a centre, provider, facility, organisation,
contact or area offers exactly the objects the user may link to: those its ``permission``
reaches (``Access.filter``), plus the value already linked, so an edit keeps what it cannot
change. When the user may link nothing there at all, the field is fixed to the linked value: a
forged POST of another choice is ignored, never written; elsewhere it is an invalid choice.

Each form records the permission per field in ``form.link_permissions``; the form-choice test
walks every form and role and checks each offered choice against the rule with it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator

from .permissions import Permission


class ReadOnceChoices(ModelChoiceIterator):
    """A short list of choices read by one plain query, kept for the form's lifetime.

    Django's iterator reads a choice field's queryset with ``iterator()``: on PostgreSQL a
    server-side cursor (declare, fetch, close: three round trips, and a result the server
    materialises) every time the choices are listed. For the few rows a form limits a field
    to (an agreement's parties, their contacts) one read is enough. Set it on the field
    before its queryset (``field.iterator = ReadOnceChoices``), so the widget gets it too.

    A form that already holds exactly the rows the queryset gives (an agreement's parties,
    read with the agreement), or reads them by a prepared query, sets them (or the function
    reading them) as ``field.choice_rows``: they are listed from there; the queryset still
    checks what is posted.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._rows():  # evaluated once, then from the queryset's own cache
            yield self.choice(obj)

    def __len__(self):
        return len(self._rows()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self._rows())

    def _rows(self):
        rows = getattr(self.field, "choice_rows", None)
        if callable(rows):  # read when first listed (a valid POST never lists them)
            rows = self.field.choice_rows = rows()
        return self.queryset if rows is None else rows


def link_permissions(form) -> dict[str, Permission]:
    if "link_permissions" not in form.__dict__:
        form.link_permissions = {}
    return form.link_permissions


def limit_choices(
    form,
    name: str,
    queryset: QuerySet,
    *,
    access,
    permission: Permission,
    current=(),
    fix_if_unreachable: bool = True,
) -> QuerySet:
    """Set ``form.fields[name]``'s choices to what ``permission`` reaches within ``queryset``.

    ``current``: primary keys already linked (kept selectable). Returns the reachable part.
    """
    field = form.fields[name]
    link_permissions(form)[name] = permission
    form.__dict__.setdefault("choice_bases", {})[name] = queryset
    condition = access.filter(permission, queryset.model)
    reachable = queryset.filter(condition)
    current = {pk for pk in current if pk is not None}
    if current and condition != Q():  # (Q() | x would be x alone, not "everything")
        field.queryset = queryset.filter(condition | Q(pk__in=current))
    else:
        field.queryset = reachable
    if fix_if_unreachable and current and not reachable.exists():
        # The user may link nothing here, only keep what is linked: fixed, whatever is posted.
        field.disabled = True
    return reachable


def declare_choices(form, **permissions: Permission) -> None:
    """Record the permission of choice fields whose querysets the form sets itself (choices
    limited to the edited object, e.g. an agreement's own parties)."""
    link_permissions(form).update(permissions)
