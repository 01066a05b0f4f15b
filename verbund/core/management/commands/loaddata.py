"""``loaddata`` across every municipality (the counterpart of ``dumpdata``)."""

from django.core.management.commands.loaddata import Command as LoaddataCommand
from django_scopes import scopes_disabled


class Command(LoaddataCommand):
    def handle(self, *fixture_labels, **options):
        with scopes_disabled():
            return super().handle(*fixture_labels, **options)
