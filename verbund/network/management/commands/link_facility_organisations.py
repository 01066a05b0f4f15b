"""Give every active facility its organisation in the network (``facility_sync.link_existing``):
for facilities written outside the facility services (bulk loads, ``loaddata``, the Django
admin before this link existed). Safe to run again; prints what it did."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled

from verbund.network.facility_sync import link_existing
from verbund.network.models import Organisation
from verbund.tenancy.models import Facility, Municipality


class Command(BaseCommand):
    help = "Legt für jede Einrichtung ohne Organisation im Netzwerk eine an (oder verknüpft sie)."

    def add_arguments(self, parser):
        parser.add_argument("--kommune", help="Kürzel einer Kommune (sonst alle)")

    def handle(self, *args, **options):
        municipality_id = None
        if options.get("kommune"):
            with scopes_disabled():
                found = Municipality.objects.filter(slug=options["kommune"]).first()
            if found is None:
                raise CommandError(f"Keine Kommune mit dem Kürzel „{options['kommune']}“.")
            municipality_id = found.pk
        with transaction.atomic():
            linked, created = link_existing(Facility, Organisation, municipality_id=municipality_id)
        self.stdout.write(
            self.style.SUCCESS(f"{created} Organisationen angelegt, {linked} vorhandene verknüpft.")
        )
