from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views, views_family

app_name = "visits"

BASE = TENANT_PREFIX + "begruessungsbesuche/"
FAMILY = BASE + "familien/<int:family_id>/"
DRAFT = BASE + "geburtenliste/<int:births_id>/"

urlpatterns = [
    path(BASE, views.FamilyListView.as_view(), name="family_list"),
    path(BASE + "geburtenliste/", views.BirthsUploadView.as_view(), name="births_upload"),
    path(DRAFT, views.BirthsPreviewView.as_view(), name="births_preview"),
    path(DRAFT + "verwerfen/", views.BirthsDiscardView.as_view(), name="births_discard"),
    path(FAMILY, views.FamilyDetailView.as_view(), name="family_detail"),
    path(FAMILY + "besuch/", views.VisitCreateView.as_view(), name="visit_create"),
    path(FAMILY + "angebote/", views.FamilyOffersView.as_view(), name="family_offers"),
    path(
        FAMILY + "angebote.pdf",
        views.FamilyOffersView.as_view(pdf=True),
        name="family_offers_pdf",
    ),
    path(FAMILY + "absage/", views_family.DeclineView.as_view(), name="family_decline"),
    path(FAMILY + "zentrum/", views_family.MoveCentreView.as_view(), name="family_move"),
    path(BASE + "zuordnung/", views_family.ReassignView.as_view(), name="reassign"),
    path(BASE + "briefe/", views.LettersView.as_view(), name="letters"),
    path(BASE + "auswertung/", views.StatisticsView.as_view(), name="statistics"),
    path(BASE + "strassen/", views.StreetsView.as_view(), name="streets"),
    path(BASE + "einstellungen/", views.SettingsView.as_view(), name="settings"),
]
