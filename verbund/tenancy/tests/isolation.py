"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests."""

SAMPLES = {
    "facility_id": lambda tenant: tenant.facility.pk,
    "fmt": lambda tenant: "csv",
    "centre_id": lambda tenant: tenant.centre.pk,
    "provider_id": lambda tenant: tenant.provider.pk,
}
