from django_scopes import scopes_disabled

from verbund.accounts.models import Membership
from verbund.core.roles import Role


def _staff_membership(tenant):
    with scopes_disabled():
        return Membership.objects.get(user=tenant.users[Role.STAFF]).pk


SAMPLES = {"membership_id": _staff_membership}
