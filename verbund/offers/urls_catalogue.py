from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from .views import catalogue

BASE = TENANT_PREFIX + "angebote/"
ONE = BASE + "<int:offer_id>/"

urlpatterns: list = [
    path(BASE + "neu/", catalogue.OfferCreateView.as_view(), name="offer_create"),
    path(BASE + "freigaben/", catalogue.ReviewQueueView.as_view(), name="review_queue"),
    path(ONE, catalogue.OfferDetailView.as_view(), name="offer_detail"),
    path(ONE + "bearbeiten/", catalogue.OfferUpdateView.as_view(), name="offer_update"),
    path(ONE + "status/", catalogue.OfferStatusView.as_view(), name="offer_status"),
    path(ONE + "bestaetigen/", catalogue.OfferConfirmView.as_view(), name="offer_confirm"),
    path(ONE + "vorlegen/", catalogue.OfferSubmitView.as_view(), name="offer_submit"),
    path(ONE + "freigabe/", catalogue.OfferReviewView.as_view(), name="offer_review"),
]
