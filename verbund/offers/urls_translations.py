"""Routes of offer translations (views/translations.py)."""

from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from .views import translations

ONE = TENANT_PREFIX + "angebote/<int:offer_id>/uebersetzungen/"

urlpatterns: list = [
    path(ONE, translations.OfferTranslationListView.as_view(), name="translation_list"),
    path(
        ONE + "<str:translation_language>/",
        translations.OfferTranslationEditView.as_view(),
        name="translation_edit",
    ),
]
