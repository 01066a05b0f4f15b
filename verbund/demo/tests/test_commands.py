import io

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from verbund.accounts.models import Membership, User
from verbund.core.roles import Role
from verbund.demo.management.commands.seed_demo import DEMO_PASSWORD
from verbund.tenancy.models import Facility, FamilyCentre, Municipality

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_municipality_with_a_login_per_role():
    call_command("seed_demo", stdout=io.StringIO())
    with scopes_disabled():
        town = Municipality.objects.get(slug="lindenhagen")
        centres = FamilyCentre.objects.filter(municipality=town)
        assert centres.count() == 4
        assert centres.values("provider").distinct().count() == 4
        assert Facility.objects.filter(municipality=town).count() >= 20
        roles = set(Membership.objects.filter(municipality=town).values_list("role", flat=True))
    assert roles == set(Role.values)
    for user in User.objects.filter(memberships__municipality=town):
        assert user.check_password(DEMO_PASSWORD)
    # Running it again changes nothing.
    call_command("seed_demo", stdout=io.StringIO())
    assert Municipality.objects.filter(slug="lindenhagen").count() == 1


def test_seed_scale_generates_and_refuses_to_overwrite():
    out = io.StringIO()
    call_command("seed_scale", centres=30, municipalities=3, prefix="test", stdout=out)
    with scopes_disabled():
        assert FamilyCentre.objects.filter(municipality__slug__startswith="test-").count() == 30
        assert Facility.objects.count() == 150
        assert Membership.objects.filter(role="coordinator").count() == 30
    with pytest.raises(CommandError):
        call_command("seed_scale", centres=1, prefix="test", stdout=out)
