"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests."""


def _term(tenant):
    from verbund.taxonomy.tests.factories import term

    return term(tenant.municipality, "topic", "health").pk


SAMPLES = {
    "vocabulary": lambda tenant: "topic",
    "term_id": _term,
}
