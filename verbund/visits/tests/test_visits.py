"""Issue 16: intake, protection, visits, offer list, retention and statistics."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.visits import services
from verbund.visits.models import BirthsImport, Family, Visit
from verbund.visits.selectors import visit_settings

from .factories import FamilyFactory, VisitFactory
from .helpers import births_file, setup_world

pytestmark = pytest.mark.django_db

THIS_MONTH = timezone.localdate().replace(day=1)
MONTH = THIS_MONTH.strftime("%m.%Y")


def url(name, tenant, *args):
    return reverse(f"visits:{name}", args=[tenant.municipality.slug, *args])


def upload(client, tenant, *lines, **kwargs):
    client.force_login(tenant.users[Role.VISITOR])
    return client.post(url("births_upload", tenant), {"file": births_file(*lines, **kwargs)})


def family_count():
    with scopes_disabled():
        return Family.objects.count()


# --- intake -------------------------------------------------------------------------------


def test_import_assigns_by_sozialraum_and_by_hand_all_or_nothing(client, tenant):
    world = setup_world(tenant)
    response = upload(
        client,
        tenant,
        f"Ayşe Yılmaz;Lindenstraße;12;50667;{MONTH};Türkisch;3, 5",
        f"Maria Muster;Bahnhofstr.;7a;50668;{MONTH};;",
        f"Olga Feld;Feldweg;3;50669;{MONTH};ru;",
    )
    assert response.status_code == 302
    with scopes_disabled():
        draft = BirthsImport.objects.get()
    assert family_count() == 0  # the preview writes no family
    preview = client.get(response.url)
    body = preview.content.decode()
    assert "Nordviertel" in body and "Südviertel" in body and "nicht zugeordnet" in body
    # Committing without a centre for the unassigned row writes nothing.
    refused = client.post(response.url, {})
    assert "Zeile 4" in refused.content.decode()
    assert family_count() == 0
    done = client.post(response.url, {"centre_4": str(world["other_centre"].pk)})
    assert done.status_code == 302
    with scopes_disabled():
        families = {f.parent_name: f for f in Family.objects.all()}
        draft.refresh_from_db()
    assert families["Ayşe Yılmaz"].centre == tenant.centre
    assert families["Ayşe Yılmaz"].area == world["north"]
    assert families["Ayşe Yılmaz"].language == "tr"
    assert families["Ayşe Yılmaz"].sibling_ages == "3, 5"
    assert families["Maria Muster"].centre == world["other_centre"]
    assert families["Olga Feld"].centre == world["other_centre"]
    assert families["Olga Feld"].area is None
    assert draft.rows == [] and draft.committed
    # The import's audit entry counts, it names no one.
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="visits.births.imported")
    assert entry.data == {"families": 3, "by_hand": 1}


def test_unknown_columns_are_named_and_nothing_is_stored(client, tenant):
    setup_world(tenant)
    response = upload(
        client,
        tenant,
        f"A B;Lindenstraße;1;50667;{MONTH};;;Musterstadt;0171",
        header="Name;Straße;Hausnummer;PLZ;Geburtsmonat;Sprache;Geschwister;Ort;Telefon\n",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Unbekannte Spalten" in body and "„Ort“" in body and "„Telefon“" in body
    with scopes_disabled():
        assert not BirthsImport.objects.exists()
    assert family_count() == 0


def test_bad_rows_name_row_column_and_value_and_refuse_the_whole_list(client, tenant):
    setup_world(tenant)
    response = upload(
        client,
        tenant,
        f"Gut Familie;Lindenstraße;2;50667;{MONTH};;",
        f"Außen Familie;Hauptstraße;1;99999;{MONTH};;",
        f"Unbekannt Familie;Rosenweg;4;50667;{MONTH};;",
        "Monat Familie;Lindenstraße;5;50667;13/2026;;",
        f"Sprache Familie;Lindenstraße;6;50667;{MONTH};Klingonisch;",
    )
    body = response.content.decode()
    assert "Zeile 3, Spalte „PLZ“: „99999“" in body and "nicht in der Kommune" in body
    assert "Zeile 4, Spalte „Straße“: „Rosenweg“" in body
    assert "Zeile 5, Spalte „Geburtsmonat“: „13/2026“" in body
    assert "Zeile 6, Spalte „Sprache“: „Klingonisch“" in body
    with scopes_disabled():
        assert not BirthsImport.objects.exists()
    assert family_count() == 0


def test_duplicate_families_are_refused_in_the_file_and_against_earlier_lists(client, tenant):
    setup_world(tenant)
    line = f"Eva Doppelt;Lindenstraße;9;50667;{MONTH};;"
    response = upload(client, tenant, line, line.replace("Eva", "eva "))
    assert "Zeile 3: dieselbe Familie" in response.content.decode()
    with scopes_disabled():
        FamilyFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            parent_name="Eva Doppelt",
            street="Lindenstraße",
            house_number="9",
            postcode="50667",
            birth_month=THIS_MONTH,
        )
    again = upload(client, tenant, line)
    assert "wurde schon früher eingelesen" in again.content.decode()
    assert family_count() == 1


def test_a_broken_file_is_a_message_not_a_500(client, tenant):
    setup_world(tenant)
    client.force_login(tenant.users[Role.VISITOR])
    for name, content in [
        ("liste.xlsx", b"not a zip"),
        ("liste.csv", b""),
        ("liste.pdf", b"%PDF-1.4"),
    ]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client.post(
            url("births_upload", tenant), {"file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 200
    assert family_count() == 0


def test_another_users_draft_is_404(client, tenant):
    world = setup_world(tenant)
    response = upload(client, tenant, f"A Name;Lindenstraße;2;50667;{MONTH};;")
    client.force_login(world["other_visitor"])
    assert client.get(response.url).status_code == 404
    assert client.post(response.url, {}).status_code == 404
    assert family_count() == 0


# --- protection -----------------------------------------------------------------------------


def test_only_the_visit_team_of_the_centre_sees_a_family_and_every_read_is_logged(client, tenant):
    world = setup_world(tenant)
    family = FamilyFactory(
        municipality=tenant.municipality, centre=tenant.centre, parent_name="Geheim Name"
    )
    detail = url("family_detail", tenant, family.pk)
    client.force_login(tenant.users[Role.VISITOR])
    response = client.get(detail)
    assert response.status_code == 200 and "Geheim Name" in response.content.decode()
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="visits.family.viewed")
    assert entry.object_id == str(family.pk)
    assert "Geheim" not in f"{entry.object_repr}{entry.before}{entry.after}{entry.data}"
    # Another centre's visit team: 404 (they may not know the family exists).
    client.force_login(world["other_visitor"])
    assert client.get(detail).status_code == 404
    assert client.get(url("visit_create", tenant, family.pk)).status_code == 404
    assert client.get(url("family_offers", tenant, family.pk)).status_code == 404
    # The centre's own staff, lead and coordinator without the grant, the planner, the
    # administration: refused.
    for role in (Role.STAFF, Role.CENTRE_LEAD, Role.COORDINATOR, Role.PLANNER, Role.ADMIN):
        client.force_login(tenant.users[role])
        assert client.get(detail).status_code == 403, role
        assert "Geheim Name" not in client.get(url("family_list", tenant)).content.decode()


def test_a_staff_member_who_is_visitor_elsewhere_does_not_reach_this_centre(client, tenant):
    from verbund.accounts.tests.factories import MembershipFactory

    world = setup_world(tenant)
    user = tenant.users[Role.STAFF]  # staff of tenant.centre
    MembershipFactory(
        user=user, role=Role.VISITOR, municipality=tenant.municipality, centre=world["other_centre"]
    )
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(user)
    assert client.get(url("family_detail", tenant, family.pk)).status_code == 404


def test_foreign_municipality_sees_nothing(client, tenant, foreign):
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(foreign.users[Role.VISITOR])
    assert client.get(url("family_detail", tenant, family.pk)).status_code == 404
    assert (
        client.get(
            reverse("visits:family_detail", args=[foreign.municipality.slug, family.pk])
        ).status_code
        == 404
    )


# --- visits -------------------------------------------------------------------------------


def visit_data(tenant, **overrides):
    data = {
        "appointment": "2026-03-02T10:00",
        "visitor": str(tenant.users[Role.VISITOR].pk),
        "outcome": "visited",
        "attempts": "1",
        "topics": ["Schlaf"],
        "materials": ["Gesund groß werden", "Willkommen im Leben"],
        "consent_given": "on",
        "consent_date": "2026-03-02",
        "consent_wording": "2026-01",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_record_a_visit_with_consent(client, tenant):
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.VISITOR])
    response = client.post(url("visit_create", tenant, family.pk), visit_data(tenant))
    assert response.status_code == 302
    with scopes_disabled():
        visit = Visit.objects.get()
        family.refresh_from_db()
        entry = AuditEntry.objects.get(action="visits.visit.recorded")
    assert visit.consent_given and visit.consent_wording == "2026-01"
    assert visit.consent_date == datetime.date(2026, 3, 2)
    assert visit.materials == ["Gesund groß werden", "Willkommen im Leben"]
    assert family.status == "visited" and family.closed_on == datetime.date(2026, 3, 2)
    assert family.parent_name not in str(entry.after)


def test_consent_without_wording_version_is_refused(client, tenant):
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.VISITOR])
    response = client.post(
        url("visit_create", tenant, family.pk), visit_data(tenant, consent_wording="")
    )
    assert response.status_code == 200
    assert "Fassung des Einwilligungstextes" in response.content.decode()
    with scopes_disabled():
        assert not Visit.objects.exists()


def test_a_visitor_without_the_grant_for_the_centre_cannot_be_recorded(client, tenant):
    world = setup_world(tenant)
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.VISITOR])
    for visitor in (world["other_visitor"], tenant.users[Role.STAFF]):
        response = client.post(
            url("visit_create", tenant, family.pk), visit_data(tenant, visitor=str(visitor.pk))
        )
        assert response.status_code == 200
    with scopes_disabled():
        assert not Visit.objects.exists()
    # And the service refuses it even when called directly.
    from django.core.exceptions import ValidationError

    with scopes_disabled(), pytest.raises(ValidationError):
        services.visit_record(
            actor=tenant.users[Role.VISITOR],
            family=family,
            data={
                "appointment": timezone.now(),
                "visitor": world["other_visitor"],
                "outcome": "declined",
                "attempts": 1,
            },
        )


def test_a_decline_records_no_topics(client, tenant):
    family = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.VISITOR])
    response = client.post(
        url("visit_create", tenant, family.pk),
        visit_data(
            tenant,
            outcome="declined",
            consent_given=None,
            consent_wording=None,
            consent_date=None,
            materials=None,
            topics=None,
        ),
    )
    assert response.status_code == 302
    with scopes_disabled():
        family.refresh_from_db()
    assert family.status == "declined"


# --- the personal offer list ---------------------------------------------------------------


def test_offer_list_in_turkish_shows_only_age_range_and_language(client, tenant):
    from verbund.offers.models.translations import OfferTranslation, offer_source_hash
    from verbund.offers.tests.factories import OfferFactory

    family = FamilyFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        parent_name="Ayşe Yılmaz",
        street="Gizlistraße",
        latitude=51.0,
        longitude=7.0,
    )
    with scopes_disabled():
        free = OfferFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            title="Babytreff",
            cost="free",
            latitude=51.001,
            longitude=7.001,
            review_state="approved",
            visibility="public",
        )
        paid = OfferFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            title="Babyschwimmen",
            cost="fee",
            latitude=51.0,
            longitude=7.0,
            review_state="approved",
            visibility="public",
        )
        from verbund.taxonomy.models import Term

        baby = Term.objects.get(
            municipality=tenant.municipality, vocabulary="life_phase", key="0-1"
        )
        school = Term.objects.get(
            municipality=tenant.municipality, vocabulary="life_phase", key="1-3"
        )
        free.terms.add(baby)
        paid.terms.add(baby)
        toddlers = OfferFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            title="Krabbelgruppe",
            latitude=51.0,
            longitude=7.0,
            review_state="approved",
            visibility="public",
        )
        toddlers.terms.add(school)
        OfferTranslation.objects.create(
            municipality=tenant.municipality,
            offer=free,
            language="tr",
            title="Bebek buluşması",
            summary="",
            description="",
            source_hash=offer_source_hash(free),
        )
    client.force_login(tenant.users[Role.VISITOR])
    response = client.get(url("family_offers", tenant, family.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bebek buluşması" in body and "Babyschwimmen" in body
    assert body.index("Bebek buluşması") < body.index("Babyschwimmen")  # free first
    assert "Krabbelgruppe" not in body  # for 1 to 3 years: not for this child
    # headings in the family's language (the letter texts of verbund.visits.letter_texts)
    assert "Aileniz için etkinlikler" in body and "0–6 ay" in body and "Türkçe" in body
    assert 'lang="tr"' in body
    assert "Yılmaz" not in body.split("<main", 1)[-1] and "Gizlistraße" not in body
    pdf = client.get(url("family_offers_pdf", tenant, family.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="visits.family.offers_printed").count() == 2
        # the offers on the list are counted once per family, however often it is printed
        from verbund.visits.models import ListedOffer

        listed = ListedOffer.objects.filter(municipality=tenant.municipality)
        assert sorted(listed.values_list("offer_id", flat=True)) == sorted([free.pk, paid.pk])
        assert set(listed.values_list("family_id", flat=True)) == {family.pk}


# --- retention ----------------------------------------------------------------------------


def every_text(value: str) -> list[str]:
    """Every row of every table with a text or JSON column containing ``value``."""
    found = []
    with scopes_disabled():
        for model in apps.get_models():
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
            ]
            if not fields or model._meta.proxy:
                continue
            manager = getattr(model, "unscoped", None) or model._default_manager
            for name in fields:
                lookup = f"{name}__icontains"
                if manager.filter(**{lookup: value}).exists():
                    found.append(f"{model._meta.label}.{name}")
    return found


def test_retention_erases_names_and_addresses_and_leaves_counts(client, tenant):
    setup_world(tenant)
    response = upload(
        client,
        tenant,
        f"Zeynep Löschmich;Lindenstraße;12;50667;{MONTH};tr;4",
        f"Anna Bleibtnoch;Lindenstraße;14;50667;{MONTH};;",
    )
    client.post(response.url, {})
    with scopes_disabled():
        gone = Family.objects.get(parent_name="Zeynep Löschmich")
        stays = Family.objects.get(parent_name="Anna Bleibtnoch")
    visited_on = timezone.localdate()
    client.get(url("family_detail", tenant, gone.pk))
    client.post(
        url("visit_create", tenant, gone.pk),
        visit_data(
            tenant,
            appointment=f"{visited_on.isoformat()}T10:00",
            consent_date=visited_on.isoformat(),
        ),
    )
    client.get(url("family_offers", tenant, gone.pk))
    assert every_text("Löschmich")  # the check finds it while it is there
    assert every_text("Lindenstraße")
    from verbund.core.scheduler import run_periodic_jobs

    def travel_to(day):
        return mock.patch("django.utils.timezone.localdate", return_value=day)

    # The day before the six months are over: the periodic job erases nothing.
    with travel_to(visited_on + relativedelta(months=6) - datetime.timedelta(days=1)):
        assert run_periodic_jobs(["visits.retention"])[0].result == {tenant.municipality.slug: 0}
    assert every_text("Löschmich")
    # Time travel: six months after the visit.
    later = visited_on + relativedelta(months=6)
    with travel_to(later):
        outcome = run_periodic_jobs(["visits.retention"])[0]
    assert outcome.ok and outcome.result == {tenant.municipality.slug: 1}
    assert every_text("Löschmich") == []
    assert every_text("Lindenstraße 12") == []
    with scopes_disabled():
        gone.refresh_from_db()
        stays.refresh_from_db()
        visit = Visit.objects.get(family=gone)
    assert gone.anonymised_on == later and gone.parent_name == "" and gone.street == ""
    assert gone.birth_month is None and gone.latitude is None and gone.sibling_ages == ""
    assert stays.parent_name == "Anna Bleibtnoch"  # not visited: kept
    assert visit.outcome == "visited" and visit.topics == ["Schlaf"]  # the anonymous count
    # Nothing in the audit trail's snapshots, nothing found by the global search.
    with scopes_disabled():
        for entry in AuditEntry.objects.all():
            text = f"{entry.object_repr}{entry.before}{entry.after}{entry.data}"
            assert "Löschmich" not in text and "Lindenstraße" not in text
    # The anonymised family is gone from every page.
    client.force_login(tenant.users[Role.VISITOR])
    assert client.get(url("family_detail", tenant, gone.pk)).status_code == 404
    assert "Löschmich" not in client.get(url("family_list", tenant)).content.decode()


def test_retention_period_is_configurable(tenant):
    family = FamilyFactory(
        municipality=tenant.municipality, centre=tenant.centre, closed_on=datetime.date(2026, 1, 10)
    )
    with scopes_disabled():
        row = visit_settings(municipality=tenant.municipality)
        row.retention_months = 2
        row.save()
        assert (
            services.anonymise_due(
                municipality=tenant.municipality, today=datetime.date(2026, 3, 10)
            )
            == 1
        )
        family.refresh_from_db()
    assert family.anonymised_on is not None


# --- statistics ---------------------------------------------------------------------------


def test_planner_sees_aggregates_only_with_small_counts_suppressed(client, tenant):
    world = setup_world(tenant)
    for index in range(6):
        family = FamilyFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            area=world["north"],
            parent_name=f"Statistik Person{index}",
            status="visited",
        )
        VisitFactory(
            family=family,
            municipality=tenant.municipality,
            topics=["Schlaf"],
            materials=["Gesund groß werden"] if index < 2 else [],
        )
    for index in range(5):
        FamilyFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            status="declined",
            decline_channel="phone",
            parent_name=f"Statistik Absage{index}",
        )
    FamilyFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        status="moved",
        parent_name="Statistik Umzug",
    )
    client.force_login(tenant.users[Role.PLANNER])
    response = client.get(url("statistics", tenant))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nordviertel" in body
    assert "Statistik" not in body
    with scopes_disabled():
        from verbund.visits.selectors import visit_statistics

        stats = visit_statistics(municipality=tenant.municipality)
    assert stats.families == 12 and stats.reached == 6 and stats.share_reached == 50
    assert ("Schlaf", 6) in stats.topics
    assert ("Gesund groß werden", None) in stats.materials  # 2: suppressed
    outcomes = dict(stats.outcomes)
    # 1 moved away: suppressed; then the 5 declines too, or 12 - 6 - 5 would give it away
    assert outcomes["verzogen"] is None and outcomes["abgelehnt"] is None
    assert outcomes["besucht"] == 6
    # the channels add up to the (hidden) declines: hidden too, across the tables
    assert dict(stats.declines)["Telefon"] is None
    assert client.get(url("family_list", tenant)).status_code == 403


# --- announcement letters -------------------------------------------------------------------


def test_letters_merge_the_open_families_of_the_own_centre_into_one_pdf(client, tenant):
    world = setup_world(tenant)
    mine = [FamilyFactory(municipality=tenant.municipality, centre=tenant.centre) for _ in range(3)]
    done = FamilyFactory(municipality=tenant.municipality, centre=tenant.centre, status="visited")
    other = FamilyFactory(municipality=tenant.municipality, centre=world["other_centre"])
    client.force_login(tenant.users[Role.VISITOR])
    letters = url("letters", tenant)
    assert "3 offene Familien" in client.get(letters).content.decode()
    response = client.post(
        letters, {"first": "2027-01-09T10:00", "step_minutes": "90", "only_new": "on"}
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    with scopes_disabled():
        for family in mine:
            family.refresh_from_db()
            assert family.announced_on is not None
        done.refresh_from_db()
        other.refresh_from_db()
        proposed = sorted(family.proposed_visit for family in mine)
        entries = AuditEntry.objects.filter(action="visits.family.announced")
        assert entries.count() == 3
        assert all(mine[0].parent_name not in str(entry.data) for entry in entries)
    assert done.announced_on is None and other.announced_on is None
    # 9 January 2027 is a Saturday: the first proposal moves to Monday, 9 o'clock.
    first = timezone.localtime(proposed[0])
    assert first.date() == datetime.date(2027, 1, 11) and first.hour == 9
    assert timezone.localtime(proposed[1]) - first == datetime.timedelta(minutes=90)
    # Printed once: a second run finds no family without a letter.
    again = client.post(
        letters, {"first": "2027-01-09T10:00", "step_minutes": "90", "only_new": "on"}
    )
    assert "keine offenen Familien" in again.content.decode()


@pytest.mark.parametrize(
    "last", ["Berg Familie;Lindenstra", "Summe;;;;;;", "Insgesamt 2 Familien;;;;;;"]
)
def test_a_list_cut_off_mid_row_or_with_a_total_row_is_refused(client, tenant, last):
    setup_world(tenant)
    response = upload(client, tenant, f"Gut Familie;Lindenstraße;2;50667;{MONTH};;", last)
    assert "Zeile 3" in response.content.decode()
    with scopes_disabled():
        assert not BirthsImport.objects.exists()
    assert family_count() == 0
