import pytest
from django_scopes import scopes_disabled

from verbund.taxonomy.defaults import default_terms
from verbund.taxonomy.models import Term, Vocabulary
from verbund.taxonomy.services import taxonomy_seed, term_update
from verbund.tenancy.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_a_new_municipality_starts_with_every_default_term():
    municipality = MunicipalityFactory()
    with scopes_disabled():
        keys = set(Term.objects.filter(municipality=municipality).values_list("vocabulary", "key"))
    assert keys == {(row["vocabulary"], row["key"]) for row in default_terms()}
    assert len(keys) == len(default_terms())


# The values analysis.Need stored as static choices before the taxonomy existed.
OLD_NEED_KEYS = {
    Vocabulary.LIFE_PHASE: ["pregnancy", "0-1", "1-3", "3-6", "6-10", "10-16", "16-21", "all"],
    Vocabulary.TOPIC: [
        "education",
        "health",
        "parenting",
        "childcare",
        "poverty",
        "participation",
        "transitions",
        "work_life",
        "integration",
    ],
    Vocabulary.TARGET_GROUP: [
        "families",
        "expectant_parents",
        "single_parents",
        "refugees",
        "other_language",
        "low_income",
        "working_parents",
        "children",
        "youth",
        "disability",
    ],
}


def test_the_defaults_carry_every_key_the_needs_stored_before():
    defaults = {(row["vocabulary"], row["key"]) for row in default_terms()}
    for vocabulary, keys in OLD_NEED_KEYS.items():
        for key in keys:
            assert (vocabulary, key) in defaults


def test_seeding_again_adds_only_what_is_missing_and_keeps_edits():
    municipality = MunicipalityFactory()
    with scopes_disabled():
        phase = Term.objects.get(municipality=municipality, vocabulary="life_phase", key="0-1")
        term_update(actor=None, term=phase, data={"label": "Babys (0–1)"})
        Term.objects.filter(municipality=municipality, key="birth").delete()
        assert taxonomy_seed(municipality=municipality) == 1
        assert taxonomy_seed(municipality=municipality) == 0
        phase.refresh_from_db()
    assert phase.label == "Babys (0–1)"


def test_the_key_of_a_term_never_changes_on_update():
    municipality = MunicipalityFactory()
    with scopes_disabled():
        phase = Term.objects.get(municipality=municipality, vocabulary="life_phase", key="1-3")
        term_update(actor=None, term=phase, data={"key": "kleinkind", "label": "Kleinkinder"})
        phase.refresh_from_db()
    assert (phase.key, phase.label) == ("1-3", "Kleinkinder")


def test_age_range_must_be_ordered():
    from django.core.exceptions import ValidationError

    municipality = MunicipalityFactory()
    with scopes_disabled():
        phase = Term.objects.get(municipality=municipality, vocabulary="life_phase", key="3-6")
        with pytest.raises(ValidationError):
            term_update(actor=None, term=phase, data={"min_age_months": 80})
