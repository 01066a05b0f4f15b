from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from .views.transfer import OfferImportView

BASE = TENANT_PREFIX + "angebote/"
ONE = BASE + "<int:offer_id>/"

urlpatterns: list = [
    # upload → preview → commit → result, all on one address (the upload is kept in between)
    path(BASE + "import/", OfferImportView.as_view(), name="import"),
]
