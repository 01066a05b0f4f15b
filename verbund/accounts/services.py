from django.db import transaction

from verbund.core.audit import create_logged, log_action, snapshot

from .models import Membership, User

MEMBERSHIP_FIELDS = ["user", "role", "centre", "provider", "facility"]


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    return create_logged(
        user,
        action="accounts.user.created",
        actor=actor,
        log_fields=["username", "first_name", "last_name", "email"],
    )


@transaction.atomic
def membership_grant(
    *, actor, user: User, role: str, municipality, centre=None, provider=None, facility=None
) -> Membership:
    return create_logged(
        Membership,
        values={
            "user": user,
            "role": role,
            "municipality": municipality,
            "centre": centre,
            "provider": provider,
            "facility": facility,
        },
        action="accounts.membership.granted",
        actor=actor,
        log_fields=MEMBERSHIP_FIELDS,
    )


class LastAdminError(Exception):
    """Revoking this membership would leave the municipality without an administrator."""


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> None:
    if membership.role == "admin":
        remaining = (
            Membership.objects.filter(municipality=membership.municipality, role="admin")
            .exclude(pk=membership.pk)
            .exists()
        )
        if not remaining:
            raise LastAdminError
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    log_action(
        "accounts.membership.revoked",
        actor=actor,
        instance=membership,
        municipality=membership.municipality,
        before=before,
    )
    membership.delete()
