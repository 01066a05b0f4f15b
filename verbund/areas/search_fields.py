"""The search field for areas (see ``verbund.core.search_choice``), with its endpoint."""

from verbund.core.search_choice import SearchChoiceField, SearchMultipleChoiceField


class AreaSearchField(SearchChoiceField):
    search_url_name = "areas:area_choices"


class AreaSearchMultipleField(SearchMultipleChoiceField):
    search_url_name = "areas:area_choices"
