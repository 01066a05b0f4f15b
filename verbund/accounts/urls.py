from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import password_reset, views, views_legal

app_name = "accounts"

urlpatterns = [
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", views.LogoutView.as_view(), name="logout"),
    path("konto/", views.profile, name="profile"),
    path("konto/name/", views.NameUpdateView.as_view(), name="name_update"),
    path("konto/e-mail/", views.EmailChangeView.as_view(), name="email_change"),
    path("konto/e-mail/bestaetigen/<str:token>/", views.email_confirm, name="email_confirm"),
    path("konto/passwort/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "passwort-vergessen/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "passwort-vergessen/gesendet/",
        password_reset.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passwort-neu/fertig/",
        password_reset.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("rechtliches/<slug:legal_kind>/", views_legal.LegalSiteView.as_view(), name="legal_site"),
    path(
        TENANT_PREFIX + "rechtliches/",
        views_legal.LegalOverviewView.as_view(),
        name="legal_overview",
    ),
    path(
        TENANT_PREFIX + "rechtliches/<slug:legal_kind>/",
        views_legal.LegalPageView.as_view(),
        name="legal_page",
    ),
    path(
        TENANT_PREFIX + "rechtliches/<slug:legal_kind>/bearbeiten/",
        views_legal.LegalPageEditView.as_view(),
        name="legal_edit",
    ),
    path(TENANT_PREFIX + "rollen/", views.RoleMatrixView.as_view(), name="role_matrix"),
    path(
        TENANT_PREFIX + "mitgliedschaften/",
        views.MembershipListView.as_view(),
        name="membership_list",
    ),
    path(
        TENANT_PREFIX + "mitgliedschaften/neu/",
        views.MembershipCreateView.as_view(),
        name="membership_create",
    ),
    path(
        TENANT_PREFIX + "mitgliedschaften/<int:membership_id>/entziehen/",
        views.MembershipRevokeView.as_view(),
        name="membership_revoke",
    ),
]
