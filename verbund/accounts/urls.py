from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views

app_name = "accounts"

urlpatterns = [
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", views.LogoutView.as_view(), name="logout"),
    path("konto/", views.profile, name="profile"),
    path("konto/passwort/", views.PasswordChangeView.as_view(), name="password_change"),
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
