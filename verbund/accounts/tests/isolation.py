from django_scopes import scopes_disabled

from verbund.accounts.models import Membership
from verbund.core.roles import Role


def _staff_membership(tenant):
    with scopes_disabled():
        return Membership.objects.get(user=tenant.users[Role.STAFF]).pk


SAMPLES = {
    "membership_id": _staff_membership,
    # The password reset link: a made-up user ID and token (the page says the link is invalid).
    "uidb64": lambda tenant: "MA",
    "token": lambda tenant: "abc-123",
    "legal_kind": lambda tenant: "barrierefreiheit",
}
