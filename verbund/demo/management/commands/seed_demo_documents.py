"""Demo archive for Lindenhagen (run after seed_demo_meetings): a concept, an annual
programme, an application, evidence, a confidential development report and two public
brochures (German, Turkish: on the Nordstadt homepage) in Familienzentrum Nordstadt's archive,
two documents in the municipality's archive; the approved minutes of the demo meetings are
filed as Protokoll (the approval files them through the background job; here at once if the
job has not run yet). The text inside each file is read for the search. Running it again
changes nothing."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scope, scopes_disabled

from verbund.accounts.models import User
from verbund.documents.models import Document, DocumentLink
from verbund.documents.services import document_create, link_add
from verbund.documents.tasks import extract_version
from verbund.meetings.models import Meeting, MinutesVersion
from verbund.network.models import Body
from verbund.tenancy.models import FamilyCentre, Municipality

from ...documents_data import DOCUMENTS, file_for


class Command(BaseCommand):
    help = "Legt Demo-Dokumente im Archiv an (nach seed_demo_meetings)."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst „manage.py seed_demo“ ausführen.")
            coordinator = User.objects.get(username="koordination")
            planner = User.objects.filter(username="planung").first() or coordinator
            already = Document.objects.filter(municipality=town).exclude(kind="minutes").exists()
        with scope(municipality=town.pk):
            created = 0 if already else self._seed(town, coordinator, planner)
            filed = self._file_minutes(town)
        self.stdout.write(
            self.style.SUCCESS(f"{created} Demo-Dokumente angelegt, {filed} Protokolle abgelegt.")
        )

    def _seed(self, town, coordinator, planner) -> int:
        centre = FamilyCentre.objects.get(municipality=town, slug="nordstadt")
        body = Body.objects.filter(municipality=town, centre=centre).order_by("pk").first()
        versions = []
        with transaction.atomic():
            for (
                archive,
                kind,
                title,
                form,
                tags,
                language,
                public,
                confidential,
                day,
                paragraphs,
            ) in DOCUMENTS:
                name, data = file_for(title, form, paragraphs)
                actor = coordinator if archive else planner
                document = document_create(
                    actor=actor,
                    municipality=town,
                    data={
                        "centre": centre if archive else None,
                        "kind": kind,
                        "title": title,
                        "description": "",
                        "language": language,
                        "tags": tags,
                        "document_date": day,
                        "public": public,
                        "confidential": confidential,
                    },
                    upload=SimpleUploadedFile(name, data),
                )
                if body is not None and kind in ("annual_programme", "concept") and archive:
                    link_add(actor=actor, document=document, target=body)
                versions.append(document.versions.get().pk)
        for pk in versions:  # the text for the search (the job would do it after the commit)
            extract_version(pk)
        return len(versions)

    def _file_minutes(self, town) -> int:
        from verbund.meetings.delivery import file_minutes

        meeting_type = ContentType.objects.get_for_model(Meeting)
        filed_meetings = set(
            DocumentLink.objects.filter(
                municipality=town, target_type=meeting_type, document__kind="minutes"
            ).values_list("target_id", flat=True)
        )
        count = 0
        for version in MinutesVersion.objects.filter(municipality=town).order_by("pk"):
            if version.meeting_id in filed_meetings:
                continue
            file_minutes.fn(None, version_id=version.pk)
            document = Document.objects.filter(
                links__target_type=meeting_type, links__target_id=version.meeting_id
            ).first()
            if document is not None:
                extract_version(document.versions.order_by("-number").first().pk)
            filed_meetings.add(version.meeting_id)
            count += 1
        return count
