"""How the privacy registry recognises a person in text, and that it stays in its municipality."""

import pytest
from django_scopes import scopes_disabled

from verbund.network import privacy_registry, services
from verbund.network.models import Interaction, Relationship

from .factories import ContactFactory, InteractionFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def person(**fields):
    contact = ContactFactory.build(
        **{"first_name": "Anna", "last_name": "Berg", "function": "", **fields}
    )
    return privacy_registry.person_for(contact, pseudonym="Gelöschte Person 0000")


def test_whole_names_are_matched_whatever_the_case_never_parts_of_words():
    anna = person(email="anna.berg@example.org", phone="")
    assert anna.mentioned_in("Telefonat mit ANNA BERG")
    assert anna.mentioned_in("Berg, Anna (Leitung)")
    assert anna.mentioned_in("bitte an anna.berg@example.org schreiben")
    assert not anna.mentioned_in("Anna Bergmann kommt")
    assert not anna.mentioned_in("Anna wohnt am Berg")
    assert anna.scrub("Dr. Anna Berg, Leitung") == "Dr. Gelöschte Person 0000, Leitung"


def test_name_with_function_goes_as_a_whole_and_json_is_scrubbed_deeply():
    anna = person(function="Hebamme")
    content = {"rows": [{"contact": "Anna Berg, Hebamme"}, {"contact": "Leitung"}], "n": 3}
    assert anna.scrub(content) == {
        "rows": [{"contact": "Gelöschte Person 0000"}, {"contact": "Leitung"}],
        "n": 3,
    }


def test_an_erased_person_has_nothing_left_to_find():
    nobody = person(first_name="", last_name="", email="", phone="")
    assert nobody.phrases == ()
    assert not nobody.mentioned_in("Anna Berg")
    assert nobody.scrub("Anna Berg") == "Anna Berg"


def test_erasure_stays_in_the_contacts_municipality(tenant, foreign):
    contact = ContactFactory(
        municipality=tenant.municipality,
        organisation__municipality=tenant.municipality,
        first_name="Anna",
        last_name="Berg",
    )
    own = InteractionFactory(
        relationship=RelationshipFactory(
            municipality=tenant.municipality, next_step="Anna Berg anrufen"
        ),
        summary="Gespräch mit Anna Berg",
    )
    namesake = InteractionFactory(
        relationship=RelationshipFactory(
            municipality=foreign.municipality, next_step="Anna Berg anrufen"
        ),
        summary="Gespräch mit Anna Berg",
    )
    with scopes_disabled():
        services.contact_erase(actor=None, contact=contact)
        assert "Anna Berg" not in Interaction.objects.get(pk=own.pk).summary
        assert "Anna Berg" not in Relationship.objects.get(pk=own.relationship_id).next_step
        assert Interaction.objects.get(pk=namesake.pk).summary == "Gespräch mit Anna Berg"
        assert (
            Relationship.objects.get(pk=namesake.relationship_id).next_step == "Anna Berg anrufen"
        )


def test_places_are_listed_in_a_stable_order_with_their_sections():
    keys = [place.key for place in privacy_registry.places()]
    assert keys[0] == "network.contact" and "core.audit" in keys
    assert len(keys) == len(set(keys))
    assert all(place.section for place in privacy_registry.places())


def test_admin_log_entries_about_the_contact_lose_the_name(tenant):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from verbund.network.models import Contact

    contact = ContactFactory(
        municipality=tenant.municipality,
        organisation__municipality=tenant.municipality,
        first_name="Anna",
        last_name="Berg",
    )
    entry = LogEntry.objects.create(
        user=tenant.users[next(iter(tenant.users))],
        content_type=ContentType.objects.get_for_model(Contact),
        object_id=str(contact.pk),
        object_repr="Anna Berg",
        action_flag=CHANGE,
        change_message="Anna Berg: Telefon geändert",
    )
    with scopes_disabled():
        services.contact_erase(actor=None, contact=contact)
    entry.refresh_from_db()
    assert "Berg" not in entry.object_repr and "Berg" not in entry.change_message


def test_an_erased_name_leaves_the_cached_relationship_list_at_once(client, tenant):
    """The list keeps its rows as rendered HTML; erasing writes with an update, which must
    still reach that cache."""
    from django.urls import reverse

    from verbund.core.roles import Role

    contact = ContactFactory(
        municipality=tenant.municipality,
        organisation__municipality=tenant.municipality,
        first_name="Anna",
        last_name="Berg",
    )
    RelationshipFactory(
        municipality=tenant.municipality, centre=tenant.centre, next_step="Anna Berg anrufen"
    )
    client.force_login(tenant.users[Role.COORDINATOR])
    url = reverse("network:relationship_list", args=[tenant.municipality.slug])
    assert "Anna Berg anrufen" in client.get(url).content.decode()
    with scopes_disabled():
        services.contact_erase(actor=None, contact=contact)
    page = client.get(url).content.decode()
    assert "Anna Berg" not in page and "Gelöschte Person" in page
