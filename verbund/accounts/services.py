from django.db import transaction

from verbund.core.audit import log_action, snapshot

from .models import Membership, User


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
    user.full_clean()
    user.save()
    log_action(
        "accounts.user.created",
        actor=actor,
        instance=user,
        after=snapshot(user, ["username", "first_name", "last_name", "email"]),
    )
    return user


@transaction.atomic
def membership_grant(
    *, actor, user: User, role: str, municipality, centre=None, provider=None, facility=None
) -> Membership:
    membership = Membership(
        user=user,
        role=role,
        municipality=municipality,
        centre=centre,
        provider=provider,
        facility=facility,
    )
    membership.full_clean()
    membership.save()
    log_action(
        "accounts.membership.granted",
        actor=actor,
        instance=membership,
        municipality=municipality,
        after=snapshot(membership, ["user", "role", "centre", "provider", "facility"]),
    )
    return membership


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
    before = snapshot(membership, ["user", "role", "centre", "provider", "facility"])
    log_action(
        "accounts.membership.revoked",
        actor=actor,
        instance=membership,
        municipality=membership.municipality,
        before=before,
    )
    membership.delete()
