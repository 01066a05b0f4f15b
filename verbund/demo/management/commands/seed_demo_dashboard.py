"""Demo content for "Was steht an" (run after the other demo extensions).

The other extensions already leave an agreement review far overdue, reviews and next steps
coming up and contacts overdue for re-confirmation. This adds a need waiting for the
coordinator's decision in Nordstadt and records the notifications every demo login would
get from the periodic job, so the header counter and the notification list show something.
Running it again changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope, scopes_disabled

from verbund.accounts.models import User
from verbund.analysis.choices import NeedStatus, Priority
from verbund.analysis.models import Need
from verbund.analysis.services import need_create
from verbund.dashboard.notify import create_notifications
from verbund.taxonomy.selectors import terms_by_key
from verbund.tenancy.models import FamilyCentre, Municipality

OPEN_NEED = "Elternkurs für Väter am Wochenende"


class Command(BaseCommand):
    help = "Demo-Daten für die Startseite „Was steht an“ und die Benachrichtigungen."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Zuerst seed_demo ausführen.")
            centre = FamilyCentre.objects.get(municipality=town, name="Familienzentrum Nordstadt")
            actor = User.objects.get(username="fachkraft")
        with scope(municipality=town.pk):
            if not Need.objects.filter(centre=centre, title=OPEN_NEED).exists():
                term = terms_by_key(municipality=town)
                need_create(
                    actor=actor,
                    centre=centre,
                    data={
                        "area": None,
                        "title": OPEN_NEED,
                        "description": "Mehrere Väter fragten im Elterncafé nach einem Kurs, "
                        "der nicht in ihre Arbeitszeit fällt.",
                        "target_group": term[("target_group", "working_parents")],
                        "life_phase": term[("life_phase", "0-1")],
                        "topic": term[("topic", "parenting")],
                        "priority": Priority.MEDIUM,
                        "status": NeedStatus.OPEN,
                    },
                )
        created = create_notifications()
        self.stdout.write(f"Startseite: {created} Benachrichtigungen angelegt.")
