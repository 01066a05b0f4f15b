from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views

app_name = "budget"

BASE = TENANT_PREFIX + "aktionsbudget/"

urlpatterns = [
    path(BASE, views.BudgetListView.as_view(), name="budget_list"),
    path(BASE + "neu/", views.BudgetCreateView.as_view(), name="budget_create"),
    path(BASE + "<int:budget_id>/", views.BudgetDetailView.as_view(), name="budget_detail"),
    path(
        BASE + "<int:budget_id>/bearbeiten/",
        views.BudgetUpdateView.as_view(),
        name="budget_update",
    ),
    path(
        BASE + "<int:budget_id>/buchungen.<exportformat:fmt>",
        views.BookingExportView.as_view(),
        name="booking_export",
    ),
    path(
        BASE + "<int:budget_id>/antrag/",
        views.ApplicationCreateView.as_view(),
        name="application_create",
    ),
    path(
        BASE + "antraege/<int:budget_application_id>/",
        views.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        BASE + "antraege/<int:budget_application_id>/entscheiden/",
        views.ApplicationDecideView.as_view(),
        name="application_decide",
    ),
    path(
        BASE + "antraege/<int:budget_application_id>/ausgabe/",
        views.SpendingCreateView.as_view(),
        name="spending_create",
    ),
    path(
        BASE + "ausgaben/<int:spending_id>/beleg/",
        views.ReceiptDownloadView.as_view(),
        name="receipt_download",
    ),
]
