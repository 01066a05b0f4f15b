# Every URL below this prefix runs inside one municipality's scope (see TenantScopeMiddleware).
TENANT_PREFIX = "k/<slug:municipality_slug>/"
