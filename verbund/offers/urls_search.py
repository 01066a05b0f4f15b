from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from .views import listing

BASE = TENANT_PREFIX + "angebote/"
ONE = BASE + "<int:offer_id>/"

urlpatterns: list = [
    path(BASE, listing.OfferListView.as_view(), name="offer_list"),
    path(
        BASE + "export.<exportformat:fmt>",
        listing.OfferExportView.as_view(),
        name="offer_export",
    ),
]
