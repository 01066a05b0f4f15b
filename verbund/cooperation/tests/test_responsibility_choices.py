"""The responsibility form lists the parties and their contacts without reading them again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from verbund.cooperation.forms import ResourceForm, ResponsibilityForm
from verbund.cooperation.models import PartyKind
from verbund.cooperation.selectors import agreement_get
from verbund.network.tests.factories import ContactFactory, OrganisationFactory

from .factories import AgreementFactory, PartyFactory

pytestmark = pytest.mark.django_db


def test_choices_are_the_querysets_people_and_parties(tenant, foreign):
    town = tenant.municipality
    agreement = AgreementFactory(municipality=town, centre=tenant.centre)
    PartyFactory(agreement=agreement, kind=PartyKind.CENTRE)
    partners = [OrganisationFactory(municipality=town, name=f"Partner {n}") for n in range(2)]
    for organisation in partners:
        PartyFactory(agreement=agreement, kind=PartyKind.PARTNER, organisation=organisation)
        ContactFactory(organisation=organisation, last_name=f"Zett {organisation.name}")
        ContactFactory(organisation=organisation, last_name="Alpha")
    ContactFactory(
        organisation=partners[0],
        **dict.fromkeys(("first_name", "last_name", "email", "phone"), ""),
        pseudonym="Gelöscht",
        erased_at=timezone.now(),
    )
    ContactFactory(organisation=OrganisationFactory(municipality=town), last_name="Fremd")
    ContactFactory(organisation=OrganisationFactory(municipality=foreign.municipality))

    with scope(municipality=town.pk):
        loaded = agreement_get(municipality=town, pk=agreement.pk)
        form = ResponsibilityForm(agreement=loaded)
        with CaptureQueriesContext(connection) as captured:
            listed = {name: list(form.fields[name].choices) for name in ("party", "contact_person")}
            resource_parties = list(ResourceForm(agreement=loaded).fields["party"].choices)
        assert len(captured) == 1  # the contacts; the parties came with the agreement
        for name, choices in listed.items():
            field = form.fields[name]
            expected = [("", field.empty_label)] + [
                (obj.pk, field.label_from_instance(obj)) for obj in field.queryset
            ]
            assert [(str(v), label) for v, label in choices] == [
                (str(v), label) for v, label in expected
            ]
        assert [str(v) for v, _ in resource_parties] == [str(v) for v, _ in listed["party"]]
    people = [label for _, label in listed["contact_person"]][1:]
    assert len(people) == 4 and people[0].startswith("Maria Alpha")
    assert not any("Gelöscht" in p or "Fremd" in p for p in people)
