"""The search field for organisations (see ``verbund.core.search_choice``), with its endpoint."""

from verbund.core.search_choice import SearchChoiceField


class OrganisationSearchField(SearchChoiceField):
    search_url_name = "network:organisation_choices"
