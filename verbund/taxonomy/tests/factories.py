import factory
from django_scopes import scopes_disabled

from verbund.taxonomy.models import Term, Vocabulary
from verbund.tenancy.tests.factories import MunicipalityFactory, ScopesDisabledFactory


class TermFactory(ScopesDisabledFactory):
    class Meta:
        model = Term

    municipality = factory.SubFactory(MunicipalityFactory)
    vocabulary = Vocabulary.TOPIC
    key = factory.Sequence(lambda n: f"thema-{n}")
    label = factory.Sequence(lambda n: f"Thema {n}")


def term(municipality, vocabulary: str, key: str) -> Term:
    """A seeded default term (every municipality has them from its creation)."""
    with scopes_disabled():
        return Term.objects.get(municipality=municipality, vocabulary=vocabulary, key=key)
