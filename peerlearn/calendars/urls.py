from django.urls import path

from peerlearn.calendars import views

app_name = "calendars"

urlpatterns = [
    path("calendar/", views.feed_settings, name="settings"),
    path("calendar/rotate/", views.feed_rotate, name="rotate"),
    path("calendar/revoke/", views.feed_revoke, name="revoke"),
    path("calendar/feed/<str:secret>.ics", views.feed, name="feed"),
]
