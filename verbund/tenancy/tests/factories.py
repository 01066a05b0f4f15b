import factory
from django_scopes import scopes_disabled

from verbund.tenancy.models import Facility, FacilityKind, FamilyCentre, Municipality, Provider


class ScopesDisabledFactory(factory.django.DjangoModelFactory):
    """Factories create rows outside any request, so the tenant scope is switched off."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)

    @classmethod
    def _generate(cls, strategy, params):
        # Given a municipality, the parents a factory builds itself belong to it too (a row
        # pointing to another municipality's object is refused: verbund.core.tenant_guard).
        municipality = params.get("municipality")
        if municipality is not None:
            for name, declaration in cls._meta.declarations.items():
                if not isinstance(declaration, factory.SubFactory) or name in params:
                    continue
                if any(key.startswith(f"{name}__") for key in params):
                    continue
                model = declaration.get_factory()._meta.model
                if model is not Municipality and hasattr(model, "municipality_id"):
                    params = {**params, f"{name}__municipality": municipality}
        return super()._generate(strategy, params)


class MunicipalityFactory(ScopesDisabledFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Gemeinde Nummer {n}")
    slug = factory.Sequence(lambda n: f"gemeinde-{n}")


class ProviderFactory(ScopesDisabledFactory):
    class Meta:
        model = Provider

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Träger {n} e. V.")


class FamilyCentreFactory(ScopesDisabledFactory):
    class Meta:
        model = FamilyCentre

    municipality = factory.SubFactory(MunicipalityFactory)
    provider = factory.SubFactory(
        ProviderFactory, municipality=factory.SelfAttribute("..municipality")
    )
    name = factory.Sequence(lambda n: f"Familienzentrum {n}")
    slug = factory.Sequence(lambda n: f"fz-{n}")


class FacilityFactory(ScopesDisabledFactory):
    class Meta:
        model = Facility

    municipality = factory.SubFactory(MunicipalityFactory)
    centre = factory.SubFactory(
        FamilyCentreFactory, municipality=factory.SelfAttribute("..municipality")
    )
    name = factory.Sequence(lambda n: f"Kita Nummer {n}")
    kind = FacilityKind.KITA
    street = factory.Sequence(lambda n: f"Hauptstraße {n}")
    postcode = "50667"
    city = "Köln"
