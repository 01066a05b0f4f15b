"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests."""

SAMPLES = {
    "facility_id": lambda tenant: tenant.facility.pk,
    "fmt": lambda tenant: "csv",
}
