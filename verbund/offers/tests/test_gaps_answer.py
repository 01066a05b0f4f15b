"""Issue 10, item 5: a need marked as answered by an offer, and the need's status follows."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.analysis.choices import NeedStatus
from verbund.analysis.models import Need
from verbund.analysis.tests.factories import NeedFactory
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.offers.choices import OfferStatus
from verbund.offers.gaps.services import need_answer, need_unanswer
from verbund.offers.tests.factories import OfferFactory
from verbund.taxonomy.tests.factories import term
from verbund.tenancy.tests.factories import FamilyCentreFactory

pytestmark = pytest.mark.django_db


def status(need) -> str:
    with scopes_disabled():
        return Need.objects.get(pk=need.pk).status


def test_running_offer_meets_planned_offer_starts_unmarking_goes_back(tenant):
    m = tenant.municipality
    actor = tenant.users[Role.COORDINATOR]
    need = NeedFactory(municipality=m, centre=tenant.centre)
    planned = OfferFactory(municipality=m, centre=tenant.centre, status=OfferStatus.PLANNED)
    running = OfferFactory(municipality=m, centre=tenant.centre)
    with scopes_disabled():
        need_answer(actor=actor, need=need, offer=planned)
        assert status(need) == NeedStatus.IN_PROGRESS
        need_answer(actor=actor, need=need, offer=running)
        assert status(need) == NeedStatus.MET
        assert set(running.needs.all()) == {need}
        need_unanswer(actor=actor, need=need, offer=running)
        assert status(need) == NeedStatus.IN_PROGRESS  # the planned one is still under way
        need_unanswer(actor=actor, need=need, offer=planned)
        assert status(need) == NeedStatus.CONFIRMED
        entries = list(AuditEntry.objects.filter(action__startswith="offers.need.").order_by("id"))
    assert [e.action for e in entries] == [
        "offers.need.answered",
        "offers.need.answered",
        "offers.need.unanswered",
        "offers.need.unanswered",
    ]
    assert entries[1].before == {"status": "in_progress"} and entries[1].after == {"status": "met"}
    assert entries[0].data["offer"] == planned.pk


def test_open_or_rejected_needs_and_double_marks_are_refused(tenant, foreign):
    m = tenant.municipality
    actor = tenant.users[Role.COORDINATOR]
    offer = OfferFactory(municipality=m, centre=tenant.centre)
    with scopes_disabled():
        for state in (NeedStatus.OPEN, NeedStatus.REJECTED):
            need = NeedFactory(municipality=m, centre=tenant.centre, status=state)
            with pytest.raises(ValidationError, match="Nur bestätigte Bedarfe"):
                need_answer(actor=actor, need=need, offer=offer)
            assert not offer.needs.exists()
        need = NeedFactory(municipality=m, centre=tenant.centre)
        need_answer(actor=actor, need=need, offer=offer)
        with pytest.raises(ValidationError, match="schon als Antwort"):
            need_answer(actor=actor, need=need, offer=offer)
        with pytest.raises(ValidationError, match="nicht als Antwort"):
            need_unanswer(actor=actor, need=need, offer=OfferFactory(centre=tenant.centre))
        stranger = OfferFactory(centre=foreign.centre)
        with pytest.raises(ValidationError, match="anderen Kommune"):
            need_answer(actor=actor, need=need, offer=stranger)


def answer_url(tenant, need):
    return reverse("offers:gaps_need_answer", args=[tenant.municipality.slug, need.pk])


def test_buttons_on_the_need_page_and_the_post(client, tenant, django_assert_max_num_queries):
    m = tenant.municipality
    need = NeedFactory(municipality=m, centre=tenant.centre, title="Babytreff")
    offer = OfferFactory(municipality=m, centre=tenant.centre, title="Babycafé")
    offer.terms.add(term(m, "topic", "health"))
    client.force_login(tenant.users[Role.STAFF])
    detail = reverse("analysis:need_detail", args=[m.slug, need.pk])
    with django_assert_max_num_queries(40):
        page = client.get(detail).content.decode()
    assert "Angebote, die auf diesen Bedarf antworten" in page
    assert f'<option value="{offer.pk}">Babycafé' in page
    response = client.post(answer_url(tenant, need), {"angebot": offer.pk})
    assert response.status_code == 302 and response["Location"] == detail
    assert status(need) == NeedStatus.MET
    page = client.get(detail).content.decode()
    assert "Antwort „Babycafé“ entfernen" in page
    client.post(answer_url(tenant, need), {"angebot": offer.pk, "aktion": "entfernen"})
    assert status(need) == NeedStatus.CONFIRMED
    # bad input: no offer, a forged id, a foreign redirect target
    assert client.post(answer_url(tenant, need), {"angebot": "x"}).status_code == 302
    assert client.post(answer_url(tenant, need), {"angebot": "999999"}).status_code == 302
    response = client.post(
        answer_url(tenant, need), {"angebot": offer.pk, "weiter": "https://example.org/"}
    )
    assert response["Location"] == detail
    assert client.get(answer_url(tenant, need)).status_code == 302


def test_another_centres_staff_cannot_answer(client, tenant):
    m = tenant.municipality
    other = FamilyCentreFactory(municipality=m)
    need = NeedFactory(municipality=m, centre=other)
    offer = OfferFactory(municipality=m, centre=other)
    client.force_login(tenant.users[Role.STAFF])
    assert client.post(answer_url(tenant, need), {"angebot": offer.pk}).status_code == 403
    assert status(need) == NeedStatus.CONFIRMED
    client.force_login(tenant.users[Role.PARTNER])
    assert client.post(answer_url(tenant, need), {"angebot": offer.pk}).status_code == 403
