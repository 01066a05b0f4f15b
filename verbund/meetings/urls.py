from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import circle_views, views

app_name = "meetings"

BASE = TENANT_PREFIX + "sitzungen/"
ONE = BASE + "<int:meeting_id>/"
TASKS = TENANT_PREFIX + "meine-aufgaben/"

urlpatterns = [
    path(BASE, views.MeetingListView.as_view(), name="meeting_list"),
    path(BASE + "neu/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path(BASE + "beschluesse/", views.DecisionListView.as_view(), name="decisions"),
    path(BASE + "ueberfaellig/", views.OverdueView.as_view(), name="overdue"),
    path(BASE + "gremien/<int:body_id>/leser/", views.ReadersView.as_view(), name="readers"),
    path(BASE + "runden/", circle_views.CircleListView.as_view(), name="circle_list"),
    path(BASE + "runden/neu/", circle_views.CircleCreateView.as_view(), name="circle_create"),
    path(
        BASE + "runden/<int:circle_id>/",
        circle_views.CircleDetailView.as_view(),
        name="circle_detail",
    ),
    path(
        BASE + "runden/<int:circle_id>/bearbeiten/",
        circle_views.CircleUpdateView.as_view(),
        name="circle_update",
    ),
    path(ONE, views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(ONE + "bearbeiten/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path(ONE + "tagesordnung/neu/", views.AgendaCreateView.as_view(), name="agenda_create"),
    path(
        ONE + "tagesordnung/<int:agenda_item_id>/",
        views.AgendaUpdateView.as_view(),
        name="agenda_update",
    ),
    path(
        ONE + "tagesordnung/<int:agenda_item_id>/loeschen/",
        views.AgendaDeleteView.as_view(),
        name="agenda_delete",
    ),
    path(
        ONE + "beschluss/<int:decision_id>/loeschen/",
        views.DecisionDeleteView.as_view(),
        name="decision_delete",
    ),
    path(ONE + "anwesenheit/", views.AttendanceView.as_view(), name="attendance"),
    path(ONE + "protokoll/", views.MinutesView.as_view(), name="minutes"),
    path(ONE + "protokoll/stand/", views.MinutesStatusView.as_view(), name="minutes_status"),
    path(ONE + "protokoll/korrektur/", views.MinutesCorrectView.as_view(), name="minutes_correct"),
    path(ONE + "beschluss/neu/", views.DecisionCreateView.as_view(), name="decision_create"),
    path(ONE + "aufgabe/neu/", views.ActionCreateView.as_view(), name="action_create"),
    path(ONE + "einladen/", views.InviteView.as_view(), name="invite"),
    path("sitzung-antwort/<str:rsvp_token>/", views.RsvpView.as_view(), name="rsvp"),
    path(TASKS, views.MyTasksView.as_view(), name="my_tasks"),
    path(
        TASKS + "<int:action_item_id>/erledigt/", views.ActionDoneView.as_view(), name="action_done"
    ),
]
