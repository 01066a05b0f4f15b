import csv
import io

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.analysis.choices import NeedStatus
from verbund.analysis.models import Direction, Need, NeedEvidence, NeedRule, RuleKind
from verbund.analysis.rules import suggest_needs
from verbund.analysis.tests.factories import CentreFiguresFactory, NeedFactory, NeedRuleFactory
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.taxonomy.tests.factories import term
from verbund.tenancy.tests.factories import FamilyCentreFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sozialraum(level, tenant):
    for name in ("Nord", "Ost", "Süd", "West", "Mitte"):
        level.area(name)
    level.indicator("single_parents", name="Anteil Alleinerziehender")
    level.values(
        "single_parents",
        2024,
        {"Nord": 31.0, "Ost": 18.0, "Süd": 15.0, "West": 20.0, "Mitte": 17.0},
    )
    level.areas["Nord"].centres.add(tenant.centre)
    return level


def rule(tenant, **kwargs):
    return NeedRuleFactory(municipality=tenant.municipality, **kwargs)


def suggestions(tenant):
    with scope(municipality=tenant.municipality.pk):
        return suggest_needs(municipality=tenant.municipality, centre=tenant.centre)


def test_indicator_rule_explains_with_numbers(tenant, sozialraum):
    rule(
        tenant,
        name="Alleinerziehende über Stadt",
        kind=RuleKind.INDICATOR_VS_CITY,
        indicator=sozialraum.indicators["single_parents"],
        figure="",
        threshold=10,
    )
    [suggestion] = suggestions(tenant)
    assert suggestion.area == sozialraum.areas["Nord"]
    text = suggestion.explanation
    assert "Nord" in text and "2024" in text
    assert "31,0 %" in text and "18,0 %" in text  # value and the median of five areas
    assert "13,0 Prozentpunkte mehr" in text
    assert "Alleinerziehende über Stadt" in text
    assert suggestion.evidence[0].indicator_value_id is not None


def test_indicator_rule_below_threshold_suggests_nothing(tenant, sozialraum):
    rule(
        tenant,
        kind=RuleKind.INDICATOR_VS_CITY,
        indicator=sozialraum.indicators["single_parents"],
        figure="",
        threshold=14,
    )
    assert suggestions(tenant) == []


def test_relative_threshold_and_direction_below(tenant, sozialraum):
    rule(
        tenant,
        name="relativ",
        kind=RuleKind.INDICATOR_VS_CITY,
        indicator=sozialraum.indicators["single_parents"],
        figure="",
        threshold=70,  # 31 is 72 % above 18
        relative=True,
    )
    rule(
        tenant,
        name="darunter",
        kind=RuleKind.INDICATOR_VS_CITY,
        indicator=sozialraum.indicators["single_parents"],
        figure="",
        threshold=1,
        direction=Direction.BELOW,
    )
    [suggestion] = suggestions(tenant)
    assert suggestion.rule.name == "relativ"
    assert "72,2 % mehr als der Median" in suggestion.explanation


def test_figure_rules_hide_small_counts_in_the_explanation(tenant, sozialraum):
    CentreFiguresFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        families=40,
        single_parents=4,
        non_german_language=20,
    )
    rule(tenant, name="Sprache", figure="non_german_language", threshold=40)
    rule(
        tenant,
        name="Alleinerziehende erreicht?",
        kind=RuleKind.FIGURE_VS_INDICATOR,
        indicator=sozialraum.indicators["single_parents"],
        figure="single_parents",
        direction=Direction.BELOW,
        threshold=10,
    )
    found = {s.rule.name: s for s in suggestions(tenant)}
    assert "20 von 40" in found["Sprache"].explanation
    assert "50,0 %" in found["Sprache"].explanation
    reach = found["Alleinerziehende erreicht?"].explanation
    assert "< 5 von 40" in reach
    assert "10,0 %" not in reach  # the share would reveal the 4
    assert "31,0 %" in reach


def test_confirming_creates_a_need_with_evidence_and_rejecting_hides(client, tenant, sozialraum):
    rule(
        tenant,
        kind=RuleKind.INDICATOR_VS_CITY,
        indicator=sozialraum.indicators["single_parents"],
        figure="",
        threshold=5,
        need_title="Beratung für Alleinerziehende",
    )
    rule(tenant, name="Sprache", figure="non_german_language", threshold=10)
    CentreFiguresFactory(municipality=tenant.municipality, centre=tenant.centre)
    [first, second] = sorted(suggestions(tenant), key=lambda s: s.rule.name)
    url = reverse("analysis:need_suggestions", args=[tenant.municipality.slug, tenant.centre.pk])
    client.force_login(tenant.users[Role.STAFF])
    assert client.get(url).status_code == 200
    assert client.post(url, {"key": first.key, "decision": "confirm"}).status_code == 403
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(url, {"key": first.key, "decision": "confirm"})
    assert response.status_code == 302
    response = client.post(url, {"key": second.key, "decision": "reject"})
    with scopes_disabled():
        confirmed = Need.objects.get(status=NeedStatus.CONFIRMED)
        assert confirmed.title == first.rule.need_title
        assert confirmed.explanation == first.explanation
        assert NeedEvidence.objects.filter(need=confirmed).count() == 1
        assert Need.objects.filter(status=NeedStatus.REJECTED).count() == 1
        assert AuditEntry.objects.filter(action="analysis.need.confirmed").count() == 1
        assert AuditEntry.objects.filter(action="analysis.need.rejected").count() == 1
    assert suggestions(tenant) == []
    # Deciding twice is refused with a message, not an error.
    response = client.post(url, {"key": first.key, "decision": "confirm"}, follow=True)
    assert "gilt nicht mehr" in response.content.decode()
    with scopes_disabled():
        assert Need.objects.count() == 2


def test_need_list_reach_per_role(client, tenant):
    own = NeedFactory(
        municipality=tenant.municipality, centre=tenant.centre, title="Eigener Bedarf"
    )
    other_provider = ProviderFactory(municipality=tenant.municipality)
    other_centre = FamilyCentreFactory(municipality=tenant.municipality, provider=other_provider)
    other = NeedFactory(
        municipality=tenant.municipality, centre=other_centre, title="Fremder Bedarf"
    )
    rejected = NeedFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Verworfener Bedarf",
        status=NeedStatus.REJECTED,
    )
    url = reverse("analysis:need_list", args=[tenant.municipality.slug])
    seen = {}
    for role in (Role.COORDINATOR, Role.PROVIDER_ADMIN, Role.PLANNER):
        client.force_login(tenant.users[role])
        seen[role] = client.get(url).content.decode()
    assert own.title in seen[Role.COORDINATOR] and other.title not in seen[Role.COORDINATOR]
    assert own.title in seen[Role.PROVIDER_ADMIN] and other.title not in seen[Role.PROVIDER_ADMIN]
    assert own.title in seen[Role.PLANNER] and other.title in seen[Role.PLANNER]
    assert rejected.title not in seen[Role.PLANNER]
    client.force_login(tenant.users[Role.PLANNER])
    filtered = client.get(url, {"status": "rejected"}).content.decode()
    assert rejected.title in filtered and own.title not in filtered
    filtered = client.get(url, {"centre": other_centre.pk}).content.decode()
    assert other.title in filtered and own.title not in filtered
    detail = reverse("analysis:need_detail", args=[tenant.municipality.slug, other.pk])
    client.force_login(tenant.users[Role.COORDINATOR])
    assert client.get(detail).status_code == 403
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(url).status_code == 403


def test_need_export_for_the_planner(client, tenant, sozialraum):
    NeedFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        area=sozialraum.areas["Nord"],
        title="@SUMME(1)",
    )
    client.force_login(tenant.users[Role.PLANNER])
    response = client.get(reverse("analysis:need_export", args=[tenant.municipality.slug, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Sozialraum", "Familienzentrum", "Träger", "Bedarf"]
    assert rows[1][0] == "Nord" and rows[1][3] == "'@SUMME(1)"


def test_staff_report_needs_coordinator_confirms(client, tenant, sozialraum):
    slug = tenant.municipality.slug
    create = reverse("analysis:need_create", args=[slug, tenant.centre.pk])
    data = {
        "title": "Babytreff",
        "area": sozialraum.areas["Nord"].pk,
        "target_group": term(tenant.municipality, "target_group", "families").pk,
        "life_phase": term(tenant.municipality, "life_phase", "0-1").pk,
        "topic": term(tenant.municipality, "topic", "health").pk,
        "priority": "medium",
        "status": "confirmed",
    }
    client.force_login(tenant.users[Role.STAFF])
    response = client.post(create, data)
    assert response.status_code == 400  # staff may only report open needs
    response = client.post(create, {**data, "status": "open"})
    assert response.status_code == 302
    with scopes_disabled():
        need = Need.objects.get(title="Babytreff")
    client.force_login(tenant.users[Role.COORDINATOR])
    update = reverse("analysis:need_update", args=[slug, need.pk])
    assert client.post(update, {**data, "status": "confirmed"}).status_code == 302
    with scopes_disabled():
        need.refresh_from_db()
        assert need.status == NeedStatus.CONFIRMED
        change = AuditEntry.objects.get(action="analysis.need.changed")
        assert change.before == {"status": "open"} and change.after == {"status": "confirmed"}


def test_need_for_another_centre_is_refused(client, tenant):
    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    url = reverse("analysis:need_create", args=[tenant.municipality.slug, other_centre.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x"}).status_code == 403


def test_feedback_evidence_is_added_and_removed(client, tenant):
    need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre)
    url = reverse("analysis:need_evidence", args=[tenant.municipality.slug, need.pk])
    client.force_login(tenant.users[Role.STAFF])
    assert client.post(url, {"kind": "feedback", "text": ""}).status_code == 400
    response = client.post(
        url, {"kind": "feedback", "text": "Eltern fragen nach Babytreff", "source": "Elterncafé"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        evidence = NeedEvidence.objects.get(need=need)
        assert evidence.summary == "Eltern fragen nach Babytreff"
    detail = client.get(reverse("analysis:need_detail", args=[tenant.municipality.slug, need.pk]))
    assert "Elterncafé" in detail.content.decode()
    client.post(url, {"remove": str(evidence.pk)})
    with scopes_disabled():
        assert not NeedEvidence.objects.filter(need=need).exists()
        actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"analysis.need.evidence_added", "analysis.need.evidence_removed"} <= actions


def test_rule_validation_messages(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("analysis:rule_create", args=[tenant.municipality.slug])
    response = client.post(
        url,
        {
            "name": "Ohne Indikator",
            "kind": "indicator_vs_city",
            "direction": "above",
            "threshold": "-3",
            "need_title": "x",
            "target_group": term(tenant.municipality, "target_group", "families").pk,
            "life_phase": term(tenant.municipality, "life_phase", "all").pk,
            "topic": term(tenant.municipality, "topic", "health").pk,
            "priority": "high",
            "active": "on",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "braucht einen Indikator" in body
    assert "darf nicht negativ sein" in body
    with scopes_disabled():
        assert not NeedRule.objects.exists()
    client.force_login(tenant.users[Role.COORDINATOR])
    assert client.get(url).status_code == 403


def test_indicator_and_figure_evidence_keep_the_numbers(client, tenant, sozialraum):
    need = NeedFactory(
        municipality=tenant.municipality, centre=tenant.centre, area=sozialraum.areas["Nord"]
    )
    CentreFiguresFactory(
        municipality=tenant.municipality, centre=tenant.centre, refugee_background=2
    )
    url = reverse("analysis:need_evidence", args=[tenant.municipality.slug, need.pk])
    client.force_login(tenant.users[Role.STAFF])
    indicator = sozialraum.indicators["single_parents"]
    assert client.post(url, {"kind": "indicator"}).status_code == 400
    response = client.post(url, {"kind": "indicator", "indicator": indicator.pk})
    assert response.status_code == 302
    response = client.post(url, {"kind": "figure", "figure": "refugee_background"})
    assert response.status_code == 302
    with scopes_disabled():
        summaries = list(NeedEvidence.objects.filter(need=need).values_list("summary", flat=True))
    assert summaries[0] == (
        "Anteil Alleinerziehender 2024 in Nord: 31,0 % (Median der Ebene: 18,0 %)"
    )
    # Evidence is read by the municipality: the small count stays hidden.
    assert "< 5 von 80" in summaries[1]


def test_indicator_evidence_needs_an_area_with_a_value(client, tenant, sozialraum):
    need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre, area=None)
    url = reverse("analysis:need_evidence", args=[tenant.municipality.slug, need.pk])
    client.force_login(tenant.users[Role.STAFF])
    indicator = sozialraum.indicators["single_parents"]
    # Without an area the form offers no indicator at all.
    response = client.post(url, {"kind": "indicator", "indicator": indicator.pk})
    assert response.status_code == 400
    with scopes_disabled():
        assert not NeedEvidence.objects.filter(need=need).exists()


def test_observation_from_a_walk_as_evidence(client, tenant, sozialraum):
    from datetime import date

    from verbund.areas.models import Observation, Walk

    with scopes_disabled():
        walk = Walk.objects.create(
            municipality=tenant.municipality,
            centre=tenant.centre,
            area=sozialraum.areas["Nord"],
            title="Frühjahrsbegehung",
            date=date(2025, 4, 2),
        )
        observation = Observation.objects.create(
            municipality=tenant.municipality, walk=walk, note="Spielplatz gesperrt"
        )
    need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre)
    url = reverse("analysis:need_evidence", args=[tenant.municipality.slug, need.pk])
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(url, {"kind": "observation", "observation": observation.pk})
    assert response.status_code == 302
    with scopes_disabled():
        evidence = NeedEvidence.objects.get(need=need)
    assert evidence.observation == observation
    assert evidence.summary == "Begehung „Frühjahrsbegehung“ am 02.04.2025: Spielplatz gesperrt"


def test_needs_summarised_per_area_for_the_planner(client, tenant, sozialraum):
    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    nord, ost = sozialraum.areas["Nord"], sozialraum.areas["Ost"]
    NeedFactory(municipality=tenant.municipality, centre=tenant.centre, area=nord, priority="high")
    NeedFactory(municipality=tenant.municipality, centre=other_centre, area=nord, priority="high")
    NeedFactory(municipality=tenant.municipality, centre=other_centre, area=ost, priority="low")
    client.force_login(tenant.users[Role.PLANNER])
    response = client.get(reverse("analysis:need_list", args=[tenant.municipality.slug]))
    rows = response.context["by_area"]
    assert [(r["area__name"], r["total"], r["high"], r["centres"]) for r in rows] == [
        ("Nord", 2, 2, 2),
        ("Ost", 1, 0, 1),
    ]


def test_coordinator_confirms_an_open_need_in_one_click(client, tenant):
    need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre, status="open")
    slug = tenant.municipality.slug
    url = reverse("analysis:need_status", args=[slug, need.pk])
    client.force_login(tenant.users[Role.STAFF])
    assert client.post(url, {"status": "confirmed"}).status_code == 403
    client.force_login(tenant.users[Role.COORDINATOR])
    detail = client.get(reverse("analysis:need_detail", args=[slug, need.pk])).content.decode()
    assert 'value="confirmed"' in detail
    assert client.post(url, {"status": "bogus"}).status_code == 302
    assert client.post(url, {"status": "confirmed"}).status_code == 302
    with scopes_disabled():
        need.refresh_from_db()
        assert need.status == NeedStatus.CONFIRMED
        assert AuditEntry.objects.filter(action="analysis.need.changed").count() == 1


def test_need_list_centre_filter_is_a_search_field(client, tenant):
    """Issue 17: with many centres the filter is a text field resolved within the centres the
    list reaches; a number, a name and a forged or foreign centre are handled without a 500."""
    from verbund.core.search_choice import SELECT_LIMIT
    from verbund.tenancy.tests.factories import MunicipalityFactory

    centres = FamilyCentreFactory.create_batch(SELECT_LIMIT + 1, municipality=tenant.municipality)
    target = centres[0]
    own = NeedFactory(municipality=tenant.municipality, centre=tenant.centre, title="Eigener")
    theirs = NeedFactory(municipality=tenant.municipality, centre=target, title="Zielbedarf")
    foreign_centre = FamilyCentreFactory(municipality=MunicipalityFactory())
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("analysis:need_list", args=[tenant.municipality.slug])
    page = client.get(url)
    html = page.content.decode()
    assert 'name="centre"' in html and "<option" not in html.split('name="centre"')[1][:300]
    by_number = client.get(url, {"centre": target.pk}).content.decode()
    assert theirs.title in by_number and own.title not in by_number
    by_name = client.get(url, {"centre": target.name}).content.decode()
    assert theirs.title in by_name and own.title not in by_name
    for forged in (foreign_centre.pk, "99999999", "x" * 300, "²"):
        response = client.get(url, {"centre": forged})
        assert response.status_code == 200
        body = response.content.decode()
        assert own.title in body and theirs.title in body  # not filtered: the choice is refused
