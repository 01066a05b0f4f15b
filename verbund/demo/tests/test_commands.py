import io

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from verbund.accounts.models import Membership
from verbund.tenancy.models import Facility, FamilyCentre

pytestmark = pytest.mark.django_db


def test_seed_scale_generates_and_refuses_to_overwrite():
    out = io.StringIO()
    call_command("seed_scale", centres=30, municipalities=3, prefix="test", stdout=out)
    with scopes_disabled():
        assert FamilyCentre.objects.filter(municipality__slug__startswith="test-").count() == 30
        assert Facility.objects.count() == 150
        coordinators = Membership.objects.filter(role="coordinator")
        assert coordinators.filter(user__username__startswith="test-koordination-").count() == 30
    with pytest.raises(CommandError):
        call_command("seed_scale", centres=1, prefix="test", stdout=out)
