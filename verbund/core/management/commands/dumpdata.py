"""``dumpdata`` across every municipality.

Tenant models refuse queries outside a municipality's scope (django-scopes); a full export is
an operator's task that deliberately reads all of them, so the scope check is lifted here.
"""

from django.core.management.commands.dumpdata import Command as DumpdataCommand
from django_scopes import scopes_disabled


class Command(DumpdataCommand):
    def handle(self, *app_labels, **options):
        with scopes_disabled():
            return super().handle(*app_labels, **options)
