from django.urls import path

from peerlearn.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read-all/", views.notification_read_all, name="read_all"),
    path("notifications/<uuid:notification_id>/open/", views.notification_open, name="open"),
]
