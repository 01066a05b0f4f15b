from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.cooperation import rules, services
from verbund.cooperation.content import agreement_content, content_hash
from verbund.cooperation.models import AgreementVersion, Status
from verbund.cooperation.selectors import agreement_get
from verbund.core.models import AuditEntry
from verbund.core.roles import Role

from .factories import OrganisationFactory
from .helpers import make_agreement, sign

pytestmark = pytest.mark.django_db


def actions(agreement):
    with scopes_disabled():
        return list(
            AuditEntry.objects.filter(
                object_id=str(agreement.pk), action__startswith="cooperation.agreement"
            )
            .order_by("id")
            .values_list("action", flat=True)
        )


def test_create_adds_centre_partner_and_municipality_parties_and_first_draft(tenant):
    orgs = [OrganisationFactory(municipality=tenant.municipality) for _ in range(2)]
    with scope(municipality=tenant.municipality.pk):
        agreement = services.agreement_create(
            actor=tenant.users[Role.COORDINATOR],
            municipality=tenant.municipality,
            centre=tenant.centre,
            partners=orgs,
            data={"title": "T", "subject": "S", "includes_municipality": True},
        )
        kinds = [p.kind for p in agreement.parties.all()]
        assert kinds == ["centre", "partner", "partner", "municipality"]
        assert next(p.name for p in agreement.parties.all()) == tenant.centre.name
        assert [v.number for v in agreement.versions.all()] == [1]
        assert agreement.status == Status.DRAFT
    assert actions(agreement) == ["cooperation.agreement.created"]


def test_create_refuses_organisation_of_other_municipality(tenant, foreign):
    stranger = OrganisationFactory(municipality=foreign.municipality)
    with scope(municipality=tenant.municipality.pk), pytest.raises(ValidationError) as info:
        services.agreement_create(
            actor=None,
            municipality=tenant.municipality,
            centre=tenant.centre,
            partners=[stranger],
            data={"title": "T", "subject": "S"},
        )
    assert "partners" in info.value.error_dict


def test_end_before_start_is_refused(tenant):
    with pytest.raises(ValidationError) as info:
        make_agreement(
            municipality=tenant.municipality,
            centre=tenant.centre,
            start=date(2026, 5, 1),
            end=date(2026, 4, 1),
        )
    assert "end_date" in info.value.error_dict


def test_pipeline_enforced_and_audited(tenant):
    actor = tenant.users[Role.COORDINATOR]
    today = timezone.localdate()
    agreement = make_agreement(
        municipality=tenant.municipality,
        centre=tenant.centre,
        start=today - timedelta(days=300),
        review=today + timedelta(days=30),
        end=today + timedelta(days=500),
    )
    with scope(municipality=tenant.municipality.pk):
        with pytest.raises(ValidationError) as info:
            services.agreement_transition(actor=actor, agreement=agreement, to=Status.ACTIVE)
        assert "Von „Entwurf“ kann nicht zu „Aktiv“" in str(info.value)
        for to in (Status.NEGOTIATION, Status.SIGNED, Status.ACTIVE, Status.UNDER_REVIEW):
            agreement = services.agreement_transition(actor=actor, agreement=agreement, to=to)
        agreement = services.agreement_transition(
            actor=actor, agreement=agreement, to=Status.ACTIVE
        )
        agreement = services.agreement_transition(actor=actor, agreement=agreement, to=Status.ENDED)
        with pytest.raises(ValidationError):
            services.agreement_transition(actor=actor, agreement=agreement, to=Status.DRAFT)
    assert actions(agreement) == [
        "cooperation.agreement.created",
        "cooperation.agreement.negotiation_started",
        "cooperation.agreement.signed",
        "cooperation.agreement.activated",
        "cooperation.agreement.review_started",
        "cooperation.agreement.activated",
        "cooperation.agreement.ended",
    ]


def test_finished_review_schedules_the_next_one(tenant):
    today = timezone.localdate()
    agreement = sign(
        make_agreement(
            municipality=tenant.municipality,
            centre=tenant.centre,
            start=today - timedelta(days=400),
            review=today - timedelta(days=5),
            end=today + timedelta(days=200),
        )
    )
    with scope(municipality=tenant.municipality.pk):
        for to in (Status.ACTIVE, Status.UNDER_REVIEW):
            agreement = services.agreement_transition(actor=None, agreement=agreement, to=to)
        for bad in (None, today, today + timedelta(days=201)):
            with pytest.raises(ValidationError) as info:
                services.agreement_transition(
                    actor=None, agreement=agreement, to=Status.ACTIVE, next_review_date=bad
                )
            assert "next_review_date" in info.value.error_dict
        agreement = services.agreement_transition(
            actor=None,
            agreement=agreement,
            to=Status.ACTIVE,
            next_review_date=today + timedelta(days=150),
        )
        assert agreement.review_date == today + timedelta(days=150)
        # The signed text keeps the date it was signed with.
        signed = agreement.versions.get(number=1)
        assert signed.content["review_date"] == (today - timedelta(days=5)).isoformat()


def test_signing_needs_responsibilities_and_start(tenant):
    agreement = make_agreement(
        municipality=tenant.municipality, centre=tenant.centre, start=None, with_items=False
    )
    with scope(municipality=tenant.municipality.pk):
        agreement = services.agreement_transition(
            actor=None, agreement=agreement, to=Status.NEGOTIATION
        )
        with pytest.raises(ValidationError) as info:
            services.agreement_transition(actor=None, agreement=agreement, to=Status.SIGNED)
    text = " ".join(info.value.messages)
    assert "Beginn der Laufzeit fehlt" in text
    assert "keine Zuständigkeit" in text


def test_signing_freezes_the_version(tenant):
    agreement = sign(
        make_agreement(municipality=tenant.municipality, centre=tenant.centre),
        signed_on=date(2026, 2, 3),
    )
    with scope(municipality=tenant.municipality.pk):
        version = agreement.versions.get(number=1)
        assert version.is_signed and version.signed_on == date(2026, 2, 3)
        assert version.content == agreement_content(agreement)
        assert version.content_sha256 == content_hash(version.content)
        # The model refuses any further write, even outside the services.
        version.content = {"title": "gefälscht"}
        with pytest.raises(ValidationError):
            version.save()
        with pytest.raises(ValidationError):
            AgreementVersion.objects.get(pk=version.pk).delete()
        assert AgreementVersion.objects.get(pk=version.pk).content["title"] == agreement.title


def test_editing_a_signed_version_is_refused_with_a_reason(tenant):
    agreement = sign(make_agreement(municipality=tenant.municipality, centre=tenant.centre))
    party = agreement.parties.all()[0]
    with scope(municipality=tenant.municipality.pk):
        attempts = [
            lambda: services.agreement_update(
                actor=None,
                agreement=agreement,
                partners=[p.organisation for p in agreement.parties.all() if p.organisation_id],
                data={"title": "Neu"},
            ),
            lambda: services.party_update(actor=None, party=party, data={"added_value": "x"}),
            lambda: services.responsibility_create(
                actor=None, agreement=agreement, data={"party": party, "task": "Neu"}
            ),
            lambda: services.resource_delete(actor=None, item=agreement.resources.all()[0]),
        ]
        for attempt in attempts:
            with pytest.raises(ValidationError) as info:
                attempt()
            assert "Fassung 1 ist unterzeichnet und kann nicht mehr geändert werden" in str(
                info.value
            )
        assert agreement_get(municipality=tenant.municipality, pk=agreement.pk).title != "Neu"


def test_changes_after_signing_make_a_new_draft_version(tenant):
    agreement = sign(make_agreement(municipality=tenant.municipality, centre=tenant.centre))
    with scope(municipality=tenant.municipality.pk):
        agreement = services.agreement_transition(actor=None, agreement=agreement, to=Status.ACTIVE)
        new = services.version_start_draft(actor=None, agreement=agreement)
        assert new.number == 2 and not new.is_signed
        agreement = agreement_get(municipality=tenant.municipality, pk=agreement.pk)
        assert agreement.status == Status.NEGOTIATION
        partners = [p.organisation for p in agreement.parties.all() if p.organisation_id]
        agreement = services.agreement_update(
            actor=None, agreement=agreement, partners=partners, data={"title": "Geänderter Titel"}
        )
        first = agreement.versions.get(number=1)
        assert first.content["title"] != "Geänderter Titel"
        agreement = services.agreement_transition(actor=None, agreement=agreement, to=Status.SIGNED)
        second = agreement.versions.get(number=2)
        assert second.content["title"] == "Geänderter Titel"
        assert second.content_sha256 != first.content_sha256


def test_review_back_to_negotiation_starts_a_new_version(tenant):
    agreement = sign(make_agreement(municipality=tenant.municipality, centre=tenant.centre))
    with scope(municipality=tenant.municipality.pk):
        for to in (Status.ACTIVE, Status.UNDER_REVIEW, Status.NEGOTIATION):
            agreement = services.agreement_transition(actor=None, agreement=agreement, to=to)
        assert sorted(v.number for v in agreement.versions.all()) == [1, 2]
        rules.ensure_editable(agreement)  # the new draft may be edited


def test_partner_changes_add_and_remove_parties(tenant):
    agreement = make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    extra = OrganisationFactory(municipality=tenant.municipality)
    with scope(municipality=tenant.municipality.pk):
        agreement = services.agreement_update(
            actor=None, agreement=agreement, partners=[extra], data={}
        )
        names = [p.name for p in agreement.parties.all()]
        assert names == [tenant.centre.name, extra.name]
        # Responsibilities of the removed partner go with it.
        assert agreement.responsibilities.count() == 0


def test_access_keys_include_partner_facilities(tenant):
    org = OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility)
    agreement = make_agreement(
        municipality=tenant.municipality, centre=tenant.centre, partners=[org]
    )
    assert agreement.access_keys() == {
        "centres": {tenant.centre.pk},
        "providers": {tenant.provider.pk},
        "facilities": {tenant.facility.pk},
    }
