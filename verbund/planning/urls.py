from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views, views_conditions

app_name = "planning"

P = TENANT_PREFIX + "jahresplanung/"
W = TENANT_PREFIX + "arbeitsbedingungen/"

urlpatterns = [
    path(P, views.ProgrammeListView.as_view(), name="programme_list"),
    path(P + "neu/", views.ProgrammeCreateView.as_view(), name="programme_create"),
    path(P + "<int:programme_id>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path(
        P + "<int:programme_id>/schritt/", views.ProgrammeStepView.as_view(), name="programme_step"
    ),
    path(P + "<int:programme_id>/ziele/neu/", views.GoalCreateView.as_view(), name="goal_create"),
    path(
        P + "<int:programme_id>/ueberpruefungen/neu/",
        views.ReviewPlanView.as_view(),
        name="review_plan",
    ),
    path(P + "ziele/<int:goal_id>/", views.GoalDetailView.as_view(), name="goal_detail"),
    path(
        P + "ziele/<int:goal_id>/massnahmen/neu/",
        views.MeasureCreateView.as_view(),
        name="measure_create",
    ),
    path(
        P + "massnahmen/<int:measure_id>/", views.MeasureDetailView.as_view(), name="measure_detail"
    ),
    path(P + "ueberpruefungen/<int:review_id>/", views.ReviewView.as_view(), name="review"),
    path(W, views_conditions.ConditionsListView.as_view(), name="conditions_list"),
    path(
        W + "<int:coordinator_id>/",
        views_conditions.ConditionsSheetView.as_view(),
        name="conditions_sheet",
    ),
    path(
        W + "<int:coordinator_id>/blatt.pdf",
        views_conditions.ConditionsPdfView.as_view(),
        name="conditions_pdf",
    ),
    path(
        W + "<int:coordinator_id>/stunden/",
        views_conditions.HoursView.as_view(),
        name="conditions_hours",
    ),
    path(
        W + "<int:coordinator_id>/fortbildung/",
        views_conditions.TrainingCreateView.as_view(),
        name="conditions_training",
    ),
]
