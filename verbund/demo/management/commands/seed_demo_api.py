"""Demo of the partner API: an API access "Kursverwaltung (Demo)" of the demo partner login
(``partner``, Erziehungs- und Familienberatungsstelle Nord), so the page "API-Zugänge" shows
one. Its secret is not kept or printed: a usable token is created on that page (shown once).
Running it again changes nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scope, scopes_disabled

from verbund.accounts.models import User
from verbund.api.models import ApiToken
from verbund.api.services import api_token_create
from verbund.network.models import Organisation
from verbund.tenancy.models import Municipality

NAME = "Kursverwaltung (Demo)"
FACILITY = "Erziehungs- und Familienberatungsstelle Nord"


class Command(BaseCommand):
    help = "Legt einen Demo-API-Zugang der Partnerorganisation an (ohne das Geheimnis)."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Zuerst seed_demo ausführen (Kommune Lindenhagen fehlt).")
            user = User.objects.get(username="partner")
            organisation = Organisation.objects.get(municipality=town, facility__name=FACILITY)
        with scope(municipality=town.pk), transaction.atomic():
            if ApiToken.objects.filter(organisation=organisation, name=NAME).exists():
                return
            row, _secret = api_token_create(actor=user, organisation=organisation, name=NAME)
        self.stdout.write(
            f"API-Zugang „{NAME}“ für {organisation.name} angelegt (Kennung vbd_{row.prefix}_…). "
            "Einen nutzbaren Zugang legt die Anmeldung „partner“ unter „API-Zugänge“ an; er wird "
            "nur einmal angezeigt."
        )
