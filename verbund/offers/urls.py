"""Routes of the offers app. Each part of the app keeps its routes in its own module."""

from . import (
    urls_catalogue,
    urls_gaps,
    urls_overlaps,
    urls_schedules,
    urls_search,
    urls_transfer,
    urls_translations,
)

app_name = "offers"

urlpatterns = [
    *urls_search.urlpatterns,  # the list with filters and its export: /k/<slug>/angebote/
    *urls_catalogue.urlpatterns,  # one offer: create, detail, edit, review, confirm
    *urls_schedules.urlpatterns,  # schedules of an offer and the iCal feeds
    *urls_gaps.urlpatterns,  # gap analysis of the prevention chain
    *urls_overlaps.urlpatterns,  # duplicates, complementary pairs, silos, brokering
    *urls_transfer.urlpatterns,  # import and export
    *urls_translations.urlpatterns,  # translations of an offer for the public pages
]
