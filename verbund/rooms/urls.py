from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views

app_name = "rooms"

BASE = TENANT_PREFIX + "raeume/"
ONE = BASE + "<int:room_id>/"
BOOKING = BASE + "buchungen/<int:booking_id>/"

urlpatterns = [
    path(BASE, views.RoomListView.as_view(), name="room_list"),
    path(BASE + "neu/", views.RoomCreateView.as_view(), name="room_create"),
    path(BASE + "schulferien/", views.HolidayImportView.as_view(), name="holidays"),
    path(
        BASE + "schulferien/<int:holiday_id>/loeschen/",
        views.HolidayDeleteView.as_view(),
        name="holiday_delete",
    ),
    path(ONE, views.RoomDetailView.as_view(), name="room_detail"),
    path(ONE + "bearbeiten/", views.RoomUpdateView.as_view(), name="room_update"),
    path(ONE + "archivieren/", views.RoomArchiveView.as_view(), name="room_archive"),
    path(ONE + "freigeben/", views.RoomShareView.as_view(), name="room_share"),
    path(
        ONE + "freigaben/<int:share_id>/beenden/",
        views.RoomUnshareView.as_view(),
        name="room_unshare",
    ),
    path(ONE + "buchen/", views.BookingCreateView.as_view(), name="booking_create"),
    path(BOOKING, views.BookingDetailView.as_view(), name="booking_detail"),
    path(BOOKING + "bearbeiten/", views.BookingUpdateView.as_view(), name="booking_update"),
    path(BOOKING + "stornieren/", views.BookingCancelView.as_view(), name="booking_cancel"),
]
