"""Demo feed import for Lindenhagen (run after seed_demo_offers): the planner (login
``planung``) imported the directory of the neighbouring town Birkenau from its HSDS data
package (``verbund/demo/feeds_data.py``), mapped its three taxonomy terms to ours, committed
the three offers (in the gap analysis, marked as Birkenau's) and released the Elterncafé for
families. Running it again changes nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from verbund.accounts.models import User
from verbund.core import tasks
from verbund.feeds import services
from verbund.feeds.models import FeedRun, FeedSource, RunStatus
from verbund.offers.models import OfferOrigin
from verbund.taxonomy.models import Term
from verbund.taxonomy.vocabulary import Vocabulary
from verbund.tenancy.models import FamilyCentre, Municipality

from ...feeds_data import package, uid

NAME = "Familienangebote Nachbarstadt Birkenau"


class Command(BaseCommand):
    help = "Demo-Import des Familienverzeichnisses der Nachbarstadt Birkenau (HSDS)."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst „manage.py seed_demo“ ausführen.")
            if FeedSource.objects.filter(municipality=town, name=NAME).exists():
                self.stdout.write("Demo-Import ist schon vorhanden.")
                return
            planner = User.objects.get(username="planung")
            centre = FamilyCentre.objects.filter(municipality=town).order_by("pk").first()
            source = services.source_create(
                actor=planner,
                municipality=town,
                data={
                    "name": NAME,
                    "kind": "package",
                    "url": "",
                    "centre": centre,
                    "default_format": "open_meeting",
                },
            )
            run = services.run_start(
                actor=planner,
                source=source,
                upload=SimpleUploadedFile("birkenau-hsds.zip", package()),
            )
            tasks.execute(run.job_id)
            run = FeedRun.objects.get(pk=run.pk)
            terms = Term.objects.filter(municipality=town)
            phase = terms.filter(vocabulary=Vocabulary.LIFE_PHASE).order_by("position").first()
            topics = list(terms.filter(vocabulary=Vocabulary.TOPIC).order_by("position")[:2])
            wanted = {
                uid("t-baby"): phase,
                uid("t-eltern"): topics[0] if topics else None,
                uid("t-sprache"): topics[-1] if topics else None,
            }
            services.mapping_save(
                actor=planner,
                run=run,
                choices={k: (v.pk if v else None) for k, v in wanted.items()},
            )
            run = FeedRun.objects.get(pk=run.pk)
            if run.status != RunStatus.READY:
                raise CommandError(f"Demo-Import nicht bereit: {run.report.get('errors')}")
            counts = services.run_commit(actor=planner, run=run)
            cafe = OfferOrigin.objects.get(municipality=town, external_id=uid("cafe"))
            services.offers_release(
                actor=planner, source=source, offer_ids=[cafe.offer_id], release=True
            )
        self.stdout.write(
            f"Verzeichnis „{NAME}“ importiert: {counts['created']} Angebote, 1 freigegeben."
        )
