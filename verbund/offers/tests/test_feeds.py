"""iCal feeds: valid for the icalendar parser and by the rules of RFC 5545, public and
personal, isolated, at a fixed number of queries; the subscribe page."""

from datetime import date, datetime, time

import icalendar
import pytest
from dateutil import rrule as du
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.offers.choices import ReviewState, ScheduleKind, Visibility
from verbund.offers.feeds import FeedInfo, build_calendar, fold
from verbund.offers.models import FeedToken
from verbund.rooms.tests.factories import HolidayPeriodFactory

from .factories import FeedTokenFactory, OfferFactory, OfferScheduleFactory

pytestmark = pytest.mark.django_db

TOKEN = "geheim-" + "k" * 40


def check_rfc5545(body: bytes) -> icalendar.Calendar:
    """Parse with icalendar and check the rules calendar apps rely on."""
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b""), "bare LF"
    assert b"\r" not in body.replace(b"\r\n", b""), "bare CR"
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
        line.decode("utf-8")  # every folded piece is whole UTF-8
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0" and calendar.get("PRODID")
    timezones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert timezones == {"Europe/Berlin"}
    assert calendar.get("X-WR-CALNAME")
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert event.get(required) is not None, required
        start = event.decoded("DTSTART")
        assert isinstance(start, datetime) and str(start.tzinfo) == "Europe/Berlin"
        assert event.decoded("DTEND") > start
        assert event.decoded("DTSTAMP").tzinfo is not None
        if "RRULE" in event:
            text = event["RRULE"].to_ical().decode()
            assert "UNTIL=" in text or "COUNT=" in text, "a series without end"
            if "UNTIL=" in text:
                assert text.split("UNTIL=")[1].split(";")[0].endswith("Z")  # UTC with TZID
            rule = du.rrulestr(text, dtstart=start)
            dates = list(rule)
            assert 0 < len(dates) <= 1000
    return calendar


def public_url(tenant, *args, name="feed_public"):
    return reverse(f"offers:{name}", args=[tenant.municipality.slug, *args])


def private_url(token, *args, name="feed_private"):
    return reverse(f"offers:{name}", args=[token, *args])


@pytest.fixture
def offer(tenant):
    offer = OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Väter-Kochkurs: Gemüse, Brot; Würze",
        summary="Gemeinsam kochen – für Väter mit Kindern von 3 bis 6 Jahren. " * 3,
        street="Bölschestraße 12",
        postcode="12587",
        city="Berlin-Köpenick",
        place_kind="address",
    )
    OfferScheduleFactory(
        offer=offer,
        start_date=date(2027, 1, 5),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        until=date(2027, 6, 29),
        exdates=["2027-01-12"],
        skip_school_holidays=True,
    )
    return offer


def test_public_offer_feed_is_valid_and_keeps_the_rule(client, tenant, offer):
    HolidayPeriodFactory(
        municipality=tenant.municipality, first_day=date(2027, 3, 29), last_day=date(2027, 4, 9)
    )
    response = client.get(public_url(tenant, offer.pk, name="feed_public_offer"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = check_rfc5545(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Väter-Kochkurs: Gemüse, Brot; Würze"
    assert str(event["LOCATION"]) == "Bölschestraße 12, 12587 Berlin-Köpenick"
    assert "Gemeinsam kochen" in str(event["DESCRIPTION"])
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["TU"]
    skipped = {d.dt.date() for d in event["EXDATE"].dts}
    # The exception and both Tuesdays of the Easter holidays.
    assert skipped == {date(2027, 1, 12), date(2027, 3, 30), date(2027, 4, 6)}
    assert str(event["UID"]).startswith(f"angebot-{offer.pk}-termin-")
    # The UID is stable between fetches.
    again = icalendar.Calendar.from_ical(client.get(public_url(tenant)).content)
    assert str(again.walk("VEVENT")[0]["UID"]) == str(event["UID"])
    assert b"Berlin-K\xc3\xb6penick" in response.content


def test_feed_shows_only_public_approved_offers_without_login(client, tenant, offer):
    internal = OfferFactory(
        municipality=tenant.municipality, centre=tenant.centre, visibility=Visibility.INTERNAL
    )
    waiting = OfferFactory(
        municipality=tenant.municipality, centre=tenant.centre, review_state=ReviewState.SUBMITTED
    )
    for other in (internal, waiting):
        OfferScheduleFactory(offer=other)
    body = client.get(public_url(tenant)).content
    calendar = check_rfc5545(body)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [offer.title]
    for other in (internal, waiting):
        assert client.get(public_url(tenant, other.pk, name="feed_public_offer")).status_code == 404
    centre = client.get(public_url(tenant, tenant.centre.pk, name="feed_public_centre"))
    assert len(check_rfc5545(centre.content).walk("VEVENT")) == 1
    assert tenant.centre.name in str(icalendar.Calendar.from_ical(centre.content)["X-WR-CALNAME"])


def test_single_dates_and_on_request(client, tenant):
    offer = OfferFactory(municipality=tenant.municipality, centre=tenant.centre)
    OfferScheduleFactory(
        offer=offer, kind=ScheduleKind.SINGLE, rrule="", start_date=date(2027, 5, 5)
    )
    OfferScheduleFactory(
        offer=offer,
        kind=ScheduleKind.ON_REQUEST,
        rrule="",
        start_date=None,
        start_time=None,
        end_time=None,
    )
    calendar = check_rfc5545(
        client.get(public_url(tenant, offer.pk, name="feed_public_offer")).content
    )
    (event,) = calendar.walk("VEVENT")
    assert "RRULE" not in event and event.decoded("DTSTART").date() == date(2027, 5, 5)


def test_empty_feed_is_valid(client, tenant):
    calendar = check_rfc5545(client.get(public_url(tenant)).content)
    assert calendar.walk("VEVENT") == []


def test_feed_filter_uses_the_offer_lists_query(client, tenant, offer):
    other = OfferFactory(
        municipality=tenant.municipality, centre=tenant.centre, title="Babyschwimmen"
    )
    OfferScheduleFactory(offer=other)
    with scope(municipality=tenant.municipality.pk):
        from verbund.offers.text import refresh_search_text

        refresh_search_text([offer, other])
    calendar = check_rfc5545(client.get(public_url(tenant) + "?q=schwimmen").content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Babyschwimmen"]


def test_unknown_municipality_or_foreign_offer_is_404(client, tenant, foreign, offer):
    assert client.get(reverse("offers:feed_public", args=["gibt-es-nicht"])).status_code == 404
    assert client.get(public_url(foreign, offer.pk, name="feed_public_offer")).status_code == 404
    assert (
        client.get(public_url(foreign, tenant.centre.pk, name="feed_public_centre")).status_code
        == 404
    )


def test_feed_query_count_is_constant(client, tenant, offer, django_assert_max_num_queries):
    HolidayPeriodFactory(municipality=tenant.municipality)
    FeedTokenFactory(municipality=tenant.municipality, user=tenant.users[Role.STAFF], token=TOKEN)
    for url in (public_url(tenant), private_url(TOKEN)):
        with django_assert_max_num_queries(10) as few:
            client.get(url)
        for _n in range(15):
            extra = OfferFactory(municipality=tenant.municipality, centre=tenant.centre)
            OfferScheduleFactory(offer=extra, skip_school_holidays=True)
            OfferScheduleFactory(offer=extra, kind=ScheduleKind.SINGLE, rrule="")
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url)
        assert len(check_rfc5545(response.content).walk("VEVENT")) > 30


# Personal feeds ---------------------------------------------------------------------------------


def test_personal_feed_shows_internal_offers_the_user_may_see(client, tenant, offer):
    internal = OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Fallberatung intern",
        visibility=Visibility.INTERNAL,
    )
    OfferScheduleFactory(offer=internal)
    FeedTokenFactory(municipality=tenant.municipality, user=tenant.users[Role.STAFF], token=TOKEN)
    calendar = check_rfc5545(client.get(private_url(TOKEN)).content)
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {offer.title, internal.title}
    one = client.get(private_url(TOKEN, internal.pk, name="feed_private_offer"))
    assert one.status_code == 200 and "private" in one["Cache-Control"]
    event = check_rfc5545(one.content).walk("VEVENT")[0]
    assert str(event["URL"]).startswith("http://testserver/k/")


def test_revoked_token_stops_at_once(client, tenant, offer):
    row = FeedTokenFactory(
        municipality=tenant.municipality, user=tenant.users[Role.STAFF], token=TOKEN
    )
    assert client.get(private_url(TOKEN)).status_code == 200
    from verbund.offers.scheduling import feed_token_revoke

    with scope(municipality=tenant.municipality.pk):
        feed_token_revoke(actor=tenant.users[Role.STAFF], token=row)
    assert client.get(private_url(TOKEN)).status_code == 404
    assert client.get(private_url("x" * 43)).status_code == 404
    assert client.get(private_url("kurz")).status_code == 404


def test_token_of_a_user_without_membership_or_inactive_is_404(client, tenant, offer):
    user = tenant.users[Role.STAFF]
    FeedTokenFactory(municipality=tenant.municipality, user=user, token=TOKEN)
    user.is_active = False
    user.save()
    assert client.get(private_url(TOKEN)).status_code == 404


def test_another_municipalitys_token_cannot_reach_this_offer(client, tenant, foreign, offer):
    FeedTokenFactory(municipality=foreign.municipality, user=foreign.users[Role.ADMIN], token=TOKEN)
    assert client.get(private_url(TOKEN, offer.pk, name="feed_private_offer")).status_code == 404
    assert (
        client.get(private_url(TOKEN, tenant.centre.pk, name="feed_private_centre")).status_code
        == 404
    )
    calendar = check_rfc5545(client.get(private_url(TOKEN)).content)
    assert calendar.walk("VEVENT") == []


def test_token_is_stored_only_as_digest(tenant):
    from verbund.offers.scheduling import feed_token_create

    with scope(municipality=tenant.municipality.pk):
        row, token = feed_token_create(
            actor=tenant.users[Role.STAFF], municipality=tenant.municipality, label="Handy"
        )
    assert len(token) >= 40 and token not in row.digest
    with scopes_disabled():
        assert not FeedToken.objects.filter(digest__contains=token).exists()
        entry = AuditEntry.unscoped.get(action="offers.feedtoken.create")
    assert token not in str(entry.after)


# Subscribe page ---------------------------------------------------------------------------------


def test_subscribe_page_creates_shows_once_and_revokes(client, tenant, offer):
    url = reverse("offers:subscribe", args=[tenant.municipality.slug]) + f"?angebot={offer.pk}"
    client.force_login(tenant.users[Role.STAFF])
    page = client.get(url).content.decode()
    assert f"/kalender/{tenant.municipality.slug}/angebote/{offer.pk}.ics" in page
    response = client.post(url, {"action": "create", "label": "Diensthandy"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "/kalender-privat/" in body and f"/angebote/{offer.pk}.ics" in body
    private = body.split('id="private-url" type="text" readonly value="')[1].split('"')[0]
    assert client.get(private).status_code == 200
    # Shown once: the page later lists the address by its label only.
    later = client.get(url).content.decode()
    assert "Diensthandy" in later and "/kalender-privat/" not in later
    with scopes_disabled():
        row = FeedToken.objects.get(user=tenant.users[Role.STAFF])
    response = client.post(url, {"action": "revoke", "token": row.pk})
    assert response.status_code == 302
    assert client.get(private).status_code == 404


def test_subscribe_cannot_revoke_someone_elses_token(client, tenant):
    row = FeedTokenFactory(municipality=tenant.municipality, user=tenant.users[Role.ADMIN])
    client.force_login(tenant.users[Role.STAFF])
    url = reverse("offers:subscribe", args=[tenant.municipality.slug])
    assert client.post(url, {"action": "revoke", "token": row.pk}).status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_subscribe_page_keeps_the_list_filter(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    url = reverse("offers:subscribe", args=[tenant.municipality.slug]) + "?q=Kochen"
    page = client.get(url).content.decode()
    assert f"/kalender/{tenant.municipality.slug}/angebote.ics?q=Kochen" in page


# Writing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["x" * 200, "SUMMARY:" + "ä" * 100, "DESCRIPTION:" + "\\," * 80, "A:" + "€" * 60 + "b" * 7],
)
def test_fold_keeps_octets_and_characters(line):
    folded = fold(line)
    pieces = folded.split("\r\n ")
    assert "".join(pieces) == line
    for piece in pieces:
        assert len(piece.encode()) <= 75 - (0 if piece is pieces[0] else 1)
        assert not piece.endswith("\\")


def test_build_calendar_without_offers_and_with_times():
    body = build_calendar([], FeedInfo(name="Leer; mit Komma, und Ä"), holidays=())
    assert check_rfc5545(body).walk("VEVENT") == []
    assert b"X-WR-CALNAME:Leer\\; mit Komma\\, und \xc3\x84" in body


def test_until_is_written_in_utc_for_summer_and_winter(client, tenant):
    offer = OfferFactory(municipality=tenant.municipality, centre=tenant.centre)
    OfferScheduleFactory(
        offer=offer,
        start_time=time(9),
        end_time=time(10),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        until=date(2027, 6, 29),
    )
    body = client.get(public_url(tenant, offer.pk, name="feed_public_offer")).content
    assert b"UNTIL=20270629T070000Z" in body  # 9:00 summer time


@pytest.mark.parametrize(
    "value", ["a,b;c", "Zeile 1\nZeile 2\r\nZeile 3\rEnde", "C:\\Pfad\\n", "Ä ö ü ß €", ""]
)
def test_text_escaping_matches_icalendar(value):
    from verbund.offers.feeds import text

    assert text(value) == icalendar.vText(value).to_ical().decode()
