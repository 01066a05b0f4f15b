"""The evidence rules find what is in the system, and nothing of other centres."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from verbund.cooperation.models import Status
from verbund.network.models import Sector
from verbund.quality import catalogue as fmt
from verbund.quality import evidence, services
from verbund.quality.models import CentreEvidence
from verbund.quality.rules import get_rule_type
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .helpers import agreement, body_with_meetings, offer

pytestmark = pytest.mark.django_db


def _find(definition, centre):
    with scopes_disabled():
        return evidence.find(definition, [centre.pk])[centre.pk]


def test_counselling_agreement_is_found_and_ended_or_draft_not(tenant):
    definition = fmt.default_definition()
    assert _find(definition, tenant.centre)["L1.1"]["found"] is False
    agreement(tenant.centre, status=Status.DRAFT)
    agreement(tenant.centre, sector=Sector.HEALTH)
    assert _find(definition, tenant.centre)["L1.1"]["found"] is False
    signed = agreement(tenant.centre)
    found = _find(definition, tenant.centre)["L1.1"]
    assert found["found"] is True
    assert [item["id"] for item in found["rules"][0]["items"]] == [signed.pk]


def test_prevention_needs_an_agreement_with_the_municipality(tenant):
    definition = fmt.default_definition()
    agreement(tenant.centre)
    assert _find(definition, tenant.centre)["P1"]["found"] is False
    with_city = agreement(tenant.centre, municipality=True)
    items = _find(definition, tenant.centre)["P1"]["rules"][0]["items"]
    assert [item["id"] for item in items] == [with_city.pk]


def test_meetings_count_only_approved_minutes_of_the_last_twelve_months(tenant):
    definition = fmt.default_definition()
    _body, meetings = body_with_meetings(tenant.centre, approved=2, old=2, draft=2)
    rule = _find(definition, tenant.centre)["S2.3"]["rules"][0]
    assert rule["count"] == 2 and rule["met"]
    assert {item["id"] for item in rule["items"]} == {m.pk for m in meetings}
    assert _find(definition, tenant.centre)["S2.4"]["found"] is True  # Frühe Hilfen body


def test_offers_in_other_languages(tenant):
    definition = fmt.default_definition()
    offer(tenant.centre, languages="de")
    assert _find(definition, tenant.centre)["S3.2"]["found"] is False
    turkish = offer(tenant.centre, languages="de tr")
    items = _find(definition, tenant.centre)["S3.2"]["rules"][0]["items"]
    assert [item["id"] for item in items] == [turkish.pk]


def test_offers_by_life_phase(tenant):
    definition = fmt.default_definition()
    baby = offer(tenant.centre, terms=[("life_phase", "0-1")])
    items = _find(definition, tenant.centre)["P3"]["rules"][0]["items"]
    assert [item["id"] for item in items] == [baby.pk]


def test_other_centres_records_do_not_count(tenant):
    with scopes_disabled():
        other = FamilyCentreFactory(municipality=tenant.municipality, provider=tenant.provider)
    agreement(other)
    offer(other, languages="ar")
    found = _find(fmt.default_definition(), tenant.centre)
    assert found["L1.1"]["found"] is False and found["S3.2"]["found"] is False


def test_rules_without_rule_leave_the_judgement_to_the_coordinator(tenant):
    assert _find(fmt.default_definition(), tenant.centre)["S4.2"]["found"] is None


def test_query_count_does_not_grow_with_centres_or_records(tenant):
    definition = fmt.default_definition()
    with scopes_disabled():
        centres = [tenant.centre]
        with CaptureQueriesContext(connection) as small:
            evidence.find(definition, [c.pk for c in centres])
        for _n in range(5):
            centre = FamilyCentreFactory(municipality=tenant.municipality, provider=tenant.provider)
            agreement(centre)
            offer(centre, languages="de tr", terms=[("life_phase", "1-3")])
            body_with_meetings(centre)
            centres.append(centre)
        with CaptureQueriesContext(connection) as large:
            result = evidence.find(definition, [c.pk for c in centres])
    assert len(large) == len(small)
    assert all(result[c.pk]["L1.1"]["found"] for c in centres[1:])


def test_background_task_stores_evidence_for_every_centre(
    tenant, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        other = FamilyCentreFactory(municipality=tenant.municipality, provider=tenant.provider)
        agreement(other)
        with django_capture_on_commit_callbacks(execute=True):
            job = services.evidence_request_all(actor=None, municipality=tenant.municipality)
        job.refresh_from_db()
        assert job.status == "succeeded", job.message
        stored = {e.centre_id: e for e in CentreEvidence.objects.all()}
    assert set(stored) == {tenant.centre.pk, other.pk}
    assert stored[other.pk].data["L1.1"]["found"] is True


def test_later_apps_can_register_rule_types():
    from verbund.quality.rules import RuleType, register_rule_type, rule_types

    register_rule_type(RuleType("test_goals", "Ziele", lambda ids, params, today: {}))
    try:
        assert get_rule_type("test_goals") is not None
        text = fmt.DEFAULT_PATH.read_text(encoding="utf-8").replace(
            '"type": "need"}', '"type": "test_goals"}', 1
        )
        fmt.parse(text)
    finally:
        rule_types()  # a copy; remove from the registry itself
        from verbund.quality import rules

        rules._RULE_TYPES.pop("test_goals")


def test_a_concept_in_the_archive_is_evidence_and_a_confidential_one_is_not(tenant):
    from verbund.documents.choices import DocumentKind
    from verbund.documents.tests.factories import DocumentFactory

    definition = fmt.default_definition()
    assert _find(definition, tenant.centre)["S2.2"]["found"] is False
    DocumentFactory(centre=tenant.centre, kind=DocumentKind.CONCEPT, confidential=True)
    DocumentFactory(centre=tenant.centre, kind=DocumentKind.BROCHURE)
    with scopes_disabled():
        other = FamilyCentreFactory(municipality=tenant.municipality, provider=tenant.provider)
    DocumentFactory(centre=other, kind=DocumentKind.CONCEPT)
    assert _find(definition, tenant.centre)["S2.2"]["found"] is False
    concept = DocumentFactory(centre=tenant.centre, kind=DocumentKind.CONCEPT, title="Konzeption")
    items = _find(definition, tenant.centre)["S2.2"]["rules"][0]["items"]
    assert [(item["kind"], item["id"], item["label"]) for item in items] == [
        ("document", concept.pk, "Konzeption")
    ]


def test_an_approved_and_reviewed_programme_is_evidence(tenant):
    import datetime

    from verbund.planning.models import ProgrammeStatus, ReviewStatus
    from verbund.planning.tests.factories import GoalFactory, ProgrammeFactory, ReviewFactory

    definition = fmt.default_definition()
    year = datetime.date.today().year
    approved = ProgrammeFactory(centre=tenant.centre, year=year, status=ProgrammeStatus.APPROVED)
    goal = GoalFactory(programme=approved, title="Mehr Väter erreichen")
    draft = ProgrammeFactory(centre=tenant.centre, year=year + 1)
    GoalFactory(programme=draft)
    old = ProgrammeFactory(centre=tenant.centre, year=year - 3, status=ProgrammeStatus.APPROVED)
    GoalFactory(programme=old)
    ReviewFactory(programme=old, status=ReviewStatus.DONE)
    assert _find(definition, tenant.centre)["S4.1"]["found"] is False  # not reviewed yet
    ReviewFactory(programme=approved, status=ReviewStatus.PLANNED)
    assert _find(definition, tenant.centre)["S4.1"]["found"] is False
    ReviewFactory(programme=approved, status=ReviewStatus.DONE)
    items = _find(definition, tenant.centre)["S4.1"]["rules"][0]["items"]
    assert [(item["kind"], item["id"]) for item in items] == [("goal", goal.pk)]
    assert items[0]["label"] == f"{year}: Mehr Väter erreichen"
