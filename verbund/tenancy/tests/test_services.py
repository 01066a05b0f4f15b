from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.tenancy import services
from verbund.tenancy.models import Facility

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped(tenant):
    with scope(municipality=tenant.municipality.pk):
        yield tenant


def facility_data(tenant, **overrides):
    data = {
        "name": "Kita Pusteblume",
        "kind": "kita",
        "centre": tenant.centre,
        "street": "Blumenweg 3",
        "postcode": "50667",
        "city": "Köln",
        "latitude": Decimal("50.94"),
        "longitude": Decimal("6.95"),
    }
    data.update(overrides)
    return data


def test_create_saves_and_logs_after_state(scoped):
    actor = scoped.users[Role.COORDINATOR]
    facility = services.facility_create(
        actor=actor, municipality=scoped.municipality, data=facility_data(scoped)
    )
    entry = AuditEntry.objects.get(action="tenancy.facility.created", object_id=str(facility.pk))
    assert entry.actor == actor and entry.actor_label == actor.username
    assert entry.municipality == scoped.municipality
    assert entry.after["name"] == "Kita Pusteblume"
    assert entry.after["centre"] == scoped.centre.pk
    assert entry.before is None


def test_update_logs_only_changed_fields_with_before_and_after(scoped):
    actor = scoped.users[Role.CENTRE_LEAD]
    facility = scoped.facility
    old_name = facility.name
    services.facility_update(actor=actor, facility=facility, data={"name": "Kita Neu"})
    entry = AuditEntry.objects.get(action="tenancy.facility.changed")
    assert entry.before == {"name": old_name}
    assert entry.after == {"name": "Kita Neu"}


def test_update_without_changes_writes_no_entry(scoped):
    services.facility_update(
        actor=None, facility=scoped.facility, data={"name": scoped.facility.name}
    )
    assert not AuditEntry.objects.filter(action="tenancy.facility.changed").exists()


def test_invalid_data_writes_nothing(scoped):
    count = Facility.objects.count()
    with pytest.raises(ValidationError) as error:
        services.facility_create(
            actor=None,
            municipality=scoped.municipality,
            data=facility_data(scoped, postcode="1234", latitude=Decimal("10"), kind="zoo"),
        )
    assert set(error.value.error_dict) >= {"postcode", "latitude", "kind"}
    assert Facility.objects.count() == count
    assert not AuditEntry.objects.filter(action="tenancy.facility.created").exists()


def test_duplicate_active_facility_is_refused_in_german(scoped):
    data = facility_data(scoped)
    services.facility_create(actor=None, municipality=scoped.municipality, data=data)
    with pytest.raises(ValidationError) as error:
        services.facility_create(actor=None, municipality=scoped.municipality, data=data)
    assert "gibt es schon" in str(error.value)


def test_archive_and_restore_are_logged_and_idempotent(scoped):
    facility = scoped.facility
    services.facility_archive(actor=None, facility=facility)
    services.facility_archive(actor=None, facility=facility)
    assert facility.is_archived
    assert AuditEntry.objects.filter(action="tenancy.facility.archived").count() == 1
    with pytest.raises(ValueError):
        services.facility_update(actor=None, facility=facility, data={"name": "x"})
    services.facility_restore(actor=None, facility=facility)
    assert not facility.is_archived
    assert AuditEntry.objects.filter(action="tenancy.facility.restored").count() == 1


def test_restore_refused_when_an_active_twin_exists(scoped):
    data = facility_data(scoped)
    first = services.facility_create(actor=None, municipality=scoped.municipality, data=data)
    services.facility_archive(actor=None, facility=first)
    services.facility_create(actor=None, municipality=scoped.municipality, data=data)
    with pytest.raises(ValidationError):
        services.facility_restore(actor=None, facility=first)
    first.refresh_from_db()
    assert first.is_archived


def test_queries_outside_a_scope_fail_loudly(tenant):
    from django_scopes.exceptions import ScopeError

    with pytest.raises(ScopeError):
        list(Facility.objects.all())
