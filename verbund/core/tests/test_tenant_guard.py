"""Writes cannot cross tenants: every relation between tenant-bound models, found by walking
``apps.get_models()``, refuses an object of another municipality, on save, in ``full_clean()``
and when adding to a many-to-many set (from both sides)."""

from __future__ import annotations

import importlib
import inspect

import factory
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django_scopes import scope, scopes_disabled

from verbund.core import tenant_guard
from verbund.tenancy.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def _factories() -> dict:
    found: dict = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("verbund."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.factories")
        except ModuleNotFoundError:
            continue
        for name, obj in vars(module).items():
            if not (inspect.isclass(obj) and issubclass(obj, factory.django.DjangoModelFactory)):
                continue
            model = obj._meta.model
            if model is None or isinstance(model, str):
                continue
            if name == f"{model.__name__}Factory" or model not in found:
                found[model] = obj
    return found


FACTORIES = _factories()

RELATIONS = sorted(
    (
        (model, field)
        for model in tenant_guard.tenant_bound_models()
        for field in tenant_guard.guarded_relations(model)
    ),
    key=lambda pair: (pair[0]._meta.label, pair[1].name),
)
M2M = sorted(
    (
        (model, field)
        for model in tenant_guard.tenant_bound_models()
        for field in tenant_guard.guarded_m2m(model)
    ),
    key=lambda pair: (pair[0]._meta.label, pair[1].name),
)


def _id(pair) -> str:
    return f"{pair[0]._meta.label}.{pair[1].name}"


def _make(model, municipality):
    """An object of ``model`` in ``municipality``, with every tenant-bound object its factory
    would create built in the same municipality too."""
    assert model in FACTORIES, (
        f"No factory for {model._meta.label}: add one to its app's tests/factories.py so the "
        "tenant guard test can build it."
    )
    maker = FACTORIES[model]
    related = {
        field.name: _make(field.related_model, municipality)
        for field in tenant_guard.guarded_relations(model)
        if field.name in maker._meta.declarations
    }
    with scopes_disabled():
        return maker(municipality=municipality, **related)


def test_every_tenant_bound_model_validates_the_rule_in_full_clean():
    from verbund.core.models import TenantBound

    missing = [
        model._meta.label
        for model in tenant_guard.tenant_bound_models()
        if tenant_guard.guarded_relations(model) and not issubclass(model, TenantBound)
    ]
    assert not missing, f"Inherit verbund.core.models.TenantBound (or TenantModel): {missing}"


def test_the_walk_finds_the_relations_we_know():
    names = {_id(pair) for pair in RELATIONS} | {_id(pair) for pair in M2M}
    assert {"tenancy.Facility.centre", "network.BodyMember.contact", "areas.Area.centres"} <= names
    assert "accounts.Membership.centre" in names  # tenant-bound without being a TenantModel
    assert len(RELATIONS) >= 30


@pytest.mark.parametrize(("model", "field"), RELATIONS, ids=[_id(p) for p in RELATIONS])
def test_cross_municipality_foreign_key_is_refused(model, field):
    home, other = MunicipalityFactory(), MunicipalityFactory()
    foreign_target = _make(field.related_model, other)
    own_target = _make(field.related_model, home)

    instance = model(municipality=home)
    setattr(instance, field.attname, getattr(foreign_target, field.target_field.attname))
    # by id only (as an API or service given a raw key would), and as a loaded object
    for value in (None, foreign_target):
        if value is not None:
            setattr(instance, field.name, value)
        with scope(municipality=home.pk), pytest.raises(ValidationError) as refused:
            instance.save()
        assert field.name in refused.value.message_dict
        assert "anderen Kommune" in refused.value.message_dict[field.name][0]
        assert not model._base_manager.filter(pk=instance.pk).exists() or instance.pk is None

    with pytest.raises(ValidationError) as cleaned:
        instance.clean_fields()
    assert "anderen Kommune" in " ".join(cleaned.value.message_dict[field.name])

    setattr(instance, field.name, own_target)
    assert tenant_guard.crossing_errors(instance) == {}


def test_an_existing_row_cannot_be_moved_to_a_foreign_object():
    from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

    home, other = MunicipalityFactory(), MunicipalityFactory()
    with scopes_disabled():
        facility = FacilityFactory(municipality=home)
        foreign_centre = FamilyCentreFactory(municipality=other)
        facility.centre_id = foreign_centre.pk
        with pytest.raises(ValidationError, match="anderen Kommune"):
            facility.save()
        facility.refresh_from_db()
    assert facility.centre.municipality_id == home.pk


@pytest.mark.parametrize(("model", "field"), M2M, ids=[_id(p) for p in M2M])
def test_cross_municipality_many_to_many_is_refused_from_both_sides(model, field):
    home, other = MunicipalityFactory(), MunicipalityFactory()
    source = _make(model, home)
    foreign_target = _make(field.related_model, other)
    own_target = _make(field.related_model, home)
    with scopes_disabled():
        # Each refusal in its own savepoint, as a service's @transaction.atomic would roll back.
        with pytest.raises(ValidationError) as refused, transaction.atomic():
            getattr(source, field.name).add(foreign_target)
        assert field.name in refused.value.message_dict
        assert not getattr(source, field.name).filter(pk=foreign_target.pk).exists()

        reverse_name = field.remote_field.get_accessor_name()
        foreign_source = _make(model, other)
        with pytest.raises(ValidationError), transaction.atomic():
            getattr(own_target, reverse_name).add(foreign_source)
        with pytest.raises(ValidationError), transaction.atomic():
            getattr(source, field.name).set([own_target, foreign_target])

        getattr(source, field.name).add(own_target)
        assert list(getattr(source, field.name).all()) == [own_target]


def test_a_service_given_a_foreign_key_stores_nothing(tenant, foreign):
    from verbund.tenancy.models import Facility
    from verbund.tenancy.services import facility_create

    admin = tenant.users[next(iter(tenant.users))]
    with scope(municipality=tenant.municipality.pk):
        before = Facility.objects.count()
        with pytest.raises(ValidationError) as refused:
            facility_create(
                actor=admin,
                municipality=tenant.municipality,
                data={"name": "Fremdverknüpfung", "centre": foreign.centre, "kind": "kita"},
            )
        assert "centre" in refused.value.message_dict
        assert Facility.objects.count() == before
