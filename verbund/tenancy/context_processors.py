def tenant(request):
    access = getattr(request, "access", None)
    nav = {}
    if access:
        from verbund.accounts.permissions import view_memberships

        from .permissions import view_audit

        nav = {"memberships": access.can(view_memberships), "audit": access.can(view_audit)}
    return {
        "municipality": getattr(request, "municipality", None),
        "access": access,
        "nav": nav,
    }
