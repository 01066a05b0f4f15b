"""The search fields for centres, providers and facilities (see ``verbund.core.search_choice``),
with their endpoints."""

from verbund.core.search_choice import SearchChoiceField


class CentreSearchField(SearchChoiceField):
    search_url_name = "tenancy:centre_choices"


class ProviderSearchField(SearchChoiceField):
    search_url_name = "tenancy:provider_choices"


class FacilitySearchField(SearchChoiceField):
    search_url_name = "tenancy:facility_choices"
