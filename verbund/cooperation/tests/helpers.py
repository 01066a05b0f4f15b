"""Build agreements through the services, as users would (factories only for the network)."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from verbund.cooperation import services
from verbund.cooperation.models import AttachmentKind, ResourceKind, Status

from .factories import PNG_1PX, OrganisationFactory


def make_agreement(
    *,
    municipality,
    centre,
    partners=None,
    actor=None,
    title="Offene Sprechstunde der Erziehungsberatung",
    start=date(2026, 1, 1),
    end=date(2027, 12, 31),
    review=date(2026, 12, 1),
    with_items=True,
):
    partners = partners or [OrganisationFactory(municipality=municipality)]
    with scope(municipality=municipality.pk):
        agreement = services.agreement_create(
            actor=actor,
            municipality=municipality,
            centre=centre,
            partners=partners,
            data={
                "title": title,
                "subject": "Die Beratungsstelle bietet eine offene Sprechstunde im "
                "Familienzentrum an.",
                "goals": "Niedrigschwelliger Zugang zu Beratung für Familien im Stadtteil.",
                "start_date": start,
                "end_date": end,
                "review_date": review,
                "includes_municipality": False,
            },
        )
        if with_items:
            parties = list(agreement.parties.all())
            services.responsibility_create(
                actor=actor,
                agreement=agreement,
                data={
                    "party": parties[1],
                    "task": "Offene Sprechstunde",
                    "scope": "wöchentlich, 2 Stunden",
                    "contact": "Leitung der Beratungsstelle",
                },
            )
            services.resource_create(
                actor=actor,
                agreement=agreement,
                data={
                    "party": parties[0],
                    "kind": ResourceKind.ROOM,
                    "description": "Beratungsraum im Erdgeschoss",
                    "amount": 2,
                    "unit": "Std./Woche",
                },
            )
        return _fresh(agreement)


def _fresh(agreement):
    from verbund.cooperation.selectors import agreement_get

    return agreement_get(municipality=agreement.municipality, pk=agreement.pk)


def sign(agreement, actor=None, signed_on=None):
    with scope(municipality=agreement.municipality_id):
        agreement = services.agreement_transition(
            actor=actor, agreement=agreement, to=Status.NEGOTIATION
        )
        return services.agreement_transition(
            actor=actor, agreement=agreement, to=Status.SIGNED, signed_on=signed_on
        )


def upload_scan(agreement, actor=None, version=None):
    with scope(municipality=agreement.municipality_id):
        return services.attachment_upload(
            actor=actor,
            agreement=agreement,
            upload=SimpleUploadedFile("scan.png", PNG_1PX, content_type="image/png"),
            kind=AttachmentKind.SIGNED_SCAN,
            version=version,
        )
