"""The search field for family centres (see ``verbund.core.search_choice``), with its endpoint."""

from verbund.core.search_choice import SearchChoiceField


class CentreSearchField(SearchChoiceField):
    search_url_name = "tenancy:centre_choices"
