"""The search field for organisations (see ``verbund.core.search_choice``), with its endpoint."""

from verbund.core.search_choice import SearchChoiceField, SearchMultipleChoiceField


class OrganisationSearchField(SearchChoiceField):
    search_url_name = "network:organisation_choices"


class OrganisationSearchMultipleField(SearchMultipleChoiceField):
    search_url_name = "network:organisation_choices"
