"""Shared set-up of the homepage part's tests."""

from __future__ import annotations

import datetime

from django_scopes import scope

from verbund.offers.choices import ReviewState, Visibility
from verbund.offers.tests.factories import OfferFactory, OfferScheduleFactory
from verbund.public.homepage import services

PAGE_DATA = {
    "introduction": "<p>Willkommen im <strong>Familienzentrum</strong>!</p>",
    "introduction_easy": "",
    "opening_hours": "Mo–Fr 9–16 Uhr",
    "languages": ["de", "tr"],
    "contact_name": "Anna Berg",
    "contact_name_public": True,
    "contact_role": "Koordinatorin",
    "contact_role_public": True,
    "contact_phone": "0221 123456",
    "contact_phone_public": False,
    "contact_email": "anna.berg@example.org",
    "contact_email_public": True,
}


def make_page(centre, *, published=True, **changes):
    with scope(municipality=centre.municipality_id):
        page = services.centre_page_save(actor=None, centre=centre, data={**PAGE_DATA, **changes})
        if published:
            services.centre_page_publish(actor=None, page=page)
    return page


def weekly_offer(centre, title="Babytreff", **kwargs):
    """A public weekly offer whose next date is within the next week."""
    values = {"review_state": ReviewState.APPROVED, "visibility": Visibility.PUBLIC, **kwargs}
    offer = OfferFactory(centre=centre, title=title, **values)
    today = datetime.date.today()
    OfferScheduleFactory(
        offer=offer,
        start_date=today,
        rrule="FREQ=WEEKLY;UNTIL=" + (today + datetime.timedelta(days=200)).strftime("%Y%m%d"),
        weekdays=127,
    )
    return offer


def tiny_pdf() -> bytes:
    """A valid one-page PDF: stored test files are read by other tests (e.g. the privacy
    export scans every stored PDF), so they must parse."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
