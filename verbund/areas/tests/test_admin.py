import pytest
from django.urls import reverse

from verbund.accounts.tests.factories import UserFactory

from .factories import AreaFactory, WalkFactory

pytestmark = pytest.mark.django_db


def test_system_admin_lists_areas_and_walks(client, tenant):
    AreaFactory(municipality=tenant.municipality, name="Westend")
    WalkFactory(municipality=tenant.municipality, centre=tenant.centre, title="Runde West")
    operator = UserFactory(username="betrieb", is_staff=True, is_superuser=True)
    client.force_login(operator)
    assert "Westend" in client.get(reverse("admin:areas_area_changelist")).content.decode()
    assert "Runde West" in client.get(reverse("admin:areas_walk_changelist")).content.decode()
    assert client.get(reverse("admin:areas_areaimport_changelist")).status_code == 200
