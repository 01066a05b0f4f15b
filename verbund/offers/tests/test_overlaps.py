"""Similar offers (reasons, bounds) and the duplicate report with complementary pairs."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.areas.tests.factories import AreaFactory
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.network.tests.factories import OrganisationFactory
from verbund.offers.choices import OfferStatus
from verbund.offers.models import ComplementaryPair
from verbund.offers.overlaps import report
from verbund.offers.overlaps.similarity import similar_offers
from verbund.taxonomy.tests.factories import term
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .factories import ComplementaryPairFactory, OfferFactory, make_offer

pytestmark = pytest.mark.django_db


def ask(tenant, area, *, title="Babyschwimmen für Eltern", provider_id=None, **kwargs):
    m = tenant.municipality
    with scope(municipality=m.pk):
        return similar_offers(
            municipality=m,
            title=title,
            summary="Wassergewöhnung für Babys im ersten Lebensjahr.",
            term_ids=[term(m, "life_phase", "0-1").pk, term(m, "topic", "health").pk],
            area_ids=[area.pk],
            provider_id=provider_id,
            centre_id=tenant.centre.pk,
            slots=[(2, 9 * 60 + 30)],
            **kwargs,
        )


def test_similar_offer_is_found_with_plain_german_reasons(tenant, kalk):
    other = OrganisationFactory(municipality=tenant.municipality, name="Schwimmverein Kalk")
    existing = make_offer(
        tenant.municipality, area=kalk, title="Babyschwimmen", provider=other, centre=tenant.centre
    )
    found = ask(tenant, kalk)
    assert [item.offer for item in found] == [existing]
    reasons = found[0].reasons
    assert "ähnlicher Titel" in reasons
    assert "gleicher Stadtteil: Kalk" in reasons
    assert "gleiche Lebensphase 0–1 Jahre" in reasons
    assert "gleiches Thema: Gesundheit und Bewegung" in reasons
    assert "überschneidende Zeiten: dienstags vormittags" in reasons
    assert "anderer Anbieter" in reasons


def test_unrelated_ended_and_foreign_offers_are_not_suggested(tenant, foreign, kalk):
    make_offer(
        tenant.municipality,
        area=kalk,
        title="Hausaufgabenhilfe",
        centre=tenant.centre,
        keys=(("life_phase", "6-10"), ("topic", "education")),
        tuesday_at=15,
    )
    make_offer(
        tenant.municipality,
        area=kalk,
        title="Babyschwimmen",
        centre=tenant.centre,
        status=OfferStatus.ENDED,
    )
    foreign_area = AreaFactory(municipality=foreign.municipality, name="Kalk")
    make_offer(
        foreign.municipality, area=foreign_area, title="Babyschwimmen", centre=foreign.centre
    )
    assert ask(tenant, kalk) == []


def test_other_times_and_no_shared_area_score_lower(tenant, kalk):
    elsewhere = AreaFactory(municipality=tenant.municipality, name="Mülheim")
    same = make_offer(tenant.municipality, area=kalk, title="Babyschwimmen", centre=tenant.centre)
    evening = make_offer(
        tenant.municipality,
        area=elsewhere,
        title="Babyschwimmen",
        centre=tenant.centre,
        tuesday_at=18,
    )
    found = {item.offer: item for item in ask(tenant, kalk)}
    assert found[same].score > found[evening].score
    assert not any(reason.startswith("überschneidende") for reason in found[evening].reasons)


def test_pair_marked_complementary_is_not_suggested_again(tenant, kalk):
    mine = make_offer(
        tenant.municipality, area=kalk, title="Babyschwimmen für Eltern", centre=tenant.centre
    )
    theirs = make_offer(tenant.municipality, area=kalk, title="Babyschwimmen", centre=tenant.centre)
    assert [item.offer for item in ask(tenant, kalk, exclude_id=mine.pk)] == [theirs]
    low, high = sorted([mine, theirs], key=lambda offer: offer.pk)
    ComplementaryPairFactory(first=low, second=high)
    assert ask(tenant, kalk, exclude_id=mine.pk) == []


def test_similarity_reads_a_fixed_number_of_queries(tenant, kalk):
    def count(n):
        for index in range(n):
            make_offer(
                tenant.municipality, area=kalk, title=f"Babyschwimmen {index}", centre=tenant.centre
            )
        with CaptureQueriesContext(connection) as queries:
            found = ask(tenant, kalk, limit=50)
        return len(queries), len(found)

    small, found_small = count(2)
    large, found_large = count(25)
    assert found_large > found_small
    # similar_offers reads at most 8; the other 2 are this test's own term look-ups
    assert small == large <= 10


# -- the report ----------------------------------------------------------------------------


def groups_for(tenant, role):
    access = access_for(tenant.users[role], tenant.municipality)
    with scope(municipality=tenant.municipality.pk):
        areas = list(report.report_areas(municipality=tenant.municipality, access=access))
        return report.area_pairs(municipality=tenant.municipality, access=access, areas=areas)


def test_report_groups_pairs_by_area_for_planner_and_coordinator(tenant, kalk, duplicates):
    ours, theirs, _neighbour = duplicates
    for role in (Role.PLANNER, Role.COORDINATOR, Role.PROVIDER_ADMIN):
        groups = groups_for(tenant, role)
        assert [group.area for group in groups] == [kalk], role
        (pair,) = groups[0].pairs
        assert {pair.first, pair.second} == {ours, theirs}
        assert "gleicher Stadtteil: Kalk" in pair.reasons
    assert groups_for(tenant, Role.PLANNER)[0].pairs[0].can_mark is False
    assert groups_for(tenant, Role.COORDINATOR)[0].pairs[0].can_mark is True


def test_coordinator_does_not_see_pairs_of_other_centres_only(tenant, kalk, duplicates):
    _ours, _theirs, neighbour = duplicates
    with scopes_disabled():
        ComplementaryPair.objects.all().delete()
    club = OrganisationFactory(municipality=tenant.municipality)
    make_offer(
        tenant.municipality, area=kalk, title="Babyschwimmen Nord", centre=neighbour, provider=club
    )
    planner_pairs = groups_for(tenant, Role.PLANNER)[0].pairs
    coordinator_pairs = groups_for(tenant, Role.COORDINATOR)[0].pairs
    assert len(planner_pairs) == 3
    assert len(coordinator_pairs) == 2


def test_same_provider_pairs_are_not_duplicate_structures(tenant, kalk):
    make_offer(tenant.municipality, area=kalk, title="Babyschwimmen", centre=tenant.centre)
    make_offer(tenant.municipality, area=kalk, title="Babyschwimmen", centre=tenant.centre)
    assert groups_for(tenant, Role.PLANNER)[0].pairs == []


def test_pair_serving_two_areas_is_shown_once(tenant, kalk, duplicates):
    ours, theirs, _neighbour = duplicates
    deutz = AreaFactory(municipality=tenant.municipality, name="Deutz", level="Stadtteil")
    with scopes_disabled():
        ours.areas_served.add(deutz)
        theirs.areas_served.add(deutz)
    groups = groups_for(tenant, Role.PLANNER)
    assert [(group.area.name, len(group.pairs)) for group in groups] == [("Deutz", 1), ("Kalk", 0)]


def test_report_page_query_count_does_not_grow(client, tenant, django_assert_max_num_queries):
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("offers:overlap_report", args=[tenant.municipality.slug])
    other = FamilyCentreFactory(municipality=tenant.municipality)

    def add(n):
        for _ in range(n):
            area = AreaFactory(municipality=tenant.municipality)
            make_offer(tenant.municipality, area=area, title="Babyschwimmen", centre=tenant.centre)
            make_offer(tenant.municipality, area=area, title="Babyschwimmen", centre=other)

    add(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add(10)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Ähnlich, weil:") == report.AREAS_PER_PAGE


# -- marking a pair ------------------------------------------------------------------------


def pair_url(tenant, a, b):
    return reverse("offers:overlap_pair", args=[tenant.municipality.slug, a.pk, b.pk])


def test_partner_marks_pair_with_its_own_offer_and_it_leaves_the_report(client, tenant, duplicates):
    ours, theirs, _neighbour = duplicates
    client.force_login(tenant.users[Role.PARTNER])
    response = client.post(
        pair_url(tenant, theirs, ours),
        {"reason": "Unseres ist auf Türkisch, das andere auf Deutsch."},
    )
    assert response.status_code == 302
    with scopes_disabled():
        pair = ComplementaryPair.objects.get()
        assert (pair.first_id, pair.second_id) == tuple(sorted([ours.pk, theirs.pk]))
        assert pair.marked_by == tenant.users[Role.PARTNER]
        assert AuditEntry.unscoped.filter(action="offers.pair.mark").count() == 1
    assert groups_for(tenant, Role.PLANNER)[0].pairs == []
    client.force_login(tenant.users[Role.PLANNER])
    listed = client.get(reverse("offers:overlap_complementary", args=[tenant.municipality.slug]))
    assert "Unseres ist auf Türkisch" in listed.content.decode()


def test_partner_may_not_mark_a_pair_without_its_own_offer(client, tenant, kalk, duplicates):
    _ours, theirs, neighbour = duplicates
    third = make_offer(tenant.municipality, area=kalk, title="Babyschwimmen", centre=neighbour)
    client.force_login(tenant.users[Role.PARTNER])
    url = pair_url(tenant, theirs, third)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Ganz andere Zielgruppe im Stadtteil."}).status_code == 403
    with scopes_disabled():
        assert not ComplementaryPair.objects.exists()


def test_another_municipalitys_offer_is_not_found(client, tenant, foreign, duplicates):
    ours, _theirs, _neighbour = duplicates
    stranger = OfferFactory(municipality=foreign.municipality, centre=foreign.centre)
    client.force_login(tenant.users[Role.COORDINATOR])
    url = pair_url(tenant, ours, stranger)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Ganz andere Zielgruppe im Stadtteil."}).status_code == 404
    assert client.get(pair_url(tenant, ours, ours)).status_code == 404
    with scopes_disabled():
        assert not ComplementaryPair.objects.exists()


def test_reason_is_required(client, tenant, duplicates):
    ours, theirs, _neighbour = duplicates
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(pair_url(tenant, ours, theirs), {"reason": "  "})
    assert response.status_code == 400
    assert "Bitte begründen Sie" in response.content.decode()
    with scopes_disabled():
        assert not ComplementaryPair.objects.exists()


def test_planner_may_read_the_report_but_not_mark(client, tenant, duplicates):
    ours, theirs, _neighbour = duplicates
    client.force_login(tenant.users[Role.PLANNER])
    body = client.get(reverse("offers:overlap_report", args=[tenant.municipality.slug]))
    assert "Babyschwimmen am Dienstag" in body.content.decode()
    assert "Als ergänzend kennzeichnen" not in body.content.decode()
    assert client.get(pair_url(tenant, ours, theirs)).status_code == 403


def test_undo_is_audited_and_returns_the_pair_to_the_report(client, tenant, duplicates):
    ours, theirs, _neighbour = duplicates
    low, high = sorted([ours, theirs], key=lambda offer: offer.pk)
    pair = ComplementaryPairFactory(first=low, second=high)
    client.force_login(tenant.users[Role.COORDINATOR])
    url = reverse("offers:overlap_unmark", args=[tenant.municipality.slug, pair.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    with scopes_disabled():
        assert not ComplementaryPair.objects.exists()
        entry = AuditEntry.unscoped.get(action="offers.pair.unmark")
        assert entry.before["reason"] == pair.reason
    assert len(groups_for(tenant, Role.PLANNER)[0].pairs) == 1


def test_marking_twice_is_refused(client, tenant, duplicates):
    ours, theirs, _neighbour = duplicates
    low, high = sorted([ours, theirs], key=lambda offer: offer.pk)
    ComplementaryPairFactory(first=low, second=high)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(pair_url(tenant, high, low), {"reason": "Noch einmal begründet."})
    assert response.status_code == 400
    with scopes_disabled():
        assert ComplementaryPair.objects.count() == 1


def test_crowded_area_shows_the_best_pairs_and_all_on_request(client, tenant, kalk):
    """Twelve providers of the same course in one area: 66 pairs, 10 in the overview."""
    for _index in range(12):
        club = OrganisationFactory(municipality=tenant.municipality)
        make_offer(
            tenant.municipality,
            area=kalk,
            title="Babyschwimmen",
            centre=tenant.centre,
            provider=club,
        )
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("offers:overlap_report", args=[tenant.municipality.slug])
    overview = client.get(url).content.decode()
    assert overview.count("dienstags vormittags") == report.PAIRS_SHOWN
    assert "56 weitere Paare in diesem Gebiet." in overview
    assert "Alle 66 Paare in Kalk ansehen" in overview
    one = client.get(url, {"gebiet": kalk.pk}).content.decode()
    assert one.count("dienstags vormittags") == 66


def test_report_export_lists_every_pair_in_reach(client, tenant, kalk, duplicates):
    ours, theirs, _neighbour = duplicates
    assert ours.title == "Babyschwimmen" and theirs.title == "Babyschwimmen am Dienstag"
    url = reverse("offers:overlap_export", args=[tenant.municipality.slug, "csv"])
    client.force_login(tenant.users[Role.PLANNER])
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line]
    assert lines[0].startswith("Gebiet;Ähnlichkeit in %;")
    assert len(lines) == 2 and "Kalk" in lines[1]
    assert "Babyschwimmen" in lines[1] and "Babyschwimmen am Dienstag" in lines[1]
    xlsx = client.get(url.replace("export.csv", "export.xlsx"))
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(url).status_code in (200, 403)  # the report's own permission
    other = reverse("offers:overlap_export", args=["nicht-da", "csv"])
    assert client.get(other).status_code == 404


def test_report_export_pages_through_many_areas(client, tenant):
    """More areas than one page of the report: every area's pair is exported."""
    from verbund.offers.overlaps.report import AREAS_PER_PAGE

    neighbour = FamilyCentreFactory(municipality=tenant.municipality)
    for index in range(AREAS_PER_PAGE + 3):
        area = AreaFactory(municipality=tenant.municipality, name=f"Gebiet {index:02d}")
        make_offer(tenant.municipality, area=area, title="Babyschwimmen", centre=tenant.centre)
        make_offer(
            tenant.municipality,
            area=area,
            title="Babyschwimmen am Dienstag",
            centre=neighbour,
            provider=OrganisationFactory(municipality=tenant.municipality),
        )
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("offers:overlap_export", args=[tenant.municipality.slug, "csv"])
    text = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    areas = {line.split(";")[0] for line in text.splitlines()[1:] if line}
    assert areas == {f"Gebiet {index:02d}" for index in range(AREAS_PER_PAGE + 3)}


def test_report_follows_each_change_its_pairs_depend_on(tenant, kalk, duplicates):
    """The scored pairs are kept per change: times, term labels, area names, offer columns and
    complementary marks each show on the next view."""
    ours, theirs, _neighbour = duplicates

    def reasons():
        (pair,) = groups_for(tenant, Role.PLANNER)[0].pairs
        return pair.reasons

    assert "überschneidende Zeiten: dienstags vormittags" in reasons()
    with scopes_disabled():
        schedule = theirs.schedules.get()
        schedule.start_minute = 18 * 60
        schedule.start_time = datetime.time(18, 0)
        schedule.end_time = datetime.time(19, 30)
        schedule.save()
    assert not any(reason.startswith("überschneidende") for reason in reasons())

    with scopes_disabled():
        topic = term(tenant.municipality, "topic", "health")
        topic.label = "Gesundheit und Bewegung"
        topic.save()
    assert "gleiches Thema: Gesundheit und Bewegung" in reasons()

    with scopes_disabled():
        kalk.name = "Kalk-Nord"
        kalk.save()
    assert "gleicher Stadtteil: Kalk-Nord" in reasons()

    with scopes_disabled():
        theirs.title = "Töpfern für Senioren"
        theirs.save()
    assert groups_for(tenant, Role.PLANNER)[0].pairs == []  # no longer alike enough
    with scopes_disabled():
        theirs.title = "Babyschwimmen am Dienstag"
        theirs.save()
    assert "ähnlicher Titel" in reasons()

    with scopes_disabled():
        ComplementaryPairFactory(first=ours, second=theirs)
    assert groups_for(tenant, Role.PLANNER)[0].pairs == []


def test_report_and_silo_areas_follow_offer_status_and_areas(tenant, kalk, duplicates):
    """The areas with running offers are kept per change of the offers: an offer ending, an
    area added to an offer and one taken away each show in the planner's next view."""
    from verbund.offers.overlaps import silos

    ours, theirs, _neighbour = duplicates
    access = access_for(tenant.users[Role.PLANNER], tenant.municipality)

    def report_areas():
        with scope(municipality=tenant.municipality.pk):
            return list(report.report_areas(municipality=tenant.municipality, access=access))

    def silo_areas():
        with scope(municipality=tenant.municipality.pk):
            return list(silos.silo_areas(municipality=tenant.municipality, access=access))

    assert report_areas() == [kalk] and silo_areas() == [kalk]
    with scopes_disabled():
        theirs.status = OfferStatus.ENDED
        theirs.save()
    assert report_areas() == [] and silo_areas() == [kalk]
    with scopes_disabled():
        theirs.status = OfferStatus.ACTIVE
        theirs.save()
        deutz = AreaFactory(municipality=tenant.municipality, name="Deutz")
        ours.areas_served.add(deutz)
        theirs.areas_served.add(deutz)
    assert report_areas() == [deutz, kalk] and silo_areas() == [deutz, kalk]
    with scopes_disabled():
        ours.areas_served.remove(kalk)
    assert report_areas() == [deutz] and silo_areas() == [deutz, kalk]
    with scopes_disabled():
        theirs.areas_served.clear()
    assert report_areas() == [] and silo_areas() == [deutz]
