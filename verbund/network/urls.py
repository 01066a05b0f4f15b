from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from .list_import import views as list_import
from .views import bodies, contacts, graph, organisations, relationships

app_name = "network"

N = TENANT_PREFIX + "netzwerk/"
ORG = N + "organisationen/<int:organisation_id>/"
PERSON = N + "personen/<int:contact_id>/"
REL = N + "einschaetzungen/<int:relationship_id>/"
BODY = N + "gremien/<int:body_id>/"

urlpatterns = [
    path(
        N + "organisationen/auswahl.json",
        organisations.OrganisationChoicesView.as_view(),
        name="organisation_choices",
    ),
    # Network map and metrics
    path(N + "karte/", graph.NetworkView.as_view(), name="network"),
    path(N + "karte.json", graph.NetworkJsonView.as_view(), name="network_json"),
    path(N + "karte.graphml", graph.NetworkGraphmlView.as_view(), name="network_graphml"),
    path(
        N + "kennzahlen.<exportformat:fmt>",
        graph.NetworkMetricsExportView.as_view(),
        name="network_metrics_export",
    ),
    # Organisations (Akteure)
    path(
        N + "organisationen/",
        organisations.OrganisationListView.as_view(),
        name="organisation_list",
    ),
    path(
        N + "organisationen/export.<exportformat:fmt>",
        organisations.OrganisationExportView.as_view(),
        name="organisation_export",
    ),
    path(
        N + "organisationen/neu/",
        organisations.OrganisationCreateView.as_view(),
        name="organisation_create",
    ),
    path(N + "partner-aufnehmen/", organisations.PartnerAddView.as_view(), name="partner_add"),
    path(
        N + "organisationen/import/",
        organisations.OrganisationImportView.as_view(),
        name="organisation_import",
    ),
    path(N + "listen-import/", list_import.ListImportView.as_view(), name="list_import"),
    path(
        N + "listen-import/auftrag/<int:list_job_id>/",
        list_import.ListImportJobView.as_view(),
        name="list_import_job",
    ),
    path(ORG, organisations.OrganisationDetailView.as_view(), name="organisation_detail"),
    path(
        ORG + "bearbeiten/",
        organisations.OrganisationUpdateView.as_view(),
        name="organisation_update",
    ),
    path(
        ORG + "archivieren/",
        organisations.OrganisationArchiveView.as_view(),
        name="organisation_archive",
    ),
    # Contacts (personal data)
    path(ORG + "personen/neu/", contacts.ContactCreateView.as_view(), name="contact_create"),
    path(N + "personen/pruefen/", contacts.ContactReviewView.as_view(), name="contact_review"),
    path(PERSON, contacts.ContactDetailView.as_view(), name="contact_detail"),
    path(PERSON + "bearbeiten/", contacts.ContactUpdateView.as_view(), name="contact_update"),
    path(PERSON + "bestaetigen/", contacts.ContactConfirmView.as_view(), name="contact_confirm"),
    path(
        PERSON + "auskunft.json",
        contacts.ContactAccessJsonView.as_view(),
        name="contact_access_json",
    ),
    path(
        PERSON + "auskunft.csv", contacts.ContactAccessCsvView.as_view(), name="contact_access_csv"
    ),
    path(PERSON + "loeschen/", contacts.ContactEraseView.as_view(), name="contact_erase"),
    path(
        N + "verarbeitungsverzeichnis/",
        contacts.ProcessingRegisterView.as_view(),
        name="processing_register",
    ),
    path(
        N + "verarbeitungsverzeichnis/export.<exportformat:fmt>",
        contacts.ProcessingRegisterExportView.as_view(),
        name="processing_register_export",
    ),
    # Stakeholder assessments and contact history
    path(
        N + "einschaetzungen/",
        relationships.RelationshipListView.as_view(),
        name="relationship_list",
    ),
    path(
        N + "einschaetzungen/neu/",
        relationships.RelationshipCreateView.as_view(),
        name="relationship_create",
    ),
    path(REL, relationships.RelationshipDetailView.as_view(), name="relationship_detail"),
    path(
        REL + "bearbeiten/",
        relationships.RelationshipUpdateView.as_view(),
        name="relationship_update",
    ),
    path(
        REL + "kontakt/", relationships.InteractionCreateView.as_view(), name="interaction_create"
    ),
    path(N + "matrix/", relationships.StakeholderMatrixView.as_view(), name="matrix"),
    path(N + "vorschlaege/", relationships.SuggestionView.as_view(), name="suggestions"),
    # Bodies (Gremien)
    path(N + "gremien/", bodies.BodyListView.as_view(), name="body_list"),
    path(N + "gremien/neu/", bodies.BodyCreateView.as_view(), name="body_create"),
    path(BODY, bodies.BodyDetailView.as_view(), name="body_detail"),
    path(BODY + "bearbeiten/", bodies.BodyUpdateView.as_view(), name="body_update"),
    path(BODY + "mitglieder/", bodies.BodyMemberAddView.as_view(), name="body_member_add"),
    path(
        BODY + "mitglieder/<int:member_id>/austragen/",
        bodies.BodyMemberEndView.as_view(),
        name="body_member_end",
    ),
]
