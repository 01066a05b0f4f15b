"""The self-check pages: start, pre-filled evidence with links, judging, scores, exports,
who may see and edit what."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.tests.factories import MembershipFactory, UserFactory
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.quality import services
from verbund.quality.models import CheckState, CriterionCheck, SelfCheck
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .helpers import agreement, body_with_meetings, offer

pytestmark = pytest.mark.django_db


def _check(tenant, centre=None, year=2026):
    with scopes_disabled():
        return services.selfcheck_create(
            actor=None, municipality=tenant.municipality, centre=centre or tenant.centre, year=year
        )


def _row(check, key):
    with scopes_disabled():
        return CriterionCheck.objects.get(selfcheck=check, key=key)


def _url(name, tenant, **kwargs):
    return reverse(
        f"quality:{name}", kwargs={"municipality_slug": tenant.municipality.slug, **kwargs}
    )


def test_coordinator_starts_a_prefilled_selfcheck(client, tenant):
    signed = agreement(tenant.centre, municipality=True)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(_url("start", tenant), {"centre": tenant.centre.pk, "year": 2026})
    assert response.status_code == 302
    with scopes_disabled():
        check = SelfCheck.objects.get(centre=tenant.centre, year=2026)
        assert check.criteria.count() > 30
    page = client.get(response.url).content.decode()
    agreement_url = reverse(
        "cooperation:agreement_detail", args=[tenant.municipality.slug, signed.pk]
    )
    assert agreement_url in page
    assert "Nachweis im System gefunden, nur noch bestätigen" in page
    assert "Annäherung" in page
    # the same centre and year again: a German message, nothing written
    again = client.post(_url("start", tenant), {"centre": tenant.centre.pk, "year": 2026})
    assert again.status_code == 400
    assert "schon einen Selbstcheck" in again.content.decode()


def test_judging_counts_towards_the_area_and_is_audited(client, tenant):
    check = _check(tenant)
    row = _row(check, "L1.1")
    client.force_login(tenant.users[Role.CENTRE_LEAD])
    url = _url("criterion", tenant, selfcheck_id=check.pk, criterion_id=row.pk)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "state": CheckState.CONFIRMED,
            "note": "Vertrag liegt vor",
            "document_reference": "Ordner 3",
        },
    )
    assert response.status_code == 302 and response.url.endswith(f"#k-{row.pk}")
    row.refresh_from_db()
    assert row.state == CheckState.CONFIRMED and row.document_reference == "Ordner 3"
    with scopes_disabled():
        assert AuditEntry.unscoped.filter(action="quality.criterion.changed").count() == 1
    page = client.get(_url("selfcheck", tenant, selfcheck_id=check.pk)).content.decode()
    assert "1 / 2" in page  # one of two basic criteria in Beratung
    bad = client.post(url, {"state": "gold"})
    assert bad.status_code == 400
    row.refresh_from_db()
    assert row.state == CheckState.CONFIRMED


def test_seal_is_reached_when_enough_is_confirmed(tenant):
    from verbund.quality import selectors

    check = _check(tenant)
    with scopes_disabled():
        result, _stored = selectors.result_for(check)
        assert not result.reached
        for area in check.catalogue.definition["areas"]:
            if area["kind"] == "profile":
                continue
            for criterion in area["criteria"]:
                CriterionCheck.objects.filter(selfcheck=check, key=criterion["key"]).update(
                    state=CheckState.CONFIRMED
                )
        check = SelfCheck.objects.get(pk=check.pk)
        result, _stored = selectors.result_for(check)
    assert result.reached
    assert [a.area["kind"] for a in result.missing_areas()] == ["profile"]


def test_next_year_carries_notes_over_and_history_lists_both(client, tenant):
    first = _check(tenant, year=2025)
    row = _row(first, "S2.2")
    with scopes_disabled():
        services.criterion_judge(
            actor=None,
            row=row,
            data={"state": CheckState.CONFIRMED, "note": "", "document_reference": "Stellenplan"},
        )
    second = _check(tenant, year=2026)
    carried = _row(second, "S2.2")
    assert carried.document_reference == "Stellenplan" and carried.state == CheckState.OPEN
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    page = client.get(_url("selfcheck", tenant, selfcheck_id=second.pk)).content.decode()
    assert _url("selfcheck", tenant, selfcheck_id=first.pk) in page


def test_provider_and_planner_read_but_do_not_edit(client, tenant):
    check = _check(tenant)
    row = _row(check, "L1.1")
    for role in (Role.PROVIDER_ADMIN, Role.PLANNER):
        client.force_login(tenant.users[role])
        page = client.get(_url("selfcheck", tenant, selfcheck_id=check.pk))
        assert page.status_code == 200
        assert "Bewerten" not in page.content.decode()
        url = _url("criterion", tenant, selfcheck_id=check.pk, criterion_id=row.pk)
        assert client.post(url, {"state": CheckState.CONFIRMED}).status_code == 403
    row.refresh_from_db()
    assert row.state == CheckState.OPEN


def test_partner_and_staff_see_nothing(client, tenant):
    check = _check(tenant)
    for role in (Role.PARTNER, Role.STAFF):
        client.force_login(tenant.users[role])
        assert client.get(_url("overview", tenant)).status_code == 403
        assert client.get(_url("selfcheck", tenant, selfcheck_id=check.pk)).status_code == 403


def test_another_centres_selfcheck_is_hidden(client, tenant):
    with scopes_disabled():
        other = FamilyCentreFactory(municipality=tenant.municipality)
    foreign_check = _check(tenant, centre=other)
    row = _row(foreign_check, "L1.1")
    client.force_login(tenant.users[Role.COORDINATOR])
    assert client.get(_url("selfcheck", tenant, selfcheck_id=foreign_check.pk)).status_code == 404
    assert client.get(_url("pdf", tenant, selfcheck_id=foreign_check.pk)).status_code == 404
    url = _url("criterion", tenant, selfcheck_id=foreign_check.pk, criterion_id=row.pk)
    assert client.post(url, {"state": CheckState.CONFIRMED}).status_code == 404
    # not even offered to start one for it
    response = client.post(_url("start", tenant), {"centre": other.pk, "year": 2027})
    assert response.status_code == 400
    overview = client.get(_url("overview", tenant)).content.decode()
    assert other.name not in overview


def test_forged_criterion_id_of_another_selfcheck_is_404(client, tenant):
    own = _check(tenant)
    with scopes_disabled():
        other = FamilyCentreFactory(municipality=tenant.municipality)
    foreign_row = _row(_check(tenant, centre=other), "L1.1")
    client.force_login(tenant.users[Role.COORDINATOR])
    url = _url("criterion", tenant, selfcheck_id=own.pk, criterion_id=foreign_row.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"state": CheckState.CONFIRMED}).status_code == 404
    foreign_row.refresh_from_db()
    assert foreign_row.state == CheckState.OPEN


def test_coordinator_of_two_centres_edits_both(client, tenant):
    with scopes_disabled():
        second = FamilyCentreFactory(municipality=tenant.municipality, provider=tenant.provider)
        MembershipFactory(
            user=tenant.users[Role.COORDINATOR],
            municipality=tenant.municipality,
            role=Role.COORDINATOR,
            centre=second,
        )
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(_url("start", tenant), {"centre": second.pk, "year": 2026})
    assert response.status_code == 302


def test_detail_page_queries_do_not_grow_with_data(client, tenant, django_assert_max_num_queries):
    check = _check(tenant)
    client.force_login(tenant.users[Role.COORDINATOR])
    url = _url("selfcheck", tenant, selfcheck_id=check.pk)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for _n in range(6):
        agreement(tenant.centre)
        offer(tenant.centre, languages="de tr", terms=[("life_phase", "0-1")])
    body_with_meetings(tenant.centre, approved=5)
    _check(tenant, year=2024)
    _check(tenant, year=2025)
    with scopes_disabled():
        services.evidence_refresh(actor=None, selfcheck=check)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200


def test_refresh_finds_new_evidence(client, tenant):
    check = _check(tenant)
    client.force_login(tenant.users[Role.COORDINATOR])
    new = offer(tenant.centre, languages="uk")
    response = client.post(_url("refresh", tenant, selfcheck_id=check.pk))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert reverse("offers:offer_detail", args=[tenant.municipality.slug, new.pk]) in page


def test_pdf_and_xlsx(client, tenant):
    agreement(tenant.centre)
    check = _check(tenant)
    client.force_login(tenant.users[Role.PLANNER])
    pdf = client.get(_url("pdf", tenant, selfcheck_id=check.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(_url("xlsx", tenant, selfcheck_id=check.pk))
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][0] == "Bereich"
    assert any(row[2] == "L1.1" and "Kooperation" in (row[6] or "") for row in rows[1:])


def test_formula_in_note_is_neutralised_in_xlsx(client, tenant):
    check = _check(tenant)
    with scopes_disabled():
        CriterionCheck.objects.filter(selfcheck=check, key="L1.1").update(note="=HYPERLINK(1)")
    client.force_login(tenant.users[Role.COORDINATOR])
    xlsx = client.get(_url("xlsx", tenant, selfcheck_id=check.pk))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    notes = [row[8] for row in sheet.values if row[2] == "L1.1"]
    assert notes and not str(notes[0]).startswith("=")


def test_user_without_membership_gets_nothing(client, tenant):
    user = UserFactory()
    client.force_login(user)
    assert client.get(_url("overview", tenant)).status_code in {403, 404}
