from verbund.core.urls import TENANT_PREFIX

BASE = TENANT_PREFIX + "angebote/"
ONE = BASE + "<int:offer_id>/"

urlpatterns: list = []
