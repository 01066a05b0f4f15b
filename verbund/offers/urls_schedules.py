from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from .views import feeds, schedules

BASE = TENANT_PREFIX + "angebote/"
ONE = BASE + "<int:offer_id>/"
PUBLIC = "kalender/<slug:place>/"
PRIVATE = "kalender-privat/<str:token>/"

urlpatterns: list = [
    path(ONE + "termine/", schedules.ScheduleListView.as_view(), name="schedule_list"),
    path(ONE + "termine/neu/", schedules.ScheduleCreateView.as_view(), name="schedule_create"),
    path(
        BASE + "termine/<int:schedule_id>/bearbeiten/",
        schedules.ScheduleUpdateView.as_view(),
        name="schedule_update",
    ),
    path(
        BASE + "termine/<int:schedule_id>/loeschen/",
        schedules.ScheduleDeleteView.as_view(),
        name="schedule_delete",
    ),
    path(BASE + "kalender/", feeds.SubscribeView.as_view(), name="subscribe"),
    # iCal feeds for calendar apps (outside /k/<slug>/: no login)
    path(PUBLIC + "angebote.ics", feeds.public_feed, name="feed_public"),
    path(PUBLIC + "angebote/<int:offer_id>.ics", feeds.public_feed, name="feed_public_offer"),
    path(PUBLIC + "zentren/<int:centre_id>.ics", feeds.public_feed, name="feed_public_centre"),
    path(PRIVATE + "angebote.ics", feeds.private_feed, name="feed_private"),
    path(PRIVATE + "angebote/<int:offer_id>.ics", feeds.private_feed, name="feed_private_offer"),
    path(PRIVATE + "zentren/<int:centre_id>.ics", feeds.private_feed, name="feed_private_centre"),
]
