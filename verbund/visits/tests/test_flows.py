"""Issue 16, second round: the decline after the letter, "not reached" after n tries, a change
of centre, the letters in the family's language and the complementary suppression."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from dateutil.relativedelta import relativedelta
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.tenancy.tests.factories import FamilyCentreFactory
from verbund.visits import services
from verbund.visits.letter_texts import TEXTS, texts_for
from verbund.visits.models import Family, VisitSettings
from verbund.visits.statistics import suppress_group
from verbund.visits.views import letter_page

from .factories import FamilyFactory
from .helpers import setup_world

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"visits:{name}", args=[tenant.municipality.slug, *args])


def fresh(family) -> Family:
    with scopes_disabled():
        return Family.objects.get(pk=family.pk)


def entries(action):
    with scopes_disabled():
        return list(AuditEntry.objects.filter(action=action))


def travel_to(day):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


# --- decline after the letter ---------------------------------------------------------------


def test_a_decline_by_phone_records_date_and_channel_and_starts_the_retention_clock(client, tenant):
    family = FamilyFactory(
        municipality=tenant.municipality, centre=tenant.centre, parent_name="Nina Absagt"
    )
    client.force_login(tenant.users[Role.VISITOR])
    assert client.get(url("family_decline", tenant, family.pk)).status_code == 200
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = client.post(
        url("family_decline", tenant, family.pk),
        {"declined_on": day.isoformat(), "channel": "phone"},
    )
    assert response.status_code == 302
    family = fresh(family)
    assert (family.status, family.closed_on, family.decline_channel) == ("declined", day, "phone")
    with scopes_disabled():
        assert not family.visits.exists()  # a decline is no visit
    (entry,) = entries("visits.family.declined")
    assert entry.data == {"declined_on": day.isoformat(), "channel": "phone"}
    assert "Nina" not in str(entry.data) + str(entry.object_repr)
    page = client.get(url("family_detail", tenant, family.pk)).content.decode()
    assert "über Telefon am" in page and "Besuch erfassen" not in page
    # a second decline or a visit afterwards: refused with a message, nothing written
    again = client.post(
        url("family_decline", tenant, family.pk),
        {"declined_on": day.isoformat(), "channel": "mail"},
    )
    assert again.status_code == 200 and "schon ein Ergebnis erfasst" in again.content.decode()
    assert fresh(family).decline_channel == "phone"
    # retention: six months after the decline
    with travel_to(day + relativedelta(months=6)), scopes_disabled():
        assert services.anonymise_due(municipality=tenant.municipality) == 1
    assert fresh(family).parent_name == ""


@pytest.mark.parametrize(
    "data, message",
    [
        ({"declined_on": "2999-01-01", "channel": "phone"}, "nicht in der Zukunft"),
        ({"declined_on": "gestern", "channel": "phone"}, "gültiges Datum"),
        ({"declined_on": "2026-01-01", "channel": "brieftaube"}, "gültige Auswahl"),
        ({"declined_on": "2026-01-01"}, "Bitte wählen Sie „Absage über“ aus."),
    ],
)
def test_a_bad_decline_is_a_message_and_writes_nothing(client, tenant, data, message):
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.VISITOR])
    response = client.post(url("family_decline", tenant, family.pk), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert fresh(family).status == "open"


def test_a_decline_before_the_letter_was_printed_is_refused(client, tenant):
    family = FamilyFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        announced_on=timezone.localdate(),
    )
    client.force_login(tenant.users[Role.VISITOR])
    before = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url("family_decline", tenant, family.pk), {"declined_on": before, "channel": "mail"}
    )
    assert "nicht vor der Ankündigung" in response.content.decode()
    assert fresh(family).status == "open"


def test_another_centres_family_and_forged_ids_are_404_for_the_decline(client, tenant):
    world = setup_world(tenant)
    theirs = FamilyFactory(municipality=tenant.municipality, centre=world["other_centre"])
    client.force_login(tenant.users[Role.VISITOR])
    data = {"declined_on": timezone.localdate().isoformat(), "channel": "phone"}
    assert client.post(url("family_decline", tenant, theirs.pk), data).status_code == 404
    assert client.post(url("family_decline", tenant, 999999), data).status_code == 404
    assert fresh(theirs).status == "open"
    client.force_login(tenant.users[Role.PLANNER])
    assert client.get(url("family_decline", tenant, theirs.pk)).status_code == 403


# --- not reached after n tries --------------------------------------------------------------


def attempt(client, tenant, family, day, attempts=1):
    return client.post(
        url("visit_create", tenant, family.pk),
        {
            "appointment": f"{day.isoformat()}T10:00",
            "visitor": str(tenant.users[Role.VISITOR].pk),
            "outcome": "not_reached",
            "attempts": str(attempts),
        },
    )


def test_after_n_unsuccessful_tries_the_family_is_not_reached_and_retention_starts(client, tenant):
    with scopes_disabled():
        VisitSettings.objects.create(municipality=tenant.municipality, max_attempts=3)
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.VISITOR])
    first = timezone.localdate() - datetime.timedelta(days=10)
    assert attempt(client, tenant, family, first).status_code == 302
    assert fresh(family).status == "open" and fresh(family).closed_on is None
    page = client.get(url("family_detail", tenant, family.pk)).content.decode()
    assert "1 von 3 Versuchen ohne Erfolg" in page
    last = timezone.localdate() - datetime.timedelta(days=3)
    assert attempt(client, tenant, family, last, attempts=2).status_code == 302
    family = fresh(family)
    assert family.status == "not_reached" and family.closed_on == last
    (entry,) = entries("visits.family.not_reached")
    assert entry.data == {"attempts": 3, "limit": 3}
    # no more tries on a closed family
    response = attempt(client, tenant, family, timezone.localdate())
    assert response.status_code == 200 and "schon ein Ergebnis erfasst" in response.content.decode()
    with travel_to(last + relativedelta(months=6)), scopes_disabled():
        assert services.anonymise_due(municipality=tenant.municipality) == 1


def test_the_number_of_tries_is_a_setting(client, tenant):
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.VISITOR])
    attempt(client, tenant, family, timezone.localdate(), attempts=2)
    assert fresh(family).status == "open"  # default: 3
    with scopes_disabled():
        VisitSettings.objects.create(municipality=tenant.municipality, max_attempts=1)
    other = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    attempt(client, tenant, other, timezone.localdate())
    assert fresh(other).status == "not_reached"


# --- change of centre -----------------------------------------------------------------------


def test_the_visit_team_hands_a_family_to_another_centre(client, tenant):
    world = setup_world(tenant)
    family = FamilyFactory(
        municipality=tenant.municipality, centre=tenant.centre, parent_name="Umzug Familie"
    )
    client.force_login(tenant.users[Role.VISITOR])
    assert client.get(url("family_move", tenant, family.pk)).status_code == 200
    response = client.post(
        url("family_move", tenant, family.pk), {"centre": str(world["other_centre"].pk)}
    )
    assert response.status_code == 302 and response.url == url("family_list", tenant)
    assert fresh(family).centre_id == world["other_centre"].pk
    # the old team: 404; the new team: the family
    assert client.get(url("family_detail", tenant, family.pk)).status_code == 404
    client.force_login(world["other_visitor"])
    assert client.get(url("family_detail", tenant, family.pk)).status_code == 200
    (entry,) = entries("visits.family.moved")
    assert "Umzug" not in str(entry.data) + str(entry.object_repr)
    assert entry.data == {"from_centre": tenant.centre.pk, "to_centre": world["other_centre"].pk}


def test_a_move_to_a_foreign_or_the_same_centre_is_refused(client, tenant, foreign):
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.VISITOR])
    for centre_id in (foreign.centre.pk, tenant.centre.pk, "x", ""):
        response = client.post(url("family_move", tenant, family.pk), {"centre": str(centre_id)})
        assert response.status_code == 200
        body = response.content.decode()
        assert "keine gültige Auswahl" in body or "Bitte wählen Sie „Neues" in body
    assert fresh(family).centre_id == tenant.centre.pk


def test_the_administration_moves_a_family_by_its_number_without_seeing_it(client, tenant, foreign):
    world = setup_world(tenant)
    family = FamilyFactory(
        municipality=tenant.municipality, centre=tenant.centre, parent_name="Geheim Name"
    )
    theirs = FamilyFactory(municipality=foreign.municipality, centre=foreign.centre)
    client.force_login(tenant.users[Role.ADMIN])
    page = client.get(url("reassign", tenant))
    assert page.status_code == 200
    for number in (theirs.pk, 999999, "abc"):
        bad = client.post(
            url("reassign", tenant),
            {"family_number": str(number), "centre": str(world["other_centre"].pk)},
        )
        body = bad.content.decode()
        assert bad.status_code == 200
        assert "gibt es hier nicht" in body or "ganze Zahl" in body
    assert fresh(theirs).centre_id == foreign.centre.pk
    done = client.post(
        url("reassign", tenant),
        {"family_number": str(family.pk), "centre": str(world["other_centre"].pk)},
        follow=True,
    )
    assert "Geheim" not in done.content.decode()
    assert fresh(family).centre_id == world["other_centre"].pk
    # the administration still cannot open the family itself
    assert client.get(url("family_detail", tenant, family.pk)).status_code == 403
    for role in (Role.PLANNER, Role.VISITOR, Role.STAFF):
        client.force_login(tenant.users[role])
        assert client.get(url("reassign", tenant)).status_code == 403


def test_a_new_centre_with_the_same_name_elsewhere_is_not_offered(client, tenant, foreign):
    FamilyCentreFactory(municipality=foreign.municipality, name="Fremdes Zentrum")
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.VISITOR])
    page = client.get(url("family_move", tenant, family.pk)).content.decode()
    assert "Fremdes Zentrum" not in page


# --- the letters and the list in the family's language -------------------------------------


@pytest.mark.parametrize("language", ["en", "tr", "ar", "uk", "ru"])
def test_every_public_language_has_every_text(language):
    assert set(TEXTS[language]) == set(TEXTS["de"])
    for key, text in TEXTS[language].items():
        assert text.count("{") == TEXTS["de"][key].count("{"), key


def test_the_letter_is_in_the_familys_language_rtl_for_arabic_german_otherwise(tenant):
    when = timezone.make_aware(datetime.datetime(2026, 12, 7, 10, 30))
    request = RequestFactory().get("/")
    arabic = FamilyFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        language="ar",
        proposed_visit=when,
    )
    polish = FamilyFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        language="pl",
        proposed_visit=when,
    )
    html = letter_page(arabic, request)
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert TEXTS["ar"]["congrats"] in html and "10:30" in html
    assert "الاثنين" in html  # the weekday from Django's Arabic catalogue
    german = letter_page(polish, request)
    assert 'lang="de"' in german and 'dir="ltr"' in german
    assert "Herzlichen Glückwunsch" in german and "Montag" in german


def test_texts_fall_back_to_german_per_text():
    texts = texts_for("xx")
    assert texts.lang == "de" and texts["congrats"] == TEXTS["de"]["congrats"]
    assert texts_for("tr").age(3) == "0–6 ay" and texts_for("tr").age(40) == "3 yaş ve üstü"


def test_the_letters_pdf_of_an_arabic_family(client, tenant):
    FamilyFactory(municipality=tenant.municipality, centre=tenant.centre, language="ar")
    client.force_login(tenant.users[Role.VISITOR])
    response = client.post(
        url("letters", tenant),
        {"first": "2026-12-07T10:00", "step_minutes": "60", "only_new": "on"},
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# --- suppression ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "counts, shown",
    [
        ([10, 7, 0], [10, 7, 0]),
        ([10, 3, 0], [None, None, 0]),  # else 13 - 10 gives the 3 away
        ([10, 3, 6], [10, None, None]),
        ([10, 3, 2], [10, None, None]),
        ([3], [None]),
        ([0, 0], [0, 0]),
    ],
)
def test_complementary_suppression(counts, shown):
    assert suppress_group(counts) == shown
